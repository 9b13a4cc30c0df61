import Testing

@testable import LogBytes

struct BinaryInputTests {
    @Test func `random binary garbage does not crash and passes through`() throws {
        var input = randomBytes(1 << 20, seed: 42)
        if input[0] == 0x1F { input[0] = 0 }  // keep it non-gzip
        let (lines, report) = decode(input, chunk: 65_537)
        #expect(!report.gzip)
        #expect(report.bytesIn == Int64(input.count))
        #expect(report.bytesOut == Int64(input.count))
        #expect(report.lines == lines.count)
        #expect(report.warnings.contains { $0.kind == .binaryData })
        #expect(report.warnings.contains { $0.kind == .invalidEncoding })
        let warning = try #require(report.warnings.first { $0.kind == .binaryData })
        #expect(warning.message.contains("binary"))
    }

    @Test func `random garbage after a gzip magic does not crash`() {
        for seed in UInt64(1)...20 {
            let input = [0x1F, 0x8B, 0x08, 0x00] + randomBytes(4096, seed: seed)
            let (lines, report) = decode(input, chunk: 100)
            #expect(report.gzip)
            #expect(report.lines == lines.count)
            #expect(!report.warnings.isEmpty)
        }
    }

    @Test func `normal text is not flagged as binary`() {
        let (_, report) = decode(bytes(sampleLog(lines: 500) + "\u{1B}[31mred\u{1B}[0m\tcolumn\n"))
        #expect(report.warnings.isEmpty)
    }
}
