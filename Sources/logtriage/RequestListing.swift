import Foundation
import RequestStore

/// `request list` output: a table for people, a JSON array or CSV for programs (the same fields in each).
enum RequestListing {
    struct Row: Encodable {
        struct Period: Encodable {
            var since: String?
            var until: String?
        }
        struct Verdict: Encodable {
            var side: String
            var confidence: Double
        }
        var id: Int64
        var externalId: String?
        var source: String?
        var subject: String?
        var from: String?
        var received: String?
        var stand: String?
        var period: Period?
        var status: String
        var verdict: Verdict?

        init(_ s: RequestSummary) {
            id = s.id
            externalId = s.externalId
            source = s.sourceName.map { URL(fileURLWithPath: $0).lastPathComponent }
            subject = s.subject
            from = s.sender
            received = s.received?.text
            stand = s.stand
            if s.periodSince != nil || s.periodUntil != nil {
                period = Period(since: s.periodSince?.text, until: s.periodUntil?.text)
            }
            status = s.status.rawValue
            verdict = s.latestVerdict.map { Verdict(side: $0.side, confidence: $0.confidence) }
        }
    }

    static func json(_ rows: [RequestSummary]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(rows.map(Row.init)))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static let csvColumns = [
        "id", "externalId", "source", "subject", "from", "received", "stand", "since", "until", "status", "side",
        "confidence",
    ]

    static func csv(_ rows: [RequestSummary]) {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for s in rows.map(Row.init) {
            let fields: [String?] = [
                String(s.id), s.externalId, s.source, s.subject, s.from, s.received, s.stand, s.period?.since,
                s.period?.until, s.status, s.verdict?.side, s.verdict.map { String(format: "%.2f", $0.confidence) },
            ]
            out += fields.map { csvField($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; a leading `=+-@` is prefixed with `'` so a
    /// spreadsheet does not run it as a formula.
    static func csvField(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        guard v.contains(where: { ",\"\r\n".contains($0) }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func text(_ rows: [RequestSummary]) {
        if rows.isEmpty {
            print("No requests.")
            return
        }
        for s in rows.map(Row.init) {
            let verdict = s.verdict.map { "\($0.side) \(Int(($0.confidence * 100).rounded()))%" } ?? s.status
            let when = s.period.map { "\($0.since ?? "…") … \($0.until ?? "…")" } ?? s.received ?? "-"
            let title = s.subject ?? s.source ?? ""
            let ext = s.externalId.map { " [\($0)]" } ?? ""
            print("\(s.id)\(ext)\t\(verdict)\t\(s.stand ?? "-")\t\(when)\t\(title)")
        }
    }
}
