import Foundation
import Testing

@testable import MailIntake

struct MailParserTests {
    static let mixed = """
        From: =?utf-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@agency.example>
        To: support@mixvel.example
        Subject: =?utf-8?Q?=D0=9E=D1=88=D0=B8=D0=B1=D0=BA=D0=B0?= OrderCreate
         on PROD
        Date: Wed, 18 Nov 2026 12:05:00 +0300
        Message-ID: <abc.123@agency.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="XYZ"

        This is a multi-part message in MIME format.
        --XYZ
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Добрый день! Не создаётся заказ.
        --XYZ
        Content-Type: application/octet-stream; name="agency.log"
        Content-Disposition: attachment; filename="agency.log"
        Content-Transfer-Encoding: base64

        \(Mail.base64("2026-11-18 10:00:00.0000|INFO|App|started\n"))
        --XYZ--
        epilogue
        """

    @Test(arguments: [false, true])
    func `reads headers, body and a base64 attachment with LF or CRLF`(crlf: Bool) throws {
        let message = Mail.parse(Self.mixed, crlf: crlf)
        #expect(message.subject == "Ошибка OrderCreate on PROD")
        #expect(message.from == "Иван Петров <ivan@agency.example>")
        #expect(message.fromAddress == "ivan@agency.example")
        #expect(message.messageId == "abc.123@agency.example")
        #expect(message.dateOffsetSeconds == 10800)
        #expect(message.dateISO == "2026-11-18T12:05:00+03:00")
        #expect(message.bodyText == "Добрый день! Не создаётся заказ.")
        let attachment = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(attachment.name == "agency.log")
        #expect(attachment.path == "agency.log")
        #expect(attachment.contentType == "application/octet-stream")
        #expect(Mail.text(attachment) == "2026-11-18 10:00:00.0000|INFO|App|started\n")
        #expect(message.warnings.isEmpty)
        #expect(message.pastedLog == nil)
    }

    @Test func `header lookup ignores case and unfolding keeps the folding white space`() {
        let message = Mail.parse("SUBJECT: one\n\ttwo\n  three\ncontent-TYPE: text/plain\n\nbody")
        #expect(message.headers["subject"] == "one\ttwo  three")
        #expect(message.headers["Content-Type"] == "text/plain")
        #expect(message.subject == "one two three")
        #expect(message.headers.all("Subject").count == 1)
    }

    @Test func `a message that is not MIME is read as plain text`() {
        let message = Mail.parse("From: a@b.example\nSubject: hi\n\nline one\nline two\n")
        #expect(message.bodyText == "line one\nline two\n")
        #expect(message.attachments.isEmpty)
        let bare = Mail.parse("Hello team,\nthe booking fails.\n")
        #expect(bare.bodyText == "Hello team,\nthe booking fails.\n")
        #expect(bare.headers.fields.isEmpty)
    }

    @Test func `an mbox From line before the headers is skipped`() {
        let message = Mail.parse("From ivan@agency.example Wed Nov 18 12:05:00 2026\nSubject: hi\n\nbody")
        #expect(message.subject == "hi")
        #expect(message.bodyText == "body")
    }

    @Test func `headers without the blank line still give the body, with a warning`() {
        let message = Mail.parse("Subject: hi\nFrom: a@b.example\nthe body starts here\nsecond line")
        #expect(message.subject == "hi")
        #expect(message.bodyText == "the body starts here\nsecond line")
        #expect(message.warnings.contains { $0.contains("no blank line") })
    }

    @Test func `alternative prefers text over HTML, and HTML alone is turned into text`() {
        let alternative = """
            Content-Type: multipart/alternative; boundary=b1

            --b1
            Content-Type: text/plain; charset=us-ascii

            plain version
            --b1
            Content-Type: text/html; charset=us-ascii

            <p>html version</p>
            --b1--
            """
        #expect(Mail.parse(alternative).bodyText == "plain version")
        let html = """
            Content-Type: text/html; charset=utf-8

            <html><head><style>p {color: red}</style></head><body><p>Hello&nbsp;&amp; bye</p>\
            <div>Line&#160;2 &#x416;</div><script>x()</script><!-- hidden --></body></html>
            """
        #expect(Mail.parse(html).bodyText == "Hello & bye\nLine 2 Ж")
    }

