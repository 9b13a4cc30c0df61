import Foundation

/// `report --format json|csv`.
public enum ReportWriters {
    public static func json(_ report: StoreReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report) + Data("\n".utf8)
    }

    /// One table: `section,key,side,count,extra` (sections: side, week, month, rule, category, customer,
    /// unexplained, incident, ttfe).
    public static func csv(_ r: StoreReport) -> String {
        var rows: [[String]] = [["section", "key", "side", "count", "extra"]]
        for side in StoreReport.sides { rows.append(["side", side, side, String(r.bySide[side] ?? 0), ""]) }
        for (name, buckets) in [("week", r.byWeek), ("month", r.byMonth)] {
            for b in buckets {
                for (side, n) in b.sides.sorted(by: { $0.key < $1.key }) {
                    rows.append([name, b.period, side, String(n), b.start])
                }
            }
        }
        for x in r.topRules { rows.append(["rule", x.name, x.side ?? "", String(x.requests), ""]) }
        for x in r.topCategories { rows.append(["category", x.name, x.side ?? "", String(x.requests), ""]) }
        for c in r.topCustomers {
            for (side, n) in c.sides.sorted(by: { $0.key < $1.key }) {
                rows.append(["customer", c.domain, side, String(n), String(c.requests)])
            }
        }
        for u in r.unexplained {
            let ids = u.requests.map(String.init).joined(separator: " ")
            rows.append(["unexplained", u.template, "", String(u.count), ids])
        }
        for i in r.incidents {
            rows.append(["incident", i.signature, i.side, String(i.requests.count), i.customers.joined(separator: " ")])
        }
        rows.append([
            "ttfe", "median seconds", "", String(r.timeToFirstErrorSamples),
            r.medianTimeToFirstErrorSeconds.map { String(format: "%.0f", $0) } ?? "",
        ])
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func field(_ s: String) -> String {
        // A leading = + - @ would be a formula in a spreadsheet.
        var v = s
        if let c = v.first, "=+-@".contains(c) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
