import Foundation
import Testing

@testable import LogTriage

/// Report text an executor can paste (issue 9 item 6) and terminal safety (issue 10 item 5).
struct ReportTextTests {
    func diagnose(
        _ text: String, catalogue: RuleCatalogue = DiagnoserTests.catalogue,
        _ configure: (inout AnalysisRequest) -> Void = { _ in }
    ) -> Diagnosis {
        var request = AnalysisRequest()
        configure(&request)
        let d = Diagnoser(catalogue: catalogue, request: request)
        d.read(bytes: Array(text.utf8), name: "t.log", options: IngestOptions())
        return d.finish()
    }

    @Test func `durations are rounded for people, in the reply's language`() {
        let cases: [(Int64, String, String)] = [
            (651, "651 ms", "651 мс"), (4_240, "4.2 s", "4,2 с"), (42_400, "42 s", "42 с"),
            (125_000, "2 min 05 s", "2 мин 05 с"), (720_000, "12 min", "12 мин"),
            (4_080_000, "1 h 08 min", "1 ч 08 мин"), (4_110_000, "1 h 09 min", "1 ч 09 мин"),
            (86_400_000 + 3 * 3_600_000, "1 d 03 h", "1 сут 03 ч"),
        ]
        for (ms, en, ru) in cases {
            #expect(HumanDuration.format(milliseconds: ms, language: .en) == en)
            #expect(HumanDuration.format(milliseconds: ms, language: .ru) == ru)
        }
    }

    @Test func `a correlation's gap reads as people say it in both languages`() throws {
        let catalogue = try RuleCatalogue.loadBundled()
        let text = """
            2026-11-17 09:00:00.0000|INFO|Agency.Mixvel|Response /api/Accounts/login
            <AuthResponse><Token>abc</Token></AuthResponse>
            2026-11-18 10:08:00.0000|ERROR|Agency.Mixvel|Response /api/Order/AirShopping HTTP 401
            <Error><ErrorType>Unauthorized</ErrorType><Code>MIX-100100002</Code></Error>

            """
        let en = diagnose(text, catalogue: catalogue)
        let ru = diagnose(text, catalogue: catalogue) { $0.language = .ru }
        let rule = try #require(en.findings.first { $0.ruleId == "token_not_refreshed" })
        #expect(rule.remediation.customer.contains("1 d 01 h old"), "\(rule.remediation.customer)")
        let ruRule = try #require(ru.findings.first { $0.ruleId == "token_not_refreshed" })
        #expect(ruRule.remediation.customer.contains("1 сут 01 ч"), "\(ruRule.remediation.customer)")
    }

    @Test func `a code list names each code once`() throws {
        let twice = """
            2026-11-18 10:00:00.0000|INFO|Agency.Mixvel|Response /api/Order/AirShopping
            <Shop:Mixvel_AirShoppingRS xmlns:Shop="https://www.mixvel.com/API/XSD/Mixvel_AirShoppingRS/1_00"><Response>\
            <Warning><Code>MIX-103006</Code><DescText>a</DescText></Warning>\
            <Warning><Code>MIX-103006</Code><DescText>b</DescText></Warning></Response></Shop:Mixvel_AirShoppingRS>

            """
        let d = diagnose(twice, catalogue: try RuleCatalogue.loadBundled())
        #expect(d.reply.customer.contains("(MIX-103006)"), "\(d.reply.customer)")
        #expect(!d.reply.customer.contains("MIX-103006, MIX-103006"))
    }

    @Test func `TicketIds seen only outside the ticket's period stay out of the header`() throws {
        let early = DiagnoserTests.internalError
        let late = DiagnoserTests.internalError.replacingOccurrences(
            of: "5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11", with: "0b7c6a5d-1e2f-4a3b-8c9d-0e1f2a3b4c5d")
        let text = DiagnoserTests.response("08:00:00", early) + DiagnoserTests.response("10:30:00", late)
        let d = diagnose(text) {
            $0.since = TimestampFormat.parse("2026-11-18T10:00:00+03:00", assumedOffset: 0)
            $0.until = TimestampFormat.parse("2026-11-18T11:00:00+03:00", assumedOffset: 0)
        }
        #expect(d.platformTicketIds == ["0b7c6a5d-1e2f-4a3b-8c9d-0e1f2a3b4c5d"])
        #expect(!TextReport(color: false).render(d).contains("MixVel TicketId: 5f0c2b8e"))
        #expect(!d.reply.customer.contains("5f0c2b8e"))
        let all = diagnose(text)
        #expect(all.platformTicketIds.count == 2, "without a period every TicketId counts")
    }

