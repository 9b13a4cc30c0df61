import Foundation

/// A reply draft ready to paste into the ticket: a customer section and an internal section.
public struct MarkdownReport {
    public init() {}

    public func render(_ d: Diagnosis) -> String {
        let ru = d.request.language == .ru
        var out: [String] = []
        out.append("## " + (ru ? "Ответ клиенту" : "Reply to the customer"))
        out.append("")
        out.append(d.reply.customer)
        if !d.platformTicketIds.isEmpty, !d.platformTicketIds.allSatisfy({ d.reply.customer.contains($0) }) {
            out.append("")
            out.append((ru ? "Инциденты MixVel: " : "MixVel incidents: ") + TextReport.list(d.platformTicketIds.map { "`\($0)`" }, max: 20))
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("## Internal" + (d.ticket.map { " — ticket \($0)" } ?? ""))
        out.append("")
        out.append("**Verdict:** \(d.verdict.side.rawValue) (confidence \(Int((d.verdict.confidence * 100).rounded()))%)  ")
        out.append(escape(d.verdict.summary))
        if let r = d.reply.route { out.append("\n**Route to:** \(r)") }
        if let r = d.verdict.ranking { out.append("\n_\(escape(r))_") }
        if !d.findings.isEmpty {
            out.append("")
            out.append("| # | side | rule | level | count | methods | first seen |")
            out.append("|---|---|---|---|---|---|---|")
            for (k, f) in d.findings.enumerated() {
                let methods = f.methods.joined(separator: ", ")
                out.append(
                    "| \(k + 1) | \(f.side.rawValue) | \(escape(f.title)) (`\(f.ruleId)`) | \(f.level) | \(f.count) | "
                        + "\(methods) | \(f.firstSeen.map { "\($0)" } ?? "") |"
                )
            }
            out.append("")
            out.append("### Evidence")
            for f in d.findings {
                out.append("")
                out.append("**\(escape(f.title))** (`\(f.ruleId)`)")
                for e in f.evidence {
                    out.append("- `\(e.file):\(e.line)` — `\(e.excerpt.replacingOccurrences(of: "`", with: "'"))`")
                }
                if !f.remediation.internal.isEmpty { out.append("- _Note:_ \(escape(f.remediation.internal))") }
            }
        }
        if !d.unexplained.isEmpty {
            out.append("")
            out.append("### Errors no rule explains")
            for g in d.unexplained.prefix(10) {
                let at = g.evidence.first.map { " — first at `\($0.file):\($0.line)`" } ?? ""
                out.append("- \(escape(g.signature)) ×\(g.count)\(at)")
            }
        }
        out.append("")
        out.append("### Inputs")
        for i in d.inputs {
            var s = "- `\(i.file)`: \(i.format.rawValue), \(i.lines) lines, \(i.records) records"
            if i.gzip { s += ", gzip" }
            if i.truncated { s += ", **truncated**" }
            out.append(s)
            for w in i.warnings.prefix(5) { out.append("  - warning: \(escape(w.message))") }
        }
        for n in d.coverage.notes { out.append("- Note: \(escape(n))") }
        return out.joined(separator: "\n") + "\n"
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|")
    }
}
