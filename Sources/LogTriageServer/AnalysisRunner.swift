import Foundation

/// Runs one analysis. ``DiagnoserRunner`` runs the LogTriage library; the e-mail intake can wrap it.
public protocol AnalysisRunner: Sendable {
    /// Diagnoses the job's files. CPU-bound work must not run on the caller's executor: run it on a ``WorkerPool``.
    /// - Throws: when the inputs cannot be read at all (the message must not quote their content).
    func analyze(_ job: AnalysisJob) async throws -> AnalysisOutcome
}

/// The inputs of one analysis: files on disk and what the customer told us.
public struct AnalysisJob: Sendable {
    /// One uploaded or fetched file.
    public struct File: Sendable, Equatable, Codable {
        /// Where it is on disk (the service deletes it after the analysis).
        public var path: String
        /// The name the sender gave it (shown in reports).
        public var name: String
        public var bytes: Int
        public init(path: String, name: String, bytes: Int) {
            self.path = path
            self.name = name
            self.bytes = bytes
        }
    }

    public var id: String
    public var files: [File]
    public var options: AnalysisOptions
    public var externalId: String?

    public init(id: String, files: [File], options: AnalysisOptions, externalId: String?) {
        self.id = id
        self.files = files
        self.options = options
        self.externalId = externalId
    }
}

/// What an analysis found, with the renderings clients can ask for.
public struct AnalysisOutcome: Sendable {
    public var side: String
    public var confidence: Double
    public var summary: String
    /// `analyze --format json`, already redacted.
    var diagnosisJSON: Data
    /// The support request stored for this analysis in the request store, when one was stored.
    public var requestId: Int64?

    public init(side: String, confidence: Double, summary: String, diagnosisJSON: Data, requestId: Int64? = nil) {
        self.side = side
        self.confidence = confidence
        self.summary = summary
        self.diagnosisJSON = diagnosisJSON
        self.requestId = requestId
    }
}

/// How a stored diagnosis is shown: `GET /v1/analyses/{id}?format=…` and the notes written back to tickets.
public protocol AnalysisRenderer: Sendable {
    /// The diagnosis as `markdown`, `text` or `sarif`; nil when the format is unknown.
    func render(_ diagnosisJSON: Data, format: String) throws -> Data?
}
