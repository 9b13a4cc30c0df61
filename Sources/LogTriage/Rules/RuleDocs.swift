import Foundation

/// Generates `docs/RULES.md` from the catalogue (never hand-written; a test fails when it is stale).
public enum RuleDocs {
    /// The catalogue as Markdown: a summary table, then one section per rule.
    public static func markdown(_ catalogue: RuleCatalogue) -> String {
        let rules = catalogue.rules.sorted { ($0.file, $0.id) < ($1.file, $1.id) }
        var out = "<!-- Generated from Rules/ by `logtriage rules docs` - do not edit. -->\n\n"
        out += "# Rule catalogue\n\n"
        out += "\(rules.count) rules. Each rule is one YAML file `Rules/<area>/<id>.yaml`; its examples are its tests "
        out += "(`logtriage rules test`, `swift test`). Side = whose fault the matched event is; fallback rules only "
        out += "apply when no specific rule matched the same event.\n\n"
        out += "| id | area | side | level | confidence | codes | title |\n"
        out += "|---|---|---|---|---|---|---|\n"
        for r in rules {
            let area = r.file.split(separator: "/").first.map(String.init) ?? ""
            let codes = r.codes.joined(separator: ", ")
            out += "| [\(r.id)](#\(r.id)) | \(area) | \(r.side.rawValue)\(r.isFallback ? " (fallback)" : "") "
            out += "| \(r.level.rawValue) | \(r.confidence) | \(codes) | \(cell(r.title)) |\n"
        }
        for r in rules {
            out += "\n## \(r.id)\n\n"
            out += "**\(r.title)** (`Rules/\(r.file)`)\n\n"
            out += r.description + "\n\n"
            out += "- side: **\(r.side.rawValue)**, category `\(r.category)`"
            if let route = r.route { out += ", route `\(route)`" }
            out += "\n- level \(r.level.rawValue), status \(r.status.rawValue), confidence \(r.confidence), "
            out += "priority \(r.priority)\(r.isFallback ? ", fallback" : "")\n"
            out += "- match: `\(r.match.description)`\n"
            if let c = r.correlation { out += "- correlation: \(describe(c))\n" }
            if !r.tags.isEmpty { out += "- tags: " + r.tags.joined(separator: ", ") + "\n" }
            out += "\nRemediation (en): \(r.remediation.en)\n\n"
            out += "Remediation (ru): \(r.remediation.ru)\n\n"
            out += "Internal: \(r.remediation.internal)\n"
            if !r.references.isEmpty {
                out += "\nReferences: " + r.references.map { "<\($0)>" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    /// One-line description of a correlation.
    public static func describe(_ c: Correlation) -> String {
        var s: String
        switch c.kind {
        case .count(let w, let n, let d):
            s = "at least \(n) events within \(w)"
            if let d { s += " over at least \(d.min) distinct \(d.field.rawValue)" }
        case .sequence(let after, let select, let gap):
            s = "after the \(select.rawValue) earlier event where `\(after.description)`, with "
            s += gap.map(\.description).joined(separator: " and ")
        }
        if !c.groupBy.isEmpty { s += ", grouped by " + c.groupBy.map(\.rawValue).joined(separator: ", ") }
        if !c.differ.isEmpty { s += ", anchor differs in " + c.differ.map(\.rawValue).joined(separator: ", ") }
        return s
    }

    private static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|")
    }
}
