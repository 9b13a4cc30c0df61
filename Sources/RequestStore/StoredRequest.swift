import Foundation

/// A request as read back from the store.
public struct StoredRequest: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var externalId: String?
    /// The key it was deduplicated by (see ``NewRequest/dedupeKey``).
    public var dedupeKey: String
    public var sourceKind: RequestSourceKind
    public var sourceName: String?
    public var subject: String?
    public var sender: String?
    public var senderDomain: String?
    public var messageId: String?
    public var received: RecordedTime?
    public var stand: String?
    public var standSource: String?
    public var periodSince: RecordedTime?
    public var periodUntil: RecordedTime?
    public var periodSource: String?
    public var description: String?
    public var status: RequestStatus
    /// Why the last diagnosis failed, when ``status`` is ``RequestStatus/failed``.
    public var failureReason: String?
    public var createdAt: Date
    public var updatedAt: Date
}