    @Test func `nested multiparts give every attachment and the body`() {
        let text = """
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="outer-alt"

            --outer-alt
            Content-Type: text/plain

            see logs
            --outer-alt
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html

            <p>see logs</p>
            --rel
            Content-Type: image/png; name="logo.png"
            Content-Disposition: inline; filename="logo.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --rel--
            --outer-alt--
            --outer
            Content-Type: application/zip; name="logs.zip"
            Content-Transfer-Encoding: base64

            UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==
            --outer--
            """
        let message = Mail.parse(text)
        #expect(message.bodyText == "see logs")
        #expect(message.attachments.map(\.name) == ["logo.png", "logs.zip"])
        #expect(message.attachments[1].data.count == 22)
        #expect(message.attachments[1].data.prefix(4) == [0x50, 0x4B, 0x05, 0x06])
        #expect(message.warnings.isEmpty)
    }

    static func forwarded(inner: String, name: String = "Fwd logs.eml") -> String {
        """
        Subject: FW: logs
        Content-Type: multipart/mixed; boundary="o-\(name)"

        --o-\(name)
        Content-Type: text/plain; charset=utf-8

        Пересылаю письмо клиента.
        --o-\(name)
        Content-Type: message/rfc822; name="\(name)"
        Content-Disposition: attachment; filename="\(name)"

        \(inner)
        --o-\(name)--
        """
    }

    static let innerMessage = """
        From: Client <client@agency.example>
        Subject: OrderCreate fails
        Date: Wed, 18 Nov 2026 11:00:00 +0300
        Content-Type: multipart/mixed; boundary="i"

        --i
        Content-Type: text/plain

        Stand: PROD, 18.11.2026 10:00-11:30
        --i
        Content-Type: text/plain; name="agency.log"
        Content-Disposition: attachment; filename="agency.log"

        2026-11-18 10:04:48.6310|ERROR|Client|failed
        --i--
        """

    @Test func `a forwarded message gives its attachments under its own path and its body`() throws {
        let message = Mail.parse(Self.forwarded(inner: Self.innerMessage))
        let attachment = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(attachment.name == "agency.log")
        #expect(attachment.path == "Fwd logs.eml!/agency.log")
        #expect(Mail.text(attachment) == "2026-11-18 10:04:48.6310|ERROR|Client|failed")
        #expect(message.bodyText.hasPrefix("Пересылаю письмо клиента.\n\n-------- Forwarded message --------\n"))
        #expect(message.bodyText.contains("Subject: OrderCreate fails"))
        #expect(message.bodyText.hasSuffix("Stand: PROD, 18.11.2026 10:00-11:30"))
        #expect(message.subject == "FW: logs")
    }

    @Test func `a forwarded message without a file name is named after its subject`() throws {
        let text = Self.forwarded(inner: Self.innerMessage)
            .replacingOccurrences(of: "; name=\"Fwd logs.eml\"", with: "")
            .replacingOccurrences(of: "; filename=\"Fwd logs.eml\"", with: "")
        let message = Mail.parse(text)
        #expect(message.attachments.first?.path == "OrderCreate fails.eml!/agency.log")
    }

    @Test func `forwarded messages inside forwarded messages stay nested in the path`() {
        let inner = Self.forwarded(inner: Self.innerMessage, name: "inner.eml")
        let twice = Self.forwarded(inner: inner, name: "outer.eml")
        let message = Mail.parse(twice)
        #expect(message.attachments.map(\.path) == ["outer.eml!/inner.eml!/agency.log"])
    }

    @Test func `containers deeper than the limit are kept undecoded with a warning`() {
        var text = "Content-Type: text/plain; name=\"deep.log\"\n\n" + "2026-11-18 10:00:00 deep\n"
        for level in 0..<6 {
            text = "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n\(text)\n--b\(level)--\n"
        }
        let full = Mail.parse(text)
        #expect(full.attachments.map(\.name) == ["deep.log"])
        #expect(full.warnings.isEmpty)
        let limited = Mail.parse(text, limits: MailLimits(maxDepth: 3))
        #expect(limited.attachments.count == 1)
        #expect(limited.attachments.first?.name == "part-1.mime")
        #expect(limited.attachments.first.map(Mail.text)?.contains("deep.log") == true)
        #expect(limited.warnings.contains { $0.contains("deeper than 3") })

        let forwarded = Mail.parse(
            Self.forwarded(inner: Self.forwarded(inner: Self.innerMessage, name: "inner.eml"), name: "outer.eml"),
            limits: MailLimits(maxDepth: 3)
        )
        #expect(forwarded.attachments.map(\.path) == ["outer.eml!/inner.eml"])
        #expect(forwarded.warnings.contains { $0.contains("inner.eml nested deeper than 3") })
    }

