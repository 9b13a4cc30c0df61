/// Finds the time period a customer wrote (`18.11.2026 10:00–11:30`, `с 10:00 до 11:30 18 ноября`,
/// `from 10:00 to 11:30 on 18 November 2026`, ISO forms, a single time, a bare date) and turns it into ISO bounds.
struct PeriodFinder {
    /// The date and zone of the `Date` header: the year of a date written without one, the day of a time written
    /// without a date, the zone when the text names none.
    struct Context {
        var headerDay: PeriodTokenizer.Day?
        var headerOffset: Int?
        /// The year used when neither the text nor the Date header gives one.
        var fallbackYear: Int
        /// False when the text wrote a date that does not exist: its times must not borrow the header's day.
        var allowsHeaderDay = true
    }

    /// Half the window put around a single time.
    static let approximateMinutes = 30

    private typealias Day = PeriodTokenizer.Day
    private typealias Time = PeriodTokenizer.Time

    private enum Shape {
        case range(start: Day?, end: Day?, from: Time, to: Time)
        case single(Day?, Time)
        case days(Day, Day)
    }

    private struct Candidate {
        var shape: Shape
        var relativeDay: Int?
        var zone: Int?
        var start: Int
        var end: Int
        var first: Int  // token index range
        var last: Int

        var rank: Int {
            switch shape {
            case .range: 3
            case .single: 2
            case .days: 1
            }
        }
    }

    /// The period in `text` (subject, a line break, then the description); `subjectLength` tells the two apart.
    static func find(
        in text: String,
        subjectLength: Int,
        context original: Context,
        notes: inout [String]
    ) -> PeriodHint? {
        var context = original
        let original = Array(text)
        let lower = original.map { character -> Character in
            let lowered = character.lowercased()
            return lowered.count == 1 ? Character(lowered) : character
        }
        var tokenizer = PeriodTokenizer()
        let tokens = tokenizer.tokens(lower)
        for date in tokenizer.impossibleDates {
            notes.append("ignored the impossible date \(date)")
            context.allowsHeaderDay = false
        }
        var candidates: [Candidate] = []
        var index = 0
        while index < tokens.count {
            if let candidate = match(tokens, at: index) {
                candidates.append(candidate)
                index = candidate.last + 1
            } else {
                index += 1
            }
        }
        let ordered = candidates.enumerated().sorted {
            $0.element.rank != $1.element.rank ? $0.element.rank > $1.element.rank : $0.offset < $1.offset
        }.map(\.element)
        func source(_ position: Int) -> HintSource { position < subjectLength ? .subject : .body }
        for candidate in ordered {
            guard
                let bounds = resolve(candidate, tokens: tokens, context: context, notes: &notes)
            else { continue }
            var zone = candidate.zone
            var zoneSource: HintSource? = zone.map { _ in source(candidate.start) }
            if zone == nil, let token = tokens.first(where: { if case .zone = $0.kind { true } else { false } }),
                case .zone(let offset) = token.kind
            {
                zone = offset
                zoneSource = source(token.start)
            }
            if zone == nil, let offset = context.headerOffset {
                zone = offset
                zoneSource = .dateHeader
            }
            let others = ordered.filter { $0.rank == candidate.rank && $0.start != candidate.start }
            if !others.isEmpty {
                notes.append("several periods are mentioned; the first was taken")
            }
            return PeriodHint(
                since: iso(bounds.since, zone),
                until: iso(bounds.until, zone),
                zone: zone.map(CalendarDate.offset),
                zoneSource: zoneSource,
                isApproximate: bounds.approximate,
                isWholeDay: bounds.wholeDay,
                source: source(candidate.start),
                text: String(original[candidate.start..<candidate.end])
                    .split(whereSeparator: \.isNewline).joined(separator: " ")
            )
        }
        return nil
    }

    private static func iso(_ moment: (Day, Time), _ zone: Int?) -> String {
        CalendarDate.iso(
            year: moment.0.year ?? 0,
            month: moment.0.month,
            day: moment.0.day,
            hour: moment.1.hour,
            minute: moment.1.minute,
            second: moment.1.second,
            offsetSeconds: zone
        )
    }

    // MARK: - Grammar

