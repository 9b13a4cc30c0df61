import Foundation
import Testing

@testable import LogTriage

/// Every rule of the catalogue stays silent on healthy MixVel traffic and on traffic that is not MixVel's
/// (`Tests/QuietCorpus/`: the agency's web app and inbound routes, a payment gateway, other APIs, a busy search page).
struct QuietCorpusTests {
    static let directory = RulesTestSupport.projectRoot.appendingPathComponent("Tests/QuietCorpus")

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 != "README.md" }
            .sorted()
    }

    @Test(arguments: try QuietCorpusTests.files())
    func `no rule fires and the verdict is none`(file: String) throws {
        let d = Diagnoser(catalogue: try RulesTestSupport.catalogue(), request: AnalysisRequest())
        try d.read(path: Self.directory.appendingPathComponent(file).path, displayName: file, options: IngestOptions())
        let diagnosis = d.finish()
        #expect(diagnosis.findings.map(\.ruleId) == [], "\(file)")
        #expect(diagnosis.unexplained.map(\.signature) == [], "\(file)")
        #expect(diagnosis.verdict.side == .none, "\(file): \(diagnosis.verdict.summary)")
        #expect(diagnosis.inputs.first?.records ?? 0 > 0, "\(file) was read")
    }

    @Test func `the corpus has the kinds of traffic it promises`() throws {
        let names = try Self.files()
        #expect(names.count >= 5)
        let text = try names.map { try String(contentsOf: Self.directory.appendingPathComponent($0), encoding: .utf8) }
            .joined()
        for needle in [
            "/api/v1/offers/price responded 502", "statusCode\":502", "pay.example-bank.ru", "/api/search",
            "api.mixvel.com", "429 Too Many Requests",
        ] {
            #expect(text.contains(needle), "\(needle)")
        }
    }
}
