import Foundation
import LogBytes

/// Matches a compiled catalogue against a stream of records.
///
/// ```swift
/// var engine = RuleEngine(catalogue: try RuleCatalogue.loadBundled())
/// _ = try Ingest.read(path: p, displayName: p, options: o) { engine.consume($0) }
/// let result = engine.finish()   // hits, per-rule counts, near misses
/// ```
///
/// Feed every file of one support request to the same engine, so correlations see them all. Single-event rules are
/// decided as records arrive; correlations keep compact, capped per-group state and are decided in ``finish()``.
public struct RuleEngine: Sendable {
    /// Tuning and caps.
    public struct Options: Sendable {
        /// Single-event hits kept per rule; further matches are only counted in ``RuleEngineResult/matchCounts``.
        var maxHitsPerRule = 200
        /// Keep near misses (prefilter passed, conditions failed) for `--explain`.
        public var keepNearMisses = false
        var maxNearMissesPerRule = 5

        public init() {}
    }

    /// A rule ready for matching (a class, so the per-record loop does not copy it).
    final class Compiled: Sendable {
        let rule: Rule
        let condition: Condition
        let prefilter: Prefilter?
        let anchor: Condition?
        let anchorPrefilter: Prefilter?

        init(rule: Rule, condition: Condition, prefilter: Prefilter?, anchor: Condition?, anchorPrefilter: Prefilter?) {
            self.rule = rule
            self.condition = condition
            self.prefilter = prefilter
            self.anchor = anchor
            self.anchorPrefilter = anchorPrefilter
        }
    }

    public let options: Options
    let rules: [Compiled]
    /// Per rule, the fields an event must have before the rule is evaluated at all.
    let gates: [FieldGate]
    /// Every literal of the rules' prefilters, found in one pass per record.
    let scanner: LiteralScanner
    /// Fields that ``apply(_:to:)`` reads beyond ``HitEvent``'s (correlation keys, remediation placeholders); the
    /// others can be dropped from an event once it has been matched (see ``PackedEvent``).
    let appliedFields: Set<EventField>
    /// Extraction on demand for inputs this engine matches (nil: this catalogue needs the full extraction).
    let extractionTrigger: ExtractionTrigger?
    private var states: [CorrelationState]
    private var hits: [RuleHit] = []
    private var counts: [Int]
    private var nearMisses: [NearMiss] = []
    private var nearMissCounts: [Int]
    /// Per rule, events left undecided by a regex's step budget.
    private var undecided: [Int]
    private var seq = 0

    /// Compiles `catalogue` for matching (conditions reordered cheapest first, prefilters derived).
    public init(catalogue: RuleCatalogue, options: Options = Options()) {
        self.init(rules: catalogue.rules, options: options)
    }

    /// Compiles an explicit list of rules.
    public init(rules: [Rule], options: Options = Options()) {
        self.options = options
        var scanner = LiteralScanner()
        self.rules = rules.map { r in
            var anchor: Condition?
            if case .sequence(let after, _, _) = r.correlation?.kind { anchor = after.optimized() }
            return Compiled(
                rule: r,
                condition: r.match.optimized(),
                prefilter: r.match.prefilter?.resolved(&scanner),
                anchor: anchor,
                anchorPrefilter: anchor?.prefilter?.resolved(&scanner)
            )
        }
        self.scanner = scanner
        // A rule is looked at only when the event has what its condition (or its sequence anchor) needs.
        gates = self.rules.map { c in
            let need = FieldGate(mask: c.condition.requiredFields)
            guard let a = c.anchor else { return need }
            return FieldGate(mask: need.mask & a.requiredFields)
        }
        appliedFields = self.rules.reduce(into: []) { $0.formUnion($1.readFieldsBeyondConditions) }
        extractionTrigger = Self.extractionTrigger(rules: self.rules, scanner: scanner)
        states = Array(repeating: CorrelationState(), count: rules.count)
        counts = Array(repeating: 0, count: rules.count)
        nearMissCounts = Array(repeating: 0, count: rules.count)
        undecided = Array(repeating: 0, count: rules.count)
    }

