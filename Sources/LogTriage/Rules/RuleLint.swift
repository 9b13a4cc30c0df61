/// Checks a catalogue the way `logtriage rules lint` does: schema problems, policy, and every example run.
public enum RuleLint {
    /// Lints rule files given as (relative path, YAML text).
    ///
    /// - Returns: every problem found, sorted by file and line; empty when the catalogue is clean.
    public static func lint(files: [(String, String)]) -> [RuleProblem] {
        let (rules, parseProblems) = RuleCatalogue.parse(files: files)
        var problems = parseProblems
        let catalogue = RuleCatalogue(rules: rules, source: "lint")
        for r in rules {
            problems += policyProblems(r)
            problems += exampleProblems(r)
            problems += verdictProblems(r, in: catalogue)
        }
        return problems.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) }
    }

    /// Catalogue policy for one rule (beyond what parsing checks).
    public static func policyProblems(_ r: Rule) -> [RuleProblem] {
        var out: [RuleProblem] = []
        func add(_ m: String, line: Int? = nil) {
            out.append(RuleProblem(file: r.file, line: line, ruleId: r.id, message: m))
        }
        if r.title.isEmpty { add("missing title") }
        if r.description.count < 20 { add("description too short: say what happened and what to do next") }
        if r.category.isEmpty { add("missing category") }
        if (r.side == .platform || r.side == .provider) && (r.route ?? "").isEmpty {
            add("\(r.side.rawValue) rules need a route (where the case goes next)")
        }
        if r.remediation.en.isEmpty || r.remediation.ru.isEmpty {
            add(
                "remediation needs both en and ru texts (what the \(r.side == .customer ? "customer" : "reader") "
                    + "should do)"
            )
        }
        if r.remediation.internal.isEmpty { add("remediation needs an internal text for support engineers") }
        if r.isFallback && r.priority >= 50 { add("fallback rules must have priority below 50") }
        if r.match.prefilter == nil {
            add("rule has no prefilter: it runs on every record (require a field or a literal in every any: branch)")
        }
        out += errorTypeSideProblems(r)
        let inferred = ["hedged", "inferred", "heuristic"].filter { r.tags.contains($0) }
        if !inferred.isEmpty, r.confidence > 0.6 {
            let tags = inferred.joined(separator: ", ")
            add("a rule tagged \(tags) rests on inference or a heuristic: confidence <= 0.6")
        }
        if r.correlation.map({ if case .count = $0.kind { return true } else { return false } }) == true,
            !r.tags.contains("heuristic") && !r.tags.contains("inferred") && r.confidence > 0.6, r.side == .customer
        {
            add("a count threshold on customer traffic is a heuristic: tag it heuristic and keep confidence <= 0.6")
        }
        if isTransportRule(r), !(r.match.excludes(.mixvel, nil) && r.match.excludes(.mixvel, .bool(false))) {
            add(
                "rules about HTTP status, transport, timeouts or request rate must require mixvel: true (calls to a "
                    + "MixVel host or with a MixVel body; the agency's own routes and other APIs are context)")
        }
        var regexes: [ByteRegex] = []
        collectRegexes(r.match, into: &regexes)
        if case .sequence(let after, _, _)? = r.correlation?.kind { collectRegexes(after, into: &regexes) }
        for x in regexes where x.hasNestedQuantifier {
            add(
                "regex \(RuleFileReader.excerpt(x.pattern)) nests a repetition inside a repetition (like (a+)+): it "
                    + "can "
                    + "backtrack exponentially and give up on its step budget; write it without the nesting")
        }
        if !r.examples.contains(where: { $0.expect == .hit }) { add("missing example with expect: hit") }
        if !r.examples.contains(where: { $0.expect == .miss }) { add("missing example with expect: miss") }
        if !r.examples.contains(where: { $0.verdict != nil }) {
            add("missing an example with verdict: (the side the whole catalogue must reach on it)")
        }
        return out
    }

    /// Rules about HTTP status, transport, timeouts or request rate: by category or by the fields they test.
    static func isTransportRule(_ r: Rule) -> Bool {
        let areas = ["gateway", "network", "timeout", "retry"]
        if areas.contains(where: { r.category.hasPrefix($0 + ".") || r.category == $0 }) { return true }
        return r.match.mentions(.httpStatus) || r.match.mentions(.bodyKind) || r.match.mentions(.clientTimeoutSeconds)
    }

    /// The side each MixVel `ErrorType` names (domain notes §2.2, §5).
    public static let errorTypeSides: [(errorType: String, side: Rule.Side)] = [
        ("BadRequest", .customer), ("InternalServerError", .platform), ("ProviderError", .provider),
    ]

    /// ErrorType decides the side: a rule that can match an event whose `ErrorType` names another side must pin
    /// `errorType` (or exclude the others), unless it states `overridesErrorType:` (code-level or sequence evidence
    /// the notes support). Rules that match only requests are exempt (requests carry no ErrorType).
    static func errorTypeSideProblems(_ r: Rule) -> [RuleProblem] {
        guard r.overridesErrorType == nil else { return [] }
        let onlyRequests = r.match.excludes(.direction, .string("response")) && r.match.excludes(.direction, nil)
        if onlyRequests { return [] }
        var out: [RuleProblem] = []
        for (type, side) in errorTypeSides where side != r.side && !r.match.excludes(.errorType, .string(type)) {
            out.append(
                RuleProblem(
                    file: r.file, line: nil, ruleId: r.id,
                    message: "side \(r.side.rawValue) but the rule can match ErrorType \(type) "
                        + "(side \(side.rawValue)): "
                        + "pin errorType (e.g. not: {errorType: [\(type)]}, or errorType: {exists: false}), "
                        + "or state overridesErrorType: with the evidence the notes give"))
        }
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
        if let n = result.undecidedCounts[r.id], n > 0 {
            return "example '\(ex.name)': a regex of the rule ran out of its step budget on \(n) event(s), so the "
                + "rule could not decide them (neither hit nor miss); rewrite the pattern so it backtracks less"
        }
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

    /// Examples that state a `verdict:`: the whole `catalogue` must reach that side on the example's log.
    public static func verdictProblems(_ r: Rule, in catalogue: RuleCatalogue) -> [RuleProblem] {
        r.examples.compactMap { ex in
            guard let want = ex.verdict else { return nil }
            let got = verdict(ex, catalogue)
            guard got.side.rawValue != want else { return nil }
            return RuleProblem(
                file: r.file, line: ex.sourceLine, ruleId: r.id,
                message: "example '\(ex.name)': the catalogue's verdict is \(got.side.rawValue), not \(want) "
                    + "(\(got.summary))")
        }
    }

    /// The verdict the whole `catalogue` reaches on the example's log, read as one support request.
    public static func verdict(_ ex: RuleExample, _ catalogue: RuleCatalogue) -> Diagnosis.Verdict {
        let d = Diagnoser(catalogue: catalogue, request: AnalysisRequest())
        d.read(bytes: Array(ex.log.utf8), name: ex.fileName, options: IngestOptions())
        return d.finish().verdict
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
