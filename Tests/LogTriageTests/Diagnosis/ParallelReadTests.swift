import Foundation
import Testing

@testable import LogTriage

/// Reading inputs on several threads gives exactly the diagnosis of reading them one after the other.
struct ParallelReadTests {
    static let samples: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleLogs")

    static func paths(_ names: [String]) -> [String] { names.map { samples.appendingPathComponent($0).path } }

    static func diagnose(_ paths: [String], threads: Int?, explain: Bool = false) throws -> String {
        var request = AnalysisRequest()
        request.explain = explain
        request.stand = "TEST"
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
        if let t = threads {
            try d.read(paths: paths, options: IngestOptions(), threads: t, parallelFrom: 0)
        } else {
            for p in paths { try d.read(path: p, options: IngestOptions()) }
        }
        return String(decoding: try d.finish().jsonData(), as: UTF8.self)
    }

    @Test(arguments: [false, true])
    func sameDiagnosisAsSequential(explain: Bool) throws {
        let files = Self.paths([
            "log4net-auth-wrong-password.log", "nlog-ordercreate-internal-error.log.gz", "nlog-token-expired.log",
            "serilog-json-void-window.jsonl", "nlog-retry-storm-provider.log", "curl-gateway-504.txt",
            "nlog-stand-mismatch.log", "raw-provider-error.xml", "all-ok.log",
        ])
        let sequential = try Self.diagnose(files, threads: nil, explain: explain)
        for threads in [2, 3, 8] {
            #expect(try Self.diagnose(files, threads: threads, explain: explain) == sequential)
        }
    }

    /// One input on two threads: read and extract on one, match on the other.
    @Test(arguments: [
        "nlog-ordercreate-internal-error.log.gz", "serilog-json-void-window.jsonl", "nlog-retry-storm-provider.log",
        "curl-gateway-504.txt", "raw-provider-error.xml", "all-ok.log",
    ])
    func oneInputInTwoStages(file: String) throws {
        let path = Self.paths([file])
        let sequential = try Self.diagnose(path, threads: nil, explain: true)
        #expect(try Self.diagnose(path, threads: 2, explain: true) == sequential)
    }

    @Test func unreadableInputThrowsInOrder() throws {
        let files = Self.paths(["all-ok.log"]) + ["/nonexistent/x.log"] + Self.paths(["nlog-token-expired.log"])
        #expect(throws: IngestError.self) { try Self.diagnose(files, threads: 2) }
    }
}
