import Foundation

/// Builds one ``Diagnosis`` from every input of a support request.
///
/// ```swift
/// let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
/// for path in paths { try d.read(path: path, options: ingestOptions) }
/// let diagnosis = d.finish()
/// ```
///
/// Records stream through the rule engine and a few bounded counters; nothing grows with the input's size except the
/// capped hit lists.
public final class Diagnoser {
    private let catalogue: RuleCatalogue
    private let request: AnalysisRequest
    private var engine: RuleEngine
    private var inputs: [InputReport] = []
    /// What expanding directories and archives left out, and what it could not read in full.
    private var expansionNotes: [String] = []
    private var unreadableInputs: [String] = []

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

    public init(catalogue: RuleCatalogue, request: AnalysisRequest) {
        self.catalogue = catalogue
        self.request = request
        var options = RuleEngine.Options()
        options.keepNearMisses = request.explain
        self.engine = RuleEngine(catalogue: catalogue, options: options)
    }

    /// Reads one input into the diagnosis. Throws ``IngestError`` when it cannot be opened.
    public func read(path: String, displayName: String? = nil, options: IngestOptions) throws {
        let report = try Ingest.read(path: path, displayName: displayName ?? path, options: options) { [self] record in
            consume(record)
        }
        inputs.append(report)
    }

    /// What expanding the inputs (directories, archives) reported: `notes` go into the coverage notes; `unreadable`
    /// inputs were not read in full, so the logs read showing no failure is not a "no failure" verdict.
    public func noteExpansion(notes: [String], unreadable: [String]) {
        expansionNotes += notes
        unreadableInputs += unreadable
    }

    /// Inputs not read in full: named by the expansion, truncated, or binary.
    private var incompleteInputs: [String] {
        var out = unreadableInputs
        for i in inputs where i.truncated || i.warnings.contains(where: { $0.kind == "binaryData" }) {
            if !out.contains(i.file) { out.append(i.file) }
        }
        return out
    }

    /// Reads an in-memory input (HTTP bodies, tests).
    public func read(bytes: [UInt8], name: String, options: IngestOptions) {
        let (recs, report) = Ingest.records(bytes: bytes, name: name, options: options)
        for r in recs { consume(r) }
        inputs.append(report)
    }

