import Foundation
import LogTriage
import RequestIntake
import RequestStore

/// Runs analyses through the e-mail intake when the service has a request store: the upload becomes a stored
/// support request (an `.eml` with its subject, masked sender, stated stand and period and its attachments; other
/// files as a `files` request), its attachments go to the store's blob folder, and the diagnosis is stored with it.
/// The outcome carries the request's id, and the diagnosis JSON its `request` object.
public struct IntakeRunner: AnalysisRunner {
    private let intake: RequestIntake
    private let pool: WorkerPool

    /// - Parameters:
    ///   - store: the request store the service runs on.
    ///   - catalogue: the rules.
    ///   - pool: where analyses run.
    public init(store: RequestStore, catalogue: RuleCatalogue, pool: WorkerPool) {
        var intake = RequestIntake(store: store, catalogue: catalogue)
        intake.threads = 1
        self.intake = intake
        self.pool = pool
    }

    public func analyze(_ job: AnalysisJob) async throws -> AnalysisOutcome {
        let intake = intake
        return try await pool.run { try Self.run(job, intake: intake) }
    }

    static func run(_ job: AnalysisJob, intake base: RequestIntake) throws -> AnalysisOutcome {
        let tz = job.options.tz ?? "+03:00"
        guard let offset = TimestampFormat.parseOffset(tz) else {
            throw AnalysisInputError(message: "tz '\(tz)' is not a UTC offset")
        }
        var ingest = IngestOptions()
        ingest.assumedOffsetSeconds = offset
        var intake = RequestIntake(store: base.store, catalogue: base.catalogue, options: ingest)
        intake.threads = base.threads
        var overrides = IntakeOverrides()
        overrides.externalId = job.externalId
        overrides.stand = job.options.stand?.uppercased()
        if let lang = job.options.lang {
            guard let language = AnalysisRequest.Language(rawValue: lang.lowercased()) else {
                throw AnalysisInputError(message: "lang must be en or ru, not '\(lang)'")
            }
            overrides.language = language
        }
        overrides.since = try job.options.since.map {
            try PeriodText.parse($0, name: "since", endOfDay: false, offset)
        }
        overrides.until = try job.options.until.map {
            try PeriodText.parse($0, name: "until", endOfDay: true, offset)
        }
        let incoming = try request(from: job.files)
        let result: IntakeResult
        do {
            result = try intake.add(incoming, overrides: overrides)
        } catch let error as IntakeError {
            throw AnalysisInputError(message: error.description)
        }
        let d = result.diagnosis
        return AnalysisOutcome(
            side: d.verdict.side.rawValue,
            confidence: d.verdict.confidence,
            summary: d.verdict.summary,
            diagnosisJSON: try d.jsonData(),
            requestId: result.requestId
        )
    }

    /// The upload as one support request: the first e-mail gives its headers and stated facts, the attachments of
    /// every e-mail and the other files are its files.
    static func request(from files: [AnalysisJob.File]) throws -> IncomingRequest {
        var mail: IncomingRequest?
        var extra: [IncomingFile] = []
        var warnings: [String] = []
        for file in files {
            if let m = try UploadInputs.mail(file) {
                if mail == nil {
                    mail = m
                } else {
                    extra += m.files.map {
                        IncomingFile(
                            name: $0.name, path: "\(file.name)!/\($0.path)", content: $0.content, note: $0.note)
                    }
                    warnings += m.warnings.map { "\(file.name): \($0)" }
                }
            } else {
                extra.append(IncomingFile(name: file.name, path: file.name, content: .file(file.path)))
            }
        }
        guard var request = mail else {
            let names = files.map(\.name)
            let zips = names.allSatisfy { $0.lowercased().hasSuffix(".zip") }
            return IncomingRequest(
                sourceKind: zips ? .zip : .files,
                sourceName: names.joined(separator: ", "),
                files: extra
            )
        }
        request.files += extra
        request.warnings += warnings
        return request
    }
}