    private static func match(_ tokens: [PeriodTokenizer.Token], at start: Int) -> Candidate? {
        var index = start
        func kind(_ position: Int) -> PeriodTokenizer.Kind? { position < tokens.count ? tokens[position].kind : nil }
        func skipApproximate() { while kind(index) == .approximate { index += 1 } }
        skipApproximate()
        var sawFrom = false
        if kind(index) == .from {
            sawFrom = true
            index += 1
        }
        var dateA: Day?
        var relative: Int?
        if case .date(let day) = kind(index) {
            dateA = day
            index += 1
        } else if case .relativeDay(let offset) = kind(index) {
            relative = offset
            index += 1
        }
        skipApproximate()
        if !sawFrom, dateA != nil || relative != nil, kind(index) == .from {
            sawFrom = true
            index += 1
        }
        skipApproximate()
        func candidate(_ shape: Shape, zone: Int?, last: Int) -> Candidate {
            Candidate(
                shape: shape,
                relativeDay: relative,
                zone: zone,
                start: tokens[start].start,
                end: tokens[last].end,
                first: start,
                last: last
            )
        }
        guard case .time(let from) = kind(index) else {
            guard let dateA else { return nil }
            if kind(index) == .separator, case .date(let end) = kind(index + 1) {
                return candidate(.days(dateA, end), zone: nil, last: index + 1)
            }
            return candidate(.days(dateA, dateA), zone: nil, last: index - 1)
        }
        index += 1
        var zone = from.offset
        if case .zone(let offset) = kind(index) {
            zone = offset
            index += 1
        }
        var dateB: Day?
        if dateA == nil, relative == nil, case .date(let day) = kind(index) {
            dateB = day
            index += 1
        }
        if kind(index) == .separator {
            var next = index + 1
            var dateC: Day?
            if case .date(let day) = kind(next) {
                dateC = day
                next += 1
            }
            if case .time(let to) = kind(next), !(from.hourOnly && to.hourOnly && !sawFrom) {
                var last = next
                next += 1
                var endZone = to.offset
                if case .zone(let offset) = kind(next) {
                    endZone = offset
                    last = next
                    next += 1
                }
                var dateD: Day?
                if dateA == nil, dateB == nil, dateC == nil, relative == nil, case .date(let day) = kind(next) {
                    dateD = day
                    last = next
                    next += 1
                }
                if endZone == nil, zone == nil, case .zone(let offset) = kind(next) {
                    endZone = offset
                    last = next
                }
                return candidate(
                    .range(start: dateA ?? dateB ?? dateD, end: dateC, from: from, to: to),
                    zone: zone ?? endZone,
                    last: last
                )
            }
        }
        guard !from.hourOnly else { return nil }
        return candidate(.single(dateA ?? dateB, from), zone: zone, last: index - 1)
    }

    // MARK: - Resolution

    private struct Bounds {
        var since: (Day, Time)
        var until: (Day, Time)
        var approximate = false
        var wholeDay = false
    }

    private static let midnight = Time(hour: 0, minute: 0, second: 0, offset: nil, hourOnly: false)

    private static func resolve(
        _ candidate: Candidate,
        tokens: [PeriodTokenizer.Token],
        context: Context,
        notes: inout [String]
    ) -> Bounds? {
        func withYear(_ day: Day) -> Day? {
            var resolved = day
            if resolved.year == nil {
                if let year = context.headerDay?.year {
                    resolved.year = year
                } else {
                    resolved.year = context.fallbackYear
                    notes.append("the year of the period is not written; \(context.fallbackYear) assumed")
                }
            }
            guard let year = resolved.year, CalendarDate.isValid(year: year, month: day.month, day: day.day) else {
                notes.append("ignored the impossible date \(day.day).\(day.month).\(resolved.year ?? 0)")
                return nil
            }
            return resolved
        }
        func dayForTime(_ written: Day?) -> Day? {
            if let written { return withYear(written) }
            if let relative = candidate.relativeDay {
                guard let header = context.headerDay, let year = header.year else { return nil }
                let shifted = CalendarDate.adding(days: relative, to: (year, header.month, header.day))
                notes.append("the day of the period is relative to the Date header")
                return Day(year: shifted.year, month: shifted.month, day: shifted.day)
            }
            // The date written nearest to the time (before it first), else the Date header's day.
            let before = tokens[..<candidate.first].last { if case .date = $0.kind { true } else { false } }
            let after = tokens[(candidate.last + 1)...].first { if case .date = $0.kind { true } else { false } }
            if let token = before ?? after, case .date(let day) = token.kind { return withYear(day) }
            if let header = context.headerDay, context.allowsHeaderDay {
                notes.append("no date is written with the time; the Date header's day is used")
                return header
            }
            return nil
        }
        switch candidate.shape {
        case .days(let first, let last):
            guard let first = withYear(first), var last = withYear(last) else { return nil }
            if (last.year ?? 0, last.month, last.day) < (first.year ?? 0, first.month, first.day) { last = first }
            let next = CalendarDate.adding(days: 1, to: (last.year ?? 0, last.month, last.day))
            return Bounds(
                since: (first, midnight),
                until: (Day(year: next.year, month: next.month, day: next.day), midnight),
                wholeDay: true
            )
        case .single(let written, let time):
            guard let day = dayForTime(written) else { return nil }
            return Bounds(
                since: shift(day, time, minutes: -approximateMinutes),
                until: shift(day, time, minutes: approximateMinutes),
                approximate: true
            )
        case .range(let startDay, let endDay, let from, let to):
            guard let day = dayForTime(startDay) else { return nil }
            var until = day
            if let endDay {
                guard let resolved = withYear(endDay) else { return nil }
                until = resolved
            } else if (to.hour, to.minute, to.second) <= (from.hour, from.minute, from.second) {
                let next = CalendarDate.adding(days: 1, to: (day.year ?? 0, day.month, day.day))
                until = Day(year: next.year, month: next.month, day: next.day)
            }
            return Bounds(since: (day, from), until: (until, to))
        }
    }

    private static func shift(_ day: Day, _ time: Time, minutes: Int) -> (Day, Time) {
        var total = time.hour * 60 + time.minute + minutes
        var days = 0
        while total < 0 {
            total += 1440
            days -= 1
        }
        while total >= 1440 {
            total -= 1440
            days += 1
        }
        let shifted = CalendarDate.adding(days: days, to: (day.year ?? 0, day.month, day.day))
        return (
            Day(year: shifted.year, month: shifted.month, day: shifted.day),
            Time(hour: total / 60, minute: total % 60, second: time.second, offset: nil, hourOnly: false)
        )
    }
}
