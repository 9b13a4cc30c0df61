import Testing

@testable import MailIntake

struct HintExtractorTests {
    private static let headerISO = "2026-11-18T12:05:00+03:00"

    private func hints(_ body: String, subject: String? = nil, offset: Int? = 10800, iso: String? = headerISO)
        -> RequestHints
    {
        HintExtractor.extract(subject: subject, body: body, dateHeaderOffset: offset, dateISO: iso)
    }

    struct PeriodCase: Sendable, CustomTestStringConvertible {
        var body: String
        var since: String
        var until: String
        var zoneSource: HintSource? = .dateHeader
        var approximate = false
        var wholeDay = false
        var testDescription: String { body }
    }

    @Test(arguments: [
        PeriodCase(
            body: "Ошибка 18.11.2026 10:00–11:30, помогите", since: "2026-11-18T10:00:00+03:00",
            until: "2026-11-18T11:30:00+03:00"),
        PeriodCase(
            body: "18.11.2026 10:00 — 11:30 МСК", since: "2026-11-18T10:00:00+03:00",
            until: "2026-11-18T11:30:00+03:00", zoneSource: .body),
        PeriodCase(
            body: "Период: 18.11.2026 с 10:00 до 11:30.", since: "2026-11-18T10:00:00+03:00",
            until: "2026-11-18T11:30:00+03:00"),
        PeriodCase(
            body: "Не проходило бронирование с 10:00 до 11:30 18 ноября по московскому времени.",
            since: "2026-11-18T10:00:00+03:00", until: "2026-11-18T11:30:00+03:00", zoneSource: .body),
        PeriodCase(
            body: "It failed from 10:00 to 11:30 on 18 November 2026 UTC.", since: "2026-11-18T10:00:00+00:00",
            until: "2026-11-18T11:30:00+00:00", zoneSource: .body),
        PeriodCase(
            body: "Window: 2026-11-18 10:00 - 11:30", since: "2026-11-18T10:00:00+03:00",
            until: "2026-11-18T11:30:00+03:00"),
        PeriodCase(
            body: "between 2026-11-18T10:00:00+03:00 and 2026-11-18T11:30:00+03:00",
            since: "2026-11-18T10:00:00+03:00", until: "2026-11-18T11:30:00+03:00", zoneSource: .body),
        PeriodCase(
            body: "2026-11-18T07:00:00Z-2026-11-18T08:30:00Z", since: "2026-11-18T07:00:00+00:00",
            until: "2026-11-18T08:30:00+00:00", zoneSource: .body),
        PeriodCase(
            body: "Ошибка была 18.11.2026 в 10:15.", since: "2026-11-18T09:45:00+03:00",
            until: "2026-11-18T10:45:00+03:00", approximate: true),
        PeriodCase(
            body: "Проблема 18.11.2026, весь день.", since: "2026-11-18T00:00:00+03:00",
            until: "2026-11-19T00:00:00+03:00", wholeDay: true),
        PeriodCase(
            body: "с 10 до 12 18.11.2026", since: "2026-11-18T10:00:00+03:00",
            until: "2026-11-18T12:00:00+03:00"),
        PeriodCase(
            body: "On November 18, 2026 between 10:00 and 11:30 GMT+3 orders failed.",
            since: "2026-11-18T10:00:00+03:00", until: "2026-11-18T11:30:00+03:00", zoneSource: .body),
        PeriodCase(
            body: "18.11.2026 23:30-00:30", since: "2026-11-18T23:30:00+03:00",
            until: "2026-11-19T00:30:00+03:00"),
        PeriodCase(
            body: "вчера с 10:00 до 11:00", since: "2026-11-17T10:00:00+03:00",
            until: "2026-11-17T11:00:00+03:00"),
        PeriodCase(
            body: "с 18.11.2026 23:00 по 19.11.2026 01:00 (+05:00)", since: "2026-11-18T23:00:00+05:00",
            until: "2026-11-19T01:00:00+05:00", zoneSource: .body),
        PeriodCase(
            body: "примерно в 10:15 18 ноября", since: "2026-11-18T09:45:00+03:00",
            until: "2026-11-18T10:45:00+03:00", approximate: true),
        PeriodCase(
            body: "31.12.2026 23:50 couldn't book", since: "2026-12-31T23:20:00+03:00",
            until: "2027-01-01T00:20:00+03:00", approximate: true),
    ])
    func `periods are read in each written form`(testCase: PeriodCase) throws {
        let period = try #require(hints(testCase.body).period)
        #expect(period.since == testCase.since)
        #expect(period.until == testCase.until)
        #expect(period.zoneSource == testCase.zoneSource)
        #expect(period.isApproximate == testCase.approximate)
        #expect(period.isWholeDay == testCase.wholeDay)
        #expect(period.source == .body)
    }

