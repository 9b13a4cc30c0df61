/// Splits free text (Russian or English) into the tokens a period is written with: dates, times, zones, range words.
struct PeriodTokenizer {
    struct Day: Equatable {
        var year: Int?
        var month: Int
        var day: Int
    }

    struct Time: Equatable {
        var hour: Int
        var minute: Int
        var second: Int
        /// An offset written right after the time (`10:00:00+03:00`, `10:00Z`).
        var offset: Int?
        /// A bare hour (`с 10 до 11:30`): only valid inside a range.
        var hourOnly: Bool
    }

    enum Kind: Equatable {
        case date(Day)
        case relativeDay(Int)
        case time(Time)
        case zone(Int)
        case separator
        case from
        case approximate
        /// Words that are not part of a period: they break a chain of tokens.
        case other
    }

    struct Token: Equatable {
        var kind: Kind
        var start: Int
        var end: Int
    }

    /// Dates that do not exist (`30.02.2026`), as written, for a note.
    var impossibleDates: [String] = []

    private static let russianMonths: [(String, Int)] = [
        ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("мая", 5), ("май", 5), ("июн", 6), ("июл", 7),
        ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
    ]
    private static let englishMonths: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    private static let fromWords: Set<String> = ["с", "со", "from", "between", "since", "c", "между"]
    private static let separatorWords: Set<String> = ["до", "по", "to", "till", "until", "and", "through", "thru", "и"]
    private static let approximateWords: Set<String> = [
        "около", "примерно", "приблизительно", "ок", "about", "around", "approximately", "approx", "circa", "ca",
    ]
    private static let fillerWords: Set<String> = [
        "в", "во", "at", "on", "the", "of", "г", "года", "год", "гг", "утра", "дня", "вечера", "ночи", "ч", "час",
        "часов", "часа", "времени", "время", "time", "period", "период", "интервал", "interval", "window", "окно",
        "hours", "h", "hrs", "am", "t", "local", "dated", "числа", "st", "nd", "rd", "th", "мин", "min",
        "промежуток", "промежутке", "timeframe", "примерно", "year", "date", "дата",
    ]
    /// Zone names and their offsets in seconds.
    private static let zoneWords: [String: Int] = ["мск": 10800, "msk": 10800, "utc": 0, "gmt": 0, "z": 0]

    /// Tokens of `chars` (lower-cased text), in order; white space and punctuation produce nothing.
    mutating func tokens(_ chars: [Character]) -> [Token] {
        var out: [Token] = []
        var index = 0
        while index < chars.count {
            let character = chars[index]
            if character.isNumber, character.isASCII {
                let (token, next) = number(chars, at: index)
                if let token { out.append(token) }
                index = max(next, index + 1)
                continue
            }
            if character.isLetter {
                var end = index
                while end < chars.count, chars[end].isLetter { end += 1 }
                let word = String(chars[index..<end])
                let (token, next) = self.word(word, chars, start: index, end: end)
                if let token { out.append(token) }
                index = max(next, index + 1)
                continue
            }
            if "-–—−".contains(character) {
                out.append(Token(kind: .separator, start: index, end: index + 1))
            } else if character == "+", let (offset, next) = offsetValue(chars, at: index) {
                out.append(Token(kind: .zone(offset), start: index, end: next))
                index = next
                continue
            } else if character == "~" {
                out.append(Token(kind: .approximate, start: index, end: index + 1))
            }
            index += 1
        }
        return out
    }

    private func digits(_ chars: [Character], at start: Int, max: Int = 4) -> (Int, Int, Int)? {
        var end = start
        var value = 0
        while end < chars.count, end - start < max, let digit = chars[end].wholeNumberValue, chars[end].isASCII {
            value = value * 10 + digit
            end += 1
        }
        return end > start ? (value, end - start, end) : nil
    }

    private func isDigit(_ chars: [Character], _ index: Int) -> Bool {
        index < chars.count && chars[index].isASCII && chars[index].isNumber
    }

