import Foundation

/// Weighs the findings of one diagnosis by side and decides the verdict: whose fault, how sure, the alternatives and
/// the order findings are shown in.
///
/// ```swift
/// let ranking = VerdictRanking(facts: facts, catalogue: catalogue, request: request, anyInPeriod: anyInPeriod)
/// let verdict = ranking.verdict(findings: findings, unexplained: unexplained, read: read, redactor: redactor)
/// let shown = ranking.sorted(findings, under: verdict)
/// ```
struct VerdictRanking {
    /// What the verdict needs to know about a finding beyond ``Diagnosis/Finding`` (kept out of the JSON schema).
    struct FindingFacts {
        /// The decisive events of its hits.
        var events: Set<Diagnoser.EventKey>
        /// Built from a failed call inside the period (not from successful traffic).
        var failed: Bool
        /// Its rule is tagged `hedged`: the evidence alone does not say whose side it is.
        var hedged: Bool
        /// What to ask the customer when only hedged evidence is there.
        var question: String?
    }

    /// What was read, for a verdict when nothing blames anyone.
    struct ReadSummary {
        var records: Int
        /// Inputs not read in full (sorted).
        var incomplete: [String]
    }

    /// Per rule id of a finding built from rule hits (the stand-mismatch finding has none).
    let facts: [String: FindingFacts]
    let catalogue: RuleCatalogue
    let request: AnalysisRequest
    /// Some finding that blames a side lies inside the ticket's period.
    let anyInPeriod: Bool
    /// Some finding is built from a failed call inside the period.
    private let anyFailure: Bool

    init(facts: [String: FindingFacts], catalogue: RuleCatalogue, request: AnalysisRequest, anyInPeriod: Bool) {
        self.facts = facts
        self.catalogue = catalogue
        self.request = request
        self.anyInPeriod = anyInPeriod
        anyFailure = facts.values.contains { $0.failed }
    }

    /// The question to ask when a hedged rule's evidence is all there is.
    static func question(for rule: Rule) -> String? {
        guard rule.tags.contains("hedged") else { return nil }
        switch rule.category.split(separator: ".").first {
        case "gateway":
            return "Did the call reach MixVel? Send the full response of the failing call (HTTP status, headers and "
                + "body) with its time, and say whether your requests pass through a proxy."
        case "network":
            return "Do other calls from the same server reach api.mixvel.com at that time? Send the exception with its "
                + "inner exception, the time, and whether a proxy or firewall sits in between."
        case "timeout":
            return "What ResponseAfterTimeout did the request send, and what is your client's HTTP timeout? Send the "
                + "request with its MessageId and time."
        default:
            return "Send the request and response of the failing call (time, URL, HTTP status, body, MessageId)."
        }
    }

    private static func levelWeight(_ level: Level) -> Double {
        switch level {
        case .critical: return 6
        case .high: return 4
        case .medium: return 2
        case .low: return 1
        case .informational: return 0.5
        }
    }

    /// Weight of a finding in the verdict: severity × the rule's confidence × a gentle count bonus; fallbacks and
    /// findings outside the ticket's period (when something is inside) count less.
    func score(_ f: Diagnosis.Finding) -> Double {
        var s = Self.levelWeight(f.level) * f.confidence * (1 + log2(Double(max(f.count, 1))) / 2)
        if f.fallback { s *= 0.5 }
        if anyInPeriod && !f.inPeriod { s *= 0.2 }
        // A failed call inside the period outranks what was built from successful traffic (request rates, slow but
        // answered calls, stand statistics).
        if anyFailure && facts[f.ruleId]?.failed != true { s *= 0.1 }
        return s
    }

    /// A side's lead: in the period if any is, then the most specific rule, then the heaviest evidence.
    private func leads(_ a: Diagnosis.Finding, over b: Diagnosis.Finding) -> Bool {
        if a.inPeriod != b.inPeriod { return a.inPeriod }
        if a.priority != b.priority { return a.priority > b.priority }
        return score(a) > score(b)
    }

