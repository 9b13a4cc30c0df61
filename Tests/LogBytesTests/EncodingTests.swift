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

/// PowerShell's `>>` appends UTF-16 to a UTF-8 log (and the reverse happens too): both parts are decoded, and a
/// warning names the line where the encoding changes.
struct EncodingSwitchTests {
    static let utf8Part =
        "2026-11-18 10:00:00.000|INFO|App|first part, UTF-8: Привет\n"
        + "2026-11-18 10:00:01.000|INFO|App|ok\n"
    static let utf16Part =
        "2026-11-18 10:00:02.000|ERROR|App|MIX-200002 appended by PowerShell: Ошибка\r\n"
        + "2026-11-18 10:00:03.000|INFO|App|after\r\n"

    static func utf16(_ s: String, bom: Bool, bigEndian: Bool = false) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in s.utf16 {
            let (hi, lo) = (UInt8(u >> 8), UInt8(u & 0xFF))
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }

    static func decode(_ bytes: [UInt8], chunk: Int) -> ([String], DecodeReport) {
        let d = LineDecoder()
        var lines: [String] = []
        var i = 0
        while i < bytes.count {
            d.feed(bytes[i..<min(i + chunk, bytes.count)]) { l, _ in lines.append(String(decoding: l, as: UTF8.self)) }
            i += chunk
        }
        d.finish { l, _ in lines.append(String(decoding: l, as: UTF8.self)) }
        return (lines, d.report)
    }

    @Test(arguments: [
        (true, false, 1 << 20), (false, false, 1 << 20), (true, false, 7), (false, false, 3),
        (true, true, 1 << 20), (false, false, 1),
    ])
    func `UTF-16 appended to UTF-8 is decoded`(bom: Bool, bigEndian: Bool, chunk: Int) {
        let bytes = Array(Self.utf8Part.utf8) + Self.utf16(Self.utf16Part, bom: bom, bigEndian: bigEndian)
        let (lines, report) = Self.decode(bytes, chunk: chunk)
        #expect(
            lines == [
                "2026-11-18 10:00:00.000|INFO|App|first part, UTF-8: Привет", "2026-11-18 10:00:01.000|INFO|App|ok",
                "2026-11-18 10:00:02.000|ERROR|App|MIX-200002 appended by PowerShell: Ошибка",
                "2026-11-18 10:00:03.000|INFO|App|after",
            ])
        let w = report.warnings.first { $0.kind == .encodingSwitch }
        #expect(w?.line == 3)
        #expect(w?.message.contains("line 3") == true)
        #expect(!report.warnings.contains { $0.kind == .binaryData || $0.kind == .invalidEncoding })
    }

    @Test(arguments: [1 << 20, 5])
    func `UTF-8 appended to UTF-16 is decoded`(chunk: Int) {
        let bytes = Self.utf16(Self.utf16Part, bom: true) + Array(Self.utf8Part.utf8)
        let (lines, report) = Self.decode(bytes, chunk: chunk)
        #expect(lines.count == 4)
        #expect(lines[2] == "2026-11-18 10:00:00.000|INFO|App|first part, UTF-8: Привет")
        #expect(lines[1] == "2026-11-18 10:00:03.000|INFO|App|after")
        #expect(report.warnings.first { $0.kind == .encodingSwitch }?.line == 3)
    }

    @Test func `a UTF-8 prefix before a long UTF-16 part is kept`() {
        var tail = ""
        for k in 0..<200 { tail += "2026-11-18 10:00:\(String(format: "%02d", k % 60)).000|INFO|App|line \(k)\r\n" }
        let bytes = Array(Self.utf8Part.utf8) + Self.utf16(tail, bom: false)
        let (lines, report) = Self.decode(bytes, chunk: 1 << 20)
        #expect(lines.count == 202)
        #expect(lines[0] == "2026-11-18 10:00:00.000|INFO|App|first part, UTF-8: Привет")
        #expect(lines[201] == "2026-11-18 10:00:19.000|INFO|App|line 199")
        #expect(report.warnings.contains { $0.kind == .encodingSwitch && $0.line == 3 })
    }

    @Test func `plain UTF-16 and CJK-free Cyrillic UTF-16 do not switch`() {
        let text = String(
            repeating: "2026-11-18 10:00:00.000|ERROR|App|Ошибка сервиса, повторите запрос позже\r\n", count: 50)
        let (lines, report) = Self.decode(Self.utf16(text, bom: true), chunk: 4096)
        #expect(lines.count == 50)
        #expect(!report.warnings.contains { $0.kind == .encodingSwitch })
    }
}
