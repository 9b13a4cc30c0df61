/// The support request a diagnosis belongs to, as lines of the text and markdown reports: absent for plain
/// `analyze` on log files, present for e-mails and stored requests.
struct RequestSection {
    let request: Diagnosis.RequestEcho
    let l: ReportLabels

    /// nil when the diagnosis has no support request.
    init?(_ d: Diagnosis) {
        guard d.request.id != nil || d.request.subject != nil || d.request.attachments != nil else { return nil }
        request = d.request
        l = ReportLabels(d.request.language)
    }

    /// `REQUEST 12 (ZD-4711)` for the terminal.
    var heading: String { named(l.requestHeading) }
    /// `Request 12 (ZD-4711)` for markdown.
    var title: String { named(l.requestTitle) }

    private func named(_ word: String) -> String {
        var h = word
        if let id = request.id { h += " \(id)" }
        if let x = request.externalId { h += " (\(x))" }
        return h
    }

    /// `label: value` pairs, in reading order.
    var facts: [(String, String)] {
        var out: [(String, String)] = []
        if let s = request.subject { out.append((l.subject, s)) }
        var from = request.from ?? ""
        if let r = request.received { from += (from.isEmpty ? "" : " · ") + "\(l.received) \(r)" }
        if !from.isEmpty { out.append((l.from, from)) }
        if let s = request.stand {
            out.append((l.stand, s + (request.standSource.map { " (\(l.source): \($0))" } ?? "")))
        }
        if request.since != nil || request.until != nil {
            var p = "\(request.since.map { "\($0)" } ?? "…") … \(request.until.map { "\($0)" } ?? "…")"
            if let src = request.periodSource {
                p += " (\(l.source): \(src)" + (request.periodText.map { ", «\($0)»" } ?? "") + ")"
            }
            out.append((l.period, p))
        }
        if let m = request.missing, !m.isEmpty {
            out.append((l.missing, m.map(l.missingItem).joined(separator: ", ") + " — " + l.askCustomer))
        }
        for a in request.attachments ?? [] {
            out.append((l.attachment, "\(a.name) (\(a.bytes) \(l.bytes)" + (a.format.map { ", \($0)" } ?? "") + ")"))
        }
        for w in request.warnings ?? [] { out.append((l.warning, w)) }
        return out
    }
}
