import Testing

@testable import LogTriage

struct ConditionTests {
    private func event() -> LogEvent {
        var e = LogEvent(file: "a.log", line: 10)
        e.errorType = "BadRequest"
        e.code = "MIX-100100001"
        e.httpStatus = 200
        e.canRetry = false
        e.method = "Login"
        e.elements = ["AuthResponse", "Error", "WeightAllowance"]
        return e
    }

    private func parse(_ yaml: String) throws -> Condition {
        let (rules, problems) = RuleCatalogue.parse(files: [("x/t.yaml", Self.rule(match: yaml))])
        #expect(problems.isEmpty, "\(problems)")
        return try #require(rules.first).match
    }

    /// A rule file around the condition `yaml`.
    private static func rule(match yaml: String) -> String {
        """
        id: t
        title: t
        description: a test rule with a long enough description
        status: test
        level: low
        side: customer
        category: test
        confidence: 0.5
        match:
        \(yaml.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    @Test(arguments: [
        ("errorType: badrequest", true),
        ("errorType: {equals: badrequest, caseSensitive: true}", false),
        ("code: [MIX-1, MIX-100100001]", true),
        ("code: {prefix: MIX-1001}", true),
        ("code: {suffix: '0001'}", true),
        ("code: {contains: '1001'}", true),
        ("code: {regex: '^MIX-\\d{9}$'}", true),
        ("httpStatus: {ge: 200, lt: 300}", true),
        ("httpStatus: {gt: 200}", false),
        ("httpStatus: 200", true),
        ("canRetry: false", true),
        ("ticketId: {exists: false}", true),
        ("ticketId: {exists: true}", false),
        ("elements: WeightAllowance", true),
        ("elements: {oneOf: [Foo, Bar]}", false),
        ("not: {method: Login}", false),
        ("any: [{method: AirShopping}, {code: MIX-100100001}]", true),
        ("all: [{method: Login}, {errorType: ProviderError}]", false),
        ("text: {contains: InvalidUsername}", true),
        ("text: {contains: invalidusername}", true),
        ("text: {contains: invalidusername, caseSensitive: true}", false),
        ("text: {contains: invalidusername, ignoreCase: false}", false),
        ("text: {contains: invalidusername, ignoreCase: true}", true),
        ("text: {regex: 'code>mix-\\d+<'}", true),
        ("text: {regex: 'code>mix-\\d+<', caseSensitive: true}", false),
        ("code: {regex: '^mix-\\d{9}$'}", true),
        ("code: {regex: '^mix-\\d{9}$', caseSensitive: true}", false),
        ("method: {contains: LOG}", true),
        ("method: {contains: LOG, caseSensitive: true}", false),
        ("text: {regex: 'Code>MIX-\\d+<'}", true),
        ("text: {contains: [nope, Invalid]}", true),
    ])
    func `operators`(yaml: String, expected: Bool) throws {
        let c = try parse(yaml)
        let bytes = Array("<Error><Code>MIX-100100001</Code><DescText>InvalidUsernameOrPassword</DescText>".utf8)[...]
        #expect(c.optimized().holds(event(), bytes) == expected, "\(yaml)")
    }

    @Test func `prefilter requires fields and literals`() throws {
        let c = try parse("errorType: BadRequest\ntext: {regex: 'Unknown(Host)Exception'}")
        let p = try #require(c.prefilter)
        #expect(!p.passes(LogEvent(file: "a", line: 1), [][...]))
        #expect(!p.passes(event(), Array("nothing".utf8)[...]))
        #expect(p.passes(event(), Array("java.net.UnknownHostException".utf8)[...]))
        #expect(try parse("not: {method: Login}").prefilter == nil)
    }

    /// A text regex with Cyrillic words (ignoring case by default) still has a literal prefilter: each word's
    /// spellings in either case, so the rule is not evaluated on every record; and the prefilter never rejects a
    /// record the regex matches, in any case mix, through the engine's literal scan too.
    @Test(arguments: [
        "Имя узла неизвестно", "ИМЯ УЗЛА НЕИЗВЕСТНО", "имя узла неизвестно", "Этот хост неизвестен",
        "ЭТОТ ХОСТ НЕИЗВЕСТЕН", "no such host is known", "nothing to see", "имя хоста",
    ])
    func `Cyrillic alternatives keep a literal prefilter`(text: String) throws {
        let yaml = "text: {regex: 'No such host is known|Имя узла неизвестно|Этот хост неизвестен'}"
        let c = try parse(yaml)
        let p = try #require(c.prefilter)
        #expect(p.description.unicodeScalars.contains { (0x410...0x44F).contains($0.value) }, "\(p.description)")
        let bytes = Array("2026-11-18 10:00:00|ERROR|x|\(text).".utf8)[...]
        let holds = c.holds(event(), bytes)
        #expect(holds == !["nothing to see", "имя хоста"].contains(text))
        if holds { #expect(p.passes(event(), bytes)) }
        let engine = RuleEngine(rules: RuleCatalogue.parse(files: [("x/t.yaml", Self.rule(match: yaml))]).rules)
        let record = LogRecord(event: event(), bytes: Array(bytes), lineStarts: [0])
        #expect(!engine.match(record).isEmpty == holds)
    }

    /// One fold for every operator: `equals`, `oneOf`, `prefix`, `suffix`, `contains`, `regex` and `text:` ignore the
    /// case of Cyrillic letters as of ASCII ones, by default, and all respect `caseSensitive: true`.
    @Test(arguments: [
        ("descText: 'ТОКЕН НЕДЕЙСТВИТЕЛЕН'", true),
        ("descText: {equals: 'ТОКЕН НЕДЕЙСТВИТЕЛЕН', caseSensitive: true}", false),
        ("descText: [нет, 'токен недействителен']", true),
        ("descText: {prefix: 'ТОКЕН'}", true),
        ("descText: {suffix: 'ДЕЙСТВИТЕЛЕН'}", true),
        ("descText: {contains: 'Недейств'}", true),
        ("descText: {contains: 'Недейств', ignoreCase: false}", false),
        ("descText: {regex: 'ТОКЕН \\w+'}", true),
        ("descText: {regex: 'ТОКЕН', caseSensitive: true}", false),
        ("text: {contains: 'ТОКЕН'}", true),
        ("text: {contains: 'ТОКЕН', caseSensitive: true}", false),
        ("text: {contains: ['zz', 'Ёлка']}", true),
        ("text: {regex: 'ЁЛКА'}", true),
    ])
    func `case folding is the same for every operator, Cyrillic included`(yaml: String, expected: Bool) throws {
        let c = try parse(yaml)
        var e = event()
        e.descText = "Токен недействителен"
        let bytes = Array("<DescText>Токен недействителен</DescText> ёлка".utf8)[...]
        #expect(c.optimized().holds(e, bytes) == expected, "\(yaml)")
    }

    @Test func `caseSensitive and ignoreCase that contradict each other are a problem`() {
        let text = Self.rule(match: "text: {contains: x, caseSensitive: true, ignoreCase: true}")
        let (_, problems) = RuleCatalogue.parse(files: [("x/t.yaml", text)])
        #expect(problems.contains { $0.message.contains("contradict") }, "\(problems)")
    }

    /// A regex that runs out of its step budget is undecided: `not:` of it is not a hit, and the engine and the
    /// coverage notes say so.
    @Test func `an undecided regex is neither a hit nor a miss, under not: too`() throws {
        let c = try parse("not: {text: {regex: '(x|xx)+y'}}")
        let bytes = Array(String(repeating: "x", count: 60).utf8)[...]
        #expect(c.evaluate(event(), bytes) == nil)
        #expect(!c.holds(event(), bytes))
        let decided = Array((String(repeating: "x", count: 60) + "y").utf8)[...]
        #expect(c.evaluate(event(), decided) == false)
        #expect(c.evaluate(event(), Array("no exes here".utf8)[...]) == true)
        #expect(try parse("any: [{text: {regex: '(x|xx)+y'}}, {method: Login}]").evaluate(event(), bytes) == true)
        #expect(try parse("all: [{text: {regex: '(x|xx)+y'}}, {method: Nope}]").evaluate(event(), bytes) == false)
    }

    @Test func `failure names the failing condition`() throws {
        let c = try parse("errorType: BadRequest\ncode: MIX-999")
        #expect(c.failure(event(), [][...]) == "code = MIX-999")
    }
}
