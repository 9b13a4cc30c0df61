import Testing

@testable import LogTriage

struct RuleEngineTests {
    static let base: Int64 = 1_794_986_103_000

    static func event(_ minute: Double, method: String, errorType: String? = nil, line: Int = 1) -> LogEvent {
        var e = LogEvent(file: "app.log", line: line)
        e.timestamp = Timestamp(epochMillis: base + Int64(minute * 60_000), offsetSeconds: 3 * 3600)
        e.method = method
        e.errorType = errorType
        e.direction = errorType == nil ? .request : .response
        return e
    }

    static func rule(_ body: String) throws -> Rule {
        let text = """
            id: t
            title: t
            description: a test rule with a long enough description
            status: test
            level: low
            side: platform
            route: mixvel-support
            category: test
            confidence: 0.5
            remediation: {en: 'ticket {TicketId|none} {count} {gap} {distinct}', ru: x, internal: y}
            \(body)
            """
        let (rules, problems) = RuleCatalogue.parse(files: [("x/t.yaml", text)])
        #expect(problems.isEmpty, "\(problems)")
        return try #require(rules.first)
    }

    @Test func `single-event hit renders remediation and keeps evidence`() throws {
        let r = try Self.rule("match: {errorType: InternalServerError}")
        var engine = RuleEngine(rules: [r])
        var e = Self.event(0, method: "OrderView", errorType: "InternalServerError", line: 7)
        e.ticketId = "5f1c"
        e.decisiveLine = 9
        engine.consume(e)
        engine.consume(Self.event(1, method: "OrderView"))
        let result = engine.finish()
        #expect(result.hits.count == 1)
        let h = try #require(result.hits.first)
        #expect(h.event.line == 7 && h.event.decisiveLine == 9)
        #expect(h.ticketIds == ["5f1c"])
        #expect(h.remediation.en.hasPrefix("ticket 5f1c"))
        #expect(result.matchCounts["t"] == 1)
        #expect(result.recordsSeen == 2)
    }

    @Test func `hits per rule are capped but counted`() throws {
        let r = try Self.rule("match: {errorType: InternalServerError}")
        var o = RuleEngine.Options()
        o.maxHitsPerRule = 3
        var engine = RuleEngine(rules: [r], options: o)
        for i in 0..<10 { engine.consume(Self.event(Double(i), method: "A", errorType: "InternalServerError")) }
        let result = engine.finish()
        #expect(result.hits.count == 3)
        #expect(result.matchCounts["t"] == 10)
    }

    @Test func `count correlation needs enough events and distinct values in the window`() throws {
        let r = try Self.rule(
            """
            match: {errorType: InternalServerError}
            correlation: {type: count, window: 10m, minCount: 5, distinct: {field: method, min: 3}}
            """
        )
        // 5 errors in 10 min but only 2 methods: no hit.
        var a = RuleEngine(rules: [r])
        for i in 0..<5 {
            a.consume(Self.event(Double(i), method: i % 2 == 0 ? "A" : "B", errorType: "InternalServerError"))
        }
        #expect(a.finish().hits.isEmpty)
        // 5 errors spread over 30 min: no hit.
        var b = RuleEngine(rules: [r])
        for i in 0..<5 {
            b.consume(Self.event(Double(i * 7), method: ["A", "B", "C"][i % 3], errorType: "InternalServerError"))
        }
        #expect(b.finish().hits.isEmpty)
        // 6 errors over 3 methods within 5 min: one hit standing for all of them.
        var c = RuleEngine(rules: [r])
        for i in 0..<7 {
            c.consume(Self.event(Double(i), method: ["A", "B", "C"][i % 3], errorType: "InternalServerError"))
        }
        let hits = c.finish().hits
        #expect(hits.count == 1)
        #expect(hits.first?.occurrences == 7)
        #expect(hits.first?.correlation?.distinctValues == ["a", "b", "c"])
        #expect(hits.first?.remediation.en.contains(" 5 ") == true)
    }

    @Test func `sequence correlation measures the gap to the latest anchor`() throws {
        let r = try Self.rule(
            """
            match: {method: OrderCancel, errorType: BadRequest}
            correlation: {type: sequence, after: {method: OrderChange, direction: request}, gap: {gt: 15m}}
            """
        )
        var late = RuleEngine(rules: [r])
        late.consume(Self.event(0, method: "OrderChange"))
        late.consume(Self.event(20, method: "OrderCancel", errorType: "BadRequest"))
        let hit = try #require(late.finish().hits.first)
        #expect(hit.correlation?.gapSeconds == 1200)
        #expect(hit.related.count == 1)
        #expect(hit.remediation.en.contains("20 min"))

        var early = RuleEngine(rules: [r])
        early.consume(Self.event(0, method: "OrderChange"))
        early.consume(Self.event(5, method: "OrderCancel", errorType: "BadRequest"))
        #expect(early.finish().hits.isEmpty)

        // Files fed out of order still pair by time.
        var swapped = RuleEngine(rules: [r])
        swapped.consume(Self.event(20, method: "OrderCancel", errorType: "BadRequest"))
        swapped.consume(Self.event(0, method: "OrderChange"))
        #expect(swapped.finish().hits.count == 1)
    }

    @Test func `sequence gap from an anchor field`() throws {
        let r = try Self.rule(
            """
            match: {direction: request}
            correlation: {type: sequence, groupBy: [method], after: {canRetry: true, retryAfter: {exists: true}}, gap: {lt: anchor.retryAfter}}
            """
        )
        var engine = RuleEngine(rules: [r])
        var err = Self.event(0, method: "AirShopping", errorType: "ProviderError")
        err.canRetry = true
        err.retryAfter = 60
        engine.consume(err)
        engine.consume(Self.event(0.5, method: "AirShopping"))  // 30 s < 60 s
        engine.consume(Self.event(0.5, method: "OfferPrice"))  // other group
        engine.consume(Self.event(2, method: "AirShopping"))  // 120 s
        #expect(engine.finish().hits.count == 1)
    }

    @Test func `near misses name the failed condition`() throws {
        let r = try Self.rule("match: {errorType: InternalServerError, method: OrderCreate}")
        var o = RuleEngine.Options()
        o.keepNearMisses = true
        var engine = RuleEngine(rules: [r], options: o)
        engine.consume(Self.event(0, method: "OrderView", errorType: "InternalServerError"))
        engine.consume(Self.event(0, method: "OrderView"))
        let result = engine.finish()
        #expect(result.hits.isEmpty)
        #expect(result.nearMisses.map(\.failedCondition) == ["method = OrderCreate"])
    }
}