    /// Matches one record; call once per record, in stream order.
    public mutating func consume(_ record: LogRecord) {
        apply(match(record), to: record.event)
    }

    /// Matches one event whose record bytes are `bytes` (empty when only fields are known).
    public mutating func consume(_ event: LogEvent, bytes: ArraySlice<UInt8> = []) {
        apply(match(event, bytes: bytes), to: event)
    }

    /// What `event` matched, decided without touching the engine's state: pure, so any thread can compute it ahead
    /// and hand it to ``apply(_:to:)``, which then needs neither the record's bytes nor the conditions.
    /// `hits`: the literals the record's extraction found (``LiteralHits``), so the record is not scanned again.
    func match(_ event: LogEvent, bytes: ArraySlice<UInt8>, hits: LiteralHits? = nil) -> RecordMatch {
        var m = RecordMatch()
        let present = FieldGate.present(in: event)
        // Most records pass no gate at all: no scan buffer, no allocation.
        guard let first = gates.firstIndex(where: { $0.admits(present) }) else { return m }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, scanner.wordCount)) { found in
            var scan = LiteralScan(scanner: scanner, bytes: bytes, found: found)
            if let hits { scan.preset(hits.words) }
            rules.withUnsafeBufferPointer { rules in
                gates.withUnsafeBufferPointer { gates in
                    for i in first..<rules.count where gates[i].admits(present) {
                        Self.match(rules[i], i, event, &scan, keepNearMisses: options.keepNearMisses, into: &m)
                    }
                }
            }
        }
        return m
    }

    @inline(__always)
    private static func match(
        _ c: Compiled,
        _ i: Int,
        _ event: LogEvent,
        _ scan: inout LiteralScan,
        keepNearMisses: Bool,
        into m: inout RecordMatch
    ) {
        let bytes = scan.bytes
        if let a = c.anchor, c.anchorPrefilter?.passes(event, &scan) ?? true {
            switch a.evaluate(event, bytes) {
            case true?: m.steps.append(.anchor(i))
            case nil: m.steps.append(.undecided(i))
            case false?: break
            }
        }
        if let p = c.prefilter, !p.passes(event, &scan) { return }
        switch c.condition.evaluate(event, bytes) {
        case true?:
            m.steps.append(.condition(i))
        case nil:
            m.steps.append(.undecided(i))
        case false?:
            if keepNearMisses, c.prefilter != nil, let f = c.condition.failure(event, bytes) {
                m.steps.append(.nearMiss(i, f))
            }
        }
    }

    /// Applies what ``match(_:bytes:)`` found for the next record in stream order: counts, hits, correlation state.
    mutating func apply(_ m: RecordMatch, to event: LogEvent) {
        seq += 1
        for step in m.steps {
            switch step {
            case .anchor(let i): addAnchor(i, event)
            case .nearMiss(let i, let f):
                guard nearMissCounts[i] < options.maxNearMissesPerRule else { continue }
                nearMissCounts[i] += 1
                nearMisses.append(NearMiss(ruleId: rules[i].rule.id, event: HitEvent(event), failedCondition: f))
            case .condition(let i): matched(i, event)
            case .undecided(let i): undecided[i] += 1
            }
        }
    }

    private mutating func matched(_ i: Int, _ event: LogEvent) {
        counts[i] += 1
        let rule = rules[i].rule
        switch rule.correlation?.kind {
        case nil:
            if counts[i] <= options.maxHitsPerRule {
                hits.append(makeHit(rule, event, related: [], occurrences: 1, detail: nil))
            }
        case .count(let window, let minCount, let distinct):
            addCounted(i, event, window: window, minCount: minCount, distinct: distinct)
        case .sequence:
            addCandidate(i, event)
        }
    }

    /// Decides the correlations and returns everything found. The engine can keep consuming afterwards.
    public func finish() -> RuleEngineResult {
        var all = hits
        var seqHits: [RuleHit] = []
        for i in rules.indices {
            if case .sequence(_, let select, let gap) = rules[i].rule.correlation?.kind {
                seqHits += sequenceHits(i, select: select, gap: gap)
            }
        }
        seqHits.sort { ($0.event.timestamp?.epochMillis ?? 0) < ($1.event.timestamp?.epochMillis ?? 0) }
        all += seqHits
        all += baselineHits()
        var matchCounts: [String: Int] = [:]
        for (i, c) in rules.enumerated() where counts[i] > 0 { matchCounts[c.rule.id] = counts[i] }
        var undecidedCounts: [String: Int] = [:]
        for (i, c) in rules.enumerated() where undecided[i] > 0 {
            undecidedCounts[c.rule.id, default: 0] += undecided[i]
        }
        return RuleEngineResult(
            hits: all,
            matchCounts: matchCounts,
            nearMisses: nearMisses,
            recordsSeen: seq,
            correlationEventsDropped: states.map(\.dropped).reduce(0, +),
            undecidedCounts: undecidedCounts
        )
    }

    // MARK: - Hits

    func makeHit(
        _ rule: Rule,
        _ event: LogEvent,
        related: [HitEvent],
        occurrences: Int,
        detail: RuleHit.CorrelationDetail?
    ) -> RuleHit {
        var tickets: [String] = []
        for t in [event.ticketId] + related.map(\.ticketId) {
            if let t, !t.isEmpty, !tickets.contains(t) { tickets.append(t) }
        }
        let en = { (name: String) -> String? in Self.templateValue(name, event, detail, language: .en) }
        let ru = { (name: String) -> String? in Self.templateValue(name, event, detail, language: .ru) }
        let rem = Remediation(
            en: RuleTemplate.render(rule.remediation.en, lookup: en),
            ru: RuleTemplate.render(rule.remediation.ru, lookup: ru),
            internal: RuleTemplate.render(rule.remediation.internal, lookup: en)
        )
        return RuleHit(
            ruleId: rule.id,
            title: rule.title,
            side: rule.side,
            category: rule.category,
            route: rule.route,
            level: rule.level,
            confidence: rule.confidence,
            priority: rule.priority,
            isFallback: rule.isFallback,
            event: HitEvent(event),
            related: related,
            occurrences: occurrences,
            remediation: rem,
            ticketIds: tickets,
            correlation: detail
        )
    }

    /// A template placeholder's text: durations as people say them in `language`, the excerpt short.
    static func templateValue(
        _ name: String, _ event: LogEvent, _ d: RuleHit.CorrelationDetail?,
        language: AnalysisRequest.Language = .en
    ) -> String? {
        func human(_ seconds: Double) -> String {
            HumanDuration.format(milliseconds: Int64((seconds * 1000).rounded()), language: language)
        }
        switch name {
        case "count": return d?.count.map(String.init)
        case "window": return d?.windowSeconds.map(human)
        case "gap": return d?.gapSeconds.map(human)
        case "excerpt": return event.excerpt.isEmpty ? nil : Excerpt.cutForTemplate(event.excerpt)
        case "distinct": return d?.distinctValues?.joined(separator: ", ")
        case "timestamp": return event.timestamp?.description
        default: return EventField.named(name).flatMap { event.value(of: $0)?.text }.map(Excerpt.trimmedIfCut)
        }
    }

    // MARK: - Count correlation

    /// Count rules with a baseline: the busiest window of each group when it is a sharp rise against the group's
    /// average rate over the log (or, in a log too short for a baseline, when it reaches `minCount`).
    private func baselineHits() -> [RuleHit] {
        var out: [RuleHit] = []
        for i in rules.indices {
            guard let c = rules[i].rule.correlation, let factor = c.baselineFactor,
                case .count(let window, _, _) = c.kind
            else { continue }
            for key in states[i].countGroups.keys.sorted() {
                guard let g = states[i].countGroups[key], var hit = g.busiest,
                    let last = hit.event.timestamp?.epochMillis
                else { continue }
                let w = max(window.milliseconds, 1)
                let span = max(g.maxTime, last) - g.firstTime
                if span >= Correlation.baselineSpanWindows * w {
                    let perWindow = Double(g.total) * Double(w) / Double(span)
                    guard Double(hit.occurrences) >= factor * perWindow else { continue }
                }
                hit.occurrences = max(hit.occurrences, 1)
                out.append(hit)
            }
        }
        return out.sorted { ($0.event.timestamp?.epochMillis ?? 0) < ($1.event.timestamp?.epochMillis ?? 0) }
    }

    private mutating func addCounted(
        _ i: Int,
        _ event: LogEvent,
        window: Correlation.Duration,
        minCount: Int,
        distinct: Correlation.Distinct?
    ) {
        guard let t = event.timestamp?.epochMillis else { return }
        let rule = rules[i].rule
        let key = CorrelationState.groupKey(event, rule.correlation?.groupBy ?? [])
        // The group is taken out of the state and put back, so both are uniquely referenced and change in place
        // (a copy of either would copy the whole dictionary or entry list for every event).
        guard
            var g = states[i].countGroups.removeValue(forKey: key)
                ?? (states[i].countGroups.count < CorrelationState.maxGroups ? CorrelationState.CountGroup() : nil)
        else {
            states[i].dropped += 1
            return
        }
        defer { states[i].countGroups[key] = g }
        let baseline = rule.correlation?.baselineFactor != nil
        if baseline {
            g.total += 1
            g.firstTime = min(g.firstTime, t)
        }
        if let h = g.hitIndex {
            // Already fired: only count.
            hits[h].occurrences += 1
            return
        }
        let entry = CorrelationState.Entry(
            time: t,
            seq: seq,
            distinct: distinct.flatMap { event.value(of: $0.field)?.text },
            event: HitEvent(event),
            anchorValue: nil
        )
        states[i].dropped += CorrelationState.insertSorted(
            entry, into: &g.entries, cap: CorrelationState.maxEntriesPerGroup)
        g.maxTime = max(g.maxTime, t)
        g.entries.removeAll { $0.time < g.maxTime - window.milliseconds }
        // Windows ending at the new event and at the newest event.
        for end in Set([t, g.maxTime]) {
            let inWindow = g.entries.filter { $0.time <= end && $0.time >= end - window.milliseconds }
            guard inWindow.count >= minCount else { continue }
            let values = Set(inWindow.compactMap { $0.distinct?.lowercased() })
            if let d = distinct, values.count < d.min { continue }
            let detail = RuleHit.CorrelationDetail(
                kind: "count",
                group: key.replacingOccurrences(of: "\u{1F}", with: "/"),
                count: inWindow.count,
                windowSeconds: Double(window.milliseconds) / 1000,
                distinctValues: distinct == nil ? nil : values.sorted(),
                gapSeconds: nil
            )
            let evidence = inWindow.count <= 10 ? inWindow : Array(inWindow.prefix(5) + inWindow.suffix(5))
            if baseline, inWindow.count <= g.busiest?.occurrences ?? 0 { continue }
            var hit = makeHit(rule, event, related: [], occurrences: inWindow.count, detail: detail)
            hit.event = evidence.last?.event ?? HitEvent(event)
            hit.related = evidence.dropLast().map(\.event)
            for e in hit.related { if let tk = e.ticketId, !hit.ticketIds.contains(tk) { hit.ticketIds.append(tk) } }
            if baseline {
                g.busiest = hit  // decided against the whole log's rate in finish()
                break
            }
            hits.append(hit)
            g.hitIndex = hits.count - 1
            g.entries = []
            break
        }
    }

    // MARK: - Sequence correlation

    private mutating func addAnchor(_ i: Int, _ event: LogEvent) {
        guard let t = event.timestamp?.epochMillis, let corr = rules[i].rule.correlation else { return }
        var anchorValue: Double?
        if case .sequence(_, _, let gap) = corr.kind {
            for b in gap {
                if case .anchorField(let f) = b.value, case .number(let d)? = event.value(of: f) { anchorValue = d }
            }
        }
        let key = CorrelationState.groupKey(event, corr.groupBy)
        let differ = corr.differ.isEmpty ? nil : CorrelationState.groupKey(event, corr.differ)
        let entry = CorrelationState.Entry(
            time: t, seq: seq, distinct: differ, event: HitEvent(event), anchorValue: anchorValue)
        if states[i].anchors[key] == nil, states[i].anchors.count >= CorrelationState.maxGroups {
            states[i].dropped += 1
            return
        }
        states[i].dropped += CorrelationState.insertSorted(
            entry, into: &states[i].anchors[key, default: []], cap: CorrelationState.maxAnchorsPerGroup)
    }

    private mutating func addCandidate(_ i: Int, _ event: LogEvent) {
        guard let t = event.timestamp?.epochMillis, let corr = rules[i].rule.correlation else { return }
        guard states[i].candidates.count < CorrelationState.maxCandidates else {
            states[i].dropped += 1
            return
        }
        let key = CorrelationState.groupKey(event, corr.groupBy)
        states[i].candidates.append(.init(group: key, time: t, seq: seq, event: event))
    }

    private func sequenceHits(_ i: Int, select: Correlation.Select, gap: [Correlation.GapBound]) -> [RuleHit] {
        var out: [RuleHit] = []
        let rule = rules[i].rule
        for c in states[i].candidates {
            guard let anchors = states[i].anchors[c.group] else { continue }
            // Anchors keep their `differ` values in `distinct`.
            let differ =
                rule.correlation.map { $0.differ.isEmpty ? nil : CorrelationState.groupKey(c.event, $0.differ) } ?? nil
            let earlier = anchors.filter {
                ($0.time, $0.seq) < (c.time, c.seq) && $0.seq != c.seq && (differ == nil || $0.distinct != differ)
            }
            guard let a = select == .last ? earlier.last : earlier.first else { continue }
            let gapMs = Double(c.time - a.time)
            let ok = gap.allSatisfy { b in
                switch b.value {
                case .duration(let d): return b.comparison.holds(gapMs, Double(d.milliseconds))
                case .anchorField:
                    guard let v = a.anchorValue else { return false }
                    return b.comparison.holds(gapMs, v * 1000)
                }
            }
            guard ok else { continue }
            let detail = RuleHit.CorrelationDetail(
                kind: "sequence",
                group: c.group.replacingOccurrences(of: "\u{1F}", with: "/"),
                count: nil,
                windowSeconds: nil,
                distinctValues: nil,
                gapSeconds: gapMs / 1000
            )
            out.append(makeHit(rule, c.event, related: [a.event], occurrences: 1, detail: detail))
            if out.count >= options.maxHitsPerRule { break }
        }
        return out
    }
}

// MARK: - Deciding records ahead (parallel ingest)

/// What one record matched (``RuleEngine/match(_:bytes:)``), in the order ``RuleEngine/apply(_:to:)`` replays it.
struct RecordMatch: Sendable {
    enum Step: Sendable {
        /// The rule's sequence anchor holds.
        case anchor(Int)
        /// The rule's condition holds.
        case condition(Int)
        /// The prefilter passed but this condition failed (kept only for `--explain`).
        case nearMiss(Int, String)
        /// The rule's condition (or anchor) was undecided: a regex ran out of its step budget.
        case undecided(Int)
    }

    var steps: [Step] = []

    /// True when applying it would only count the record.
    var isEmpty: Bool { steps.isEmpty }
}

extension RuleEngine {
    /// Counts `n` records that matched nothing, in stream order (the same as applying an empty ``RecordMatch``).
    mutating func skip(_ n: Int) { seq += n }
}
