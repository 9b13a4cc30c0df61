import Testing

@testable import LogBytes

/// Whatever the chunking, the decoder produces the same lines, numbers and report.
struct ChunkingTests {
    static let chunkSizes = [1, 2, 3, 7, 64, 4096]

    static let inputs: [(String, [UInt8])] = {
        let text = sampleLog(lines: 60) + "Ошибка сервиса\r\nlast line no newline"
        let mixed = "a\r\nb\rc\n\r\n\rd\r"
        return [
            ("plain", bytes(text)),
            ("gzip", GzipWriter.compress(bytes(text))),
            (
                "multi-member gzip",
                GzipWriter.compress(bytes(text)) + GzipWriter.compress(bytes(mixed)) + GzipWriter.compress(bytes("x\n"))
            ),
            ("UTF-16LE with BOM", utf16("Ошибка сервиса 𝄞\r\n" + text, bigEndian: false)),
            ("CP1251", cp1251("Ошибка сервиса\nЗапрос ёлка\r\nОтвет\n")),
            ("CRLF", bytes(String(repeating: "line\r\n", count: 30) + "\r\n")),
            ("lone CR", bytes(mixed + String(repeating: "r\r", count: 20))),
        ]
    }()

    @Test(arguments: 0..<7)
    func `same lines whatever the chunk size`(index: Int) {
        let (name, input) = Self.inputs[index]
        let (expected, expectedReport) = decode(input)
        #expect(!expected.isEmpty, "\(name)")
        #expect(expected.map(\.number) == Array(1...expected.count), "\(name)")
        for size in Self.chunkSizes {
            let (lines, report) = decode(input, chunk: size)
            #expect(lines == expected, "\(name), chunks of \(size)")
            #expect(report == expectedReport, "\(name), chunks of \(size)")
        }
    }

    @Test func `expected decodings of the chunked inputs`() {
        #expect(texts(decode(Self.inputs[4].1, chunk: 1).lines) == ["Ошибка сервиса", "Запрос ёлка", "Ответ"])
        #expect(decode(Self.inputs[3].1, chunk: 1).lines.first?.text == "Ошибка сервиса 𝄞")
        let multi = decode(Self.inputs[2].1, chunk: 3)
        #expect(multi.report.gzipMembers == 3)
        #expect(Array(texts(multi.lines).suffix(7)) == ["last line no newlinea", "b", "c", "", "", "d", "x"])
        #expect(texts(decode(Self.inputs[6].1, chunk: 1).lines).prefix(7) == ["a", "b", "c", "", "", "d", "r"])
        #expect(decode(Self.inputs[5].1, chunk: 1).report.lines == 31)
    }
}
