import Testing

@testable import MailIntake

struct DecodingTests {
    private func base64(_ text: String) -> ([UInt8], [String]) {
        var warnings: [String] = []
        let bytes = TransferDecoding.base64(Array(text.utf8)[...], warnings: &warnings, context: "t")
        return (bytes, warnings)
    }

    private func qp(_ text: String) -> (String, [String]) {
        var warnings: [String] = []
        let bytes = TransferDecoding.quotedPrintable(Array(text.utf8)[...], warnings: &warnings, context: "t")
        return (String(decoding: bytes, as: UTF8.self), warnings)
    }

    @Test(arguments: [
        ("SGVsbG8sIHdvcmxkIQ==", "Hello, world!"),
        ("SGVsbG8sIHdvcmxkIQ", "Hello, world!"),  // missing padding
        ("SGVs\r\nbG8s\nIHdv  cmxk\tIQ==\n", "Hello, world!"),  // line breaks and white space
        ("SGVsbG8=SGVsbG8=", "HelloHello"),  // padded blocks concatenated
        ("", ""),
    ])
    func `base64 is decoded tolerantly`(input: String, expected: String) {
        let (bytes, warnings) = base64(input)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(warnings.isEmpty)
    }

    @Test func `stray characters and a cut quantum in base64 are reported`() {
        let (bytes, warnings) = base64("SGVs!bG8s*IHdvcmxkIQ==")
        #expect(String(decoding: bytes, as: UTF8.self) == "Hello, world!")
        #expect(warnings == ["t: skipped 2 character(s) that are not base64"])
        let (cut, cutWarnings) = base64("SGVsbG8sI")
        #expect(String(decoding: cut, as: UTF8.self) == "Hello,")
        #expect(cutWarnings.contains { $0.contains("middle of a byte") })
    }

    @Test(arguments: [
        ("caf=C3=A9", "café"),
        ("caf=c3=a9", "café"),  // lower-case hex
        ("long line =\r\ncontinued", "long line continued"),  // soft break CRLF
        ("long line =\ncontinued", "long line continued"),  // soft break LF
        ("soft with spaces=  \ncontinued", "soft with spacescontinued"),
        ("trailing spaces   \nnext", "trailing spaces\nnext"),
        ("a = b", "a = b"),  // invalid escape kept
        ("100%=ZZ", "100%=ZZ"),
        ("end=", "end"),
    ])
    func `quoted-printable is decoded`(input: String, expected: String) {
        #expect(qp(input).0 == expected)
    }

    @Test func `invalid quoted-printable escapes are counted`() {
        #expect(qp("a = b =ZZ").1 == ["t: kept 2 invalid quoted-printable escape(s) literally"])
        #expect(qp("caf=C3=A9").1.isEmpty)
    }

    private func words(_ text: String) -> String {
        var warnings: [String] = []
        return EncodedWords.decode(text, warnings: &warnings)
    }

    @Test(arguments: [
        ("=?UTF-8?B?0JbRg9GA0L3QsNC7LmxvZw==?=", "Журнал.log"),
        (
            "=?utf-8?q?=D0=96=D1=83=D1=80=D0=BD=D0=B0=D0=BB_=D0=BE=D1=88=D0=B8=D0=B1=D0=BE=D0=BA.log?=",
            "Журнал ошибок.log"
        ),
        ("=?utf-8?B?0JY=?= =?utf-8?B?0YM=?=", "Жу"),  // white space between words dropped
        ("=?utf-8?B?0A==?=\r\n =?utf-8?B?lg==?=", "Ж"),  // a character split across two words
        ("Re: =?koi8-r?B?8NLJ18XU?= all", "Re: Привет all"),
        ("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?= =?utf-8?Q?_=D0=BC=D0=B8=D1=80?=", "Привет мир"),
        ("=?UTF-8*ru?B?0JY=?=", "Ж"),  // RFC 2231 language suffix
        ("plain =?bad", "plain =?bad"),
        ("=?utf-8?X?abc?=", "=?utf-8?X?abc?="),
        ("a =?utf-8?Q?b?= c", "a b c"),
        ("\"=?UTF-8?B?0JY=?=\"", "\"Ж\""),
    ])
    func `RFC 2047 encoded-words are decoded`(input: String, expected: String) {
        #expect(words(input) == expected)
    }

    private func parameters(_ text: String) -> HeaderValue {
        var warnings: [String] = []
        return HeaderValue(parsing: text, warnings: &warnings)
    }

    @Test func `Content-Type parameters are parsed, quoted or not`() {
        let value = parameters("Multipart/Mixed; boundary=\"a;b\"; charset=UTF-8 ;name=my file.log; x=\"q\\\"uote\"")
        #expect(value.value == "multipart/mixed")
        #expect(value.parameters["boundary"] == "a;b")
        #expect(value.parameters["charset"] == "UTF-8")
        #expect(value.parameters["name"] == "my file.log")
        #expect(value.parameters["x"] == "q\"uote")
    }

