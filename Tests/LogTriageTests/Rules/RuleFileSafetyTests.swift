import Foundation
import Testing

@testable import LogTriage

/// Rule files are untrusted input: bounded work and memory, nothing outside the directory read, nothing of a file
/// that is not a rule echoed.
struct RuleFileSafetyTests {
    static let secret = "root:$6$Zq8secretHASHvalue$x:19000:0:99999:7:::"

    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func problems(_ f: () throws -> Void) -> [RuleProblem] {
        do {
            try f()
            return []
        } catch let e as RuleCatalogueError {
            return e.problems
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    /// Ten levels of aliases, each ten copies of the level below: 10^10 nodes if expanded.
    @Test func billionLaughsFailsFast() {
        var yaml = "id: laughs\nanchors:\n  - &a0 {text: {contains: lol}}\n"
        for k in 1...10 {
            yaml += "  - &a\(k) {all: [" + (0..<10).map { _ in "*a\(k - 1)" }.joined(separator: ", ") + "]}\n"
        }
        yaml += "match: *a10\n"
        var reader = RuleFileReader(file: "laughs.yaml", text: yaml)
        #expect(reader.read() == nil)
        #expect(reader.problems.count == 1)
        #expect(reader.problems.first?.message.contains("more than \(RuleFileReader.maxNodes) nodes") == true)
    }

    @Test func aliasAsKeyIsRefusedBeforeComposing() {
        for yaml in [
            "id: x\nbig: &b [1, 2]\n*b : y\n", "id: x\nbig: &b [1]\nm: {*b: y}\n", "id: x\nb: &b 1\n? *b\n: 2\n",
        ] {
            var reader = RuleFileReader(file: "x.yaml", text: yaml)
            #expect(reader.read() == nil)
            #expect(reader.problems.first?.message.contains("alias used as a mapping key") == true, "\(yaml)")
        }
        // Aliases as values, and stars in patterns, are fine.
        #expect(RuleFileReader.aliasKeyLine("a: &x 1\nb: *x\nc: 'MIX-1*'\nd: '.*:'\n") == nil)
    }

    @Test func oversizedFileAndCatalogueAreRefused() throws {
        let big = RuleLintTests.good + "\n# " + String(repeating: "x", count: RuleFileReader.maxFileBytes)
        var reader = RuleFileReader(file: "sample_rule.yaml", text: big)
        #expect(reader.read() == nil)
        #expect(reader.problems.first?.message.contains("more than a rule file may have") == true)

        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try big.write(to: dir.appendingPathComponent("sample_rule.yaml"), atomically: true, encoding: .utf8)
        let p = problems { _ = try RuleCatalogue.readFiles(directory: dir.path) }
        #expect(p.first?.message.contains("more than a rule file may have") == true)

        let chunk = String(repeating: "# filler\n", count: 25_000)  // 225 KB each
        let many = (0..<40).map { ("r\($0).yaml", chunk) }
        let parsed = RuleCatalogue.parse(files: many)
        #expect(parsed.rules.isEmpty)
        #expect(parsed.problems.first?.message.contains("more than a catalogue may have") == true)
    }

    /// A rule "file" that links to a system file outside the directory is refused unread; a stray file that is not a
    /// rule is reported without a word of its content.
    @Test func linkOutsideAndNonRuleFilesAreNotEchoed() throws {
        let outside = try tempDir()
        let dir = try tempDir()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: outside)
        }
        let shadow = (0..<5).map { "user\($0)" + Self.secret.dropFirst(4) }.joined(separator: "\n") + "\n"
        let target = outside.appendingPathComponent("shadow")
        try shadow.write(to: target, atomically: true, encoding: .utf8)
        try RuleLintTests.good.write(
            to: dir.appendingPathComponent("sample_rule.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("evil.yaml"), withDestinationURL: target)
        let linked = problems { _ = try RuleCatalogue.load(directory: dir.path) }
        #expect(linked.contains { $0.file == "evil.yaml" && $0.message.contains("link leading out") })
        #expect(!RuleCatalogueError(problems: linked).description.contains("secret"))

        // The same content as a file of the directory: YAML keys (the lines end with ':'), but not a rule.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("evil.yaml"))
        try shadow.write(to: dir.appendingPathComponent("stray.yaml"), atomically: true, encoding: .utf8)
        let stray = problems { _ = try RuleCatalogue.load(directory: dir.path) }
        #expect(stray.contains { $0.file == "stray.yaml" && $0.message.contains("not a rule file") })
        let text = RuleCatalogueError(problems: stray).description
        #expect(!text.contains("secret") && !text.contains("19000"))

        // Not UTF-8: refused, not quoted.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("stray.yaml"))
        try Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: dir.appendingPathComponent("bin.yaml"))
        let binary = problems { _ = try RuleCatalogue.load(directory: dir.path) }
        #expect(binary.contains { $0.file == "bin.yaml" && $0.message.contains("not UTF-8") })
    }

    /// What a message quotes of a rule file is short and escaped.
    @Test func quotedTextIsShortAndEscaped() {
        let key = "evil\u{1B}[2J" + String(repeating: "k", count: 200)
        let yaml = RuleLintTests.good.replacingOccurrences(
            of: "level: low", with: "level: low\n\"\(key.replacingOccurrences(of: "\u{1B}", with: "\\e"))\": 1")
        var reader = RuleFileReader(file: "sample_rule.yaml", text: yaml)
        _ = reader.read()
        let m = reader.problems.first { $0.message.contains("unknown key") }?.message ?? ""
        #expect(m.contains("evil\\u{1b}[2J"))
        #expect(!m.contains("\u{1B}"))
        #expect(m.count < 80)
        #expect(m.contains("…"))
    }

    /// A fuzz find (fuzz-rules, 2026-12-01): a file of invalid UTF-8 read with replacement characters and a long
    /// first line; every message stays short.
    @Test func fuzzFoundFileQuotesLittle() throws {
        let base64: [String] = [
            "aWQ6IHRpY6qqqqqqql2qqqqqqqqqqqqqqqqqqqqqqqqqqqp0IChUaWNrZXRJZCkgZm9yIHRoaXMgZXJyb3Lwm5qMnI2Wj3Rpb246",
            "biBhbmQgUz90cnVjdHVyZdGC0LjRgtC10YHRjCDQsiD9/f39/f39/f39/f0wMDAwMDAwqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
            "qqqqqqqqqqqqaaqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
            "MjA0OTYzODIzMDQxMjE3MjQwMjwvaWRlbqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqr9/TAwMDAwMDCqqqqq",
            "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqpdqqqqqqqqqqqqqqqqqqqqqqqqqqqqdCAoVGlja2V0SWQpIGZvciB0aGlzIGVy",
            "cm9y8JuajJyNlo90aW9uOm4gYW5kIFM/dHJ1Y3R1cmXRgtC40YLQtdGB0Ywg0LIg/f39/f39/f2ioqKioqKioqKioqKioqKioqKi",
            "oqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKi",
            "oqKioqKioqKioqKioqKioqKi/f39/TAwMDAwMDCqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqppqqqqqqqqqqqqqqqq",
            "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqoyMDQ5NjM4MjMwNDEyMTcyNDAyPC9p",
            "ZGVuqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqMjA0OTYzODIzMDQxMjE3MjQwMjyqqqqqqqqq",
            "qjIwNDk2MzgyMzA0MTIxNzI0MDI8L2lkZW50IChUaWNrZXRJZCkgZm9yIHRoaXMgZXJyb3Lwm5qMnI2Wj3Rpb246biBhbmQgUz90",
            "cnVjdHVyZdGC0LjRgtC10YHRjCDQsiD9/f39/f39/Sj9/TAwMP0wMDAwMjA0OTYzODIzMDQxMjE3MjQwMjwvRGVzY29ubmVjdCB0",
            "aW1lZCBvdSF0ZXc6TWl4dmVsX09yZGVyVmlld1JTPgo=",
        ]
        let data = try #require(Data(base64Encoded: base64.joined()))
        var reader = RuleFileReader(file: "fuzz.yaml", text: String(decoding: data, as: UTF8.self))
        _ = reader.read()
        #expect(!reader.problems.isEmpty)
        for p in reader.problems {
            #expect(p.description.utf8.count < 2_000, "\(p.description.prefix(300))")
        }
    }

    @Test func nestedQuantifiersAreFlaggedByLint() throws {
        #expect(try ByteRegex("(a+)+$").hasNestedQuantifier)
        #expect(try ByteRegex("(?:x\\d*)*y").hasNestedQuantifier)
        #expect(try !ByteRegex("(\\w+:)?ObjectName").hasNestedQuantifier)
        #expect(try !ByteRegex("MIX-\\d{3,}(\\d{3})?").hasNestedQuantifier)
        let bad = RuleLintTests.good.replacingOccurrences(
            of: "  code: MIX-1", with: "  code: MIX-1\n  text: {regex: 'MIX-(1+)+$'}")
        var reader = RuleFileReader(file: "a/sample_rule.yaml", text: bad)
        let read = reader.read()
        let rule = try #require(read)
        #expect(RuleLint.policyProblems(rule).contains { $0.message.contains("nests a repetition") })
        // The project's catalogue has none.
        let bundled = try RuleCatalogue.loadBundled()
        for r in bundled.rules {
            #expect(!RuleLint.policyProblems(r).contains { $0.message.contains("nests a repetition") }, "\(r.id)")
        }
    }

    /// A pathological pattern costs at most its budget on a record, counts as no match and is recorded.
    @Test func regexBudgetIsPerRecordAndReported() throws {
        let r = try ByteRegex("(a+)+$")
        let record = Array((String(repeating: "a", count: 2_000) + "!").utf8)[...]
        RegexBudgetLog.shared.reset()
        #expect(!r.matches(record))
        #expect(RegexBudgetLog.shared.snapshot().first { $0.pattern == "(a+)+$" }?.searches == 1)
        #expect(r.search(record) == .budgetExceeded)
        // An ordinary pattern on a large record is not cut short by the budget.
        let big = Array((String(repeating: "x y ", count: 100_000) + "code: 504").utf8)[...]
        #expect(try ByteRegex("code: 50[234]\\b").matches(big))
        #expect(try ByteRegex("\\w+: 504").matches(big))
    }
}

/// Numbers in rule files that would trap a conversion (found by the rule-reader fuzz target).
struct RuleNumberTests {
    static func rule(priority: String, window: String = "5m") -> String {
        """
        id: r
        title: t
        side: customer
        category: c
        priority: \(priority)
        match:
          errorType: BadRequest
        correlation:
          type: count
          window: \(window)
          threshold: 2
        """
    }

    @Test(arguments: ["1e400", ".nan", "-.inf", "99999999999999999999"])
    func `an impossible priority is a problem, not a crash`(_ p: String) {
        let (rules, problems) = RuleCatalogue.parse(files: [("r.yaml", Self.rule(priority: p))])
        #expect(rules.isEmpty || problems.contains { $0.message.contains("priority") }, "\(problems)")
    }

    @Test(arguments: ["99999999999999999999999s", "9223372036854775807d", "400d"])
    func `an impossible window is not a duration`(_ w: String) {
        #expect(Correlation.Duration(parsing: w) == nil)
        _ = RuleCatalogue.parse(files: [("r.yaml", Self.rule(priority: "50", window: w))])
    }
}
