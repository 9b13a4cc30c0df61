import Foundation

/// One line of ``RequestStore/list(filter:)``: the request and its latest verdict.
public struct RequestSummary: Hashable, Sendable, Identifiable {
    /// The side and confidence of a request's latest diagnosis.
    public struct Verdict: Hashable, Sendable {
        public var diagnosisId: Int64
        public var side: String
        public var confidence: Double
    }

    public var id: Int64
    public var externalId: String?
    public var sourceKind: RequestSourceKind
    public var sourceName: String?
    public var subject: String?
    public var sender: String?
    public var senderDomain: String?
    public var received: RecordedTime?
    public var stand: String?
    public var periodSince: RecordedTime?
    public var periodUntil: RecordedTime?
    public var status: RequestStatus
    /// `nil` until the request has a diagnosis.
    public var latestVerdict: Verdict?
}

/// What ``RequestStore/list(filter:)`` returns. All conditions hold together; `nil` means any.
public struct RequestFilter: Hashable, Sendable {
    /// Which time of a request ``since`` and ``until`` look at.
    public enum TimeField: Hashable, Sendable {
        /// When the mail arrived.
        case received
        /// The period the customer named, overlapping `since...until`; the received time when there is none.
        case periodOrReceived
    }

    /// The side of the latest diagnosis; requests without one never match.
    public var side: String?
    public var status: RequestStatus?
    public var since: Date?
    public var until: Date?
    var timeField: TimeField
    /// At most this many, newest received first (requests without a received time last, then newest added first).
    public var limit: Int?

    public init(
        side: String? = nil,
        status: RequestStatus? = nil,
        since: Date? = nil,
        until: Date? = nil,
        timeField: TimeField = .periodOrReceived,
        limit: Int? = nil
    ) {
        self.side = side
        self.status = status
        self.since = since
        self.until = until
        self.timeField = timeField
        self.limit = limit
    }
}
