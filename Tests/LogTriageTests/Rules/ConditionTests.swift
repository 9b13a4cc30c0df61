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
        let text = """
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
        let (rules, problems) = RuleCatalogue.parse(files: [("x/t.yaml", text)])
        #expect(problems.isEmpty, "\(problems)")
        return try #require(rules.first).match
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
        ("text: {contains: invalidusername}", false),
        ("text: {contains: invalidusername, ignoreCase: true}", true),
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

    @Test func `failure names the failing condition`() throws {
        let c = try parse("errorType: BadRequest\ncode: MIX-999")
        #expect(c.failure(event(), [][...]) == "code = MIX-999")
    }
}
