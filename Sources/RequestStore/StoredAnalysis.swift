import Foundation

/// One analysis of the HTTP service as the store keeps it: a few columns to find it by, and its parts as JSON.
///
/// The store does not read the JSON parts (the service encodes and decodes them); it only checks they are valid
/// JSON. Callers pass redacted values: `result` is a diagnosis already redacted by the caller.
public struct StoredAnalysis: Sendable, Equatable {
    /// The service's analysis id (`an_…`).
    public var id: String
    /// The client's Idempotency-Key (or a webhook's source and delivery id); unique among analyses.
    public var idempotencyKey: String?
    /// SHA-256 over the options and the inputs, once they are known.
    public var inputDigest: String?
    /// The stored support request this analysis diagnosed, when the service stored one.
    public var requestId: Int64?
    /// `upload`, `zendesk`, `jira`, `generic`.
    public var source: String
    public var externalId: String?
    /// `queued`, `running`, `succeeded` or `failed`.
    public var status: String
    /// The verdict's side once there is one.
    public var side: String?
    /// What the customer stated (JSON object).
    public var options: Data
    /// Everything else the service keeps about the analysis (JSON object).
    public var details: Data
    /// The redacted diagnosis (JSON), once there is one.
    public var result: Data?
    /// The write-back state (JSON), when the result goes back to a ticket.
    public var writeBack: Data?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String,
        source: String,
        status: String,
        options: Data,
        details: Data,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.source = source
        self.status = status
        self.options = options
        self.details = details
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The statuses the `analyses` table accepts.
    public static let statuses = ["queued", "running", "succeeded", "failed"]
}

/// What ``RequestStore/analyses(_:)`` returns: all conditions hold together; `nil` means any.
public struct AnalysisFilter: Hashable, Sendable {
    public var statuses: [String]?
    public var side: String?
    public var source: String?
    public var externalId: String?
    /// At most this many, newest first.
    public var limit: Int

    public init(
        statuses: [String]? = nil,
        side: String? = nil,
        source: String? = nil,
        externalId: String? = nil,
        limit: Int = 100
    ) {
        self.statuses = statuses
        self.side = side
        self.source = source
        self.externalId = externalId
        self.limit = limit
    }
}