    @Test(arguments: [
        (
            "attachment; "
                + "filename*=utf-8''%D0%96%D1%83%D1%80%D0%BD%D0%B0%D0%BB%20%D0%BE%D1%88%D0%B8%D0%B1%D0%BE%D0%BA.log",
            "Журнал ошибок.log"
        ),
        (
            "attachment; filename*0*=UTF-8''%D0%96%D1%83%D1%80; filename*1*=%D0%BD%D0%B0%D0%BB; filename*2=\".log\"",
            "Журнал.log"
        ),
        (
            "attachment; filename*1*=%D0%BD%D0%B0%D0%BB.log; filename*0*=utf-8'ru'%D0%96%D1%83%D1%80",
            "Журнал.log"
        ),  // sections out of order, with a language
        ("attachment; filename*=windows-1251''%CF%F0%E8%E2%E5%F2.txt", "Привет.txt"),
        ("attachment; filename=\"fallback.log\"; filename*=utf-8''%D0%96.log", "Ж.log"),  // 2231 wins
        ("attachment; filename=\"=?UTF-8?B?0JbRg9GA0L3QsNC7LmxvZw==?=\"", "Журнал.log"),  // 2047 in quotes
        ("attachment; filename==?utf-8?Q?=D0=96.log?=", "Ж.log"),  // 2047 unquoted
    ])
    func `file names in RFC 2231 and RFC 2047 forms are decoded`(header: String, expected: String) {
        #expect(parameters(header).parameters["filename"] == expected)
    }

    @Test(
        arguments: [
            ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0, 0x20, 0xA8, 0xB8]),
            ("CP1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0, 0x20, 0xA8, 0xB8]),
            ("win-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0, 0x20, 0xA8, 0xB8]),
            ("KOI8-R", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2, 0x20, 0xB3, 0xA3]),
            ("csKOI8R", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2, 0x20, 0xB3, 0xA3]),
            ("cp866", [0x8F, 0xE0, 0xA8, 0xA2, 0xA5, 0xE2, 0x2C, 0x20, 0xAC, 0xA8, 0xE0, 0x20, 0xF0, 0xF1]),
            ("IBM866", [0x8F, 0xE0, 0xA8, 0xA2, 0xA5, 0xE2, 0x2C, 0x20, 0xAC, 0xA8, 0xE0, 0x20, 0xF0, 0xF1]),
            ("ISO-8859-5", [0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2, 0x2C, 0x20, 0xDC, 0xD8, 0xE0, 0x20, 0xA1, 0xF1]),
            ("iso_8859-5", [0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2, 0x2C, 0x20, 0xDC, 0xD8, 0xE0, 0x20, 0xA1, 0xF1]),
            ("utf-8", Array("Привет, мир Ёё".utf8)),
            ("UTF8", Array("Привет, мир Ёё".utf8)),
        ] as [(String, [UInt8])])
    func `Cyrillic charsets are decoded by any of their names`(name: String, bytes: [UInt8]) {
        var warnings: [String] = []
        #expect(TextDecoder.decode(bytes, charsetName: name, context: "t", warnings: &warnings) == "Привет, мир Ёё")
        #expect(warnings.isEmpty)
    }

    @Test func `Latin-1 and ASCII are decoded, unknown charsets are a best effort with a warning`() {
        var warnings: [String] = []
        #expect(
            TextDecoder.decode([0x63, 0x61, 0x66, 0xE9], charsetName: "latin1", context: "t", warnings: &warnings)
                == "café")
        #expect(
            TextDecoder.decode(Array("abc".utf8), charsetName: "US-ASCII", context: "t", warnings: &warnings)
                == "abc")
        #expect(warnings.isEmpty)
        #expect(TextDecoder.decode(Array("Ж".utf8), charsetName: "x-martian", context: "t", warnings: &warnings) == "Ж")
        #expect(warnings == ["t: unknown charset \"x-martian\"; read as UTF-8"])
        warnings = []
        #expect(TextDecoder.decode([0xCF, 0xF0], charsetName: "utf-8", context: "t", warnings: &warnings) == "Пр")
        #expect(warnings.count == 1)
    }

    @Test func `a body in each charset and transfer encoding reaches the body text`() {
        let cases: [(String, String, String)] = [
            ("windows-1251", "8bit", "\u{CF}\u{F0}\u{E8}\u{E2}\u{E5}\u{F2}"),
            ("koi8-r", "quoted-printable", "=F0=D2=C9=D7=C5=D4"),
            ("cp866", "base64", "j+CooqXi"),
            ("iso-8859-5", "quoted-printable", "=BF=E0=D8=D2=D5=E2"),
            ("utf-8", "base64", "0J/RgNC40LLQtdGC"),
        ]
        for (charset, encoding, body) in cases {
            let headers = "Content-Type: text/plain; charset=\"\(charset)\"\nContent-Transfer-Encoding: \(encoding)\n\n"
            var bytes = Array(headers.utf8)
            // The 8-bit case carries raw bytes: each scalar of `body` is one byte.
            bytes += body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            let message = MailParser.parse(bytes)
            #expect(message.bodyText == "Привет", "\(charset) / \(encoding)")
            #expect(message.warnings.isEmpty, "\(charset) / \(encoding)")
        }
    }

    @Test func `raw 8-bit headers are read as UTF-8, else windows-1251 with a warning`() {
        let utf8 = MailParser.parse(Array("Subject: Привет\n\nx".utf8))
        #expect(utf8.subject == "Привет")
        let subject: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
        let cp1251 = MailParser.parse(Array("Subject: ".utf8) + subject + Array("\n\nx".utf8))
        #expect(cp1251.subject == "Привет")
        #expect(cp1251.warnings.contains { $0.contains("not UTF-8") })
    }
}
