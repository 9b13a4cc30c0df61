/// Where a hint was read.
public enum HintSource: String, Sendable, Equatable {
    case subject
    case body
    case dateHeader = "Date header"
}

/// The stand the customer named.
public struct StandHint: Sendable, Equatable {
    /// `PROD` or `TEST`.
    public var value: String
    public var source: HintSource
    /// The words it was read from, as written (`стенд: ПРОД`, `on the test stand`).
    public var text: String
}

/// The time period the customer named, as ISO 8601 bounds.
public struct PeriodHint: Sendable, Equatable {
    /// Start, `2026-11-18T10:00:00+03:00` (no offset when no zone is known).
    public var since: String
    /// End (exclusive for a whole day: the next midnight).
    public var until: String
    /// The UTC offset used (`+03:00`), nil when neither the text nor the Date header gave one.
    public var zone: String?
    /// Where the zone came from (`subject`, `body` or `Date header`); nil with no zone.
    var zoneSource: HintSource?
    /// A single moment widened by ±30 minutes.
    public var isApproximate: Bool
    /// A date without a time: the whole day.
    var isWholeDay: Bool
    /// Where the period was read (the time's place when date and time are apart).
    public var source: HintSource
    /// The words it was read from, as written (`18.11.2026 с 10:00 до 11:30`).
    public var text: String
}

/// What the customer told us in a support request, each value with where it came from.
public struct RequestHints: Sendable, Equatable {
    public var stand: StandHint?
    public var period: PeriodHint?
    /// The customer's own words: no quoted replies, no signature, no pasted log lines; at most
    /// ``HintExtractor/maxDescriptionLength`` characters.
    public var description: String
    /// Decoded `From` (`Name <address>`), from the headers.
    public var sender: String?
    /// `Message-ID` without brackets, from the headers.
    public var messageId: String?
    /// The `Date` header as ISO 8601 (the raw header when it does not parse).
    public var date: String?
    /// What could not be found and should be asked for: `stand`, `period`.
    public var missing: [String]
    /// How an answer was reached when it was not plain: ambiguity, assumed year, date taken from the Date header.
    public var notes: [String]
}
