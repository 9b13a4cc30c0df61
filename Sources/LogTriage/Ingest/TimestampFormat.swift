import Foundation

/// Parsing and printing of the timestamps found in logs, on bytes.
public enum TimestampFormat {
    /// A timestamp parsed from bytes, and how many bytes it used.
    public struct Parsed: Sendable, Equatable {
        public var timestamp: Timestamp
        public var length: Int
        /// True when the text carried its own offset (`Z`, `+03:00`, `+0300`).
        var hadOffset: Bool
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS][.,fraction][ ][Z|±HH:MM|±HHMM|±HH]` at the start of `bytes` (also with `/`
    /// between the date's parts). The date must exist in the calendar (`2026-02-30` is not a timestamp).
    ///
    /// - Parameter assumedOffset: the offset (seconds) used when the text has none.
    public static func parse(_ bytes: ArraySlice<UInt8>, assumedOffset: Int) -> Parsed? {
        let s = bytes.startIndex
        guard bytes.count >= 16 else { return nil }
        let sep = bytes[s + 4]
        guard sep == 0x2D || sep == 0x2F,  // - or /
            let year = digits(bytes, s, 4), let month = digits(bytes, s + 5, 2), bytes[s + 7] == sep,
            let day = digits(bytes, s + 8, 2),
            bytes[s + 10] == 0x54 || bytes[s + 10] == 0x20 || bytes[s + 10] == 0x74,  // T, space, t
            let hour = digits(bytes, s + 11, 2), bytes[s + 13] == 0x3A,
            let minute = digits(bytes, s + 14, 2)
        else { return nil }
        var i = s + 16
        var second = 0
        if i < bytes.endIndex, bytes[i] == 0x3A, let sec = digits(bytes, i + 1, 2) {
            second = sec
            i += 3
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 61
        else { return nil }
        // A digit right after the minutes or seconds is not a time (`10:156`).
        if i < bytes.endIndex, digit(bytes[i]) != nil { return nil }
        var millis = 0
        if i < bytes.endIndex, bytes[i] == 0x2E || bytes[i] == 0x2C, i - s == 19 {  // . or , after seconds
            i += 1
            var scale = 100
            var any = false
            while i < bytes.endIndex, let d = digit(bytes[i]) {
                millis += d * scale
                scale /= 10
                any = true
                i += 1
            }
            if !any { return nil }
        }
        var offset = assumedOffset
        var hadOffset = false
        var j = i
        if j < bytes.endIndex, bytes[j] == 0x20, j + 1 < bytes.endIndex,
            bytes[j + 1] == 0x2B || bytes[j + 1] == 0x2D || bytes[j + 1] == 0x5A
        {
            j += 1  // Serilog writes "2026-11-18 10:15:03.123 +03:00"
        }
        if j < bytes.endIndex {
            let c = bytes[j]
            let zEnds = j + 1 >= bytes.endIndex || !isLetter(bytes[j + 1])
            if (c == 0x5A || c == 0x7A) && zEnds {  // Z
                offset = 0
                hadOffset = true
                i = j + 1
            } else if c == 0x2B || c == 0x2D, let oh = digits(bytes, j + 1, 2) {  // + -
                var om = 0
                var end = j + 3
                if end < bytes.endIndex, bytes[end] == 0x3A, let m = digits(bytes, end + 1, 2) {
                    om = m
                    end += 3
                } else if let m = digits(bytes, end, 2) {
                    om = m
                    end += 2
                }
                if oh <= 14, om < 60, end >= bytes.endIndex || digit(bytes[end]) == nil {
                    offset = (oh * 3600 + om * 60) * (c == 0x2D ? -1 : 1)
                    hadOffset = true
                    i = end
                }
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        let epochMillis = (local - Int64(offset)) * 1000 + Int64(millis)
        return Parsed(
            timestamp: Timestamp(epochMillis: epochMillis, offsetSeconds: offset, assumedOffset: !hadOffset),
            length: i - s,
            hadOffset: hadOffset
        )
    }

    /// Parses the start of a string (a JSON field, an XML attribute); trailing text is ignored.
    public static func parse(_ text: String, assumedOffset: Int) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard let p = parse(bytes[...], assumedOffset: assumedOffset) else { return nil }
        return p.timestamp
    }

    /// A whole value in any of the forms logs and people write: ISO-8601 / RFC 3339 (``parse(_:assumedOffset:)``,
    /// nothing after it), an RFC 7231 HTTP date (`Wed, 18 Nov 2026 07:02:36 GMT`), or Unix epoch seconds,
    /// milliseconds, microseconds or nanoseconds (`1794986103`, `1794986103.123`, `1794986103123`).
    public static func parseValue(_ text: String, assumedOffset: Int) -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(t.utf8)
        if let p = parse(bytes[...], assumedOffset: assumedOffset), p.length == bytes.count { return p.timestamp }
        if let h = parseHTTPDate(bytes[...]) { return h }
        if !bytes.isEmpty, bytes.allSatisfy({ digit($0) != nil || $0 == 0x2E }), let v = Double(t) {
            return epoch(v, displayOffset: assumedOffset)
        }
        return nil
    }

    /// Unix epoch time: seconds, milliseconds, microseconds or nanoseconds, told apart by size. Nil outside the years
    /// 1990–2200 (a number that is not a time). Shown in `displayOffset` (the instant is exact: not an assumed offset).
    public static func epoch(_ value: Double, displayOffset: Int) -> Timestamp? {
        guard value.isFinite, value > 0 else { return nil }
        let millis: Double
        switch value {
        case ..<1e11: millis = value * 1000
        case ..<1e14: millis = value
        case ..<1e17: millis = value / 1000
        default: millis = value / 1_000_000
        }
        guard millis >= 631_152_000_000, millis < 7_258_118_400_000 else { return nil }  // 1990 … 2200
        return Timestamp(epochMillis: Int64(millis.rounded(.down)), offsetSeconds: displayOffset, assumedOffset: false)
    }

    /// An RFC 7231 / RFC 5322 date at the start of `bytes`: `[Wed, ]18 Nov 2026 07:02:36 (GMT|UTC|Z|±hhmm)`.
    static func parseHTTPDate(_ bytes: ArraySlice<UInt8>) -> Timestamp? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func skipSpaces() { while i < end, bytes[i] == 0x20 { i += 1 } }
        skipSpaces()
        // Optional day name and comma.
        var k = i
        while k < end, isLetter(bytes[k]) { k += 1 }
        if k > i, k < end, bytes[k] == UInt8(ascii: ",") {
            i = k + 1
            skipSpaces()
        }
        var dayEnd = i
        while dayEnd < end, digit(bytes[dayEnd]) != nil { dayEnd += 1 }
        guard dayEnd - i == 1 || dayEnd - i == 2, let day = digits(bytes, i, dayEnd - i) else { return nil }
        i = dayEnd
        skipSpaces()
        guard i + 3 <= end else { return nil }
        let name = String(decoding: bytes[i..<(i + 3)], as: UTF8.self).lowercased()
        guard let month = monthNames.firstIndex(of: name).map({ $0 + 1 }) else { return nil }
        i += 3
        skipSpaces()
        guard let year = digits(bytes, i, 4) else { return nil }
        i += 4
        skipSpaces()
        guard let hour = digits(bytes, i, 2), i + 2 < end, bytes[i + 2] == 0x3A, let minute = digits(bytes, i + 3, 2)
        else { return nil }
        i += 5
        var second = 0
        if i < end, bytes[i] == 0x3A, let s = digits(bytes, i + 1, 2) {
            second = s
            i += 3
        }
        guard day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        skipSpaces()
        var offset = 0
        let zone = String(decoding: bytes[i...].prefix(5), as: UTF8.self).uppercased()
        if zone.hasPrefix("GMT") || zone.hasPrefix("UTC") || zone.hasPrefix("UT") || zone.hasPrefix("Z") {
            offset = 0
        } else if let o = parseOffset(zone) {
            offset = o
        } else {
            return nil  // an HTTP date always names its zone
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        return Timestamp(epochMillis: (local - Int64(offset)) * 1000, offsetSeconds: offset, assumedOffset: false)
    }

    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    /// Days in `month` (1…12) of the proleptic Gregorian `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// Parses an offset such as `+03:00`, `-0500`, `Z`, `UTC`, `UTC+3`; returns seconds east of UTC.
    public static func parseOffset(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t == "Z" || t == "UTC" || t == "GMT" { return 0 }
        if t.hasPrefix("UTC") || t.hasPrefix("GMT") { t.removeFirst(3) }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let rest = t.dropFirst()
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        var h = 0
        var m = 0
        if parts.count == 2 {
            guard let hh = Int(parts[0]), let mm = Int(parts[1]) else { return nil }
            h = hh
            m = mm
        } else if rest.count == 4, let v = Int(rest) {
            h = v / 100
            m = v % 100
        } else if let v = Int(rest) {
            h = v
        } else {
            return nil
        }
        guard h <= 14, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
    }

    /// `2026-11-18T10:15:03.123+03:00` in the timestamp's own offset.
    public static func iso8601(_ t: Timestamp) -> String {
        let localMillis = t.epochMillis + Int64(t.offsetSeconds) * 1000
        let secs = floorDiv(localMillis, 1000)
        let ms = Int(localMillis - secs * 1000)
        let days = floorDiv(secs, 86_400)
        let sod = Int(secs - days * 86_400)
        let (y, mo, d) = civilFromDays(Int(days))
        let off = abs(t.offsetSeconds)
        let sign = t.offsetSeconds < 0 ? "-" : "+"
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(sod / 3600, 2)):\(pad(sod / 60 % 60, 2)):"
            + "\(pad(sod % 60, 2)).\(pad(ms, 3))\(sign)\(pad(off / 3600, 2)):\(pad(off / 60 % 60, 2))"
    }

    // MARK: - Calendar arithmetic (Howard Hinnant's civil-date algorithms)

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    @inline(__always)
    static func digit(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil }

    @inline(__always)
    static func digits(_ bytes: ArraySlice<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard at >= bytes.startIndex, at + count <= bytes.endIndex else { return nil }
        var v = 0
        for k in at..<(at + count) {
            guard let d = digit(bytes[k]) else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
