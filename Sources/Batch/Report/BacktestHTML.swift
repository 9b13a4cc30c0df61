import Foundation

/// `backtest --format html`: one self-contained file in the report's style (``ReportHTML``'s page, tables and bar
/// chart): the old side → new side matrix as a table and an inline SVG grid, rule firing before and after, the
/// requests whose verdict changed or that became (un)explained, and agreement with recorded outcomes.
public enum BacktestHTML {
    typealias H = ReportHTML

    public static func render(_ r: BacktestResult) -> String {
        var h =
            "<p>\(r.requests) requests; baseline <b>\(H.esc(r.baseline))</b>, candidate "
            + "<b>\(H.esc(r.candidate))</b>. "
            + String(
                format: "%d verdicts changed (%.1f %%).", r.changed,
                r.changeRatio * 100) + "</p>\n"
        let sides = sides(of: r)
        h += "<h2>Old side → new side</h2>\n" + H.legend() + matrixTable(r, sides) + matrixGrid(r, sides)
        h += "<h2>Rules before and after</h2>\n" + ruleChart(r.rules) + ruleTable(r.rules)
        h += "<h2>Changed verdicts</h2>\n" + changeTable(r.changes)
        h += "<h2>Became unexplained</h2>\n" + idList(r.becameUnexplained, none: "No request lost its explanation.")
        h += "<h2>Became explained</h2>\n" + idList(r.becameExplained, none: "No request gained an explanation.")
        h += "<h2>Agreement with recorded outcomes</h2>\n" + agreement(r.agreement)
        if !r.failures.isEmpty {
            h +=
                "<h2>Requests that could not be diagnosed</h2>\n<ul>"
                + r.failures.map { "<li>\(H.esc($0))</li>" }.joined() + "</ul>\n"
        }
        return H.page(title: "logtriage backtest", body: h)
    }

    /// The five sides in their usual order, then any other side the matrix holds (from an older or foreign JSON).
    static func sides(of r: BacktestResult) -> [String] {
        let known = StoreReport.sides
        let seen = Set(r.matrix.keys).union(r.matrix.values.flatMap(\.keys))
        return known + seen.subtracting(known).sorted()
    }

    static func cell(_ r: BacktestResult, _ old: String, _ new: String) -> Int { r.matrix[old]?[new] ?? 0 }

    static func matrixTable(_ r: BacktestResult, _ sides: [String]) -> String {
        let rows = sides.map { old in
            [H.esc(old)] + sides.map { String(cell(r, old, $0)) }
                + [String(sides.reduce(0) { $0 + cell(r, old, $1) })]
        }
        return H.table(["old \\ new"] + sides + ["total"], rows, numeric: Set(1...sides.count + 1))
    }

    /// The matrix as a grid: kept verdicts (the diagonal) in green, moved ones in red, darker for more requests.
    static func matrixGrid(_ r: BacktestResult, _ sides: [String]) -> String {
        let w = 96
        let h = 34
        let left = 120
        let top = 44
        let maxN = max(1, sides.flatMap { o in sides.map { cell(r, o, $0) } }.max() ?? 1)
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"transition matrix\" "
            + "width=\"\(left + sides.count * w + 10)\" height=\"\(top + sides.count * h + 10)\" font-size=\"11\">"
        s += "<text x=\"\(left)\" y=\"12\">new (candidate) →</text><text x=\"0\" y=\"\(top - 8)\">old ↓</text>"
        for (k, side) in sides.enumerated() {
            s +=
                "<text x=\"\(left + k * w + 6)\" y=\"\(top - 8)\">\(H.esc(side))</text>"
                + "<text x=\"0\" y=\"\(top + k * h + h / 2 + 4)\">\(H.esc(side))</text>"
        }
        for (i, old) in sides.enumerated() {
            for (j, new) in sides.enumerated() {
                let n = cell(r, old, new)
                let colour = i == j ? "#27ae60" : "#c0392b"
                let opacity = n == 0 ? 0 : 0.15 + 0.85 * Double(n) / Double(maxN)
                let x = left + j * w
                let y = top + i * h
                s +=
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w - 2)\" height=\"\(h - 2)\" fill=\"\(colour)\" "
                    + "fill-opacity=" + H.q(opacity) + " stroke=\"#ccc\"><title>\(H.esc(old)) → \(H.esc(new)): \(n)"
                    + "</title></rect><text x=\"\(x + w / 2 - 8)\" y=\"\(y + h / 2 + 3)\">\(n)</text>"
            }
        }
        return s + "</svg>\n"
    }

    /// Bars before (grey) and after (blue) for the rules whose firing changed, most changed first (at most 40).
    static func ruleChart(_ rules: [BacktestResult.RuleDelta]) -> String {
        let moved = rules.filter { $0.before != $0.after }
            .sorted { abs($0.after - $0.before) > abs($1.after - $1.before) }
        guard !moved.isEmpty else { return "<p>No rule fired in a different number of requests.</p>\n" }
        let rows = moved.prefix(40).map {
            H.Bars(
                label: $0.rule,
                values: [
                    .init(count: $0.before, colour: "#aab2bd", title: "\($0.rule) before: \($0.before)"),
                    .init(count: $0.after, colour: "#2e86c1", title: "\($0.rule) after: \($0.after)"),
                ])
        }
        return "<p class=\"legend\"><span><i class=\"sw\" style=\"background:#aab2bd\"></i>before</span>"
            + "<span><i class=\"sw\" style=\"background:#2e86c1\"></i>after</span></p>\n"
            + H.bars(Array(rows), label: "rule firing before and after")
    }

    static func ruleTable(_ rules: [BacktestResult.RuleDelta]) -> String {
        guard !rules.isEmpty else { return "" }
        let rows = rules.map { d in
            let change = (d.after > d.before ? "+" : "") + String(d.after - d.before)
            return [H.esc(d.rule), String(d.before), String(d.after), change]
        }
        return H.table(["Rule", "Requests before", "Requests after", "Change"], rows, numeric: [1, 2, 3])
    }

    static func changeTable(_ changes: [BacktestResult.Change]) -> String {
        guard !changes.isEmpty else { return "<p>No verdict changed.</p>\n" }
        let rows = changes.map { c in
            [String(c.request), swatch(c.before), swatch(c.after), c.outcome.map(swatch) ?? ""]
        }
        return H.table(["Request", "Before", "After", "Recorded outcome"], rows, numeric: [0])
    }

    static func swatch(_ side: String) -> String {
        "<i class=\"sw\" style=\"background:\(H.colours[side] ?? "#777")\"></i>\(H.esc(side))"
    }

    static func idList(_ ids: [Int64], none: String) -> String {
        guard !ids.isEmpty else { return "<p>\(none)</p>\n" }
        let count = ids.count == 1 ? "1 request" : "\(ids.count) requests"
        return "<p>\(count): " + ids.map(String.init).joined(separator: ", ") + "</p>\n"
    }

    static func agreement(_ a: BacktestResult.Agreement) -> String {
        guard a.withOutcome > 0 else {
            return "<p>No recorded outcomes to compare with (<code>logtriage request resolve</code> records them)."
                + "</p>\n"
        }
        func share(_ n: Int) -> String { String(format: "%.1f %%", Double(n) * 100 / Double(a.withOutcome)) }
        return "<p>\(a.withOutcome) requests have an outcome a person recorded.</p>\n"
            + H.table(
                ["Verdicts", "Agree with the outcome", "Share"],
                [
                    ["before (baseline)", String(a.before), share(a.before)],
                    ["after (candidate)", String(a.after), share(a.after)],
                ], numeric: [1, 2])
    }
}