    /// The findings in the order reports show them: the verdict's side first, then the alternatives in rank order;
    /// within a side in the period first, the most specific rule (priority), then the heaviest evidence.
    func sorted(_ findings: [Diagnosis.Finding], under verdict: Diagnosis.Verdict) -> [Diagnosis.Finding] {
        var sideRank: [Side: Int] = [verdict.side: 0]
        for (k, a) in verdict.alternatives.enumerated() { sideRank[a.side] = k + 1 }
        return findings.sorted { a, b in
            let ra = sideRank[a.side] ?? 99
            let rb = sideRank[b.side] ?? 99
            if ra != rb { return ra < rb }
            if a.inPeriod != b.inPeriod { return a.inPeriod }
            if a.priority != b.priority { return a.priority > b.priority }
            let sa = score(a)
            let sb = score(b)
            return sa != sb ? sa > sb : a.ruleId < b.ruleId
        }
    }

    /// The evidence weight of each side that findings blame, heaviest first, and each side's lead finding.
    struct Weights {
        var ranked: [(side: Side, weight: Double)]
        var lead: [Side: Diagnosis.Finding]
        /// Every side's weight and the unexplained error groups' together.
        var total: Double
    }

    /// Evidence, not rules: findings of one side that share a decisive event count once, at the heaviest.
    func weigh(_ findings: [Diagnosis.Finding], unexplained: [Diagnosis.ErrorGroup]) -> Weights {
        var lead: [Side: Diagnosis.Finding] = [:]
        var groups: [Side: [(events: Set<Diagnoser.EventKey>, weight: Double)]] = [:]
        for f in findings where f.side != .none && f.side != .inconclusive {
            let keys = facts[f.ruleId]?.events ?? [Diagnoser.EventKey(file: f.ruleId, line: 0)]
            var merged = (events: keys, weight: score(f))
            var rest: [(events: Set<Diagnoser.EventKey>, weight: Double)] = []
            for g in groups[f.side, default: []] {
                if g.events.isDisjoint(with: merged.events) {
                    rest.append(g)
                } else {
                    merged = (g.events.union(merged.events), max(g.weight, merged.weight))
                }
            }
            groups[f.side] = rest + [merged]
            if lead[f.side].map({ leads(f, over: $0) }) ?? true { lead[f.side] = f }
        }
        var bySide: [Side: Double] = [:]
        for (side, gs) in groups { bySide[side] = gs.reduce(0) { $0 + $1.weight } }
        let unexplainedWeight = unexplained.reduce(0.0) { $0 + 1 + log2(Double($1.count)) / 2 }
        let ranked = bySide.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
            .map { (side: $0.key, weight: $0.value) }
        // Added in rank order: a dictionary's order would change the last bits of the sum from run to run.
        let total = ranked.reduce(0) { $0 + $1.weight } + unexplainedWeight
        return Weights(ranked: ranked, lead: lead, total: total)
    }

    /// The verdict: the heaviest side when its evidence is more than hedged, else why nobody can be blamed yet.
    func verdict(
        findings: [Diagnosis.Finding],
        unexplained: [Diagnosis.ErrorGroup],
        read: ReadSummary,
        redactor: Redactor
    ) -> Diagnosis.Verdict {
        let w = weigh(findings, unexplained: unexplained)
        guard let (side, top) = w.ranked.first, top > 0, let lead = w.lead[side] else {
            return noBlame(findings: findings, unexplained: unexplained, read: read)
        }
        let blaming = findings.filter { $0.side != .none && $0.side != .inconclusive }
        if !blaming.isEmpty, blaming.allSatisfy({ facts[$0.ruleId]?.hedged == true }) {
            return hedgedOnly(findings: findings, weights: w, lead: lead, redactor: redactor)
        }
        return blame(side, findings: findings, unexplained: unexplained, weights: w, lead: lead, redactor: redactor)
    }

