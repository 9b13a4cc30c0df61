import Foundation

/// Turns what the rule engine found into the findings of a diagnosis (and the notes around them), redacted.
///
/// ```swift
/// let build = FindingBuilder(catalogue: catalogue, request: request, redactor: Redactor())
/// let finding = build.finding(hitsOfOneRule, matchCount: result.matchCounts[id])
/// ```
struct FindingBuilder {
    let catalogue: RuleCatalogue
    let request: AnalysisRequest
    let redactor: Redactor

    /// Near misses worth reading: on events that carry an error, a warning or an HTTP failure (a rule "almost"
    /// matching a healthy record says nothing), one per rule that did not fire, at most 30.
    func nearMissNotes(_ misses: [NearMiss], hitRules: Set<String>) -> [Diagnosis.NearMissNote] {
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

    /// The finding of one rule's hits (in stream order): evidence, counts, times, methods, TicketIds, advice.
    func finding(_ hits: [RuleHit], matchCount: Int?) -> Diagnosis.Finding {
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
        var seen: Set<Diagnoser.EventKey> = []
        var ev: [Diagnosis.Evidence] = []
        for e in hits.map(\.event) + hits.flatMap(\.related) where ev.count < 5 {
            let k = Diagnoser.EventKey(file: e.file, line: e.decisiveLine ?? e.line)
            if seen.insert(k).inserted { ev.append(evidence(e)) }
        }
        let count = max(matchCount ?? 0, hits.reduce(0) { $0 + $1.occurrences })
        let customerText =
            request.language == .ru && !first.remediation.ru.isEmpty
            ? first.remediation.ru : first.remediation.en
        return Diagnosis.Finding(
            ruleId: first.ruleId,
            title: first.title,
            side: first.side,
            category: first.category,
            level: first.level,
            confidence: first.confidence,
            count: count,
            firstSeen: stamps.min(),
            lastSeen: stamps.max(),
            methods: methods,
            evidence: ev,
            remediation: .init(
                customer: redactor.redact(customerText), internal: redactor.redact(first.remediation.internal)),
            route: first.route,
            references: rule?.references ?? [],
            ticketIds: tickets,
            inPeriod: stamps.isEmpty || stamps.contains { inPeriod($0) },
            fallback: first.isFallback,
            priority: first.priority
        )
    }

    /// Inside the ticket's period (a missing bound does not limit).
    func inPeriod(_ t: Timestamp) -> Bool {
        if let s = request.since, t < s { return false }
        if let u = request.until, t > u { return false }
        return true
    }

    /// One line of evidence, its excerpt cut and redacted.
    func evidence(_ e: HitEvent) -> Diagnosis.Evidence {
        Diagnosis.Evidence(
            file: e.file,
            line: e.decisiveLine ?? e.line,
            timestamp: e.timestamp,
            excerpt: Excerpt.make(e.excerpt, redactor: redactor)
        )
    }

    /// The request names one stand and the logs show calls to the other.
    func standMismatch(_ totals: QuietRun) -> Diagnosis.Finding? {
        guard let want = request.stand?.uppercased(), !totals.standsSeen.isEmpty else { return nil }
        let other = totals.standsSeen.filter { $0.key != want }
        // The busiest other stand (of two as busy, the first by name).
        guard let (stand, n) = other.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            let sample = totals.standSamples[stand]
        else { return nil }
        let host = stand == "TEST" ? "api-test.mixvel.com" : "api.mixvel.com"
        let onlyOther = totals.standsSeen[want] == nil
        let en =
            "The request was filed for the \(want) stand, but \(onlyOther ? "all" : "\(n) of the") calls in the "
            + "logs went to the \(stand) stand (\(host)). Check which stand your integration is configured for and "
            + "that you use that stand's credentials, or resend the logs from the \(want) stand."
        let ru =
            "Обращение подано по стенду \(want), но \(onlyOther ? "все" : "\(n)") запросы в логах отправлены на "
            + "стенд \(stand) (\(host)). Проверьте, на какой стенд настроена ваша интеграция и что используются "
            + "учётные данные этого стенда, или пришлите логи со стенда \(want)."
        return Diagnosis.Finding(
            ruleId: "stand-mismatch",
            title: "Logs are from the \(stand) stand, the request names \(want)",
            side: .customer,
            category: "stand",
            level: onlyOther ? .medium : .low,
            confidence: onlyOther ? 0.6 : 0.4,
            count: n,
            firstSeen: sample.timestamp,
            lastSeen: sample.timestamp,
            methods: [],
            evidence: [evidence(sample)],
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

    /// Rules that cannot apply to these logs, and why (no timestamps, no request bodies).
    func notApplicable(_ totals: QuietRun) -> [Diagnosis.NotApplicable] {
        var out: [Diagnosis.NotApplicable] = []
        if totals.timestamped == 0, totals.records > 0 {
            let ids = catalogue.rules.filter { $0.correlation != nil }.map(\.id)
            if !ids.isEmpty {
                out.append(
                    .init(rules: ids, reason: "no timestamps in the logs: time-window and sequence rules cannot apply"))
            }
        }
        if totals.requestBodies == 0, totals.records > 0 {
            // Rules about what requests send (removed, misspelled or mis-namespaced elements); the malformed-XML and
            // XSD rules read MixVel's answers and still apply.
            let requestSide = ["schema.deprecated", "schema.typo", "schema.namespace"]
            let ids = catalogue.rules.filter { requestSide.contains($0.category) }.map(\.id)
            if !ids.isEmpty {
                out.append(.init(rules: ids, reason: "no request bodies in the logs: schema rules cannot apply"))
            }
        }
        return out
    }
}
