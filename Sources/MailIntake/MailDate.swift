/// An RFC 5322 §3.3 date-time (`Wed, 18 Nov 2026 12:05:00 +0300`), obsolete zone names and 2-digit years included.
struct MailDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var offsetSeconds: Int

    /// `2026-11-18T12:05:00+03:00`.
    var iso: String {
        CalendarDate.iso(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            offsetSeconds: offsetSeconds
        )
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "msk": 3, "msd": 4, "cet": 1, "cest": 2, "eet": 2, "eest": 3,
    ]

    init?(parsing text: String) {
        // Comments such as "(MSK)" are dropped; the numeric zone is what counts.
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                cleaned.append(character)
            }
        }
        let tokens = cleaned.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        var offset: Int?
        for token in tokens {
            let word = String(token)
            if time == nil, word.contains(":") {
                let pieces = word.split(separator: ":").map { Int($0) }
                guard pieces.count >= 2, pieces.count <= 3, pieces.allSatisfy({ $0 != nil }) else { return nil }
                time = (pieces[0] ?? 0, pieces[1] ?? 0, pieces.count == 3 ? pieces[2] ?? 0 : 0)
            } else if month == nil, let index = MailDate.months.firstIndex(of: String(word.prefix(3))),
                word.allSatisfy(\.isLetter)
            {
                month = index + 1
            } else if time != nil, offset == nil, let first = word.first, first == "+" || first == "-",
                word.count == 5, let value = Int(word.dropFirst())
            {
                let minutes = value / 100 * 60 + value % 100
                guard value % 100 < 60, value / 100 <= 14 else { return nil }
                offset = (first == "-" ? -minutes : minutes) * 60
            } else if time != nil, offset == nil, let hours = MailDate.zones[word] {
                offset = hours * 3600
            } else if let number = Int(word), word.allSatisfy(\.isNumber) {
                if day == nil, month == nil, word.count <= 2 {
                    day = number
                } else if year == nil, month != nil {
                    year = word.count <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : number
                } else if day == nil, word.count <= 2 {
                    day = number
                }
            }
        }
        guard let day, let month, let year, let time,
            CalendarDate.isValid(year: year, month: month, day: day),
            time.0 < 24, time.1 < 60, time.2 < 61
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        (hour, minute, second) = (time.0, time.1, min(time.2, 59))
        offsetSeconds = offset ?? 0
    }
}

/// Calendar arithmetic without Foundation's calendars: validation, day shifts, ISO text.
enum CalendarDate {
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether the date exists (no 30 February), for years 1900–2199.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1900...2199).contains(year) && (1...12).contains(month) && day >= 1 && day <= daysIn(year: year, month: month)
    }

    /// The date `days` days later (or earlier, when negative).
    static func adding(days: Int, to date: (year: Int, month: Int, day: Int)) -> (year: Int, month: Int, day: Int) {
        var (year, month, day) = date
        var remaining = days
        while remaining > 0 {
            day += 1
            if day > daysIn(year: year, month: month) {
                day = 1
                month += 1
                if month > 12 { (month, year) = (1, year + 1) }
            }
            remaining -= 1
        }
        while remaining < 0 {
            day -= 1
            if day < 1 {
                month -= 1
                if month < 1 { (month, year) = (12, year - 1) }
                day = daysIn(year: year, month: month)
            }
            remaining += 1
        }
        return (year, month, day)
    }

    /// `2026-11-18T10:00:00+03:00`; a nil `offsetSeconds` leaves the offset out, 0 writes `+00:00`.
    static func iso(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minute: Int,
        second: Int,
        offsetSeconds: Int?
    ) -> String {
        var text = "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))"
        if let offsetSeconds { text += offset(offsetSeconds) }
        return text
    }

    /// `+03:00`, `-05:30`, `+00:00`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "\(sign)\(pad(minutes / 60)):\(pad(minutes % 60))"
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