    /// Found by the fuzz-mime target: a description cut without a line or word end to cut at was one character over
    /// the cap (2,000 characters and the ellipsis).
    @Test(arguments: [
        String(repeating: "x", count: 5_000), String(repeating: "ж", count: 2_001),
        String(repeating: "слово ", count: 400),
    ])
    func `a cut description stays within its cap`(body: String) {
        let hints = HintExtractor.extract(subject: nil, body: body, dateHeaderOffset: nil, dateISO: nil)
        #expect(hints.description.count <= HintExtractor.maxDescriptionLength)
        #expect(hints.description.hasSuffix("…"))
    }

    @Test func `the year and the zone come from the Date header, or are left out`() throws {
        let noHeader = try #require(hints("18.11.2026 10:00-11:30", offset: nil, iso: nil).period)
        #expect(noHeader.since == "2026-11-18T10:00:00")
        #expect(noHeader.zone == nil && noHeader.zoneSource == nil)
        let noYear = try #require(hints("с 10:00 до 11:30 18 ноября", iso: "2027-11-19T09:00:00+03:00").period)
        #expect(noYear.since == "2027-11-18T10:00:00+03:00")
    }

    @Test func `a date in the subject and times in the body make one period`() throws {
        let result = hints("Проблема с 10:00 до 11:30, заказ не создаётся.", subject: "Ошибка 18.11.2026 PROD")
        let period = try #require(result.period)
        #expect(period.since == "2026-11-18T10:00:00+03:00")
        #expect(period.until == "2026-11-18T11:30:00+03:00")
        #expect(period.source == .body)
        #expect(period.text == "с 10:00 до 11:30")
        #expect(result.stand == StandHint(value: "PROD", source: .subject, text: "PROD"))
        #expect(result.missing.isEmpty)
    }

    @Test(arguments: ["30.02.2026 10:00-11:00", "31.04.2026", "29.02.2026 в 10:15"])
    func `impossible dates give no period`(body: String) {
        let result = hints(body)
        #expect(result.period == nil)
        #expect(result.missing == ["stand", "period"])
        #expect(result.notes.contains { $0.contains("impossible date") })
    }

    @Test(arguments: [
        "Версия 1.5.0, заказ 12345, ошибка MIX-200002, повторяли 3 раза",
        "Please check, thanks",
        "Звонили в 2026 году",
    ])
    func `text without a period gives none`(body: String) {
        #expect(hints(body).period == nil)
    }

    @Test(arguments: [
        ("Стенд: ПРОД", "PROD", "Стенд ПРОД"),
        ("Воспроизводится на тестовом стенде", "TEST", "тестовом стенде"),
        ("It happens on the test stand only", "TEST", "test stand"),
        ("We see it in production", "PROD", "production"),
        ("Ошибка на проде", "PROD", "проде"),
        ("Stand: TEST", "TEST", "Stand TEST"),
        ("Боевой контур, срочно", "PROD", "Боевой контур"),
        ("Запросы идут на https://api-test.mixvel.com/api/Order/Create", "TEST", "api-test.mixvel.com"),
        ("Стенд: ТЕСТ. На проде не проверяли.", "TEST", "Стенд ТЕСТ"),
        ("environment is PROD", "PROD", "environment PROD"),
    ])
    func `the stand is read in Russian and English`(body: String, value: String, text: String) throws {
        let stand = try #require(hints(body).stand)
        #expect(stand.value == value)
        #expect(stand.source == .body)
        #expect(stand.text == text)
    }

