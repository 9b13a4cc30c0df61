import Foundation
import Testing

@testable import LogTriage

/// Whole reports on a few samples, compared with golden files a human has read (`Output/Golden/` here): text, markdown,
/// the JSON (its fields are the schema other programs read) and SARIF. After an intended change, re-record
/// with `RECORD_GOLDEN=1 swift test --filter GoldenReportTests`: recording writes the files and still fails, so a
/// recorded run is never mistaken for a passing one; read the diff before committing it.
struct GoldenReportTests {
    enum Format: String, Sendable {
        case text, markdown, json, sarif

        var fileExtension: String {
            switch self {
            case .text: "txt"
            case .markdown: "md"
            case .json: "json"
            case .sarif: "sarif"
            }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var sample: String
        var format: Format
        var stand: String? = nil
        var language: AnalysisRequest.Language = .en
        var testDescription: String { "\(sample) \(format.rawValue)" }
        var goldenName: String { "\(sample).\(language.rawValue).\(format.fileExtension)" }
    }

    static let cases: [Case] = [
        Case(sample: "nlog-ordercreate-internal-error.log", format: .text),
        Case(sample: "nlog-ordercreate-internal-error.log", format: .markdown, language: .ru),
        Case(sample: "nlog-ordercreate-internal-error.log", format: .json),
        Case(sample: "nlog-ordercreate-internal-error.log", format: .sarif),
        Case(sample: "nlog-retry-storm-provider.log", format: .text),
        Case(sample: "nlog-retry-storm-provider.log", format: .text, language: .ru),
        Case(sample: "nlog-stand-mismatch.log", format: .markdown, stand: "PROD"),
        Case(sample: "nlog-stand-mismatch.log", format: .sarif, stand: "PROD"),
        Case(sample: "json-no-offers-warning.jsonl", format: .text),
        Case(sample: "serilog-client-timeout.log", format: .markdown),
    ]

    static let goldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Golden")

    static func render(_ d: Diagnosis, as format: Format) throws -> String {
        switch format {
        case .text: TextReport(color: false).render(d)
        case .markdown: MarkdownReport().render(d)
        case .json: String(decoding: try d.jsonData(), as: UTF8.self) + "\n"
        case .sarif: String(decoding: try SarifReport().render(d), as: UTF8.self) + "\n"
        }
    }

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
        let output = try Self.render(d.finish(), as: c.format)
        let url = Self.goldenDirectory.appendingPathComponent(c.goldenName)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try output.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(c.goldenName), read the diff (git diff Tests/LogTriageTests/Output/Golden)")
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(output == golden, "\(c.goldenName) differs; re-record with RECORD_GOLDEN=1 and read the diff")
    }
}
