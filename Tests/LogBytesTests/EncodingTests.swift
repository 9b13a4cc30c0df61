import Testing

@testable import LogBytes

struct EncodingTests {
    @Test func `UTF-8 BOM is stripped`() {
        let (lines, report) = decode([0xEF, 0xBB, 0xBF] + bytes("Ошибка\nok"), chunk: 1)
        #expect(texts(lines) == ["Ошибка", "ok"])
        #expect(report.encoding == .utf8BOM)
        #expect(report.encodingReason == "BOM EF BB BF")
        #expect(report.bytesOut == Int64(bytes("Ошибка\nok").count))
    }

    @Test(arguments: [false, true])
    func `UTF-16 with BOM decodes to the expected text`(bigEndian: Bool) {
        let text = "Ошибка сервиса 😀\r\nline 2\n"
        let (lines, report) = decode(utf16(text, bigEndian: bigEndian), chunk: 3)
        #expect(texts(lines) == ["Ошибка сервиса 😀", "line 2"])
        #expect(report.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(report.bytesOut == Int64(text.utf8.count))
        #expect(report.warnings.isEmpty)
    }

    @Test func `UTF-16 LE without BOM is detected`() {
        let text = sampleLog(lines: 50)
        let (lines, report) = decode(utf16(text, bigEndian: false, bom: false), chunk: 4096)
        #expect(report.encoding == .utf16LE)
        #expect(lines.count == 50)
        #expect(lines[0].text == "2024-05-01T10:00:01 INFO request 1 <Code>MIX-1</Code>")
    }

    @Test func `unpaired surrogates become U+FFFD and are reported once`() throws {
        // "a", lone high surrogate, "b", lone low surrogate, "c", then an odd trailing byte.
        let input: [UInt8] = [0xFF, 0xFE, 0x61, 0, 0x00, 0xD8, 0x62, 0, 0x00, 0xDC, 0x63, 0, 0x64]
        let (lines, report) = decode(input, chunk: 1)
        #expect(texts(lines) == ["a\u{FFFD}b\u{FFFD}c\u{FFFD}"])
        let warnings = report.warnings.filter { $0.kind == .invalidEncoding }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.message.hasPrefix("3 "))
        #expect(warning.offset == 1)
        #expect(warning.line == 1)
    }

    @Test func `Windows-1251 Cyrillic is transcoded`() {
        let input = cp1251("Ошибка сервиса\nЁлка ёж\n")
        let (lines, report) = decode(input, chunk: 7)
        #expect(texts(lines) == ["Ошибка сервиса", "Ёлка ёж"])
        #expect(report.encoding == .windows1251)
        #expect(report.encodingReason.contains("Cyrillic"))
        #expect(report.warnings.isEmpty)
    }

    @Test func `Windows-1251 punctuation range maps through the full table`() {
        // « № — » € and 0x98 (unmapped)
        let input = bytes("x ") + [0xAB, 0xB9, 0x97, 0xBB, 0x88, 0x98] + cp1251(" Ошибка сервиса, повторите запрос\n")
        let (lines, report) = decode(input)
        #expect(report.encoding == .windows1251)
        #expect(texts(lines) == ["x «№—»€\u{FFFD} Ошибка сервиса, повторите запрос"])
        #expect(report.warnings.map(\.kind) == [.invalidEncoding])
    }

    @Test func `CP1251 table covers every byte`() {
        #expect(CP1251.table.count == 128)
        #expect(CP1251.table[0xC0 - 0x80] == 0x0410)
        #expect(CP1251.table[0xFF - 0x80] == 0x044F)
        #expect(CP1251.table[0xA8 - 0x80] == 0x0401)
        #expect(CP1251.table[0xB9 - 0x80] == 0x2116)
    }

    @Test func `invalid UTF-8 in a UTF-8 file is passed through and reported once`() throws {
        var input = bytes("Ошибка сервиса\nline two ")
        input += [0xFF, 0xC3]
        input += bytes(" tail\nline three \u{00E9}")
        input += [0xE2, 0x82]  // cut sequence at the very end
        let (lines, report) = decode(input, chunk: 2)
        #expect(report.encoding == .utf8)
        #expect(lines.flatMap { $0.bytes + [0x0A] }.dropLast() == input[...])
        #expect(report.bytesOut == Int64(input.count))
        let warnings = report.warnings.filter { $0.kind == .invalidEncoding }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.message.hasPrefix("3 invalid UTF-8 sequences"))
        #expect(warning.offset == Int64(bytes("Ошибка сервиса\nline two ").count))
        #expect(warning.line == 2)
    }

    @Test func `encoding is decided from the first 64 KiB when there is no BOM`() {
        let ascii = String(repeating: "plain ascii log line\n", count: 4000)  // > 64 KiB
        let input = bytes(ascii) + cp1251("Ошибка\n")
        let (lines, report) = decode(input, chunk: 4096)
        #expect(report.encoding == .utf8)
        #expect(report.encodingReason.contains("first 64 KiB"))
        #expect(lines.count == 4001)
        #expect(report.warnings.map(\.kind) == [.invalidEncoding])
        #expect(report.warnings.first?.line == 4001)
    }

    @Test func `UTF-16 BE without BOM is detected`() {
        let (lines, report) = decode(utf16("first line\nвторая строка\n", bigEndian: true, bom: false), chunk: 5)
        #expect(report.encoding == .utf16BE)
        #expect(report.encodingReason.contains("even bytes"))
        #expect(texts(lines) == ["first line", "вторая строка"])
    }
}
