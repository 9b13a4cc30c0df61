import Testing

@testable import LogBytes

struct LineSplittingTests {
    @Test func `LF, CRLF and lone CR all end a line`() {
        let (lines, report) = decode(bytes("a\nb\r\nc\rd"))
        #expect(texts(lines) == ["a", "b", "c", "d"])
        #expect(lines.map(\.number) == [1, 2, 3, 4])
        #expect(report.lines == 4)
        #expect(report.warnings.isEmpty)
    }

    @Test func `CRLF split across two feeds is one line break`() {
        let decoder = LineDecoder()
        var got: [DecodedLine] = []
        let collect: (ArraySlice<UInt8>, Int) -> Void = { got.append(DecodedLine(number: $1, bytes: Array($0))) }
        decoder.feed(bytes("first\r")[...], onLine: collect)
        decoder.feed(bytes("\nsecond\r")[...], onLine: collect)
        decoder.feed(bytes("\r\n")[...], onLine: collect)
        decoder.feed(bytes("\nlast")[...], onLine: collect)
        decoder.finish(onLine: collect)
        // "second\r" + "\r\n" + "\n": second, empty line (CRLF), empty line (LF), last
        #expect(texts(got) == ["first", "second", "", "", "last"])
        #expect(got.map(\.number) == [1, 2, 3, 4, 5])
    }

    @Test func `final line without newline is emitted at finish`() {
        let (lines, report) = decode(bytes("one\ntwo"), chunk: 2)
        #expect(texts(lines) == ["one", "two"])
        #expect(report.lines == 2)
        #expect(report.bytesOut == 7)
    }

    @Test func `trailing newline does not make an extra line, blank lines count`() {
        let (lines, _) = decode(bytes("a\n\n\nb\n"))
        #expect(texts(lines) == ["a", "", "", "b"])
        #expect(lines.last?.number == 4)
    }

    @Test func `empty input gives no lines and no warnings`() {
        let (lines, report) = decode([])
        #expect(lines.isEmpty)
        #expect(report.lines == 0)
        #expect(report.bytesIn == 0)
        #expect(report.bytesOut == 0)
        #expect(report.warnings.isEmpty)
        #expect(!report.truncated)
        #expect(!report.gzip)
    }

    @Test(arguments: [1, 3, 64, 1 << 20])
    func `long line is cut and later lines keep their numbers`(chunk: Int) throws {
        var limits = DecodeLimits()
        limits.maxLineBytes = 10
        let input = bytes("short\n" + String(repeating: "x", count: 25) + "\r\nafter\n0123456789\nlast-line-too-long")
        let (lines, report) = decode(input, chunk: chunk, limits: limits)
        #expect(texts(lines) == ["short", "xxxxxxxxxx", "after", "0123456789", "last-line-"])
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5])
        #expect(report.lines == 5)
        #expect(report.bytesOut == Int64(input.count))
        let cuts = report.warnings.filter { $0.kind == .lineCut }
        #expect(cuts.count == 2)
        let first = try #require(cuts.first)
        #expect(first.line == 2)
        #expect(first.offset == 6)
        #expect(first.message.contains("25 bytes"))
        #expect(cuts.last?.line == 5)
    }

    @Test func `many cut lines are aggregated after the first hundred`() {
        var limits = DecodeLimits()
        limits.maxLineBytes = 4
        let input = bytes(String(repeating: "toolong\nok\n", count: 150))
        let (lines, report) = decode(input, chunk: 4096, limits: limits)
        #expect(lines.count == 300)
        #expect(lines[298].text == "tool")
        let cuts = report.warnings.filter { $0.kind == .lineCut }
        #expect(cuts.count == 101)
        #expect(cuts.last?.message.contains("50 more lines") == true)
        #expect(cuts.last?.line == 201)
    }

    @Test func `line exactly at the limit is not cut`() {
        var limits = DecodeLimits()
        limits.maxLineBytes = 5
        let (lines, report) = decode(bytes("12345\n12345"), chunk: 1, limits: limits)
        #expect(texts(lines) == ["12345", "12345"])
        #expect(report.warnings.isEmpty)
    }
}
