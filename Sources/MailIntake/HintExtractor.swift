import Foundation

/// Reads what the customer told us (stand, period, description) from a request's subject and body.
public enum HintExtractor {
    /// The longest description kept, in characters.
    static let maxDescriptionLength = 2000

    /// The hints of a parsed e-mail: subject and body text, plus sender, message id and date from its headers.
    public static func extract(from message: MailMessage) -> RequestHints {
        var hints = extract(
            subject: message.subject,
            body: message.bodyText,
            dateHeaderOffset: message.dateOffsetSeconds,
            dateISO: message.dateISO
        )
        hints.sender = message.from
        hints.messageId = message.messageId
        hints.date = message.dateISO ?? message.date
        return hints
    }

    /// The hints in a subject and a body (Russian or English).
    ///
    /// - Parameters:
    ///   - subject: the decoded subject, if any.
    ///   - body: the body text (quoted replies, signatures and pasted logs are set aside here).
    ///   - dateHeaderOffset: the `Date` header's UTC offset in seconds: the zone when the text names none.
    ///   - dateISO: the `Date` header as ISO 8601: the year of a date written without one, the day of a bare time.
    /// - Returns: stand, period, description and what is missing; sender, message id and date are left nil.
    public static func extract(
        subject: String?,
        body: String,
        dateHeaderOffset: Int?,
        dateISO: String?
    ) -> RequestHints {
        var notes: [String] = []
        let subjectText = subject ?? ""
        let cleaned = DescriptionText.clean(body)

        let stand = findStand(subject: subjectText, body: cleaned, notes: &notes)

        let headerDay = dateISO.flatMap(parseISODay)
        let context = PeriodFinder.Context(
            headerDay: headerDay,
            headerOffset: dateHeaderOffset,
            fallbackYear: headerDay?.year ?? currentYear()
        )
        let period = PeriodFinder.find(
            in: subjectText + "\n" + cleaned,
            subjectLength: subjectText.count + 1,
            context: context,
            notes: &notes
        )
        var missing: [String] = []
        if stand == nil { missing.append("stand") }
        if period == nil { missing.append("period") }
        return RequestHints(
            stand: stand,
            period: period,
            description: DescriptionText.trim(cleaned, to: maxDescriptionLength),
            sender: nil,
            messageId: nil,
            date: nil,
            missing: missing,
            notes: notes
        )
    }

    private static func findStand(subject: String, body: String, notes: inout [String]) -> StandHint? {
        let mentions =
            StandFinder.mentions(in: subject).map { ($0, HintSource.subject) }
            + StandFinder.mentions(in: body).map { ($0, HintSource.body) }
        for explicit in [true, false] {
            let level = mentions.filter { $0.0.explicit == explicit }
            guard let first = level.first else { continue }
            let values = Set(level.map(\.0.value))
            if values.count > 1 {
                let words = level.map { "\"\($0.0.text)\"" }.joined(separator: ", ")
                notes.append("the stand is ambiguous: both PROD and TEST are named (\(words))")
                return nil
            }
            return StandHint(value: first.0.value, source: first.1, text: first.0.text)
        }
        return nil
    }

    /// The calendar day of an ISO 8601 date-time (`2026-11-18T12:05:00+03:00`).
    private static func parseISODay(_ iso: String) -> PeriodTokenizer.Day? {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return PeriodTokenizer.Day(year: parts[0], month: parts[1], day: parts[2])
    }

    private static func currentYear() -> Int {
        Calendar(identifier: .gregorian).component(.year, from: Date())
    }
}
