import Foundation

/// A reply draft ready to paste into the ticket: a customer section and an internal section, with headings and
/// labels in the request's language and control characters from the logs shown escaped.
public struct MarkdownReport {
    public init() {}

    public func render(_ d: Diagnosis) -> String {
        let l = ReportLabels(d.request.language)
        var out: [String] = []
        out.append("## " + l.replyTitle)
        out.append("")
        out.append(clean(d.reply.customer))
        if !d.platformTicketIds.isEmpty, !d.platformTicketIds.allSatisfy({ d.reply.customer.contains($0) }) {
            out.append("")
            out.append(
                "\(l.incidents): " + TextReport.list(d.platformTicketIds.map { "`\(code($0))`" }, max: 20, labels: l))
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("## \(l.internalTitle)" + (d.ticket.map { " — \(l.ticketWord) \(escape($0))" } ?? ""))
        out.append("")
        out.append(
            "**\(l.verdictTitle):** \(l.side(d.verdict.side)) (\(l.confidence) "
                + "\(Int((d.verdict.confidence * 100).rounded()))%)  ")
        out.append(escape(d.verdict.summary))
        if let r = d.reply.route { out.append("\n**\(l.routeTo):** \(r)") }
        if let r = d.verdict.ranking { out.append("\n_\(escape(r))_") }
        if !d.findings.isEmpty {
            out.append("")
            out.append(l.tableHeader)
            out.append("|---|---|---|---|---|---|---|")
            for (k, f) in d.findings.enumerated() {
                let methods = escape(f.methods.joined(separator: ", "))
                out.append(
                    "| \(k + 1) | \(l.side(f.side)) | \(escape(f.title)) (`\(f.ruleId)`) | \(l.level(f.level)) | "
                        + "\(f.count) | \(methods) | \(f.firstSeen.map { "\($0)" } ?? "") |"
                )
            }
            out.append("")
            out.append("### \(l.evidence)")
            for f in d.findings {
                out.append("")
                out.append("**\(escape(f.title))** (`\(f.ruleId)`)")
                for e in f.evidence {
                    out.append("- `\(code(e.file)):\(e.line)` — `\(code(e.excerpt))`")
                }
                if !f.remediation.internal.isEmpty { out.append("- _\(l.note):_ \(escape(f.remediation.internal))") }
            }
        }
        if !d.unexplained.isEmpty {
            out.append("")
            out.append("### \(l.errorsNoRule)")
            for g in d.unexplained.prefix(10) {
                let at = g.evidence.first.map { " — \(l.firstAt) `\(code($0.file)):\($0.line)`" } ?? ""
                out.append("- \(escape(g.signature)) ×\(g.count)\(at)")
            }
        }
        if let r = RequestSection(d) {
            out.append("")
            out.append("### " + escape(r.title))
            for (label, value) in r.facts { out.append("- **\(label):** \(escape(value))") }
        }
        out.append("")
        out.append("### \(l.inputsTitle)")
        for i in d.inputs {
            var s = "- `\(code(i.file))`: \(i.format.rawValue), \(i.lines) \(l.lines), \(i.records) \(l.records)"
            if i.gzip { s += ", gzip" }
            if i.truncated { s += ", **\(l.truncatedLower)**" }
            out.append(s)
            for w in i.warnings.prefix(5) { out.append("  - \(l.warning): \(escape(w.message))") }
        }
        for n in d.coverage.notes { out.append("- \(l.note): \(escape(n))") }
        return out.joined(separator: "\n") + "\n"
    }

    private func clean(_ s: String) -> String { Excerpt.escapingControls(s) }

    /// Text in a table cell or a paragraph.
    private func escape(_ s: String) -> String {
        clean(s).replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text inside a code span: no backticks, no line breaks.
    private func code(_ s: String) -> String {
        clean(s).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
    }
}
