import Foundation
import Testing

@testable import LogBytes
@testable import LogTriage

/// The record stream does not depend on how the bytes arrive, and bad input never crashes it.
struct IngestStreamingTests {
    static func chunked(_ bytes: [UInt8], size: Int) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: bytes.count, by: size).map { bytes[$0..<min($0 + size, bytes.count)] }
    }

    static let files = [
        "nlog-ordercreate-internal-error.log.gz",  // gzip
        "serilog-json-void-window.jsonl.gz",  // multi-member gzip, JSON lines with \u escapes
        "log4net-auth-wrong-password.crlf.log",  // CRLF (split across chunks at odd sizes)
        "nlog-ordercreate-internal-error.utf16le.log",  // UTF-16 LE with BOM
        "log4net-cp1251-internal-error.log",  // Windows-1251
        "curl-gateway-504.txt",
        "raw-envelope-malformed-xml.xml",
    ]

    @Test(arguments: files)
    func `chunks of 1, 2, 3, 7, 64 and 4096 bytes give identical events`(file: String) throws {
        let bytes = Array(try Data(contentsOf: TestSupport.sampleLogs.appendingPathComponent(file)))
        let whole = Ingest.records(bytes: bytes, name: file)
        #expect(whole.records.count > 1)
        for size in [1, 2, 3, 7, 64, 4096] {
            // Small sizes on a prefix keep the suite fast; the prefix still crosses many records and line breaks.
            let input = size < 7 ? Array(bytes.prefix(24_000)) : bytes
            let reference = size < 7 ? Ingest.records(bytes: input, name: file) : whole
            let split = Ingest.records(chunks: Self.chunked(input, size: size), name: file)
            #expect(split.records.map(\.event) == reference.records.map(\.event), "chunk size \(size)")
            #expect(split.report.lines == reference.report.lines, "chunk size \(size)")
        }
    }

    @Test func `an empty input is fine`() {
        let (records, report) = Ingest.records(bytes: [], name: "empty.log")
        #expect(records.isEmpty)
        #expect(report.lines == 0 && report.warnings.isEmpty && !report.truncated)
    }

    @Test func `random binary garbage is read without a crash and reported`() {
        var rng = SplitMix64(seed: 42)
        let garbage = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let (records, report) = Ingest.records(bytes: garbage, name: "garbage.bin")
        #expect(report.bytesOut == Int64(garbage.count))
        #expect(!report.warnings.isEmpty)
        #expect(records.count >= 1)
    }

    @Test func `gzip garbage after valid data keeps the data and says what was skipped`() {
        let text = Array("2026-11-18 10:00:00.000|ERROR|x|Response HTTP 500\n".utf8)
        var bytes = GzipWriter.compress(text)
        bytes += Array("this is not gzip".utf8)
        let (records, report) = Ingest.records(bytes: bytes, name: "tail.gz")
        #expect(records.count == 1)
        #expect(records[0].event.httpStatus == 500)
        #expect(report.warnings.contains { $0.kind == .gzipTrailingData })
    }

    @Test func `a truncated gzip keeps what was decoded before the cut`() {
        var text = ""
        for i in 0..<2000 {
            text += "2026-11-18 10:00:\(String(format: "%02d", i % 60)).000|INFO|x|line \(i) \(i * 7919)\n"
        }
        let gz = GzipWriter.compress(Array(text.utf8))
        let (records, report) = Ingest.records(bytes: Array(gz.prefix(gz.count / 2)), name: "cut.gz")
        #expect(report.truncated)
        #expect(records.count > 100 && records.count < 2000)
        #expect(records.first?.event.message == "line 0 0")
    }
}

/// A tiny deterministic generator for test data.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
