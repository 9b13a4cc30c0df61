import Foundation
import Testing

@testable import LogTriage

/// The committed samples: every variant reads the same, decisive lines match the README, and no planted secret leaves
/// through any output.
struct SampleLogsTests {
    static let samples: [TestSupport.Sample] = (try? TestSupport.samples()) ?? []

    @Test func `the samples' expectations load`() {
        #expect(Self.samples.count >= 20)
    }

    @Test(arguments: samples.map(\.file))
    func `line counts and decisive lines match the sample README`(file: String) throws {
        let sample = try #require(Self.samples.first { $0.file == file })
        var records: [LogRecord] = []
        let report = try Ingest.read(path: sample.path, displayName: file) { records.append($0) }
        if file.contains("truncated") {
            #expect(report.truncated)
            #expect(report.warnings.contains { $0.kind == .gzipTruncated })
            #expect(report.lines >= sample.lines)
        } else {
            #expect(report.lines == sample.lines)
            #expect(!report.truncated)
        }
        if let line = sample.decisiveLine {
            let lines = records.flatMap { [$0.event.decisiveLine, $0.event.line].compactMap { $0 } }
            #expect(lines.contains(line), "decisive line \(line) of \(file) is not an event's decisive line")
        }
    }

    @Test func `encoding and compression variants give the same events as their base file`() throws {
        func events(_ name: String) throws -> [LogEvent] {
            var out: [LogEvent] = []
            _ = try Ingest.read(path: TestSupport.sampleLogs.appendingPathComponent(name).path, displayName: "x") {
                out.append($0.event)
            }
            return out
        }
        let base = try events("nlog-ordercreate-internal-error.log")
        #expect(base.count > 5)
        #expect(try events("nlog-ordercreate-internal-error.log.gz") == base)
        #expect(try events("nlog-ordercreate-internal-error.utf16le.log") == base)
        #expect(try events("serilog-json-void-window.jsonl.gz") == events("serilog-json-void-window.jsonl"))
        let crlf = try events("log4net-auth-wrong-password.crlf.log")
        #expect(crlf == (try events("log4net-auth-wrong-password.log")))
    }

    @Test func `Cyrillic survives Windows-1251 and JSON escapes`() throws {
        var descs: [String] = []
        _ = try Ingest.read(
            path: TestSupport.sampleLogs.appendingPathComponent("log4net-cp1251-internal-error.log").path
        ) {
            if let d = $0.event.descText { descs.append(d) }
        }
        #expect(descs.contains { $0.contains("Внутренняя ошибка") })
        descs = []
        _ = try Ingest.read(path: TestSupport.sampleLogs.appendingPathComponent("serilog-json-void-window.jsonl").path)
        {
            if let d = $0.event.descText { descs.append(d) }
        }
        #expect(descs.contains { $0.range(of: "[а-яА-Я]", options: .regularExpression) != nil })
    }

    @Test(arguments: samples.map(\.file))
    func `no planted secret appears in any output format`(file: String) throws {
        let sample = try #require(Self.samples.first { $0.file == file })
        var request = AnalysisRequest()
        request.explain = true
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
        try d.read(path: sample.path, displayName: file, options: IngestOptions())
        let diagnosis = d.finish()
        let outputs = [
            String(decoding: try diagnosis.jsonData(), as: UTF8.self),
            TextReport(color: false).render(diagnosis),
            MarkdownReport().render(diagnosis),
            String(decoding: try SarifReport().render(diagnosis), as: UTF8.self),
        ]
        for secret in sample.secrets where secret.value.count >= 6 {
            for (k, out) in outputs.enumerated() {
                #expect(!out.contains(secret.value), "\(secret.kind) leaked in output format #\(k) for \(file)")
            }
        }
    }
}
