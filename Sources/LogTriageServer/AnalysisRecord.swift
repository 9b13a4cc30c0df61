import Foundation

/// One analysis the service ran or will run: where it came from, its state, its result and its write-back.
public struct AnalysisRecord: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case queued, running, succeeded, failed
    }

    /// Where the analysis was asked for.
    public enum Source: String, Sendable, Codable {
        case upload, zendesk, jira, generic
    }

    /// `an_` and 20 hex digits; also the key of the write-back marker (`logtriage:{id}`).
    public var id: String
    public var source: Source
    /// The client's `Idempotency-Key`, or for webhooks the source and delivery id.
    public var idempotencyKey: String?
    /// SHA-256 over the options and the sorted digests of the inputs (nil until webhook inputs are fetched).
    public var inputDigest: String?
    /// The ticket the request belongs to: a Zendesk ticket id, a Jira issue key, or the client's own id.
    public var externalId: String?
    public var options: AnalysisOptions
    public var status: Status
    public var createdAt: Date
    public var updatedAt: Date
    /// Bytes of input read.
    public var inputBytes: Int
    var inputNames: [String]
    public var result: AnalysisResult?
    /// Why the analysis failed (no personal data: an input error names the file, never its content).
    public var error: String?
    public var writeBack: WriteBackState?
    /// The support request stored for it in the request store (uploads analysed with a store configured).
    public var requestId: Int64?
    /// The spooled input files while the analysis waits in the queue: a restarted service resumes from them.
    var spooled: [AnalysisJob.File]?

    public init(id: String, source: Source, options: AnalysisOptions, createdAt: Date = Date()) {
        self.id = id
        self.source = source
        self.options = options
        self.status = .queued
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.inputBytes = 0
        self.inputNames = []
    }

    /// The key of the write-back marker: the input digest's first 24 hex digits (the same inputs and options give
    /// the same key, whichever delivery asked), or the id before the inputs are known.
    public var key: String { inputDigest.map { String($0.prefix(24)) } ?? id }

    /// A new random analysis id.
    static func makeID() -> String {
        var g = SystemRandomNumberGenerator()
        return "an_" + (0..<10).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}

/// What the customer told us (all optional): the same as `analyze`'s options.
public struct AnalysisOptions: Sendable, Codable, Equatable {
    public var stand: String?
    public var since: String?
    public var until: String?
    public var lang: String?
    /// UTC offset for timestamps written without one (`+03:00` when nil).
    public var tz: String?

    public init(stand: String? = nil, since: String? = nil, until: String? = nil, lang: String? = nil) {
        self.stand = stand
        self.since = since
        self.until = until
        self.lang = lang
    }

    /// A stable text form, hashed into the input digest.
    var canonical: String {
        [stand ?? "", since ?? "", until ?? "", lang ?? "", tz ?? ""].joined(separator: "\u{1F}")
    }
}

/// The result of a finished analysis. `diagnosisJSON` is `analyze --format json` (already redacted).
public struct AnalysisResult: Sendable, Codable, Equatable {
    public var side: String
    public var confidence: Double
    public var summary: String
    var diagnosisJSON: Data
    var durationSeconds: Double

    public init(side: String, confidence: Double, summary: String, diagnosisJSON: Data, durationSeconds: Double) {
        self.side = side
        self.confidence = confidence
        self.summary = summary
        self.diagnosisJSON = diagnosisJSON
        self.durationSeconds = durationSeconds
    }
}

/// Where the result goes back to, and how far that got.
public struct WriteBackState: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Waiting for the analysis, or for the next try.
        case pending
        case succeeded
        /// A note with this analysis's marker was already on the ticket: nothing posted.
        case alreadyPresent
        /// Every try failed.
        case failed
    }

    public var target: WriteBackTarget
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    var nextAttemptAt: Date?

    public init(target: WriteBackTarget) {
        self.target = target
        self.status = .pending
        self.attempts = 0
    }
}

/// A ticket to post an internal note to.
public enum WriteBackTarget: Sendable, Codable, Equatable {
    case zendesk(ticketID: String)
    case jira(issueKey: String)
    case generic(externalID: String?)

    public var system: String {
        switch self {
        case .zendesk: "zendesk"
        case .jira: "jira"
        case .generic: "generic"
        }
    }
}
