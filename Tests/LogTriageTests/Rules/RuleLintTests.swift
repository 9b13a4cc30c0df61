import Foundation
import Testing

@testable import LogTriage

struct RuleLintTests {
    static let good = """
        id: sample_rule
        title: Sample
        description: A sample rule used by the lint tests only.
        status: test
        level: low
        side: customer
        category: test
        confidence: 0.5
        remediation: {en: fix it, ru: исправьте, internal: nothing}
        match:
          code: MIX-1
          not: {errorType: [InternalServerError, ProviderError]}
        examples:
          - expect: hit
            verdict: customer
            log: |
              2026-11-18 10:15:03.1234|ERROR|Agency.Mixvel|Response /api/Order/Create
              <Error><ErrorType>BadRequest</ErrorType><Code>MIX-1</Code></Error>
          - expect: miss
            log: |
              2026-11-18 10:15:03.1234|INFO|Agency.Mixvel|hello
        """

    private func lintDir(_ files: [String: String]) throws -> [RuleProblem] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return RuleLint.lint(files: try RuleCatalogue.readFiles(directory: dir.path))
    }

    @Test func `a good rule lints clean`() throws {
        #expect(try lintDir(["a/sample_rule.yaml": Self.good]).isEmpty)
    }

    /// A regex that runs out of its step budget on an example fails lint for that rule (before, the search counted
    /// as "no match", which under `not:` made the miss example pass — or the rule fire on every such record).
    @Test func `a regex that runs out of its step budget on an example fails lint`() throws {
        let xs = String(repeating: "x", count: 60)
        let rule =
            Self.good.replacingOccurrences(
                of: "  not: {errorType: [InternalServerError, ProviderError]}",
                with: "  errorType: BadRequest\n  not: {text: {regex: '(x|xx)+y'}}")
                + """

                  - expect: miss
                    log: |
                      2026-11-18 10:15:03.1234|ERROR|Agency.Mixvel|Response /api/Order/Create
                      <Error><ErrorType>BadRequest</ErrorType><Code>MIX-1</Code><Note>\(xs)</Note></Error>
                """
        let problems = try lintDir(["a/sample_rule.yaml": rule])
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.message.contains("ran out of its step budget") == true, "\(problems)")
        // The same rule with a pattern that decides: the miss example is then judged on what the pattern says.
        let decided = try lintDir(["a/sample_rule.yaml": rule.replacingOccurrences(of: "(x|xx)+y", with: "x+y")])
        #expect(decided.map(\.message).allSatisfy { !$0.contains("step budget") && $0.contains("should not match") })
        #expect(decided.count == 1)
    }

    /// The report's coverage names a rule that could not decide some events.
    @Test func `undecided events are reported in the coverage notes`() throws {
        let (rules, problems) = RuleCatalogue.parse(files: [
            (
                "a/sample_rule.yaml",
                Self.good.replacingOccurrences(
                    of: "  code: MIX-1\n", with: "  code: MIX-1\n  text: {regex: '(x|xx)+y'}\n")
            )
        ])
        #expect(problems.isEmpty, "\(problems)")
        let d = Diagnoser(catalogue: RuleCatalogue(rules: rules, source: "test"), request: AnalysisRequest())
        let log = """
            2026-11-18 10:15:03.1234|ERROR|Agency.Mixvel|Response /api/Order/Create
            <Error><ErrorType>BadRequest</ErrorType><Code>MIX-1</Code>\
            <Note>\(String(repeating: "x", count: 60))</Note></Error>

            """
        d.read(bytes: Array(log.utf8), name: "a.log", options: IngestOptions())
        let diagnosis = d.finish()
        #expect(diagnosis.findings.isEmpty)
        #expect(
            diagnosis.coverage.notes.contains { $0.contains("sample_rule could not decide 1 event(s)") },
            "\(diagnosis.coverage.notes)")
    }

    @Test func `a rule whose side differs from a matchable ErrorType must pin it or say why`() throws {
        let loose = Self.good.replacingOccurrences(
            of: "  code: MIX-1\n  not: {errorType: [InternalServerError, ProviderError]}",
            with: "  errorType: {exists: true}\n  descText: {contains: nights}"
        )
        .replacingOccurrences(of: "<Code>MIX-1</Code>", with: "<DescText>nights</DescText>")
        let p = try lintDir(["a/sample_rule.yaml": loose])
        #expect(p.contains { $0.message.contains("can match ErrorType InternalServerError") })
        #expect(p.contains { $0.message.contains("can match ErrorType ProviderError") })
        #expect(!p.contains { $0.message.contains("can match ErrorType BadRequest") })
        let pinned = loose.replacingOccurrences(of: "errorType: {exists: true}", with: "errorType: BadRequest")
        #expect(try lintDir(["a/sample_rule.yaml": pinned]).isEmpty)
        let excluded = loose.replacingOccurrences(
            of: "errorType: {exists: true}", with: "not: {errorType: [InternalServerError, ProviderError]}")
        #expect(try lintDir(["a/sample_rule.yaml": excluded]).isEmpty)
        let overridden = loose.replacingOccurrences(of: "match:", with: "overridesErrorType: sequence evidence\nmatch:")
        #expect(try lintDir(["a/sample_rule.yaml": overridden]).isEmpty)
    }

    @Test func `an example's stated verdict is checked against the whole catalogue`() throws {
        #expect(try lintDir(["a/sample_rule.yaml": Self.good]).isEmpty)
        let wrong = Self.good.replacingOccurrences(of: "verdict: customer", with: "verdict: platform")
        let p = try lintDir(["a/sample_rule.yaml": wrong])
        #expect(p.contains { $0.message.contains("verdict is customer, not platform") })
        let bad = Self.good.replacingOccurrences(of: "verdict: customer", with: "verdict: maybe")
        #expect(try lintDir(["a/sample_rule.yaml": bad]).contains { $0.message.contains("'verdict' must be one of") })
        let none = Self.good.replacingOccurrences(of: "    verdict: customer\n", with: "")
        let noVerdict = try lintDir(["a/sample_rule.yaml": none])
        #expect(noVerdict.contains { $0.message.contains("missing an example with verdict") })
    }

    @Test func `bad regex is reported at its line and column`() throws {
        let bad = Self.good.replacingOccurrences(of: "  code: MIX-1", with: "  code: {regex: 'MIX-(\\\\d+'}")
        let p = try lintDir(["a/sample_rule.yaml": bad])
        let r = try #require(p.first { $0.message.contains("bad regex") })
        #expect(r.line == 11)
        #expect(r.column == 22)  // the quote is column 17; the unclosed "(" is 5 bytes in
        #expect(r.description.hasPrefix("a/sample_rule.yaml:11:22: error:"))
    }

    @Test func `unknown keys, fields and wrong types are reported`() throws {
        let bad = Self.good
            .replacingOccurrences(of: "level: low", with: "level: low\nseverity: high")
            .replacingOccurrences(of: "  code: MIX-1", with: "  kode: MIX-1\n  httpStatus: {contains: x}")
        let p = try lintDir(["a/sample_rule.yaml": bad])
        #expect(p.contains { $0.message.contains("unknown key 'severity'") && $0.line == 6 && $0.column == 1 })
        #expect(p.contains { $0.message.contains("unknown field or operator 'kode'") && $0.line == 12 })
        #expect(p.contains { $0.message.contains("'contains' needs a string and a text field") })
    }

    @Test func `policy problems: id, route, remediation, examples, duplicates`() throws {
        let platform = Self.good.replacingOccurrences(of: "side: customer", with: "side: platform")
            .replacingOccurrences(of: "ru: исправьте, ", with: "")
        let noMiss = Self.good.replacingOccurrences(of: "id: sample_rule", with: "id: other_rule")
            .replacingOccurrences(
                of: "  - expect: miss\n    log: |\n      2026-11-18 10:15:03.1234|INFO|Agency.Mixvel|hello", with: "")
        let wrongExample = Self.good.replacingOccurrences(of: "id: sample_rule", with: "id: third_rule")
            .replacingOccurrences(
                of: "|INFO|Agency.Mixvel|hello", with: "|ERROR|x|Response\n      <Error><Code>MIX-1</Code></Error>")
        let p = try lintDir([
            "a/sample_rule.yaml": platform, "b/other_rule.yaml": noMiss, "c/other_rule.yaml": noMiss,
            "b/renamed.yaml": noMiss,
            "c/third_rule.yaml": wrongExample,
        ])
        let messages = p.map(\.description).joined(separator: "\n")
        #expect(messages.contains("need a route"))
        #expect(messages.contains("both en and ru"))
        #expect(messages.contains("missing example with expect: miss"))
        #expect(messages.contains("does not match the file name"))
        #expect(messages.contains("duplicate rule id 'other_rule'"))
        #expect(messages.contains("should not match"))
    }

    @Test func `broken YAML reports its position`() throws {
        let p = try lintDir(["a/sample_rule.yaml": "id: [unclosed\ntitle: x\n"])
        #expect(p.count == 1)
        #expect(p.first?.line != nil)
    }
}