    @Test func `limits on parts, attachment size and message size warn and never crash`() throws {
        var text = "Content-Type: multipart/mixed; boundary=\"p\"\n\n"
        for index in 1...10 {
            text += "--p\nContent-Type: text/plain; name=\"f\(index).log\"\n\n\(index)\n"
        }
        text += "--p--\n"
        let parts = Mail.parse(text, limits: MailLimits(maxParts: 5))
        #expect(parts.attachments.count == 4)  // the multipart itself counts as one part
        #expect(parts.warnings.contains { $0.contains("more than 5 body parts") })

        let big = Mail.parse(
            "Content-Type: application/gzip; name=\"a.gz\"\n\n" + String(repeating: "x", count: 100),
            limits: MailLimits(maxAttachmentBytes: 10)
        )
        let attachment = try #require(big.attachments.first)
        #expect(attachment.data.count == 10)
        #expect(attachment.isTruncated)
        #expect(big.warnings.contains { $0.contains("a.gz is 100 bytes") })

        let cut = Mail.parse(Self.mixed, limits: MailLimits(maxMessageBytes: 400))
        #expect(cut.warnings.contains { $0.contains("over the limit of 400") })
        #expect(cut.subject == "Ошибка OrderCreate on PROD")
    }

    @Test(arguments: [false, true])
    func `a damaged message yields every readable part with warnings`(crlf: Bool) throws {
        let log = String(repeating: "2026-11-18 10:00:00.0000|INFO|App|line\n", count: 20)
        let encoded = Mail.base64(log)
        let cutAt = encoded.index(encoded.startIndex, offsetBy: encoded.count / 2 + 1)
        let text = """
            Subject: damaged
            Content-Type: multipart/mixed; boundary="d"

            --d
            Content-Type: text/plain

            body
            --d
            Content-Type: text/plain; name="first.log"
            Content-Transfer-Encoding: base64

            \(Mail.base64("2026-11-18 09:00:00 first\n"))
            --d
            Content-Type: text/plain; name="cut.log"
            Content-Transfer-Encoding: base64

            \(encoded[..<cutAt])
            """
        let message = Mail.parse(text, crlf: crlf)
        #expect(message.bodyText == "body")
        #expect(message.attachments.map(\.name) == ["first.log", "cut.log"])
        #expect(Mail.text(message.attachments[0]) == "2026-11-18 09:00:00 first\n")
        let cut = Mail.text(message.attachments[1])
        #expect(cut.count > 100 && log.hasPrefix(cut))
        #expect(message.warnings.contains { $0.contains("closing boundary") })
    }

    @Test func `a part without its blank line and a multipart without boundary are read`() {
        let noSeparator = """
            Content-Type: multipart/mixed; boundary=q

            --q
            Content-Type: text/plain; name="a.log"
            2026-11-18 10:00:00 text right after the headers
            --q--
            """
        let message = Mail.parse(noSeparator)
        #expect(message.attachments.first.map(Mail.text) == "2026-11-18 10:00:00 text right after the headers")
        #expect(message.warnings.contains { $0.contains("no blank line") })

        let guessed = Mail.parse("Content-Type: multipart/mixed\n\n--zz\nContent-Type: text/plain\n\nhello\n--zz--\n")
        #expect(guessed.bodyText == "hello")
        #expect(guessed.warnings.contains { $0.contains("guessed \"zz\"") })
    }

    @Test func `boundaries match whole delimiter lines only`() {
        let text = """
            Content-Type: multipart/mixed; boundary="----=_Part_1"

            ------=_Part_1
            Content-Type: multipart/alternative; boundary="----=_Part_1_2"

            ------=_Part_1_2
            Content-Type: text/plain

            inner text
            ------=_Part_1_2--
            ------=_Part_1\t
            Content-Type: text/plain; name="x.txt"

            ------=_Part_1x is not a delimiter
            ------=_Part_1--
            """
        let message = Mail.parse(text)
        #expect(message.bodyText == "inner text")
        #expect(message.attachments.first.map(Mail.text) == "------=_Part_1x is not a delimiter")
    }

