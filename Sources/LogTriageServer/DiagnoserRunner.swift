import Foundation
import LogInputs
import LogTriage

/// Runs the LogTriage library on a job's files, as `logtriage analyze --format json` does, on a ``WorkerPool``.
public struct DiagnoserRunner: AnalysisRunner, AnalysisRenderer {
    private let catalogue: RuleCatalogue
    private let pool: WorkerPool

    /// - Parameters:
    ///   - catalogue: the rules (``RuleCatalogue/loadBundled()`` by default in the service).
    ///   - pool: where analyses run; its limit is how many run at once.
    public init(catalogue: RuleCatalogue, pool: WorkerPool) {
        self.catalogue = catalogue
        self.pool = pool
    }

    public func analyze(_ job: AnalysisJob) async throws -> AnalysisOutcome {
        let catalogue = catalogue
        return try await pool.run { try Self.diagnose(job, catalogue: catalogue) }
    }

    static func diagnose(_ job: AnalysisJob, catalogue: RuleCatalogue) throws -> AnalysisOutcome {
        var ingest = IngestOptions()
        let tz = job.options.tz ?? "+03:00"
        guard let offset = TimestampFormat.parseOffset(tz) else {
            throw AnalysisInputError(message: "tz '\(tz)' is not a UTC offset")
        }
        ingest.assumedOffsetSeconds = offset
        var request = AnalysisRequest()
        request.ticket = job.externalId
        request.stand = job.options.stand?.uppercased()
        if let lang = job.options.lang {
            guard let language = AnalysisRequest.Language(rawValue: lang.lowercased()) else {
                throw AnalysisInputError(message: "lang must be en or ru, not '\(lang)'")
            }
            request.language = language
        }
        request.since = try job.options.since.map { try PeriodText.parse($0, name: "since", endOfDay: false, offset) }
        request.until = try job.options.until.map { try PeriodText.parse($0, name: "until", endOfDay: true, offset) }
        // An e-mail is read as its attachments; what its text states is the default for stand and period.
        let inputs = try UploadInputs(job.files)
        defer { inputs.remove() }
        if let stated = inputs.stated {
            if request.stand == nil { request.stand = stated.stand }
            if request.since == nil, request.until == nil {
                request.since = stated.since.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
                request.until = stated.until.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
            }
        }
        let diagnoser = Diagnoser(catalogue: catalogue, request: request)
        // Archives become their members (temporary copies), as in `analyze`.
        let expanded = InputExpander.expand(attachments: inputs.sources, chosen: inputs.chosen)
        defer { expanded.removeTemporaryFiles() }
        diagnoser.noteExpansion(notes: inputs.notes + expanded.notes, unreadable: expanded.unreadable)
        do {
            try diagnoser.read(
                paths: expanded.sources.map(\.path),
                names: expanded.sources.map(\.displayName),
                options: ingest,
                threads: 1
            )
        } catch let error as IngestError {
            throw AnalysisInputError(message: "cannot read the inputs: \(error.detail)")
        }
        let diagnosis = diagnoser.finish()
        return AnalysisOutcome(
            side: diagnosis.verdict.side.rawValue,
            confidence: diagnosis.verdict.confidence,
            summary: diagnosis.verdict.summary,
            diagnosisJSON: try diagnosis.jsonData()
        )
    }

    public func render(_ diagnosisJSON: Data, format: String) throws -> Data? {
        let diagnosis = try JSONDecoder().decode(Diagnosis.self, from: diagnosisJSON)
        switch format {
        case "markdown": return Data(MarkdownReport().render(diagnosis).utf8)
        case "text": return Data(TextReport(color: false).render(diagnosis).utf8)
        case "sarif": return try SarifReport().render(diagnosis)
        case "note": return Data(Self.note(diagnosis).utf8)
        default: return nil
        }
    }
}

extension DiagnoserRunner {
    /// The internal note written back to a ticket: verdict, findings, route and the drafted reply, in plain text
    /// (every ticket system shows it as written). Excerpts are left out: the full report is one request away.
    static func note(_ d: Diagnosis) -> String {
        var lines = [
            "logtriage verdict: \(d.verdict.side.rawValue.uppercased())"
                + " (confidence \(Int(d.verdict.confidence * 100))%)",
            d.verdict.summary,
        ]
        if !d.findings.isEmpty {
            lines.append("")
            lines.append("Findings:")
            for f in d.findings.prefix(8) {
                lines.append("- [\(f.side.rawValue)] \(f.title) (\(f.ruleId), ×\(f.count))")
            }
        }
        if !d.platformTicketIds.isEmpty {
            lines.append("MixVel TicketId: " + d.platformTicketIds.joined(separator: ", "))
        }
        if let route = d.reply.route { lines.append("Route to: \(route)") }
        if !d.reply.internal.isEmpty { lines += ["", "Internal:", d.reply.internal] }
        if !d.reply.customer.isEmpty { lines += ["", "Suggested reply to the customer:", d.reply.customer] }
        return lines.joined(separator: "\n")
    }
}

/// A job's options or inputs are unusable; the message is safe to show the client.
public struct AnalysisInputError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Reads `since`/`until` the way `analyze` does: ISO-8601, a bare date, or a date and minutes.
enum PeriodText {
    static func parse(_ text: String, name: String, endOfDay: Bool, _ offset: Int) throws -> Timestamp {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 10,
            let day = TimestampFormat.parse(t + (endOfDay ? "T23:59:59.999" : "T00:00:00"), assumedOffset: offset)
        {
            return day
        }
        if t.count == 16, let m = TimestampFormat.parse(t + ":00", assumedOffset: offset) { return m }
        if let full = TimestampFormat.parse(t, assumedOffset: offset) { return full }
        throw AnalysisInputError(message: "\(name) '\(t)' is not a time; use 2026-11-18 or 2026-11-18T10:15:00+03:00")
    }
}
