import Foundation

/// `report --format html`: one self-contained file (inline CSS, inline SVG charts, a few lines of inline script to
/// sort tables); nothing is fetched from the network.
public enum ReportHTML {
    static let colours = [
        "customer": "#e3a21a", "platform": "#c0392b", "provider": "#2e86c1", "none": "#27ae60",
        "inconclusive": "#95a5a6",
    ]

    public static func render(_ r: StoreReport) -> String {
        var h = ""
        h += "<p>Generated \(esc(r.generatedAt))"
        if r.since != nil || r.until != nil {
            h += "; requests from \(esc(r.since ?? "the start")) to \(esc(r.until ?? "now"))"
        }
        h += ". \(r.requests) requests, \(r.analysed) diagnosed, \(r.failed) failed.</p>\n"
        h += "<h2>Verdicts</h2>\n" + legend() + sideTable(r)
        h += "<h2>By week</h2>\n" + stackedBars(r.byWeek)
        h += "<h2>By month</h2>\n" + bucketTable(r.byMonth)
        h += "<h2>Top rules</h2>\n" + barChart(r.topRules) + rankedTable(r.topRules, "Rule")
        h += "<h2>Top categories</h2>\n" + rankedTable(r.topCategories, "Category")
        h += "<h2>Top customers</h2>\n" + customerTable(r.topCustomers)
        h += "<h2>Time to first error</h2>\n<p>"
        if let m = r.medianTimeToFirstErrorSeconds {
            h +=
                "Median \(duration(m)) from the start of the stated period to the first explained error "
                + "(\(r.timeToFirstErrorSamples) requests with a period and a timed finding).</p>\n"
        } else {
            h += "No request has both a stated period and a timed finding.</p>\n"
        }
        h += "<h2>Incidents across customers</h2>\n"
        h +=
            "<p>The same platform or provider signature in requests from different customers within "
            + "\(duration(Double(r.incidentWindowSeconds))).</p>\n"
        h += timeline(r.incidents) + incidentTable(r.incidents)
        h += "<h2>Unexplained errors</h2>\n" + unexplainedTable(r.unexplained)
        return page(title: "logtriage report", body: h)
    }