    @Test func `inline parts with a file name are attachments, text parts without one are body`() {
        let text = """
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain
            Content-Disposition: inline

            first
            --m
            Content-Type: text/plain
            Content-Disposition: inline; filename="inline.log"

            log
            --m
            Content-Type: text/plain

            second
            --m
            Content-Type: text/plain
            Content-Disposition: attachment

            unnamed attachment
            --m
            Content-Type: application/json

            {}
            --m--
            """
        let message = Mail.parse(text)
        #expect(message.bodyText == "first\n\nsecond")
        #expect(message.attachments.map(\.name) == ["inline.log", "part-2.txt", "part-3.json"])
    }

    @Test(
        arguments: [
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\ivan\\agency.log", "agency.log"),
            ("..", nil),
            ("...", nil),
            (".hidden.log", "hidden.log"),
            ("bad\u{1}name?.log", "bad_name_.log"),
            ("  spaced.log  ", "spaced.log"),
        ] as [(String, String?)])
    func `attachment names are made safe`(raw: String, expected: String?) {
        let message = Mail.parse("Content-Type: text/plain; name=\"\(raw)\"\n\ndata")
        #expect(message.attachments.first?.name == (expected ?? "part-1.txt"))
        #expect(message.attachments.first?.path.contains("/") == false)
    }

    @Test func `repeated names are made unique`() {
        var text = "Content-Type: multipart/mixed; boundary=r\n\n"
        for _ in 0..<3 { text += "--r\nContent-Type: text/plain; name=\"a.log\"\n\nx\n" }
        text += "--r--\n"
        #expect(Mail.parse(text).attachments.map(\.name) == ["a.log", "a-2.log", "a-3.log"])
    }

    @Test(arguments: [
        ("Wed, 18 Nov 2026 12:05:00 +0300", 10800, "2026-11-18T12:05:00+03:00"),
        ("18 Nov 2026 09:05 GMT", 0, "2026-11-18T09:05:00+00:00"),
        ("Thu, 1 Jan 26 00:00:00 -0530 (IST?)", -19800, "2026-01-01T00:00:00-05:30"),
        ("Mon, 29 Feb 2028 23:59:59 +0000", 0, "2028-02-29T23:59:59+00:00"),
    ])
    func `Date headers give their offset and ISO form`(raw: String, offset: Int, iso: String) {
        let message = Mail.parse("Date: \(raw)\n\nx")
        #expect(message.dateOffsetSeconds == offset)
        #expect(message.dateISO == iso)
        #expect(message.date == raw)
    }

    @Test(arguments: ["Sun, 30 Feb 2026 10:00:00 +0300", "yesterday", "Wed, 18 Nov 2026 25:00:00 +0300"])
    func `impossible dates are refused with a warning`(raw: String) {
        let message = Mail.parse("Date: \(raw)\n\nx")
        #expect(message.dateISO == nil)
        #expect(message.warnings.contains { $0.contains("unreadable Date") })
    }

    @Test func `addresses and ids are read in their usual shapes`() {
        let message = Mail.parse(
            "From: \"Petrov, Ivan\" <ivan@agency.example>\nMessage-ID: <x@y>\nIn-Reply-To: <a@b> <c@d>\n\nx"
        )
        #expect(message.from == "Petrov, Ivan <ivan@agency.example>")
        #expect(message.inReplyTo == "a@b")
        #expect(MessageMeta.address("ivan@agency.example (Ivan)").address == "ivan@agency.example")
        #expect(MessageMeta.address("<ivan@agency.example>").display == "ivan@agency.example")
    }

    @Test func `a body with pasted log lines becomes a body.txt input, prose does not`() throws {
        let pasted = """
            Subject: error

            Hello, on 18.11.2026 at 10:04 we got this:

            2026-11-18 10:04:48.6310|INFO|Client|POST /api/Order/Create
            2026-11-18 10:04:48.6310|ERROR|Client|<Error><Code>MIX-200002</Code></Error>
            2026-11-18 10:04:49.0000|ERROR|Client|failed
            """
        let message = Mail.parse(pasted)
        let log = try #require(message.pastedLog)
        #expect(log.name == "body.txt" && log.isInlineBody)
        #expect(Mail.text(log).contains("MIX-200002"))
        #expect(message.logInputs.count == 1)

        let xml = Mail.parse(
            "Subject: x\n\nResponse:\n<Mixvel_OrderViewRS>\n  <Error>\n    <Code>MIX-1</Code>\n"
                + "  </Error>\n</Mixvel_OrderViewRS>\n")
        #expect(xml.pastedLog != nil)

        let prose = Mail.parse("Subject: x\n\n18.11.2026 10:15 booking failed.\n18.11.2026 10:20 again.\nThanks\n")
        #expect(prose.pastedLog == nil)
    }
}
