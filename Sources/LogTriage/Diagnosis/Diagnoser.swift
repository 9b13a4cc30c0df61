import Foundation

/// Builds one ``Diagnosis`` from every input of a support request.
///
/// ```swift
/// let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
/// for path in paths { try d.read(path: path, options: ingestOptions) }
/// let diagnosis = d.finish()
/// ```
///
/// Records are matched as they stream in; what matched or is an error waits, per input, in a bounded spool
/// (``TimelineSpool``: memory up to a budget, then a temporary file), and ``finish()`` applies every input's events
/// to the engine and the counters on one merged timeline (``TimelineMerge``: by timestamp, ties by input name, then
/// position; an input's own order is kept). So the diagnosis does not depend on the order of the inputs nor on the
/// threads that read them; nothing grows with the input's size in memory except the capped hit lists.
public final class Diagnoser {
    private let catalogue: RuleCatalogue
    private let request: AnalysisRequest
    private var engine: RuleEngine
    private var inputs: [InputReport] = []
    /// What expanding directories and archives left out, and what it could not read in full.
    private var expansionNotes: [String] = []
    private var unreadableInputs: [String] = []
    /// Every input's forwarded events, waiting for ``finish()`` to merge them.
    private let store: TimelineStore
    private var spools: [TimelineSpool] = []
    /// What a forwarded event keeps (``ParallelIngest/forwardedFields(_:)``), and what it drops when it is no error.
    private let forwarded: [EventField]
    private let errorOnly: Set<EventField>

    /// Counters over every record read (the same ones ingest threads keep for records no rule needs).
    private var totals = QuietRun()
    private var errorEvents = 0
    /// Errors in traffic that is not shown to be MixVel's (the agency's own routes, other APIs): context only.
    private var contextErrors = 0
    private var errorGroups: [String: GroupState] = [:]
    private static let maxGroups = 200
    private static let maxTrackedPerGroup = 400

    private struct GroupState {
        var signature: String
        var count = 0
        var methods: Set<String> = []
        var samples: [HitEvent] = []
        var tracked: Set<EventKey> = []
        /// MIX codes quoted in the events' text (an application's own exception that repeats a MixVel error).
        var mentionedCodes: Set<String> = []
    }

    struct EventKey: Hashable {
        var file: String
        var line: Int
    }

    public convenience init(catalogue: RuleCatalogue, request: AnalysisRequest) {
        self.init(catalogue: catalogue, request: request, store: TimelineStore())
    }

    /// `store`: where the inputs' spools keep their bytes (tests pass a tiny memory budget).
    init(catalogue: RuleCatalogue, request: AnalysisRequest, store: TimelineStore) {
        self.catalogue = catalogue
        self.request = request
        self.store = store
        var options = RuleEngine.Options()
        options.keepNearMisses = request.explain
        self.engine = RuleEngine(catalogue: catalogue, options: options)
        forwarded = ParallelIngest.forwardedFields(engine)
        errorOnly = Set<EventField>([.message, .exceptionMessage]).subtracting(engine.appliedFields)
    }

    /// Reads one input into the diagnosis. Throws ``IngestError`` when it cannot be opened.
    public func read(path: String, displayName: String? = nil, options: IngestOptions) throws {
        let spool = TimelineSpool(name: displayName ?? path, store: store)
        let report = try Ingest.read(path: path, displayName: displayName ?? path, options: onDemand(options)) {
            [self] record in
            keep(record, in: spool)
        }
        spool.finish()
        spools.append(spool)
        inputs.append(report)
    }

    /// `options` with extraction on demand for this engine's catalogue (``ExtractionTrigger``), unless forced off.
    private func onDemand(_ options: IngestOptions) -> IngestOptions {
        var o = options
        if !o.fullExtraction, o.extractionTrigger == nil { o.extractionTrigger = engine.extractionTrigger }
        return o
    }

