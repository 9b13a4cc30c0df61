import Foundation

/// A moment as the store keeps it: the ISO 8601 text exactly as given (with its UTC offset, so `+03:00` survives a
/// round trip) and the Unix seconds used for sorting and filtering.
public struct RecordedTime: Hashable, Sendable, CustomStringConvertible {
    /// ISO 8601 with an offset or `Z`, e.g. `2026-11-18T10:00:00+03:00`.
    public let text: String
    /// Whole seconds since 1970-01-01T00:00:00Z (rounded down).
    public let unixSeconds: Int64

    /// Reads ISO 8601 text with a date, a time and an offset (`Z` or `±hh:mm`); fractional seconds are allowed.
    /// Returns `nil` for anything else, e.g. a time without an offset.
    public init?(iso8601 text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = Self.parse(trimmed) else { return nil }
        self.text = trimmed
        self.unixSeconds = Int64((date.timeIntervalSince1970).rounded(.down))
    }

    /// Writes `date` as ISO 8601 in the zone `utcOffsetSeconds` east of UTC (`Z` for 0), to the second.
    public init(date: Date, utcOffsetSeconds: Int = 0) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let zone = TimeZone(secondsFromGMT: utcOffsetSeconds) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone)
        self.text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(style)
        self.unixSeconds = seconds
    }

    /// Rebuilds a value read back from the database (both parts as stored).
    init(storedText text: String, unixSeconds: Int64) {
        self.text = text
        self.unixSeconds = unixSeconds
    }

    /// The moment as a `Date` (to the second).
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(unixSeconds)) }

    public var description: String { text }

    private static func parse(_ text: String) -> Date? {
        let plain = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }
}

/// The store's own timestamps (`created_at`, `updated_at`): UTC, milliseconds, so the text sorts like the time.
enum StoreClock {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
