import Foundation

/// The store-wide report (`logtriage report`): what share of requests went to which side, over time and by customer,
/// which rules fire, what no rule explains yet, and which platform or provider errors hit several customers at once.
public struct StoreReport: Codable, Sendable {
    public struct Bucket: Codable, Sendable {
        /// `2026-W47` (ISO week) or `2026-11`.
        public var period: String
        /// The first day of the period, `2026-11-16`.
        public var start: String
        public var sides: [String: Int]
        public var total: Int { sides.values.reduce(0, +) }
    }

    public struct Ranked: Codable, Sendable {
        public var name: String
        /// Requests in which it appears.
        public var requests: Int
        public var side: String?
    }

    public struct Customer: Codable, Sendable {
        /// The sender's mail domain.
        public var domain: String
        public var requests: Int
        public var sides: [String: Int]
    }

    public struct UnexplainedCluster: Codable, Sendable {
        /// The masked template (`<*>` for variable parts).
        public var template: String
        /// Occurrences over all requests.
        public var count: Int
        public var requests: [Int64]
        public var firstSeen: String?
        public var lastSeen: String?
        /// One redacted excerpt of a member.
        public var example: String
        /// A rule to start from (`status: experimental`); `rules lint` accepts it.
        var draftRule: String
    }

    public struct Incident: Codable, Sendable {
        /// `TicketId 7f3a…`, or `rule on method`.
        public var signature: String
        public var side: String
        public var requests: [Int64]
        /// The distinct sender domains (at least two).
        public var customers: [String]
        public var firstSeen: String
        public var lastSeen: String
    }

    var generatedAt: String
    public var since: String?
    public var until: String?
    public var requests: Int
    public var analysed: Int
    public var failed: Int
    public var bySide: [String: Int]
    var byWeek: [Bucket]
    var byMonth: [Bucket]
    var topRules: [Ranked]
    var topCategories: [Ranked]
    var topCustomers: [Customer]
    /// Median of (first finding's first event − start of the stated period), in seconds, over requests whose first
    /// finding lies inside their stated period.
    var medianTimeToFirstErrorSeconds: Double?
    var timeToFirstErrorSamples: Int
    public var unexplained: [UnexplainedCluster]
    /// Window within which the same signature from different customers makes one incident, in seconds.
    var incidentWindowSeconds: Int
    public var incidents: [Incident]

    public static let sides = ["customer", "platform", "provider", "none", "inconclusive"]
}