    @Test(arguments: [
        "This is a test of the booking flow",
        "Продажа билетов не работает",
        "Тестировали оформление",
    ])
    func `words that only look like a stand give none`(body: String) {
        #expect(hints(body).stand == nil)
    }

    @Test func `both stands named loosely is ambiguous, and no guess is made`() {
        let result = hints("На проде ошибка, на тесте всё хорошо")
        #expect(result.stand == nil)
        #expect(result.missing.contains("stand"))
        #expect(result.notes.contains { $0.contains("ambiguous") })
    }

    @Test func `the description drops quotes, reply history, signatures and pasted logs`() {
        let body = """
            Добрый день!

            Не создаётся заказ, лог ниже:
            2026-11-18 10:04:48.6310|INFO|Client|POST /api/Order/Create
            2026-11-18 10:04:48.6310|ERROR|Client|failed
              <Error>
                <Code>MIX-200002</Code>
              </Error>
               at Agency.Booking.Create() in C:\\src\\Booking.cs:line 42

            > старое сообщение
            --\u{20}
            Иван Петров
            ООО Тест-Тур

            -----Original Message-----
            From: support
            Стенд: TEST
            """
        let result = hints(body)
        #expect(result.description == "Добрый день!\n\nНе создаётся заказ, лог ниже:")
        #expect(result.stand == nil)
    }

    @Test func `a forwarded message keeps its text but not its header block`() {
        let body = """
            Коллеги, посмотрите.

            -------- Пересылаемое сообщение --------
            От: Клиент <client@agency.example>
            Дата: 18.11.2026 11:00
            Тема: Ошибка

            Стенд: PROD, 18.11.2026 с 10:00 до 11:30
            """
        let result = hints(body)
        #expect(result.description == "Коллеги, посмотрите.\n\nСтенд: PROD, 18.11.2026 с 10:00 до 11:30")
        #expect(result.stand?.value == "PROD")
        #expect(result.period?.since == "2026-11-18T10:00:00+03:00")
    }

    @Test func `Outlook reply headers and on-wrote lines end the new text`() {
        let outlook = "Ответ: PROD\n\nFrom: Support <s@x>\nSent: Wednesday\nSubject: RE\n\nКакой стенд? TEST?"
        #expect(hints(outlook).description == "Ответ: PROD")
        #expect(hints(outlook).stand?.value == "PROD")
        let gmail = "Yes, PROD.\n\nOn Wed, 18 Nov 2026 at 10:00, Support <s@x> wrote:\n> which stand, TEST?"
        #expect(hints(gmail).description == "Yes, PROD.")
    }

    @Test func `a long description is cut at a word`() {
        let result = hints(String(repeating: "слово ", count: 1000))
        #expect(result.description.count <= HintExtractor.maxDescriptionLength + 1)
        #expect(result.description.hasSuffix("слово…"))
    }

    @Test func `hints of a parsed message carry sender, id and date`() {
        let message = Mail.parse(MailParserTests.forwarded(inner: MailParserTests.innerMessage))
        let result = HintExtractor.extract(from: message)
        #expect(result.stand?.value == "PROD")
        #expect(result.period?.since == "2026-11-18T10:00:00")  // the outer message has no Date header
        #expect(result.missing.isEmpty)
        let direct = HintExtractor.extract(from: Mail.parse(MailParserTests.mixed))
        #expect(direct.sender == "Иван Петров <ivan@agency.example>")
        #expect(direct.messageId == "abc.123@agency.example")
        #expect(direct.date == "2026-11-18T12:05:00+03:00")
        #expect(direct.stand == StandHint(value: "PROD", source: .subject, text: "PROD"))
        #expect(direct.missing == ["period"])
    }
}
