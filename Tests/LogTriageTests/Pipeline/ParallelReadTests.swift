import Foundation
import Testing

@testable import LogTriage

/// Reading inputs on several threads gives exactly the diagnosis of reading them one after the other.
struct ParallelReadTests {
    static let samples: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleLogs")

    static func paths(_ names: [String]) -> [String] { names.map { samples.appendingPathComponent($0).path } }

    static func diagnose(
        _ paths: [String],
        threads: Int?,
        explain: Bool = false,
        policy: ParallelIngest.Policy = ParallelIngest.Policy(parallelFrom: 0)
    ) throws -> String {
        var request = AnalysisRequest()
        request.explain = explain
        request.stand = "TEST"
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
        if let t = threads {
            try d.read(paths: paths, options: IngestOptions(), threads: t, policy: policy)
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
            "nlog-stand-mismatch.log", "raw-provider-error.xml", "all-ok.log", "dotnet-console-internal-error.log",
            "logrus-logfmt-internal-error.log", "pino-internal-error.jsonl", "browser-internal-error.har",
        ])
        let sequential = try Self.diagnose(files, threads: nil, explain: explain)
        for threads in [2, 3, 8] {
            #expect(try Self.diagnose(files, threads: threads, explain: explain) == sequential)
        }
    }

    /// One input on two threads: read and extract on one, match on the other.
    @Test(arguments: [
        "nlog-ordercreate-internal-error.log.gz", "serilog-json-void-window.jsonl", "nlog-retry-storm-provider.log",
        "curl-gateway-504.txt", "raw-provider-error.xml", "all-ok.log", "python-default-internal-error.log",
        "browser-internal-error.har", "spring-boot-internal-error.log",
    ])
    func oneInputInTwoStages(file: String) throws {
        let path = Self.paths([file])
        let sequential = try Self.diagnose(path, threads: nil, explain: true)
        #expect(try Self.diagnose(path, threads: 2, explain: true) == sequential)
    }

    /// One large plain input split into parts read on their own threads: the same diagnosis, line numbers and input
    /// report as reading it whole, whatever the part count and however little context a later part reads first.
    /// `damaged`: CRLF line ends, a byte-order mark and invalid UTF-8 in every copy, so the parts' line counts, offsets
    /// and warnings must add up to the whole file's.
    @Test(arguments: [
        (["nlog-retry-storm-provider.log", "nlog-token-expired.log", "nlog-stand-mismatch.log"], "log", false),
        (["nlog-retry-storm-provider.log", "nlog-token-expired.log"], "log", true),
        (["serilog-json-void-window.jsonl"], "jsonl", false),
        (["dotnet-console-internal-error.log"], "log", false),
        (["python-default-internal-error.log"], "log", true),
        (["logrus-logfmt-internal-error.log"], "log", false),
        (["monolog-internal-error.log"], "log", false),
    ])
    func oneLargeInputInParts(sources: [String], ext: String, damaged: Bool) throws {
        // A ~600 KB log from samples, each copy shifted by a day so correlations stay apart.
        var text: [UInt8] = []
        for source in sources {
            text += Array(try Data(contentsOf: Self.samples.appendingPathComponent(source)))
            if text.last != 0x0A { text.append(0x0A) }
        }
        var body: [UInt8] = []
        var day = 0
        while body.count < 600_000 {
            day += 1
            let shifted = String(decoding: text, as: UTF8.self).replacingOccurrences(
                of: "2026-11-18", with: String(format: "2026-%02d-%02d", 1 + (day - 1) / 28 % 12, 1 + (day - 1) % 28))
            body += Array(shifted.utf8)
        }
        if damaged {
            var d: [UInt8] = [0xEF, 0xBB, 0xBF]
            for b in body {
                if b == 0x0A { d.append(0x0D) }
                d.append(b)
            }
            var k = 5_000
            var planted = 0
            while k < d.count, let a = d[k...].firstIndex(of: UInt8(ascii: "a")) {
                d[a] = 0xFF  // an invalid byte inside some line's text
                planted += 1
                k = a + 40_000
            }
            #expect(planted >= 10)
            body = d
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lt-parts-\(UUID().uuidString).\(ext)")
        try Data(body).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let whole = try Self.diagnose([url.path], threads: nil, explain: true)
        for (threads, warmUp) in [(2, Int64(8_000)), (3, Int64(100_000)), (2, FileShards.warmUpBytes)] {
            let policy = ParallelIngest.Policy(parallelFrom: 0, splitFrom: 0, warmUpBytes: warmUp, minPartBytes: 1)
            let plan = FileShards.plan(
                path: url.path, options: IngestOptions(), count: threads, minBytes: 0, warmUpBytes: warmUp,
                minPartBytes: 1)
            #expect(plan?.parts.count == threads)
            #expect(try Self.diagnose([url.path], threads: threads, explain: true, policy: policy) == whole)
        }
    }

    @Test func unreadableInputThrowsInOrder() throws {
        let files = Self.paths(["all-ok.log"]) + ["/nonexistent/x.log"] + Self.paths(["nlog-token-expired.log"])
        #expect(throws: IngestError.self) { try Self.diagnose(files, threads: 2) }
    }
}