    private mutating func number(_ chars: [Character], at start: Int) -> (Token?, Int) {
        guard let (first, length, afterFirst) = digits(chars, at: start, max: 8) else { return (nil, start + 1) }
        if length > 4 { return (Token(kind: .other, start: start, end: afterFirst), afterFirst) }
        let nextChar = afterFirst < chars.count ? chars[afterFirst] : " "
        // yyyy-mm-dd
        if length == 4, nextChar == "-", let (month, _, afterMonth) = digits(chars, at: afterFirst + 1, max: 2),
            afterMonth < chars.count, chars[afterMonth] == "-",
            let (day, _, afterDay) = digits(chars, at: afterMonth + 1, max: 2), !isDigit(chars, afterDay)
        {
            var end = afterDay
            if end + 1 < chars.count, chars[end] == "t", isDigit(chars, end + 1) { end += 1 }
            return (dateToken(Day(year: first, month: month, day: day), chars, start, afterDay), end)
        }
        // dd.mm[.yyyy] or dd/mm/yyyy
        if length <= 2, nextChar == "." || nextChar == "/",
            let (month, monthLength, afterMonth) = digits(chars, at: afterFirst + 1, max: 2)
        {
            if afterMonth < chars.count, chars[afterMonth] == nextChar,
                let (year, yearLength, afterYear) = digits(chars, at: afterMonth + 1, max: 4),
                yearLength == 4 || yearLength == 2, !isDigit(chars, afterYear),
                !(afterYear + 1 < chars.count && chars[afterYear] == "." && isDigit(chars, afterYear + 1))
            {
                let fullYear = yearLength == 2 ? 2000 + year : year
                return (dateToken(Day(year: fullYear, month: month, day: first), chars, start, afterYear), afterYear)
            }
            if nextChar == ".", monthLength == 2, !isDigit(chars, afterMonth),
                !(afterMonth + 1 < chars.count && chars[afterMonth] == "." && isDigit(chars, afterMonth + 1))
            {
                return (dateToken(Day(year: nil, month: month, day: first), chars, start, afterMonth), afterMonth)
            }
        }
        // hh:mm[:ss[.fff]][zone]
        if length <= 2, nextChar == ":",
            case (let minute, 2, let afterMinute)? = digits(chars, at: afterFirst + 1, max: 2)
        {
            var second = 0
            var end = afterMinute
            var hasSeconds = false
            if end < chars.count, chars[end] == ":",
                case (let value, 2, let afterSecond)? = digits(chars, at: end + 1, max: 2)
            {
                second = value
                end = afterSecond
                hasSeconds = true
                if end + 1 < chars.count, chars[end] == "." || chars[end] == ",", isDigit(chars, end + 1) {
                    end = digits(chars, at: end + 1, max: 9)?.2 ?? end
                }
            }
            guard first < 24, minute < 60, second < 60 else {
                return (Token(kind: .other, start: start, end: end), end)
            }
            var offset: Int?
            if end < chars.count, chars[end] == "z", !(end + 1 < chars.count && chars[end + 1].isLetter) {
                offset = 0
                end += 1
            } else if end < chars.count, chars[end] == "+" || (chars[end] == "-" && hasSeconds),
                let (value, next) = offsetValue(chars, at: end), chars[end] == "+" || next - end >= 5
            {
                offset = value
                end = next
            }
            let time = Time(hour: first, minute: minute, second: second, offset: offset, hourOnly: false)
            return (Token(kind: .time(time), start: start, end: end), end)
        }
        // d month [yyyy] (Russian or English), also 18th of November
        if length <= 2, let (month, afterMonth) = monthAfterDay(chars, from: afterFirst) {
            var year: Int?
            var end = afterMonth
            var look = end
            while look < chars.count, chars[look] == " " || chars[look] == "," { look += 1 }
            if case (let value, 4, let afterYear)? = digits(chars, at: look, max: 4), !isDigit(chars, afterYear) {
                year = value
                end = afterYear
            }
            return (dateToken(Day(year: year, month: month, day: first), chars, start, end), end)
        }
        if length == 4, (1900...2199).contains(first) {
            return (Token(kind: .other, start: start, end: afterFirst), afterFirst)  // a lone year
        }
        if length <= 2, first <= 24 {
            let time = Time(hour: first == 24 ? 0 : first, minute: 0, second: 0, offset: nil, hourOnly: true)
            return (Token(kind: .time(time), start: start, end: afterFirst), afterFirst)
        }
        return (Token(kind: .other, start: start, end: afterFirst), afterFirst)
    }

    /// A month name after a day number: ` ноября`, `th of November`, ` nov.`.
    private func monthAfterDay(_ chars: [Character], from start: Int) -> (Int, Int)? {
        var index = start
        var word = nextWord(chars, from: index)
        if let current = word, ["st", "nd", "rd", "th"].contains(current.text), current.start == start {
            index = current.end
            word = nextWord(chars, from: index)
            if let of = word, of.text == "of" { word = nextWord(chars, from: of.end) }
        }
        guard let word, word.start > start || index > start, word.start - index <= 2 else { return nil }
        guard let month = Self.month(word.text) else { return nil }
        var end = word.end
        if end < chars.count, chars[end] == "." { end += 1 }
        return (month, end)
    }