    /// The whole document around `body` (already HTML): the inline style, the heading, the table-sorting script.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title>
        <style>
        body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;
        vertical-align:top}th{background:#f4f4f4;cursor:pointer;user-select:none}th:after{content:" \\2195";
        color:#aaa}td.n{text-align:right}pre{white-space:pre-wrap;font-size:12px;background:#f8f8f8;margin:0;
        padding:4px;max-width:700px}.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;
        width:11px;height:11px;margin-right:4px;vertical-align:middle}details summary{cursor:pointer}
        </style></head><body>
        <h1>\(esc(title))</h1>

        """ + body + script + "</body></html>\n"
    }

    /// A sortable table: `headers` are text (escaped here), `rows` are cells already in HTML; the columns in
    /// `numeric` are right-aligned.
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var t =
            "<table class=\"sortable\"><thead><tr>" + headers.map { "<th>\(esc($0))</th>" }.joined()
            + "</tr></thead><tbody>"
        for row in rows {
            t +=
                "<tr>"
                + row.enumerated().map { k, cell in
                    numeric.contains(k) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>"
                }.joined() + "</tr>"
        }
        return t + "</tbody></table>\n"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 86400 { return "\(s / 86400) d \(s % 86400 / 3600) h" }
        if s >= 3600 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        if s >= 60 { return "\(s / 60) min \(s % 60) s" }
        return "\(s) s"
    }

    static func legend() -> String {
        "<p class=\"legend\">"
            + StoreReport.sides.map {
                "<span><i class=\"sw\" style=\"background:\(colours[$0]!)\"></i>\($0)</span>"
            }.joined() + "</p>\n"
    }

    static func sideTable(_ r: StoreReport) -> String {
        var t = "<table class=\"sortable\"><thead><tr><th>Side</th><th>Requests</th><th>Share</th></tr></thead><tbody>"
        for side in StoreReport.sides {
            let n = r.bySide[side] ?? 0
            let share = r.analysed > 0 ? Double(n) * 100 / Double(r.analysed) : 0
            t +=
                "<tr><td>\(side)</td><td class=\"n\">\(n)</td><td class=\"n\">"
                + String(format: "%.1f %%", share) + "</td></tr>"
        }
        return t + "</tbody></table>\n"
    }

    /// Side by period, stacked bars.
    static func stackedBars(_ buckets: [StoreReport.Bucket]) -> String {
        guard !buckets.isEmpty else { return "<p>No diagnosed requests.</p>\n" }
        let maxTotal = max(1, buckets.map(\.total).max() ?? 1)
        let barWidth = 28
        let gap = 10
        let height = 180
        let width = 90 + buckets.count * (barWidth + gap)
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"verdicts by week\" "
            + "width=\"\(width)\" height=\"\(height + 60)\" font-size=\"10\">"
        s +=
            "<text x=\"0\" y=\"12\">\(maxTotal)</text><line x1=\"40\" y1=\"10\" x2=\"40\" y2=\"\(height + 10)\" "
            + "stroke=\"#999\"/>"
        for (k, b) in buckets.enumerated() {
            let x = 50 + k * (barWidth + gap)
            var y = Double(height + 10)
            for side in StoreReport.sides {
                let n = b.sides[side] ?? 0
                guard n > 0 else { continue }
                let h = Double(n) / Double(maxTotal) * Double(height)
                y -= h
                s +=
                    "<rect x=\"\(x)\" y=\(q(y)) width=\"\(barWidth)\" height=\(q(h)) fill=\"\(colours[side]!)\">"
                    + "<title>\(esc(b.period)) \(side): \(n)</title></rect>"
            }
            s +=
                "<text x=\"\(x)\" y=\"\(height + 24)\" transform=\"rotate(45 \(x) \(height + 24))\">"
                + "\(esc(b.period))</text>"
        }
        return s + "</svg>\n" + bucketTable(buckets)
    }

    static func q(_ v: Double) -> String { "\"" + String(format: "%.1f", v) + "\"" }

    static func bucketTable(_ buckets: [StoreReport.Bucket]) -> String {
        var t =
            "<table class=\"sortable\"><thead><tr><th>Period</th><th>Start</th>"
            + StoreReport.sides.map { "<th>\($0)</th>" }.joined() + "<th>Total</th></tr></thead><tbody>"
        for b in buckets {
            t +=
                "<tr><td>\(esc(b.period))</td><td>\(b.start)</td>"
                + StoreReport.sides.map { "<td class=\"n\">\(b.sides[$0] ?? 0)</td>" }.joined()
                + "<td class=\"n\">\(b.total)</td></tr>"
        }
        return t + "</tbody></table>\n"
    }

    static func barChart(_ ranked: [StoreReport.Ranked]) -> String {
        guard !ranked.isEmpty else { return "<p>No rule fired.</p>\n" }
        let rows = ranked.map {
            Bars(label: $0.name, values: [.init(count: $0.requests, colour: colours[$0.side ?? ""] ?? "#777")])
        }
        return bars(rows, label: "top rules")
    }

    /// One labelled row of a horizontal bar chart: one bar per value, one under the other.
    struct Bars {
        struct Value {
            var count: Int
            var colour: String
            var title = ""
        }

        var label: String
        var values: [Value]
    }

    /// A horizontal bar chart: labels on the left, bars scaled to the largest value, each bar with its count.
    static func bars(_ rows: [Bars], label: String) -> String {
        let maxN = max(1, rows.flatMap { $0.values.map(\.count) }.max() ?? 1)
        let barH = 13
        var y = 3
        var body = ""
        for row in rows {
            body += "<text x=\"0\" y=\"\(y + 11)\">\(esc(row.label))</text>"
            for v in row.values {
                let w = Double(v.count) / Double(maxN) * 380
                let title = v.title.isEmpty ? "" : "<title>\(esc(v.title))</title>"
                body +=
                    "<rect x=\"330\" y=\"\(y)\" width=\(q(max(w, 1))) height=\"\(barH - 2)\" "
                    + "fill=\"\(esc(v.colour))\">\(title)</rect><text x=\(q(336 + w)) y=\"\(y + 10)\">\(v.count)</text>"
                y += barH
            }
            y += 5
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(esc(label))\" width=\"760\" "
            + "height=\"\(y + 3)\" font-size=\"11\">" + body + "</svg>\n"
    }

    static func rankedTable(_ ranked: [StoreReport.Ranked], _ title: String) -> String {
        var t =
            "<table class=\"sortable\"><thead><tr><th>\(title)</th><th>Side</th><th>Requests</th></tr></thead>"
            + "<tbody>"
        for x in ranked {
            t += "<tr><td>\(esc(x.name))</td><td>\(esc(x.side ?? ""))</td><td class=\"n\">\(x.requests)</td></tr>"
        }
        return t + "</tbody></table>\n"
    }

    static func customerTable(_ customers: [StoreReport.Customer]) -> String {
        var t =
            "<table class=\"sortable\"><thead><tr><th>Customer (domain)</th><th>Requests</th>"
            + StoreReport.sides.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for c in customers {
            t +=
                "<tr><td>\(esc(c.domain))</td><td class=\"n\">\(c.requests)</td>"
                + StoreReport.sides.map { "<td class=\"n\">\(c.sides[$0] ?? 0)</td>" }.joined() + "</tr>"
        }
        return t + "</tbody></table>\n"
    }

    /// Incidents as bars on one time line.
    static func timeline(_ incidents: [StoreReport.Incident]) -> String {
        let shown = Array(incidents.prefix(20))
        let spans = shown.compactMap { i -> (StoreReport.Incident, Date, Date)? in
            guard let a = parse(i.firstSeen), let b = parse(i.lastSeen) else { return nil }
            return (i, a, b)
        }
        guard let lo = spans.map(\.1).min(), let hi = spans.map(\.2).max() else {
            return "<p>No incident.</p>\n"
        }
        let range = max(hi.timeIntervalSince(lo), 60)
        let rowH = 16
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"incidents on a time line\" "
            + "width=\"760\" height=\"\(spans.count * rowH + 24)\" font-size=\"10\">"
        s +=
            "<text x=\"0\" y=\"\(spans.count * rowH + 20)\">\(esc(iso(lo)))</text>"
            + "<text x=\"560\" y=\"\(spans.count * rowH + 20)\">\(esc(iso(hi)))</text>"
        for (k, (i, a, b)) in spans.enumerated() {
            let x = 10 + a.timeIntervalSince(lo) / range * 700
            let w = max(4, b.timeIntervalSince(a) / range * 700)
            s +=
                "<rect x=\(q(x)) y=\"\(k * rowH + 2)\" width=\(q(w)) height=\"\(rowH - 4)\" "
                + "fill=\"\(colours[i.side] ?? "#777")\"><title>\(esc(i.signature)): "
                + "\(i.requests.count) requests, \(i.customers.count) customers</title></rect>"
        }
        return s + "</svg>\n"
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    static func incidentTable(_ incidents: [StoreReport.Incident]) -> String {
        guard !incidents.isEmpty else { return "" }
        var t =
            "<table class=\"sortable\"><thead><tr><th>Signature</th><th>Side</th><th>Customers</th>"
            + "<th>Requests</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>"
        for i in incidents {
            t +=
                "<tr><td>\(esc(i.signature))</td><td>\(i.side)</td><td>\(esc(i.customers.joined(separator: ", ")))"
                + "</td><td>\(i.requests.map(String.init).joined(separator: ", "))</td><td>\(esc(i.firstSeen))</td>"
                + "<td>\(esc(i.lastSeen))</td></tr>"
        }
        return t + "</tbody></table>\n"
    }

    static func unexplainedTable(_ clusters: [StoreReport.UnexplainedCluster]) -> String {
        guard !clusters.isEmpty else { return "<p>Every error was explained by a rule.</p>\n" }
        var t =
            "<table class=\"sortable\"><thead><tr><th>Template</th><th>Count</th><th>Requests</th>"
            + "<th>First seen</th><th>Last seen</th><th>Draft rule</th></tr></thead><tbody>"
        for c in clusters {
            t +=
                "<tr><td>\(esc(c.template))<pre>\(esc(c.example))</pre></td><td class=\"n\">\(c.count)</td>"
                + "<td>\(c.requests.map(String.init).joined(separator: ", "))</td>"
                + "<td>\(esc(c.firstSeen ?? ""))</td><td>\(esc(c.lastSeen ?? ""))</td>"
                + "<td><details><summary>YAML</summary><pre>\(esc(c.draftRule))</pre></details></td></tr>"
        }
        return t + "</tbody></table>\n"
    }

    static let script = """
        <script>
        document.querySelectorAll('table.sortable th').forEach(function (th) {
          th.addEventListener('click', function () {
            var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;
            var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[i].textContent.trim(), y = b.cells[i].textContent.trim();
              var nx = parseFloat(x), ny = parseFloat(y);
              var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return asc ? c : -c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
        </script>

        """
}
