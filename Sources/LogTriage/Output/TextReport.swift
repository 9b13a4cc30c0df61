/// The terminal rendering: verdict first, then findings with evidence, then what to reply.
///
/// Headings and labels follow the request's language. Text that comes from the logs has its control characters
/// shown escaped (``Excerpt/escapingControls(_:)``): only this renderer's own colour codes reach the terminal.
public struct TextReport {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ d: Diagnosis) -> String {
        let l = ReportLabels(d.request.language)
        var out: [String] = []
        let v = d.verdict
        let header = "\(l.verdict): \(l.side(v.side).uppercased())  (\(l.confidence) \(percent(v.confidence)))"
        out.append(paint(header, sideColor(v.side), bold: true))
        if let t = d.ticket { out.append(clean("\(l.ticket):  \(t)")) }
        out.append(clean(v.summary))
        if !v.alternatives.isEmpty {
            out.append(
                "\(l.also):    "
                    + v.alternatives.map { "\(l.side($0.side)) \(percent($0.confidence))" }
                    .joined(separator: ", ")
            )
        }
        if let r = v.ranking { out.append(dim("\(l.ranking): \(r)")) }
        if !d.platformTicketIds.isEmpty {
            let ids = Self.list(d.platformTicketIds, max: 8, labels: l)
            out.append(paint("\(l.mixvelTicketId): " + ids, "33", bold: true))
        }
        out.append("")

        if d.findings.isEmpty {
            out.append(l.noRuleMatched)
        } else {
            out.append(paint(l.findings, nil, bold: true))
        }
        for (k, f) in d.findings.enumerated() {
            var line = "\(k + 1). [\(l.side(f.side))] \(f.title)  — \(f.ruleId), \(l.level(f.level)), ×\(f.count)"
            if !f.inPeriod { line += ", \(l.outsidePeriod)" }
            if f.fallback { line += ", \(l.fallback)" }
            out.append(paint(line, sideColor(f.side), bold: false))
            var facts: [String] = []
            if !f.methods.isEmpty { facts.append("\(l.methods): " + f.methods.joined(separator: ", ")) }
            if let a = f.firstSeen { facts.append("\(l.first): \(a)") }
            if let b = f.lastSeen, b != f.firstSeen { facts.append("\(l.last): \(b)") }
            if let r = f.route { facts.append("\(l.route): \(r)") }
            if !f.ticketIds.isEmpty { facts.append("TicketId: " + Self.list(f.ticketIds, max: 3, labels: l)) }
            if !facts.isEmpty { out.append(clean("   " + facts.joined(separator: " · "))) }
            for e in f.evidence {
                out.append("   " + dim("\(e.file):\(e.line)") + "  " + clean(e.excerpt))
            }
        }
        if !d.unexplained.isEmpty {
            out.append("")
            out.append(paint(l.unexplained, "35", bold: true))
            for g in d.unexplained.prefix(10) {
                out.append(clean("- \(g.signature) ×\(g.count)"))
                for e in g.evidence.prefix(1) {
                    out.append("   " + dim("\(e.file):\(e.line)") + "  " + clean(e.excerpt))
                }
            }
        }
        out.append("")
        out.append(paint(l.reply, nil, bold: true))
        out.append(clean(d.reply.customer))
        if !d.reply.internal.isEmpty || d.reply.route != nil {
            out.append("")
            out.append(paint(l.internalNote, nil, bold: true))
            if let r = d.reply.route { out.append("\(l.routeTo): \(r)") }
            if !d.reply.internal.isEmpty { out.append(clean(d.reply.internal)) }
        }
        if let misses = d.nearMisses, !misses.isEmpty {
            out.append("")
            out.append(paint(l.nearMisses, nil, bold: true))
            for m in misses.prefix(30) {
                out.append(clean("- \(m.ruleId) \(l.at) \(m.file):\(m.line): \(l.failed) \(m.failedCondition)"))
            }
        }
        if let r = RequestSection(d) {
            out.append("")
            out.append(paint(r.heading, nil, bold: true))
            for (label, value) in r.facts { out.append(clean("\(label): \(value)")) }
        }
        out.append("")
        out.append(paint(l.inputs, nil, bold: true))
        for i in d.inputs {
            var s = clean("\(i.file): \(i.format.rawValue)")
            if i.gzip { s += ", gzip (\(i.gzipMembers) \(i.gzipMembers == 1 ? l.member : l.members))" }
            if i.encoding != "utf8" { s += ", \(i.encoding)" }
            s += ", \(i.bytesOut) \(l.bytes), \(i.lines) \(l.lines), \(i.records) \(l.records)"
            if let a = i.firstTimestamp, let b = i.lastTimestamp { s += ", \(a) … \(b)" }
            if i.truncated { s += paint(", \(l.truncated)", "31", bold: true) }
            out.append(s)
            for w in i.warnings.prefix(5) { out.append(clean("   \(l.warning): \(w.message)")) }
        }
        out.append(dim(l.coverage(d.coverage)))
        for n in d.coverage.notApplicable { out.append(dim(l.notApplicable(n))) }
        for n in d.coverage.notes { out.append(paint("\(l.note): " + n, "33", bold: false)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// `a, b, c and 12 more` (the JSON output has them all).
    static func list(_ items: [String], max: Int) -> String {
        list(items, max: max, labels: ReportLabels(.en))
    }

    static func list(_ items: [String], max: Int, labels: ReportLabels) -> String {
        let shown = items.prefix(max).joined(separator: ", ")
        return items.count > max ? "\(shown) \(labels.andMore(items.count - max))" : shown
    }

    private func percent(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }

    private func sideColor(_ s: Side) -> String? {
        switch s {
        case .customer: return "36"
        case .platform: return "31"
        case .provider: return "35"
        case .none: return "32"
        case .inconclusive: return "33"
        }
    }

    private func clean(_ s: String) -> String { Excerpt.escapingControls(s) }

    private func paint(_ s: String, _ code: String?, bold: Bool) -> String {
        let s = clean(s)
        guard color else { return s }
        let codes = [bold ? "1" : nil, code].compactMap { $0 }.joined(separator: ";")
        return codes.isEmpty ? s : "\u{1B}[\(codes)m\(s)\u{1B}[0m"
    }

    private func dim(_ s: String) -> String {
        let s = clean(s)
        return color ? "\u{1B}[2m\(s)\u{1B}[0m" : s
    }
}
