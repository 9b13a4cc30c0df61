/// Checks a catalogue the way `logtriage rules lint` does: schema problems, policy, and every example run.
public enum RuleLint {
    /// Lints rule files given as (relative path, YAML text).
    ///
    /// - Returns: every problem found, sorted by file and line; empty when the catalogue is clean.
    public static func lint(files: [(String, String)]) -> [RuleProblem] {
        let (rules, parseProblems) = RuleCatalogue.parse(files: files)
        var problems = parseProblems
        for r in rules {
            problems += policyProblems(r)
            problems += exampleProblems(r)
        }
        return problems.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) }
    }

    /// Catalogue policy for one rule (beyond what parsing checks).
    public static func policyProblems(_ r: Rule) -> [RuleProblem] {
        var out: [RuleProblem] = []
        func add(_ m: String, line: Int? = nil) { out.append(RuleProblem(file: r.file, line: line, ruleId: r.id, message: m)) }
        if r.title.isEmpty { add("missing title") }
        if r.description.count < 20 { add("description too short: say what happened and what to do next") }
        if r.category.isEmpty { add("missing category") }
        if (r.side == .platform || r.side == .provider) && (r.route ?? "").isEmpty {
            add("\(r.side.rawValue) rules need a route (where the case goes next)")
        }
        if r.remediation.en.isEmpty || r.remediation.ru.isEmpty {
            add("remediation needs both en and ru texts (what the \(r.side == .customer ? "customer" : "reader") should do)")
        }
        if r.remediation.internal.isEmpty { add("remediation needs an internal text for support engineers") }
        if r.isFallback && r.priority >= 50 { add("fallback rules must have priority below 50") }
        if r.match.prefilter == nil {
            add("rule has no prefilter: it runs on every record (require a field or a literal in every any: branch)")
        }
        var regexes: [ByteRegex] = []
        collectRegexes(r.match, into: &regexes)
        if case .sequence(let after, _, _)? = r.correlation?.kind { collectRegexes(after, into: &regexes) }
        for x in regexes where x.hasNestedQuantifier {
            add(
                "regex \(RuleFileReader.excerpt(x.pattern)) nests a repetition inside a repetition (like (a+)+): it can "
                    + "backtrack exponentially and give up on its step budget; write it without the nesting")
        }
        if !r.examples.contains(where: { $0.expect == .hit }) { add("missing example with expect: hit") }
        if !r.examples.contains(where: { $0.expect == .miss }) { add("missing example with expect: miss") }
        return out
    }

    /// Every regex in `c`.
    static func collectRegexes(_ c: Condition, into out: inout [ByteRegex]) {
        switch c {
        case .all(let xs), .any(let xs): for x in xs { collectRegexes(x, into: &out) }
        case .not(let x): collectRegexes(x, into: &out)
        case .field(_, .regex(let r), _), .text(.regex(let r)): out.append(r)
        case .field, .text: break
        }
    }

    /// Runs the rule's examples through ingest and an engine holding only this rule.
    public static func exampleProblems(_ r: Rule) -> [RuleProblem] {
        r.examples.compactMap { ex in
            exampleFailure(r, ex).map { RuleProblem(file: r.file, line: ex.sourceLine, ruleId: r.id, message: $0) }
        }
    }

    /// Why `example` does not behave as declared, or nil when it does.
    public static func exampleFailure(_ r: Rule, _ ex: RuleExample) -> String? {
        let result = run(r, ex)
        let hits = result.hits.filter { $0.ruleId == r.id }
        switch ex.expect {
        case .miss:
            guard let h = hits.first else { return nil }
            return "example '\(ex.name)' should not match, but it matched line \(h.event.line)"
        case .hit:
            if hits.isEmpty {
                var why = "example '\(ex.name)' should match, but did not (\(result.recordsSeen) record(s) read)"
                if let nm = result.nearMisses.first(where: { $0.ruleId == r.id }) {
                    why += "; failed condition: \(nm.failedCondition)"
                } else if r.correlation == nil {
                    why += "; prefilter rejected every record"
                }
                return why
            }
            if let n = ex.hits, hits.count != n {
                return "example '\(ex.name)' should give \(n) hit(s), gave \(hits.count)"
            }
            for text in ex.remediationContains where !hits[0].remediation.en.contains(text) {
                return "example '\(ex.name)': rendered remediation lacks '\(text)': \(hits[0].remediation.en)"
            }
            return nil
        }
    }

    /// Ingests the example's log and matches it with `rule` alone.
    public static func run(_ rule: Rule, _ ex: RuleExample) -> RuleEngineResult {
        var opts = RuleEngine.Options()
        opts.keepNearMisses = true
        var engine = RuleEngine(rules: [rule], options: opts)
        for rec in Ingest.records(bytes: Array(ex.log.utf8), name: ex.fileName).records { engine.consume(rec) }
        return engine.finish()
    }
}
