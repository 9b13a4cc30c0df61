import Foundation
import Testing

@testable import LogTriage

/// Whole reports on a few samples, compared with golden files a human has read (`Tests/LogTriageTests/Golden/`).
/// After an intended change, re-record with `RECORD_GOLDEN=1 swift test --filter GoldenReportTests`, then read the
/// diff before committing it.
struct GoldenReportTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var sample: String
        var format: String
        var stand: String? = nil
        var language: AnalysisRequest.Language = .en
        var testDescription: String { "\(sample) \(format)" }
        var goldenName: String { "\(sample).\(language.rawValue).\(format == "markdown" ? "md" : "txt")" }
    }

    static let cases: [Case] = [
        Case(sample: "nlog-ordercreate-internal-error.log", format: "text"),
        Case(sample: "nlog-ordercreate-internal-error.log", format: "markdown", language: .ru),
        Case(sample: "nlog-retry-storm-provider.log", format: "text"),
        Case(sample: "nlog-retry-storm-provider.log", format: "text", language: .ru),
        Case(sample: "nlog-stand-mismatch.log", format: "markdown", stand: "PROD"),
        Case(sample: "json-no-offers-warning.jsonl", format: "text"),
        Case(sample: "serilog-client-timeout.log", format: "markdown"),
    ]

    static let goldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: cases)
    func `report matches its golden file`(c: Case) throws {
        var request = AnalysisRequest()
        request.stand = c.stand
        request.language = c.language
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
        try d.read(
            path: TestSupport.sampleLogs.appendingPathComponent(c.sample).path,
            displayName: "SampleLogs/\(c.sample)",
            options: IngestOptions()
        )
        let diagnosis = d.finish()
        let output = c.format == "markdown" ? MarkdownReport().render(diagnosis) : TextReport(color: false).render(diagnosis)
        let url = Self.goldenDirectory.appendingPathComponent(c.goldenName)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try output.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(output == golden, "\(c.goldenName) differs; re-record with RECORD_GOLDEN=1 and read the diff")
    }
}
