/// One rule firing: which rule, on which event(s), and the rendered remediation.
///
/// The diagnosis layer turns hits into a verdict: it prefers specific rules over ``isFallback`` ones matched on the
/// same event (``event``), weighs ``confidence`` and ``priority``, and quotes ``ticketIds`` to support.
public struct RuleHit: Codable, Sendable, Equatable {
    public var ruleId: String
    public var title: String
    public var side: Rule.Side
    public var category: String
    public var route: String?
    public var level: Rule.Level
    public var confidence: Double
    public var priority: Int
    public var isFallback: Bool
    /// The decisive event: the matched one, or for a correlation the one that completed it.
    public var event: HitEvent
    /// Further evidence: the anchor of a sequence, or other events of a count window (at most 10).
    var related: [HitEvent]
    /// How many events this hit stands for (1 for a single-event rule; the group's events for a count).
    var occurrences: Int
    /// Remediation with the placeholders filled from the events.
    public var remediation: Remediation
    /// Every TicketId found in the hit's events (the platform's own incident markers).
    public var ticketIds: [String]
    public var correlation: CorrelationDetail?

    /// What a correlation found.
    public struct CorrelationDetail: Codable, Sendable, Equatable {
        /// `count` or `sequence`.
        public var kind: String
        /// The `groupBy` values, joined by `/` (empty when the rule does not group).
        public var group: String
        public var count: Int?
        var windowSeconds: Double?
        /// Distinct values of the `distinct` field in the window, sorted.
        var distinctValues: [String]?
        /// Sequence: seconds from the anchor event to the matched event.
        var gapSeconds: Double?
    }
}

/// The facts about one event that evidence needs: where it is and what it said.
public struct HitEvent: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var endLine: Int
    var decisiveLine: Int?
    public var timestamp: Timestamp?
    public var method: String?
    public var code: String?
    public var errorType: String?
    public var httpStatus: Int?
    var ticketId: String?
    /// Short excerpt of the decisive line (not yet redacted).
    public var excerpt: String
    /// The event is a failed call: a MixVel error, an HTTP status of 400 or more, an exception, a failed operation.
    public var failed: Bool

    public init(_ e: LogEvent) {
        file = e.file
        line = e.line
        endLine = e.endLine
        decisiveLine = e.decisiveLine
        timestamp = e.timestamp
        method = e.method
        code = e.code
        errorType = e.errorType
        httpStatus = e.httpStatus
        ticketId = e.ticketId
        excerpt = e.excerpt
        failed =
            (e.errorLevel.map { $0 < 3 } ?? false) || e.errorType != nil || (e.httpStatus ?? 0) >= 400
            || e.exceptionType != nil || e.operationStatuses.contains { $0.lowercased() == "failure" }
    }
}

/// A rule whose prefilter passed on an event but whose conditions failed (for `--explain`).
public struct NearMiss: Codable, Sendable, Equatable {
    public var ruleId: String
    public var event: HitEvent
    /// The first condition that failed, e.g. `errorType = BadRequest`.
    var failedCondition: String
}

/// Everything a ``RuleEngine`` found in one run.
public struct RuleEngineResult: Codable, Sendable {
    /// Hits: single-event hits in stream order, then correlation hits ordered by time.
    public var hits: [RuleHit]
    /// Per rule id, how many events matched (including those beyond ``RuleEngine/Options/maxHitsPerRule``).
    public var matchCounts: [String: Int]
    /// Kept only with ``RuleEngine/Options/keepNearMisses``; at most a few per rule.
    public var nearMisses: [NearMiss]
    public var recordsSeen: Int
    /// Events left out of correlation state because a memory cap was reached.
    public var correlationEventsDropped: Int
    /// Per rule id, events the rule could not decide because a regex ran out of its step budget (neither hit nor
    /// miss; reported in the coverage notes).
    public var undecidedCounts: [String: Int] = [:]
}
