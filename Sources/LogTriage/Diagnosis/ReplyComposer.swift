import Foundation

/// Writes the reply of a diagnosis: what to tell the customer (in the request's language), the internal note for
/// support, and where to route it.
///
/// ```swift
/// let reply = ReplyComposer(language: .ru, redactor: redactor)
///     .reply(verdict: verdict, findings: findings, ticketIds: ticketIds)
/// ```
struct ReplyComposer {
    let language: AnalysisRequest.Language
    let redactor: Redactor

    /// `findings` in the order reports show them (``VerdictRanking/sorted(_:under:)``); `ticketIds` those of the
    /// header (inside the ticket's period).
    func reply(verdict: Diagnosis.Verdict, findings: [Diagnosis.Finding], ticketIds: [String]) -> Diagnosis.Reply {
        let decisive = findings.filter { $0.side == verdict.side }
        var customer = question(verdict) + advice(verdict, findings: findings)
        if customer.isEmpty { customer.append(fallback(verdict)) }
        if let incident = incidentNumbers(verdict, ticketIds: ticketIds, told: customer) { customer.append(incident) }
        let internalNote = findings.prefix(4).filter { !$0.remediation.internal.isEmpty }
            .map { "[\($0.ruleId)] \($0.remediation.internal)" }
        return .init(
            customer: redactor.redact(customer.joined(separator: "\n\n")),
            internal: redactor.redact(internalNote.joined(separator: "\n")),
            route: decisive.first(where: { $0.route != nil })?.route
        )
    }

    private var ru: Bool { language == .ru }

    /// An inconclusive verdict that asks something: the question, for the customer.
    private func question(_ verdict: Diagnosis.Verdict) -> [String] {
        guard verdict.side == .inconclusive,
            let q = verdict.summary.components(separatedBy: "Ask: ").dropFirst().first
        else { return [] }
        return [
            ru
                ? "По присланным логам пока нельзя определить, на чьей стороне сбой. Пожалуйста, уточните: \(q)"
                : "The logs do not yet show whose side the failure is on. Please tell us: \(q)"
        ]
    }

    /// The decisive side's advice (up to three), then up to two of other sides' ("Also: …"). One piece of advice per
    /// piece of evidence: a finding whose evidence lines an earlier (stronger) finding already covers adds nothing
    /// for the customer (e.g. a code rule and a TicketId rule on the same <Error>).
    private func advice(_ verdict: Diagnosis.Verdict, findings: [Diagnosis.Finding]) -> [String] {
        let decisive = findings.filter { $0.side == verdict.side }
        let others = findings.filter { $0.side != verdict.side }
        var out: [String] = []
        // The question, when there is one, counts towards the three.
        let asked = question(verdict).count
        var covered: Set<String> = []
        func addsEvidence(_ f: Diagnosis.Finding) -> Bool {
            let keys = Set(f.evidence.map { "\($0.file):\($0.line)" })
            defer { covered.formUnion(keys) }
            return keys.isEmpty || !keys.isSubset(of: covered)
        }
        for f in decisive.prefix(4) where !f.remediation.customer.isEmpty && asked + out.count < 3 && addsEvidence(f) {
            out.append(f.remediation.customer)
        }
        var also = 0
        for f in others where !f.remediation.customer.isEmpty && f.side != .none && also < 2 && addsEvidence(f) {
            out.append((ru ? "Также: " : "Also: ") + f.remediation.customer)
            also += 1
        }
        return out
    }

    /// When no finding has advice: manual review (inconclusive) or "no failure shown".
    private func fallback(_ verdict: Diagnosis.Verdict) -> String {
        switch verdict.side {
        case .inconclusive:
            return ru
                ? "Мы изучаем ваши логи: найденные ошибки требуют ручного разбора. Пожалуйста, пришлите также время "
                    + "запроса и MessageId."
                : "We are looking into your logs: the errors found need a manual review. Please also send the "
                    + "request time and MessageId."
        default:
            return ru
                ? "В присланных логах ошибок не найдено. Пришлите, пожалуйста, логи за период, когда возникла проблема."
                : "The logs you sent show no failure. Please send the logs of the period when the problem occurred."
        }
    }

    /// A platform verdict names MixVel's incident numbers unless the advice already quotes them all.
    private func incidentNumbers(_ verdict: Diagnosis.Verdict, ticketIds: [String], told: [String]) -> String? {
        guard !ticketIds.isEmpty, verdict.side == .platform,
            !ticketIds.allSatisfy({ id in told.contains { $0.contains(id) } })
        else { return nil }
        return ru
            ? "Номер инцидента MixVel: \(TextReport.list(ticketIds, max: 10, labels: ReportLabels(language)))."
            : "MixVel incident number: \(TextReport.list(ticketIds, max: 10))."
    }
}