    private func nextWord(_ chars: [Character], from start: Int) -> (text: String, start: Int, end: Int)? {
        var index = start
        while index < chars.count, chars[index] == " " || chars[index] == "\n" { index += 1 }
        guard index < chars.count, chars[index].isLetter else { return nil }
        var end = index
        while end < chars.count, chars[end].isLetter { end += 1 }
        return (String(chars[index..<end]), index, end)
    }

    static func month(_ word: String) -> Int? {
        if let month = englishMonths[word] { return month }
        for (stem, month) in russianMonths where word.hasPrefix(stem) {
            return month
        }
        return nil
    }

    private mutating func dateToken(_ day: Day, _ chars: [Character], _ start: Int, _ end: Int) -> Token {
        let validYear = day.year ?? 2000  // 29 February without a year is checked again once the year is known
        guard CalendarDate.isValid(year: validYear, month: day.month, day: day.day) else {
            if day.year != nil { impossibleDates.append(String(chars[start..<end])) }
            return Token(kind: .other, start: start, end: end)
        }
        return Token(kind: .date(day), start: start, end: end)
    }

    private mutating func word(_ word: String, _ chars: [Character], start: Int, end: Int) -> (Token?, Int) {
        if let month = Self.englishMonths[word] {
            // November 18[, 2026]
            var look = end
            if look < chars.count, chars[look] == "." { look += 1 }
            while look < chars.count, chars[look] == " " { look += 1 }
            if let (day, dayLength, afterDay) = digits(chars, at: look, max: 2), dayLength <= 2,
                !(afterDay < chars.count && (chars[afterDay] == ":" || chars[afterDay].isNumber))
            {
                var tokenEnd = afterDay
                if let suffix = nextWord(chars, from: afterDay), suffix.start == afterDay,
                    ["st", "nd", "rd", "th"].contains(suffix.text)
                {
                    tokenEnd = suffix.end
                }
                var yearLook = tokenEnd
                while yearLook < chars.count, chars[yearLook] == " " || chars[yearLook] == "," { yearLook += 1 }
                var year: Int?
                if case (let value, 4, let afterYear)? = digits(chars, at: yearLook, max: 4), !isDigit(chars, afterYear)
                {
                    year = value
                    tokenEnd = afterYear
                }
                return (dateToken(Day(year: year, month: month, day: day), chars, start, tokenEnd), tokenEnd)
            }
        }
        if let offset = Self.zoneWords[word] {
            var zone = offset
            var tokenEnd = end
            var look = end
            while look < chars.count, chars[look] == " " { look += 1 }
            if look < chars.count, chars[look] == "+" || chars[look] == "-",
                let (value, next) = offsetValue(chars, at: look)
            {
                zone += value
                tokenEnd = next
            }
            return (Token(kind: .zone(zone), start: start, end: tokenEnd), tokenEnd)
        }
        if word == "по", let next = nextWord(chars, from: end), next.text.hasPrefix("москов") || next.text == "мск" {
            return (nil, end)  // "по московскому времени", "по МСК"
        }
        if word.hasPrefix("москов") || word == "moscow" {
            return (Token(kind: .zone(3 * 3600), start: start, end: end), end)
        }
        let kind: Kind? =
            switch word {
            case _ where Self.fromWords.contains(word): .from
            case _ where Self.separatorWords.contains(word): .separator
            case _ where Self.approximateWords.contains(word): .approximate
            case "вчера", "yesterday": .relativeDay(-1)
            case "сегодня", "today": .relativeDay(0)
            case _ where Self.fillerWords.contains(word): nil
            default: .other
            }
        return (kind.map { Token(kind: $0, start: start, end: end) }, end)
    }

    /// `+3`, `+03`, `+0300`, `+03:00`, `-05:30` at `start` (the sign), in seconds.
    private func offsetValue(_ chars: [Character], at start: Int) -> (Int, Int)? {
        guard start < chars.count, chars[start] == "+" || chars[start] == "-" else { return nil }
        let sign = chars[start] == "-" ? -1 : 1
        guard let (value, length, after) = digits(chars, at: start + 1, max: 4) else { return nil }
        var hours = value
        var minutes = 0
        var end = after
        if length == 4 {
            hours = value / 100
            minutes = value % 100
        } else if length <= 2, after < chars.count, chars[after] == ":",
            case (let value, 2, let afterMinutes)? = digits(chars, at: after + 1, max: 2)
        {
            minutes = value
            end = afterMinutes
        } else if length == 3 {
            return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign * (hours * 3600 + minutes * 60), end)
    }
}
