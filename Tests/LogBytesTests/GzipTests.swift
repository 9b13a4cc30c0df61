import Testing

@testable import LogBytes

struct GzipTests {
    let text = sampleLog(lines: 2000)
    var plain: [UInt8] { bytes(text) }

    @Test func `writer output starts with the gzip magic and round-trips`() {
        let gz = GzipWriter.compress(plain)
        #expect(Array(gz.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(gz.count < plain.count / 3)
        #expect(GzipWriter.compress([]).count > 10)
    }

    @Test func `single member decodes to the same lines as plain text`() {
        let (expected, _) = decode(plain)
        let gz = GzipWriter.compress(plain)
        let (lines, report) = decode(gz, chunk: 4096)
        #expect(lines == expected)
        #expect(report.gzip)
        #expect(report.gzipMembers == 1)
        #expect(report.bytesIn == Int64(gz.count))
        #expect(report.bytesOut == Int64(plain.count))
        #expect(report.lines == 2000)
        #expect(!report.truncated)
        #expect(report.warnings.isEmpty)
    }

    @Test(arguments: [2, 3])
    func `multi-member gzip is read in full`(members: Int) {
        let parts = (1...members).map { bytes(sampleLog(lines: 100 * $0, prefix: "m\($0) ")) }
        let gz = parts.flatMap { GzipWriter.compress($0) }
        let (lines, report) = decode(gz, chunk: 1000)
        #expect(report.gzipMembers == members)
        #expect(report.lines == (1...members).reduce(0) { $0 + 100 * $1 })
        #expect(lines.count == report.lines)
        #expect(report.bytesOut == Int64(parts.reduce(0) { $0 + $1.count }))
        #expect(lines.last?.text.hasPrefix("m\(members) ") == true)
        #expect(report.warnings.isEmpty)
        #expect(!report.truncated)
    }

    @Test func `member boundary split inside the magic bytes`() {
        let a = GzipWriter.compress(bytes("alpha\n"))
        let b = GzipWriter.compress(bytes("beta\n"))
        let decoder = LineDecoder()
        var got: [String] = []
        let collect: (ArraySlice<UInt8>, Int) -> Void = { line, _ in got.append(String(decoding: line, as: UTF8.self)) }
        decoder.feed(a[...] + [0x1F], onLine: collect)
        decoder.feed(b[1...], onLine: collect)
        decoder.finish(onLine: collect)
        #expect(got == ["alpha", "beta"])
        #expect(decoder.report.gzipMembers == 2)
        #expect(decoder.report.warnings.isEmpty)
    }

    @Test func `truncated gzip keeps the lines before the cut and says so`() throws {
        let gz = GzipWriter.compress(plain)
        let half = Array(gz.prefix(gz.count / 2))
        let (lines, report) = decode(half, chunk: 4096)
        #expect(report.truncated)
        #expect(lines.count > 100)
        #expect(lines.count < 2000)
        // Every complete line decoded matches the original text.
        let (expected, _) = decode(plain)
        #expect(Array(lines.dropLast()) == Array(expected.prefix(lines.count - 1)))
        let warning = try #require(report.warnings.first { $0.kind == .gzipTruncated })
        #expect(warning.offset == Int64(half.count))
        #expect(warning.message.contains("member 1"))
        #expect(warning.message.contains("\(half.count) compressed bytes"))
    }

    @Test func `corrupt bytes in the middle keep earlier data and report the offset`() throws {
        var gz = GzipWriter.compress(bytes(sampleLog(lines: 3000)))
        let at = gz.count / 2
        for k in at..<(at + 64) { gz[k] ^= 0xA5 }
        let (lines, report) = decode(gz, chunk: 777)
        let warning = try #require(report.warnings.first { $0.kind == .gzipCorrupt })
        let offset = try #require(warning.offset)
        #expect(offset >= Int64(at))
        #expect(offset <= Int64(gz.count))
        #expect(lines.count > 100)
        #expect(lines[0].text == "2024-05-01T10:00:01 INFO request 1 <Code>MIX-1</Code>")
    }

    @Test func `decoding resumes at the next member after corrupt data`() throws {
        var first = GzipWriter.compress(bytes(sampleLog(lines: 3000, prefix: "a ")))
        let at = first.count / 2
        for k in at..<(at + 64) { first[k] ^= 0x5A }
        let second = GzipWriter.compress(bytes("second member line\n"))
        let (lines, report) = decode(first + second, chunk: 4096)
        #expect(lines.last?.text == "second member line")
        let corrupt = report.warnings.filter { $0.kind == .gzipCorrupt }
        #expect(corrupt.count == 2)
        #expect(corrupt.last?.offset == Int64(first.count))
        #expect(corrupt.last?.message.contains("resumed") == true)
        #expect(report.truncated, "the skipped part of the damaged member is lost")
    }

