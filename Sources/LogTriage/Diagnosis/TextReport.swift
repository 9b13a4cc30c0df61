/// The terminal rendering: verdict first, then findings with evidence, then what to reply.
public struct TextReport {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ d: Diagnosis) -> String {
        var out: [String] = []
        let v = d.verdict
        let header = "VERDICT: \(v.side.rawValue.uppercased())  (confidence \(percent(v.confidence)))"
        out.append(paint(header, sideColor(v.side), bold: true))
        if let t = d.ticket { out.append("Ticket:  \(t)") }
        out.append(v.summary)
        if !v.alternatives.isEmpty {
            out.append(
                "Also:    " + v.alternatives.map { "\($0.side.rawValue) \(percent($0.confidence))" }.joined(separator: ", ")
            )
        }
        if let r = v.ranking { out.append(dim("Ranking: \(r)")) }
        if !d.platformTicketIds.isEmpty {
            out.append(paint("MixVel TicketId: " + Self.list(d.platformTicketIds, max: 8), "33", bold: true))
        }
        out.append("")

        if d.findings.isEmpty {
            out.append("No rule matched.")
        } else {
            out.append(paint("FINDINGS", nil, bold: true))
        }
        for (k, f) in d.findings.enumerated() {
            var line = "\(k + 1). [\(f.side.rawValue)] \(f.title)  — \(f.ruleId), \(f.level), ×\(f.count)"
            if !f.inPeriod { line += ", outside the ticket's period" }
            if f.fallback { line += ", fallback" }
            out.append(paint(line, sideColor(f.side), bold: false))
            var facts: [String] = []
            if !f.methods.isEmpty { facts.append("methods: " + f.methods.joined(separator: ", ")) }
            if let a = f.firstSeen { facts.append("first: \(a)") }
            if let b = f.lastSeen, b != f.firstSeen { facts.append("last: \(b)") }
            if let r = f.route { facts.append("route: \(r)") }
            if !f.ticketIds.isEmpty { facts.append("TicketId: " + Self.list(f.ticketIds, max: 3)) }
            if !facts.isEmpty { out.append("   " + facts.joined(separator: " · ")) }
            for e in f.evidence {
                out.append("   " + dim("\(e.file):\(e.line)") + "  " + e.excerpt)
            }
        }
        if !d.unexplained.isEmpty {
            out.append("")
            out.append(paint("UNEXPLAINED ERRORS (no rule matched)", "35", bold: true))
            for g in d.unexplained.prefix(10) {
                out.append("- \(g.signature) ×\(g.count)")
                for e in g.evidence.prefix(1) { out.append("   " + dim("\(e.file):\(e.line)") + "  " + e.excerpt) }
            }
        }
        out.append("")
        out.append(paint("REPLY TO THE CUSTOMER", nil, bold: true))
        out.append(d.reply.customer)
        if !d.reply.internal.isEmpty || d.reply.route != nil {
            out.append("")
            out.append(paint("INTERNAL", nil, bold: true))
            if let r = d.reply.route { out.append("Route to: \(r)") }
            if !d.reply.internal.isEmpty { out.append(d.reply.internal) }
        }
        if let misses = d.nearMisses, !misses.isEmpty {
            out.append("")
            out.append(paint("NEAR MISSES (--explain)", nil, bold: true))
            for m in misses.prefix(30) { out.append("- \(m.ruleId) at \(m.file):\(m.line): failed \(m.failedCondition)") }
        }
        out.append("")
        out.append(paint("INPUTS", nil, bold: true))
        for i in d.inputs {
            var s = "\(i.file): \(i.format.rawValue)"
            if i.gzip { s += ", gzip (\(i.gzipMembers) member\(i.gzipMembers == 1 ? "" : "s"))" }
            if i.encoding != "utf8" { s += ", \(i.encoding)" }
            s += ", \(i.bytesOut) bytes, \(i.lines) lines, \(i.records) records"
            if let a = i.firstTimestamp, let b = i.lastTimestamp { s += ", \(a) … \(b)" }
            if i.truncated { s += paint(", TRUNCATED", "31", bold: true) }
            out.append(s)
            for w in i.warnings.prefix(5) { out.append("   warning: \(w.message)") }
        }
        let c = d.coverage
        out.append(
            dim(
                "Coverage: \(c.rulesEvaluated) rules evaluated on \(c.records) records (\(c.events) with facts, "
                    + "\(c.errorEvents) errors)."
            )
        )
        for n in c.notApplicable { out.append(dim("Not applicable: \(n.rules.count) rule(s): \(n.reason).")) }
        for n in c.notes { out.append(paint("Note: " + n, "33", bold: false)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// `a, b, c and 12 more` (the JSON output has them all).
    static func list(_ items: [String], max: Int) -> String {
        let shown = items.prefix(max).joined(separator: ", ")
        return items.count > max ? "\(shown) and \(items.count - max) more" : shown
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

    private func paint(_ s: String, _ code: String?, bold: Bool) -> String {
        guard color else { return s }
        let codes = [bold ? "1" : nil, code].compactMap { $0 }.joined(separator: ";")
        return codes.isEmpty ? s : "\u{1B}[\(codes)m\(s)\u{1B}[0m"
    }

    private func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}