    /// Reads inputs on up to `threads` threads and feeds the engine in the inputs' order, so the diagnosis is the one
    /// ``read(path:displayName:options:)`` one after the other gives.
    ///
    /// Each input is read on its own thread (as many at once as `threads`), which extracts events and matches them
    /// against the rules; only records that matched something or are errors reach this thread, runs of the others
    /// travel as counts. A single large plain input is split into parts read the same way (``FileShards``); a single
    /// input that cannot be split is read and extracted on one thread and matched on another. Inputs under 2 MB in
    /// all are read on this thread. What waits for its turn is bounded (``ParallelIngest/maxBufferedBytes``,
    /// ``ParallelIngest/maxReadAheadBytes``). Throws the first input's ``IngestError`` in input order, after the
    /// inputs before it were read.
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
        if paths.isEmpty || threads <= 1 || Self.totalSize(paths) < policy.parallelFrom {
            // One core, or too little to read for threads to pay off: no threads, no hand-over.
            for (p, n) in zip(paths, names) {
                onStart(n)
                try read(path: p, displayName: n, options: options)
            }
            return
        }
        let (catalogue, engineOptions) = (catalogue, engine.options)
        let ingest = ParallelIngest(
            paths: paths, names: names, options: options, engine: engine,
            makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy(), options: engineOptions) },
            threads: threads, policy: policy)
        defer { ingest.cancel() }
        for (k, p) in names.enumerated() {
            onStart(p)
            var reports: [InputReport] = []
            for channel in ingest.channels[k] {
                while let batch = channel.take() {
                    for item in batch {
                        switch item {
                        case .matched(let packed, let m):
                            let e = packed.unpacked(file: p, fields: ingest.forwarded)
                            engine.apply(m, to: e)
                            count(e)
                        case .record(let r):  // not sent to this thread; matched here all the same
                            engine.apply(engine.match(r.event, bytes: r.bytes[...]), to: r.event)
                            count(r.event)
                        case .quiet(let run):
                            engine.skip(run.records)
                            absorb(run)
                        }
                    }
                }
                reports.append(try channel.report())
            }
            inputs.append(FileShards.merged(reports))
        }
    }

    /// The inputs' sizes on disk added up; stdin and anything that cannot be sized count as large.
    static func totalSize(_ paths: [String]) -> Int64 {
        var total: Int64 = 0
        for p in paths {
            guard let size = regularFileSize(p) else { return .max }
            total += size
        }
        return total
    }

    /// The size of a regular file; nil for stdin, pipes, directories and what cannot be read.
    static func regularFileSize(_ path: String) -> Int64? {
        guard path != "-", let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            (attrs[.type] as? FileAttributeType) == .typeRegular, let size = attrs[.size] as? NSNumber
        else { return nil }
        return size.int64Value
    }

    /// Feeds one record (records of all inputs go through the same engine, so correlations span files).
    public func consume(_ record: LogRecord) {
        engine.consume(record)
        count(record.event)
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

    // MARK: - Verdict

    public func finish() -> Diagnosis {
        let result = engine.finish()
        let redactor = Redactor()
        let lang = request.language

        // Events explained by specific (non-fallback) rules, with the sides those rules name.
        var specificSides: [EventKey: Set<Rule.Side>] = [:]
        var anyKeys: Set<EventKey> = []
        var hitCodes: Set<String> = []
        for h in result.hits {
            if let c = h.event.code { hitCodes.insert(c) }
            for ev in [h.event] + h.related {
                let k = EventKey(file: ev.file, line: ev.line)
                anyKeys.insert(k)
                if !h.isFallback { specificSides[k, default: []].insert(h.side) }
            }
        }

        // Group hits into findings, dropping fallback hits that a specific rule on the same side already explains:
        // a specific rule on another side does not erase what the event's ErrorType says.
        var order: [String] = []
        var grouped: [String: [RuleHit]] = [:]
        for h in result.hits {
            if h.isFallback, specificSides[EventKey(file: h.event.file, line: h.event.line)]?.contains(h.side) == true {
                continue
            }
            if grouped[h.ruleId] == nil { order.append(h.ruleId) }
            grouped[h.ruleId, default: []].append(h)
        }
        var findings: [Diagnosis.Finding] = order.compactMap { id in
            guard let hits = grouped[id] else { return nil }
            return makeFinding(hits, matchCount: result.matchCounts[id], redactor: redactor)
        }
        facts = [:]
        for (id, hits) in grouped {
            let events = hits.map(\.event) + hits.flatMap(\.related)
            let inPeriodEvents = events.filter { $0.timestamp.map(inPeriod) ?? true }
            let tags = catalogue.rule(id: id)?.tags ?? []
            facts[id] = FindingFacts(
                events: Set(hits.map { EventKey(file: $0.event.file, line: $0.event.line) }),
                failed: inPeriodEvents.contains(where: \.failed),
                hedged: tags.contains("hedged"),
                question: catalogue.rule(id: id).flatMap { Self.question(for: $0) })
        }
        if let mismatch = standMismatchFinding(redactor: redactor) { findings.append(mismatch) }

        // Error groups that no rule touched.
        let unexplained: [Diagnosis.ErrorGroup] = errorGroups.values
            .filter { $0.tracked.isDisjoint(with: anyKeys) && $0.mentionedCodes.isDisjoint(with: hitCodes) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.signature < $1.signature }
            .map { g in
                Diagnosis.ErrorGroup(
                    signature: redactor.redact(g.signature),
                    count: g.count,
                    methods: g.methods.sorted(),
                    evidence: g.samples.map { evidence($0, redactor) }
                )
            }

        let anyInPeriod = findings.contains { $0.inPeriod && $0.side != .none }
        let verdict = decide(findings: findings, unexplained: unexplained, anyInPeriod: anyInPeriod, redactor: redactor)
        // The verdict's side first, then the alternatives in rank order; within a side the most specific rule
        // (priority), then the heaviest evidence.
        var sideRank: [Side: Int] = [verdict.side: 0]
        for (k, a) in verdict.alternatives.enumerated() { sideRank[a.side] = k + 1 }
        findings.sort { a, b in
            let ra = sideRank[a.side] ?? 99
            let rb = sideRank[b.side] ?? 99
            if ra != rb { return ra < rb }
            if a.inPeriod != b.inPeriod { return a.inPeriod }
            if a.priority != b.priority { return a.priority > b.priority }
            let sa = score(a, anyInPeriod: anyInPeriod)
            let sb = score(b, anyInPeriod: anyInPeriod)
            return sa != sb ? sa > sb : a.ruleId < b.ruleId
        }

        // The header's TicketIds: those of events inside the ticket's period (a finding keeps all of its own).
        var ticketInPeriod: Set<String> = []
        for h in result.hits {
            for ev in [h.event] + h.related {
                if let t = ev.ticketId, ev.timestamp.map(inPeriod) ?? true { ticketInPeriod.insert(t) }
            }
        }
        var ticketIds: [String] = []
        for f in findings {
            for t in f.ticketIds where !ticketIds.contains(t) && ticketInPeriod.contains(t) { ticketIds.append(t) }
        }

        let reply = makeReply(verdict: verdict, findings: findings, ticketIds: ticketIds, lang: lang, redactor: redactor)
        let from = inputs.compactMap(\.firstTimestamp).min()
        let until = inputs.compactMap(\.lastTimestamp).max()
        var overlap: Bool?
        if let f = from, let u = until, request.since != nil || request.until != nil {
            overlap = !(request.since.map { u < $0 } ?? false) && !(request.until.map { f > $0 } ?? false)
        }
        var notes: [String] = []
        if overlap == false {
            notes.append(
                "The logs (\(from!) … \(until!)) do not overlap the ticket's period; findings are context only."
            )
        }
        if inputs.contains(where: \.assumedOffset) {
            let tz = inputs.first(where: \.assumedOffset)?.firstTimestamp.map { TimestampFormat.iso8601($0).suffix(6) }
            notes.append("Some timestamps had no UTC offset and were read as \(tz.map(String.init) ?? "the --tz offset").")
        }
        for i in inputs where i.truncated {
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
        notes += expansionNotes
        if contextErrors > 0 {
            notes.append(
                "\(contextErrors) error(s) in traffic not shown to be MixVel's (the agency's own routes, other hosts) "
                    + "were read as context, not as evidence.")
        }

        let coverage = Diagnosis.Coverage(
            rulesEvaluated: catalogue.rules.count,
            notApplicable: notApplicable(),
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
        let nearMisses = request.explain ? nearMissNotes(result.nearMisses, hitRules: Set(findings.map(\.ruleId)), redactor) : nil
        return Diagnosis(
            schemaVersion: Diagnosis.currentSchemaVersion,
            schemaMinor: Diagnosis.currentSchemaMinor,
            tool: "logtriage \(LogTriageVersion.string)",
            ticket: request.ticket,
            request: .init(stand: request.stand, since: request.since, until: request.until, language: lang),
            verdict: verdict,
            findings: findings,
            unexplained: unexplained,
            platformTicketIds: ticketIds,
            reply: reply,
            inputs: inputs,
            coverage: coverage,
            nearMisses: nearMisses
        )
    }

    /// Near misses worth reading: on events that carry an error, a warning or an HTTP failure (a rule "almost"
    /// matching a healthy record says nothing), one per rule that did not fire, at most 30.
    private func nearMissNotes(_ misses: [NearMiss], hitRules: Set<String>, _ redactor: Redactor) -> [Diagnosis.NearMissNote] {
        var seen: Set<String> = []
        var out: [Diagnosis.NearMissNote] = []
        for m in misses where out.count < 30 && !hitRules.contains(m.ruleId) {
            let e = m.event
            guard e.errorType != nil || e.code != nil || (e.httpStatus ?? 0) >= 400 else { continue }
            guard seen.insert(m.ruleId).inserted else { continue }
            out.append(
                Diagnosis.NearMissNote(
                    ruleId: m.ruleId,
                    file: e.file,
                    line: e.decisiveLine ?? e.line,
                    failedCondition: redactor.redact(m.failedCondition)
                )
            )
        }
        return out
    }

    private func makeFinding(_ hits: [RuleHit], matchCount: Int?, redactor: Redactor) -> Diagnosis.Finding {
        let first = hits[0]
        let rule = catalogue.rule(id: first.ruleId)
        var events: [HitEvent] = []
        for h in hits {
            events.append(h.event)
            events.append(contentsOf: h.related)
        }
        let stamps = events.compactMap(\.timestamp)
        var methods: [String] = []
        for e in events { if let m = e.method, !methods.contains(m) { methods.append(m) } }
        var tickets: [String] = []
        for h in hits { for t in h.ticketIds where !tickets.contains(t) { tickets.append(t) } }
        // Evidence: the decisive event of each hit first, then related ones, without repeats.
        var seen: Set<EventKey> = []
        var ev: [Diagnosis.Evidence] = []
        for e in hits.map(\.event) + hits.flatMap(\.related) where ev.count < 5 {
            let k = EventKey(file: e.file, line: e.decisiveLine ?? e.line)
            if seen.insert(k).inserted { ev.append(evidence(e, redactor)) }
        }
        let count = max(matchCount ?? 0, hits.reduce(0) { $0 + $1.occurrences })
        let customerText = request.language == .ru && !first.remediation.ru.isEmpty ? first.remediation.ru : first.remediation.en
        return Diagnosis.Finding(
            ruleId: first.ruleId,
            title: first.title,
            side: Side(rawValue: first.side.rawValue) ?? .inconclusive,
            category: first.category,
            level: first.level.rawValue,
            confidence: first.confidence,
            count: count,
            firstSeen: stamps.min(),
            lastSeen: stamps.max(),
            methods: methods,
            evidence: ev,
            remediation: .init(customer: redactor.redact(customerText), internal: redactor.redact(first.remediation.internal)),
            route: first.route,
            references: rule?.references ?? [],
            ticketIds: tickets,
            inPeriod: stamps.isEmpty || stamps.contains { inPeriod($0) },
            fallback: first.isFallback,
            priority: first.priority
        )
    }

    private func inPeriod(_ t: Timestamp) -> Bool {
        if let s = request.since, t < s { return false }
        if let u = request.until, t > u { return false }
        return true
    }

    private func evidence(_ e: HitEvent, _ redactor: Redactor) -> Diagnosis.Evidence {
        Diagnosis.Evidence(
            file: e.file,
            line: e.decisiveLine ?? e.line,
            timestamp: e.timestamp,
            excerpt: Excerpt.make(e.excerpt, redactor: redactor)
        )
    }

    /// The request names one stand and the logs show calls to the other.
    private func standMismatchFinding(redactor: Redactor) -> Diagnosis.Finding? {
        guard let want = request.stand?.uppercased(), !totals.standsSeen.isEmpty else { return nil }
        let other = totals.standsSeen.filter { $0.key != want }
        guard let (stand, n) = other.max(by: { $0.value < $1.value }), let sample = totals.standSamples[stand] else { return nil }
        let host = stand == "TEST" ? "api-test.mixvel.com" : "api.mixvel.com"
        let onlyOther = totals.standsSeen[want] == nil
        let en = "The request was filed for the \(want) stand, but \(onlyOther ? "all" : "\(n) of the") calls in the logs "
            + "went to the \(stand) stand (\(host)). Check which stand your integration is configured for and that "
            + "you use that stand's credentials, or resend the logs from the \(want) stand."
        let ru = "Обращение подано по стенду \(want), но \(onlyOther ? "все" : "\(n)") запросы в логах отправлены на стенд "
            + "\(stand) (\(host)). Проверьте, на какой стенд настроена ваша интеграция и что используются учётные данные "
            + "этого стенда, или пришлите логи со стенда \(want)."
        return Diagnosis.Finding(
            ruleId: "stand-mismatch",
            title: "Logs are from the \(stand) stand, the request names \(want)",
            side: .customer,
            category: "stand",
            level: onlyOther ? "medium" : "low",
            confidence: onlyOther ? 0.6 : 0.4,
            count: n,
            firstSeen: sample.timestamp,
            lastSeen: sample.timestamp,
            methods: [],
            evidence: [evidence(sample, redactor)],
            remediation: .init(
                customer: request.language == .ru ? ru : en,
                internal: "Stand mismatch: ticket says \(want), logs show \(stand) (\(n) events). Confirm the stand "
                    + "before routing anything to a platform team."
            ),
            route: nil,
            references: [],
            ticketIds: [],
            inPeriod: true,
            fallback: false,
            priority: 50
        )
    }

    /// What the verdict needs to know about a finding beyond ``Diagnosis/Finding`` (kept out of the JSON schema).
    struct FindingFacts {
        /// The decisive events of its hits.
        var events: Set<EventKey>
        /// Built from a failed call inside the period (not from successful traffic).
        var failed: Bool
        /// Its rule is tagged `hedged`: the evidence alone does not say whose side it is.
        var hedged: Bool
        /// What to ask the customer when only hedged evidence is there.
        var question: String?
    }

    private var facts: [String: FindingFacts] = [:]

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

    private static func levelWeight(_ level: String) -> Double {
        switch level {
        case "critical": return 6
        case "high": return 4
        case "medium": return 2
        case "low": return 1
        default: return 0.5
        }
    }

    /// Weight of a finding in the verdict: severity × the rule's confidence × a gentle count bonus; fallbacks and
    /// findings outside the ticket's period (when something is inside) count less.
    func score(_ f: Diagnosis.Finding, anyInPeriod: Bool) -> Double {
        var s = Self.levelWeight(f.level) * f.confidence * (1 + log2(Double(max(f.count, 1))) / 2)
        if f.fallback { s *= 0.5 }
        if anyInPeriod && !f.inPeriod { s *= 0.2 }
        // A failed call inside the period outranks what was built from successful traffic (request rates, slow but
        // answered calls, stand statistics).
        if anyFailure && facts[f.ruleId]?.failed != true { s *= 0.1 }
        return s
    }

    /// Some finding is built from a failed call inside the period.
    private var anyFailure: Bool { facts.values.contains { $0.failed } }

    private func leads(_ a: Diagnosis.Finding, over b: Diagnosis.Finding, anyInPeriod: Bool) -> Bool {
        if a.inPeriod != b.inPeriod { return a.inPeriod }
        if a.priority != b.priority { return a.priority > b.priority }
        return score(a, anyInPeriod: anyInPeriod) > score(b, anyInPeriod: anyInPeriod)
    }

    private func decide(
        findings: [Diagnosis.Finding],
        unexplained: [Diagnosis.ErrorGroup],
        anyInPeriod: Bool,
        redactor: Redactor
    ) -> Diagnosis.Verdict {
        var bySide: [Side: Double] = [:]
        var best: [Side: Diagnosis.Finding] = [:]
        // Evidence, not rules: findings of one side that share a decisive event count once, at the heaviest.
        var groups: [Side: [(events: Set<EventKey>, weight: Double)]] = [:]
        for f in findings where f.side != .none && f.side != .inconclusive {
            let s = score(f, anyInPeriod: anyInPeriod)
            let keys = facts[f.ruleId]?.events ?? [EventKey(file: f.ruleId, line: 0)]
            var merged = (events: keys, weight: s)
            var rest: [(events: Set<EventKey>, weight: Double)] = []
            for g in groups[f.side, default: []] {
                if g.events.isDisjoint(with: merged.events) {
                    rest.append(g)
                } else {
                    merged = (g.events.union(merged.events), max(g.weight, merged.weight))
                }
            }
            groups[f.side] = rest + [merged]
            // A side's lead: in the period if any is, then the most specific rule, then the heaviest evidence.
            if best[f.side].map({ leads(f, over: $0, anyInPeriod: anyInPeriod) }) ?? true { best[f.side] = f }
        }
        for (side, gs) in groups { bySide[side] = gs.reduce(0) { $0 + $1.weight } }
        let unexplainedWeight = unexplained.reduce(0.0) { $0 + 1 + log2(Double($1.count)) / 2 }
        let total = bySide.values.reduce(0, +) + unexplainedWeight
        let ranked = bySide.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }

        guard let (side, top) = ranked.first, top > 0, let lead = best[side] else {
            if let g = unexplained.first {
                let list = unexplained.prefix(3).map { "\($0.signature) ×\($0.count)" }.joined(separator: "; ")
                return .init(
                    side: .inconclusive,
                    confidence: 0.3,
                    summary: "Errors that no rule explains: \(list). Read the evidence of \(g.evidence.first.map { "\($0.file):\($0.line)" } ?? "the logs") and extend the catalogue.",
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
            // Unreadable never means "no failure": a failure may be in what was not read.
            let incomplete = incompleteInputs
            if totals.records == 0 {
                let why = incomplete.isEmpty
                    ? "" : " (\(TextReport.list(incomplete, max: 3)) could not be read in full)"
                return .init(
                    side: .inconclusive, confidence: 0, summary: "Nothing could be read from the inputs\(why).",
                    alternatives: [], ranking: nil)
            }
            if !incomplete.isEmpty {
                return .init(
                    side: .inconclusive,
                    confidence: 0.2,
                    summary: "No errors found in the \(totals.records) records read, but "
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
                summary: "No errors found in \(totals.records) records: the logs show no failure. Ask for logs of the failing period if the problem persists.",
                alternatives: [],
                ranking: nil
            )
        }
        let blaming = findings.filter { $0.side != .none && $0.side != .inconclusive }
        if !blaming.isEmpty, blaming.allSatisfy({ facts[$0.ruleId]?.hedged == true }) {
            // Hedged evidence alone (an HTML page, an unexplained 5xx, a connection failure) blames nobody yet.
            let question = facts[lead.ruleId]?.question ?? Self.question(for: catalogue.rule(id: lead.ruleId)!) ?? ""
            return .init(
                side: .inconclusive,
                confidence: 0.3,
                summary: redactor.redact(
                    "Only hedged evidence: \(lead.title) (\(lead.count)×) could be \(side.rawValue)-side or come from "
                        + "something in between. Ask: \(question)"),
                alternatives: ranked.map { (s, v) in
                    Diagnosis.Alternative(
                        side: s, confidence: (min(0.6, v / total) * 100).rounded() / 100,
                        findings: findings.filter { $0.side == s }.map(\.ruleId))
                },
                ranking: nil
            )
        }
        let share = top / total
        let confidence = (min(0.99, share * lead.confidence) * 100).rounded() / 100
        let alternatives = ranked.dropFirst().map { (s, v) in
            Diagnosis.Alternative(
                side: s,
                confidence: (min(0.99, v / total) * 100).rounded() / 100,
                findings: findings.filter { $0.side == s }.map(\.ruleId)
            )
        }
        let where_ = lead.methods.isEmpty ? "" : " on \(lead.methods.prefix(3).joined(separator: ", "))"
        let when = lead.firstSeen.map { " from \($0)" } ?? ""
        let lead_: String
        switch side {
        case .customer: lead_ = "Customer-side problem"
        case .platform: lead_ = "MixVel platform fault" + (lead.route.map { " (route to \($0))" } ?? "")
        case .provider: lead_ = "Provider (airline/supplier) failure" + (lead.route.map { " (route to \($0))" } ?? "")
        default: lead_ = side.rawValue
        }
        var summary = "\(lead_): \(lead.title) — \(lead.count)×\(where_)\(when)."
        if !unexplained.isEmpty { summary += " \(unexplained.count) error group(s) no rule explains." }
        var ranking: String?
        if ranked.count > 1 {
            let parts = ranked.map { (s, v) in
                "\(s.rawValue) \(String(format: "%.1f", v)) (\(best[s].map { "\($0.ruleId) ×\($0.count), \($0.level)" } ?? ""))"
            }
            ranking = "Evidence weight by side (severity × rule confidence × count): " + parts.joined(separator: " > ")
                + (anyInPeriod && (request.since != nil || request.until != nil)
                    ? "; events outside the ticket's period weigh 0.2." : ".")
        }
        return .init(side: side, confidence: confidence, summary: redactor.redact(summary), alternatives: alternatives, ranking: ranking)
    }

    private func makeReply(
        verdict: Diagnosis.Verdict,
        findings: [Diagnosis.Finding],
        ticketIds: [String],
        lang: AnalysisRequest.Language,
        redactor: Redactor
    ) -> Diagnosis.Reply {
        let decisive = findings.filter { $0.side == verdict.side }
        let others = findings.filter { $0.side != verdict.side }
        var customer: [String] = []
        var internalNote: [String] = []
        // One piece of advice per piece of evidence: a finding whose evidence lines an earlier (stronger) finding
        // already covers adds nothing for the customer (e.g. a code rule and a TicketId rule on the same <Error>).
        var covered: Set<String> = []
        func addsEvidence(_ f: Diagnosis.Finding) -> Bool {
            let keys = Set(f.evidence.map { "\($0.file):\($0.line)" })
            defer { covered.formUnion(keys) }
            return keys.isEmpty || !keys.isSubset(of: covered)
        }
        if verdict.side == .inconclusive, let q = verdict.summary.components(separatedBy: "Ask: ").dropFirst().first {
            customer.append(
                lang == .ru
                    ? "По присланным логам пока нельзя определить, на чьей стороне сбой. Пожалуйста, уточните: \(q)"
                    : "The logs do not yet show whose side the failure is on. Please tell us: \(q)")
        }
        for f in decisive.prefix(4) where !f.remediation.customer.isEmpty && customer.count < 3 && addsEvidence(f) {
            customer.append(f.remediation.customer)
        }
        var also = 0
        for f in others where !f.remediation.customer.isEmpty && f.side != .none && also < 2 && addsEvidence(f) {
            customer.append((lang == .ru ? "Также: " : "Also: ") + f.remediation.customer)
            also += 1
        }
        if customer.isEmpty {
            switch verdict.side {
            case .inconclusive:
                customer.append(
                    lang == .ru
                        ? "Мы изучаем ваши логи: найденные ошибки требуют ручного разбора. Пожалуйста, пришлите также время запроса и MessageId."
                        : "We are looking into your logs: the errors found need a manual review. Please also send the request time and MessageId."
                )
            default:
                customer.append(
                    lang == .ru
                        ? "В присланных логах ошибок не найдено. Пришлите, пожалуйста, логи за период, когда возникла проблема."
                        : "The logs you sent show no failure. Please send the logs of the period when the problem occurred."
                )
            }
        }
        if !ticketIds.isEmpty, verdict.side == .platform, !ticketIds.allSatisfy({ id in customer.contains { $0.contains(id) } }) {
            customer.append(
                lang == .ru
                    ? "Номер инцидента MixVel: \(TextReport.list(ticketIds, max: 10, labels: ReportLabels(lang)))."
                    : "MixVel incident number: \(TextReport.list(ticketIds, max: 10))."
            )
        }
        for f in findings.prefix(4) where !f.remediation.internal.isEmpty {
            internalNote.append("[\(f.ruleId)] \(f.remediation.internal)")
        }
        return .init(
            customer: redactor.redact(customer.joined(separator: "\n\n")),
            internal: redactor.redact(internalNote.joined(separator: "\n")),
            route: decisive.first(where: { $0.route != nil })?.route
        )
    }

    private func notApplicable() -> [Diagnosis.NotApplicable] {
        var out: [Diagnosis.NotApplicable] = []
        if totals.timestamped == 0, totals.records > 0 {
            let ids = catalogue.rules.filter { $0.correlation != nil }.map(\.id)
            if !ids.isEmpty { out.append(.init(rules: ids, reason: "no timestamps in the logs: time-window and sequence rules cannot apply")) }
        }
        if totals.requestBodies == 0, totals.records > 0 {
            // Rules about what requests send (removed, misspelled or mis-namespaced elements); the malformed-XML and
            // XSD rules read MixVel's answers and still apply.
            let requestSide = ["schema.deprecated", "schema.typo", "schema.namespace"]
            let ids = catalogue.rules.filter { requestSide.contains($0.category) }.map(\.id)
            if !ids.isEmpty { out.append(.init(rules: ids, reason: "no request bodies in the logs: schema rules cannot apply")) }
        }
        return out
    }
}