    /// No finding blames a side: unexplained errors, a business result, or nothing found (never "no failure" when
    /// some input could not be read: a failure may be in what was not read).
    private func noBlame(
        findings: [Diagnosis.Finding],
        unexplained: [Diagnosis.ErrorGroup],
        read: ReadSummary
    ) -> Diagnosis.Verdict {
        if let g = unexplained.first {
            let list = unexplained.prefix(3).map { "\($0.signature) ×\($0.count)" }.joined(separator: "; ")
            let at = g.evidence.first.map { "\($0.file):\($0.line)" } ?? "the logs"
            return .init(
                side: .inconclusive,
                confidence: 0.3,
                summary: "Errors that no rule explains: \(list). Read the evidence of \(at) and extend the catalogue.",
                alternatives: [],
                ranking: nil
            )
        }
        if let w = findings.first(where: { $0.side == .none }) {
            return .init(
                side: .none,
                confidence: min(0.95, w.confidence),
                summary: "No fault found: \(w.title) (\(w.count)×). The platform answered; this is a business result.",
                alternatives: [],
                ranking: nil
            )
        }
        let incomplete = read.incomplete
        if read.records == 0 {
            let why =
                incomplete.isEmpty
                ? "" : " (\(TextReport.list(incomplete, max: 3)) could not be read in full)"
            return .init(
                side: .inconclusive, confidence: 0, summary: "Nothing could be read from the inputs\(why).",
                alternatives: [], ranking: nil)
        }
        if !incomplete.isEmpty {
            return .init(
                side: .inconclusive,
                confidence: 0.2,
                summary: "No errors found in the \(read.records) records read, but "
                    + "\(TextReport.list(incomplete, max: 3)) could not be read in full (damaged, truncated, "
                    + "binary or an unsupported archive): the failure may be in what was not read. Ask for those "
                    + "logs again.",
                alternatives: [],
                ranking: nil
            )
        }
        return .init(
            side: .none,
            confidence: 0.5,
            summary: "No errors found in \(read.records) records: the logs show no failure. Ask for logs of the "
                + "failing period if the problem persists.",
            alternatives: [],
            ranking: nil
        )
    }

    /// Hedged evidence alone (an HTML page, an unexplained 5xx, a connection failure) blames nobody yet: ask.
    private func hedgedOnly(
        findings: [Diagnosis.Finding],
        weights w: Weights,
        lead: Diagnosis.Finding,
        redactor: Redactor
    ) -> Diagnosis.Verdict {
        let side = w.ranked[0].side
        let question = facts[lead.ruleId]?.question ?? Self.question(for: catalogue.rule(id: lead.ruleId)!) ?? ""
        return .init(
            side: .inconclusive,
            confidence: 0.3,
            summary: redactor.redact(
                "Only hedged evidence: \(lead.title) (\(lead.count)×) could be \(side.rawValue)-side or come from "
                    + "something in between. Ask: \(question)"),
            alternatives: w.ranked.map { (s, v) in
                Diagnosis.Alternative(
                    side: s, confidence: (min(0.6, v / w.total) * 100).rounded() / 100,
                    findings: findings.filter { $0.side == s }.map(\.ruleId))
            },
            ranking: nil
        )
    }

    /// The heaviest side is the verdict: its share of all the evidence times its lead rule's confidence.
    private func blame(
        _ side: Side,
        findings: [Diagnosis.Finding],
        unexplained: [Diagnosis.ErrorGroup],
        weights w: Weights,
        lead: Diagnosis.Finding,
        redactor: Redactor
    ) -> Diagnosis.Verdict {
        let share = w.ranked[0].weight / w.total
        let confidence = (min(0.99, share * lead.confidence) * 100).rounded() / 100
        let alternatives = w.ranked.dropFirst().map { (s, v) in
            Diagnosis.Alternative(
                side: s,
                confidence: (min(0.99, v / w.total) * 100).rounded() / 100,
                findings: findings.filter { $0.side == s }.map(\.ruleId)
            )
        }
        let onMethods = lead.methods.isEmpty ? "" : " on \(lead.methods.prefix(3).joined(separator: ", "))"
        let when = lead.firstSeen.map { " from \($0)" } ?? ""
        let who: String
        switch side {
        case .customer: who = "Customer-side problem"
        case .platform: who = "MixVel platform fault" + (lead.route.map { " (route to \($0))" } ?? "")
        case .provider: who = "Provider (airline/supplier) failure" + (lead.route.map { " (route to \($0))" } ?? "")
        default: who = side.rawValue
        }
        var summary = "\(who): \(lead.title) — \(lead.count)×\(onMethods)\(when)."
        if !unexplained.isEmpty { summary += " \(unexplained.count) error group(s) no rule explains." }
        var ranking: String?
        if w.ranked.count > 1 {
            let parts = w.ranked.map { (s, v) in
                let best = w.lead[s].map { "\($0.ruleId) ×\($0.count), \($0.level)" } ?? ""
                return "\(s.rawValue) \(String(format: "%.1f", v)) (\(best))"
            }
            ranking =
                "Evidence weight by side (severity × rule confidence × count): " + parts.joined(separator: " > ")
                + (anyInPeriod && (request.since != nil || request.until != nil)
                    ? "; events outside the ticket's period weigh 0.2." : ".")
        }
        return .init(
            side: side, confidence: confidence, summary: redactor.redact(summary), alternatives: alternatives,
            ranking: ranking)
    }
}