    @Test func `trailing zero padding is tolerated with a warning`() throws {
        let gz = GzipWriter.compress(bytes("one\ntwo\n")) + [UInt8](repeating: 0, count: 512)
        let (lines, report) = decode(gz, chunk: 3)
        #expect(texts(lines) == ["one", "two"])
        #expect(!report.truncated)
        let warning = try #require(report.warnings.first)
        #expect(report.warnings.count == 1)
        #expect(warning.kind == .gzipTrailingData)
        #expect(warning.message.contains("512 zero bytes"))
        #expect(report.bytesIn == Int64(gz.count))
    }

    @Test func `trailing garbage is ignored with its offset`() throws {
        let member = GzipWriter.compress(bytes("one\ntwo\n"))
        let gz = member + bytes("garbage after the member\n")
        let (lines, report) = decode(gz, chunk: 5)
        #expect(texts(lines) == ["one", "two"])
        let warning = try #require(report.warnings.first)
        #expect(warning.kind == .gzipTrailingData)
        #expect(warning.offset == Int64(member.count))
        #expect(warning.message.contains("25 bytes"))
        #expect(report.gzipMembers == 1)
    }

    @Test func `decompression cap stops and reports`() throws {
        var limits = DecodeLimits()
        limits.maxDecompressedBytes = 10_000
        let gz = GzipWriter.compress(plain)
        let (lines, report) = decode(gz, chunk: 512, limits: limits)
        #expect(report.truncated)
        #expect(report.bytesOut == 10_000)
        #expect(lines.reduce(0) { $0 + $1.bytes.count + 1 } >= 9_900)
        let warning = try #require(report.warnings.first { $0.kind == .decompressionCap })
        #expect(warning.message.contains("10000"))
        #expect(!report.warnings.contains { $0.kind == .gzipTruncated })
    }

    @Test func `compression ratio cap stops a bomb`() throws {
        var limits = DecodeLimits()
        limits.maxCompressionRatio = 50
        limits.ratioCheckAfterBytes = 1 << 20
        let gz = GzipWriter.compress([UInt8](repeating: 0x41, count: 4 << 20), level: 9)
        let (_, report) = decode(gz, limits: limits)
        #expect(report.truncated)
        #expect(report.bytesOut < 4 << 20)
        let warning = try #require(report.warnings.first { $0.kind == .decompressionCap })
        #expect(warning.message.contains("50:1"))
    }

    @Test func `just the magic bytes is a truncated gzip with no lines`() throws {
        let (lines, report) = decode([0x1F, 0x8B], chunk: 1)
        #expect(lines.isEmpty)
        #expect(report.gzip)
        #expect(report.truncated)
        #expect(report.bytesIn == 2)
        #expect(report.bytesOut == 0)
        #expect(report.warnings.map(\.kind) == [.gzipTruncated])
    }

    @Test func `a lone 1F byte is plain text`() {
        let (lines, report) = decode([0x1F])
        #expect(!report.gzip)
        #expect(lines.count == 1)
        #expect(lines[0].bytes == [0x1F])
    }

    @Test func `resynchronisation works when fed one byte at a time`() {
        var first = GzipWriter.compress(bytes(sampleLog(lines: 500, prefix: "a ")))
        let at = first.count / 2
        for k in at..<(at + 32) { first[k] ^= 0x5A }
        let input = first + GzipWriter.compress(bytes("b1\nb2\n")) + GzipWriter.compress(bytes("c1\n"))
        let whole = decode(input)
        let bytewise = decode(input, chunk: 1)
        #expect(Array(texts(bytewise.lines).suffix(3)) == ["b1", "b2", "c1"])
        #expect(Array(texts(whole.lines).suffix(3)) == ["b1", "b2", "c1"])
        #expect(bytewise.report.warnings.map(\.kind) == [.gzipCorrupt, .gzipCorrupt])
        #expect(bytewise.report.gzipMembers == 3)
        #expect(whole.report.gzipMembers == 3)
    }

    @Test func `a 1F byte not followed by 8B after a member is trailing data`() throws {
        let member = GzipWriter.compress(bytes("x\n"))
        let (lines, report) = decode(member + [0x1F, 0x00, 0x41], chunk: 1)
        #expect(texts(lines) == ["x"])
        let warning = try #require(report.warnings.first)
        #expect(warning.kind == .gzipTrailingData)
        #expect(warning.offset == Int64(member.count))
        #expect(warning.message.contains("3 bytes"))
    }
}