    /// What expanding the inputs (directories, archives) reported: `notes` go into the coverage notes; `unreadable`
    /// inputs were not read in full, so the logs read showing no failure is not a "no failure" verdict.
    public func noteExpansion(notes: [String], unreadable: [String]) {
        expansionNotes += notes
        unreadableInputs += unreadable
    }

    /// Inputs not read in full: named by the expansion, truncated, or binary; sorted, so the order of the inputs
    /// does not show.
    private var incompleteInputs: [String] {
        var out = unreadableInputs
        for i in inputs where i.truncated || i.warnings.contains(where: { $0.kind == .binaryData }) {
            if !out.contains(i.file) { out.append(i.file) }
        }
        return out.sorted()
    }

    /// Reads an in-memory input (HTTP bodies, tests).
    public func read(bytes: [UInt8], name: String, options: IngestOptions) {
        let (recs, report) = Ingest.records(bytes: bytes, name: name, options: onDemand(options))
        let spool = TimelineSpool(name: name, store: store)
        for r in recs { keep(r, in: spool) }
        spool.finish()
        spools.append(spool)
        inputs.append(report)
    }

    /// Reads inputs on up to `threads` threads into their spools, so the diagnosis is the one
    /// ``read(path:displayName:options:)`` one after the other gives (and the same in any order).
    ///
    /// Each input is read on its own thread (as many at once as `threads`), which extracts events, matches them
    /// against the rules and writes its own spool (``ParallelIngest``); this thread only joins them in input order. A
    /// single large plain input is split into parts read the same way (``FileShards``), their spools joined in
    /// order; a single input that cannot be split is read and extracted on one thread and matched on another. Inputs
    /// under 2 MB in all are read on this thread. Memory is bounded by the spools' store (the rest goes to its
    /// temporary file) and, between two stages, by ``ParallelIngest/maxReadAheadBytes``. Throws the first input's
    /// ``IngestError`` in input order, after the inputs before it were read.
    ///
    /// `names`: what reports and evidence call each input (`support.zip!/app.log` for an archive member read from a
    /// temporary file); the paths by default.
    public func read(
        paths: [String],
        names: [String]? = nil,
        options: IngestOptions,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        onStart: (String) -> Void = { _ in }
    ) throws {
        try read(
            paths: paths, names: names, options: options, threads: threads, policy: ParallelIngest.Policy(),
            onStart: onStart)
    }