    @Test func `a long line is cut on whole characters around the decisive element`() {
        let filler = String(repeating: "Ошибка сервиса ", count: 60)
        let s = filler + "<Error><ErrorType>InternalServerError</ErrorType><Code>MIX-200002</Code></Error> " + filler
        let cut = Excerpt.make(s, redactor: Redactor())
        #expect(cut.contains("<Error><ErrorType>InternalServerError</ErrorType><Code>MIX-200002</Code></Error>"))
        #expect(cut.hasPrefix("…") && cut.hasSuffix("…"))
        #expect(cut.count <= Excerpt.width + 2)
        #expect(!cut.contains("\u{FFFD}"))
    }

    @Test func `an excerpt cut at ingest through a secret does not show the rest of it`() {
        let raw = "paid by card 4111 1111 1111 11…"
        #expect(Excerpt.make(raw, redactor: Redactor()) == "paid by card…")
        let mail = "…ova@example.com wrote: <Error>x</Error>"
        #expect(Excerpt.make(mail, redactor: Redactor()) == "…wrote: <Error>x</Error>")
    }

    @Test func `JSON-escaped bodies are shown unescaped`() {
        let raw = #"{"@t":"2026-11-18T07:00:00Z","Body":"{\"error\":\"Order not found\",\n\"code\":\"E1\"}"}"#
        let shown = Excerpt.make(raw, redactor: Redactor())
        #expect(shown.contains(#"{"error":"Order not found", "code":"E1"}"#), "\(shown)")
        #expect(!shown.contains("\\\"") && !shown.contains("\\n"))
    }

    @Test func `escape sequences in a log never reach the terminal raw`() {
        let line =
            "2026-11-18 10:00:00.000|ERROR|Agency|POST https://api.mixvel.com/api/Order/Create failed: HTTP 500 "
            + "\u{1B}[2J\u{1B}]0;pwned\u{07} \u{202E}x\r\n"
        let d = diagnose(line)
        for color in [false, true] {
            let text = TextReport(color: color).render(d)
            #expect(!text.contains("\u{1B}[2J") && !text.contains("\u{1B}]0;") && !text.contains("\u{07}"))
            #expect(!text.contains("\u{202E}"))
            #expect(text.contains("\\x1B[2J") && text.contains("\\x1B]0;pwned\\x07"), "\(text)")
            if !color { #expect(!text.contains("\u{1B}")) }
        }
        let hostile = DiagnoserTests.internalError.replacingOccurrences(
            of: "</Code>", with: "</Code><DescText>\u{1B}[2J\u{1B}]0;pwned\u{07}</DescText>")
        let md = MarkdownReport().render(diagnose(DiagnoserTests.response("10:00:00", hostile)))
        #expect(!md.contains("\u{1B}") && !md.contains("\u{07}") && md.contains("\\x1B[2J"), "\(md)")
        #expect(Excerpt.escapingControls("a\tb\nc") == "a\tb\nc", "tab and newline stay")
    }

    @Test func `with --lang ru the report's headings and labels are Russian`() {
        let d = diagnose(DiagnoserTests.response("10:00:00", DiagnoserTests.internalError)) { $0.language = .ru }
        let text = TextReport(color: false).render(d)
        for heading in ["ВЕРДИКТ: ПЛАТФОРМА", "НАХОДКИ", "ОТВЕТ КЛИЕНТУ", "ВХОДНЫЕ ФАЙЛЫ", "Покрытие:", "методы:"] {
            #expect(text.contains(heading), "\(heading)")
        }
        for english in ["VERDICT", "FINDINGS", "REPLY TO THE CUSTOMER", "INPUTS", "Coverage:", "methods:"] {
            #expect(!text.contains(english), "\(english)")
        }
        let md = MarkdownReport().render(d)
        for heading in ["## Ответ клиенту", "## Для внутреннего использования", "**Вердикт:**", "### Доказательства"] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(!md.contains("## Internal") && !md.contains("### Evidence"))
    }
}
