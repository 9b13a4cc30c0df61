import Foundation
import Testing

@testable import LogTriageServer

/// The committed spec and the routes stay in step (no code generator: this test is the check).
@Suite struct OpenAPISpecTests {
    static let specFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/LogTriageServer/openapi.yaml")

    /// `METHOD /path` for every operation in the spec, read from its `paths:` block.
    static func specOperations(_ yaml: String) -> Set<String> {
        var ops: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let p = path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) { ops.insert("\(method) \(p)") }
            }
        }
        return ops
    }

    @Test func `every route is in the spec and every spec operation is routed`() throws {
        let server = try TriageServer(configuration: ServerConfiguration(), logger: TestServer.logger)
        let routes = Set(server.routeList())
        let spec = Self.specOperations(try String(contentsOf: Self.specFile, encoding: .utf8))
        #expect(routes.count >= 10)
        #expect(routes.subtracting(spec).isEmpty, "routes missing from openapi.yaml: \(routes.subtracting(spec))")
        #expect(spec.subtracting(routes).isEmpty, "spec operations not routed: \(spec.subtracting(routes))")
    }

    @Test func `the embedded document is the committed file (run Scripts/embed-openapi.sh)`() throws {
        let file = try String(contentsOf: Self.specFile, encoding: .utf8)
        #expect(OpenAPIDocument.yaml + "\n" == file || OpenAPIDocument.yaml == file)
    }
}