    func read(
        paths: [String],
        names: [String]? = nil,
        options: IngestOptions,
        threads: Int,
        policy: ParallelIngest.Policy,
        onStart: (String) -> Void = { _ in }
    ) throws {
        let names = names ?? paths
        precondition(names.count == paths.count, "one name per path")
        if paths.isEmpty || threads <= 1 || InputSize.total(paths) < policy.parallelFrom {
            // One core, or too little to read for threads to pay off: no threads, no hand-over.
            for (p, n) in zip(paths, names) {
                onStart(n)
                try read(path: p, displayName: n, options: options)
            }
            return
        }
        let (catalogue, engineOptions) = (catalogue, engine.options)
        let ingest = ParallelIngest(
            paths: paths, names: names, options: onDemand(options), engine: engine,
            makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy(), options: engineOptions) }, store: store,
            threads: threads, policy: policy)
        defer { ingest.cancel() }
        precondition(ingest.forwarded == forwarded, "ingest threads forward what the timeline replays")
        for (k, p) in names.enumerated() {
            onStart(p)
            let parts = ingest.parts[k]
            let reports = try parts.map { try $0.report() }
            let spool = parts[0].spool
            for later in parts.dropFirst() { spool.append(contentsOf: later.spool) }
            spool.finish()
            spools.append(spool)
            inputs.append(FileShards.merged(reports))
        }
    }

    /// Matches one record of an input and keeps it for the timeline as an ingest thread would hand it over: the
    /// packed event when it matched something or is an error, else its counts.
    private func keep(_ record: LogRecord, in spool: TimelineSpool) {
        RecordKeeper.keep(record, engine: engine, forwarded: forwarded, errorOnly: errorOnly, in: spool)
    }

    /// Applies every input read so far to the engine and the counters, on the merged timeline (records of all inputs
    /// go through the same engine, so correlations span files). Inputs read after a ``finish()`` come after these.
    private func applyTimeline() {
        var merge = TimelineMerge(spools)
        while let (item, k) = merge.next() {
            switch item {
            case .matched(let packed, let m):
                let e = packed.unpacked(file: spools[k].name, fields: forwarded)
                engine.apply(m, to: e)
                count(e)
            case .quiet(let run):
                engine.skip(run.records)
                absorb(run)
            }
        }
        spools = []
    }

    /// The fields ``count(_:)`` reads: what a record forwarded by an ingest thread must keep (``PackedEvent``).
    static let countedFields: Set<EventField> = [
        .method, .errorLevel, .errorType, .code, .httpStatus, .exceptionType, .exceptionMessage, .message,
        .operationStatuses, .direction, .bodyKind, .stand, .mixvel,
    ]

    /// The counters of a run of records that no rule needs and that are not errors.
    private func absorb(_ run: QuietRun) { totals.merge(run) }

    private func count(_ e: LogEvent) {
        totals.add(e)
        if e.errorLevel == nil, e.mixvel != true, Self.errorSignature(e) != nil {
            contextErrors += 1
            return
        }
        if let sig = Self.errorSignature(e) {
            errorEvents += 1
            if errorGroups[sig] == nil, errorGroups.count >= Self.maxGroups { return }
            var g = errorGroups[sig] ?? GroupState(signature: sig)
            g.count += 1
            if let m = e.method { g.methods.insert(m) }
            if g.samples.count < 3 { g.samples.append(HitEvent(e)) }
            if g.tracked.count < Self.maxTrackedPerGroup { g.tracked.insert(EventKey(file: e.file, line: e.line)) }
            if e.code == nil, g.mentionedCodes.count < 8 {
                g.mentionedCodes.formUnion(Self.mixCodes(in: (e.exceptionMessage ?? "") + " " + (e.message ?? "")))
            }
            errorGroups[sig] = g
        }
    }

    /// `MIX-` codes in free text.
    static func mixCodes(in text: String) -> Set<String> {
        var out: Set<String> = []
        var rest = Substring(text)
        while let r = rest.range(of: "MIX-") {
            let digits = rest[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if digits.count >= 6 { out.insert("MIX-" + digits) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// A short name for an error event's kind, or nil when the event is not an error.
    static func errorSignature(_ e: LogEvent) -> String? {
        var parts: [String] = []
        if let l = e.errorLevel, l < 3 {
            parts.append(e.errorType ?? "Error")
            if let c = e.code { parts.append(c) }
        } else if let s = e.httpStatus, s >= 400 {
            parts.append("HTTP \(s)")
        } else if let x = e.exceptionType {
            parts.append(x)
        } else if e.operationStatuses.contains(where: { $0.lowercased() == "failure" }) {
            parts.append("OperationStatus=Failure")
        } else {
            return nil
        }
        if let m = e.method { parts.insert(m, at: 0) }
        return parts.joined(separator: " ")
    }

    // MARK: - Finishing

    /// Decides the diagnosis of everything read: the inputs applied on the merged timeline, the engine's hits grouped
    /// into findings, weighed into a verdict (``VerdictRanking``), the reply (``ReplyComposer``) and the coverage.
    public func finish() -> Diagnosis {
        applyTimeline()
        let result = engine.finish()
        let build = FindingBuilder(catalogue: catalogue, request: request, redactor: Redactor())
        let explained = ExplainedEvents(result.hits)
        let grouped = Self.group(result.hits, explained: explained)
        var findings = grouped.order.compactMap { id in
            grouped.hits[id].map { build.finding($0, matchCount: result.matchCounts[id]) }
        }
        if let mismatch = build.standMismatch(totals) { findings.append(mismatch) }
        let unexplained = unexplainedGroups(explained, build)
        let ranking = VerdictRanking(
            facts: facts(grouped.hits, build), catalogue: catalogue, request: request,
            anyInPeriod: findings.contains { $0.inPeriod && $0.side != .none })
        let verdict = ranking.verdict(
            findings: findings, unexplained: unexplained,
            read: .init(records: totals.records, incomplete: incompleteInputs), redactor: build.redactor)
        findings = ranking.sorted(findings, under: verdict)
        let ticketIds = headerTicketIds(result.hits, findings: findings, build)
        let reply = ReplyComposer(language: request.language, redactor: build.redactor)
            .reply(verdict: verdict, findings: findings, ticketIds: ticketIds)
        return Diagnosis(
            schemaVersion: Diagnosis.currentSchemaVersion,
            schemaMinor: Diagnosis.currentSchemaMinor,
            tool: "logtriage \(LogTriageVersion.string)",
            ticket: request.ticket,
            request: .init(
                stand: request.stand, since: request.since, until: request.until, language: request.language),
            verdict: verdict,
            findings: findings,
            unexplained: unexplained,
            platformTicketIds: ticketIds,
            reply: reply,
            inputs: inputs,
            coverage: coverage(result, build),
            nearMisses: request.explain
                ? build.nearMissNotes(result.nearMisses, hitRules: Set(findings.map(\.ruleId))) : nil
        )
    }

    /// The events rules explain: every event of a hit, the sides specific (non-fallback) rules name for them, and
    /// the MIX codes of the hits' decisive events.
    private struct ExplainedEvents {
        var specificSides: [EventKey: Set<Rule.Side>] = [:]
        var any: Set<EventKey> = []
        var codes: Set<String> = []

        init(_ hits: [RuleHit]) {
            for h in hits {
                if let c = h.event.code { codes.insert(c) }
                for ev in [h.event] + h.related {
                    let k = EventKey(file: ev.file, line: ev.line)
                    any.insert(k)
                    if !h.isFallback { specificSides[k, default: []].insert(h.side) }
                }
            }
        }
    }

    /// Hits grouped by rule, rules in the order of their first hit, without the fallback hits that a specific rule on
    /// the same side already explains (a specific rule on another side does not erase what the event's ErrorType
    /// says).
    private static func group(
        _ hits: [RuleHit], explained: ExplainedEvents
    ) -> (order: [String], hits: [String: [RuleHit]]) {
        var order: [String] = []
        var grouped: [String: [RuleHit]] = [:]
        for h in hits {
            if h.isFallback,
                explained.specificSides[EventKey(file: h.event.file, line: h.event.line)]?.contains(h.side) == true
            {
                continue
            }
            if grouped[h.ruleId] == nil { order.append(h.ruleId) }
            grouped[h.ruleId, default: []].append(h)
        }
        return (order, grouped)
    }

    /// What the verdict needs to know of each rule's finding beyond the finding itself.
    private func facts(
        _ grouped: [String: [RuleHit]], _ build: FindingBuilder
    ) -> [String: VerdictRanking.FindingFacts] {
        var facts: [String: VerdictRanking.FindingFacts] = [:]
        for (id, hits) in grouped {
            let events = hits.map(\.event) + hits.flatMap(\.related)
            let inPeriodEvents = events.filter { $0.timestamp.map(build.inPeriod) ?? true }
            let rule = catalogue.rule(id: id)
            facts[id] = VerdictRanking.FindingFacts(
                events: Set(hits.map { EventKey(file: $0.event.file, line: $0.event.line) }),
                failed: inPeriodEvents.contains(where: \.failed),
                hedged: rule?.tags.contains("hedged") ?? false,
                question: rule.flatMap { VerdictRanking.question(for: $0) })
        }
        return facts
    }

    /// Error groups that no rule touched (neither their events nor the MIX codes they quote), largest first.
    private func unexplainedGroups(_ explained: ExplainedEvents, _ build: FindingBuilder) -> [Diagnosis.ErrorGroup] {
        errorGroups.values
            .filter {
                $0.tracked.isDisjoint(with: explained.any) && $0.mentionedCodes.isDisjoint(with: explained.codes)
            }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.signature < $1.signature }
            .map { g in
                Diagnosis.ErrorGroup(
                    signature: build.redactor.redact(g.signature),
                    count: g.count,
                    methods: g.methods.sorted(),
                    evidence: g.samples.map { build.evidence($0) }
                )
            }
    }

    /// The header's TicketIds: those of events inside the ticket's period (a finding keeps all of its own), in the
    /// order of the findings.
    private func headerTicketIds(
        _ hits: [RuleHit], findings: [Diagnosis.Finding], _ build: FindingBuilder
    ) -> [String] {
        var inPeriod: Set<String> = []
        for h in hits {
            for ev in [h.event] + h.related {
                if let t = ev.ticketId, ev.timestamp.map(build.inPeriod) ?? true { inPeriod.insert(t) }
            }
        }
        var ticketIds: [String] = []
        for f in findings {
            for t in f.ticketIds where !ticketIds.contains(t) && inPeriod.contains(t) { ticketIds.append(t) }
        }
        return ticketIds
    }

    /// What was read, when, how it overlaps the ticket's period, and the notes about it.
    private func coverage(_ result: RuleEngineResult, _ build: FindingBuilder) -> Diagnosis.Coverage {
        let from = inputs.compactMap(\.firstTimestamp).min()
        let until = inputs.compactMap(\.lastTimestamp).max()
        var overlap: Bool?
        if let f = from, let u = until, request.since != nil || request.until != nil {
            overlap = !(request.since.map { u < $0 } ?? false) && !(request.until.map { f > $0 } ?? false)
        }
        var notes: [String] = []
        if overlap == false, let from, let until {
            notes.append("The logs (\(from) … \(until)) do not overlap the ticket's period; findings are context only.")
        }
        notes += coverageNotes(result)
        return Diagnosis.Coverage(
            rulesEvaluated: catalogue.rules.count,
            notApplicable: build.notApplicable(totals),
            records: totals.records,
            events: totals.events,
            errorEvents: errorEvents,
            logsFrom: from,
            logsUntil: until,
            periodOverlap: overlap,
            standsSeen: totals.standsSeen,
            notes: notes,
            unreadable: incompleteInputs.isEmpty ? nil : incompleteInputs
        )
    }

    /// Notes on how the inputs were read: assumed offsets, truncation, caps, expansion, context errors. Those about
    /// single inputs in name order, so the order of the inputs does not show.
    private func coverageNotes(_ result: RuleEngineResult) -> [String] {
        var notes: [String] = []
        let byName = inputs.sorted { $0.file < $1.file }
        if let assumed = byName.first(where: \.assumedOffset) {
            let tz = assumed.firstTimestamp.map { String(TimestampFormat.iso8601($0).suffix(6)) }
            notes.append("Some timestamps had no UTC offset and were read as \(tz ?? "the --tz offset").")
        }
        for i in byName where i.truncated {
            notes.append("\(i.file) is truncated: only what was read before the damage was analysed.")
        }
        if result.correlationEventsDropped > 0 {
            notes.append("\(result.correlationEventsDropped) events were left out of correlations (memory cap).")
        }
        if totals.records == 0 { notes.append("No records were read from the inputs.") }
        for (rule, n) in result.undecidedCounts.sorted(by: { $0.key < $1.key }) {
            notes.append(
                "Rule \(rule) could not decide \(n) event(s): a regex ran out of its step budget (neither a hit nor a "
                    + "miss; `rules lint` flags such patterns).")
        }
        notes += expansionNotes.sorted()
        if let failure = store.spillFailure { notes.append("Memory was not bounded: \(failure).") }
        if contextErrors > 0 {
            notes.append(
                "\(contextErrors) error(s) in traffic not shown to be MixVel's (the agency's own routes, other hosts) "
                    + "were read as context, not as evidence.")
        }
        return notes
    }
}
