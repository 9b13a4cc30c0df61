import Foundation

/// Parsing and printing of the timestamps found in logs, on bytes.
public enum TimestampFormat {
    /// A timestamp parsed from bytes, and how many bytes it used.
    public struct Parsed: Sendable, Equatable {
        public var timestamp: Timestamp
        public var length: Int
        /// True when the text carried its own offset (`Z`, `+03:00`, `+0300`).
        public var hadOffset: Bool
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM:SS[.,fraction][ ][Z|±HH:MM|±HHMM|±HH]` at the start of `bytes`.
    ///
    /// - Parameter assumedOffset: the offset (seconds) used when the text has none.
    public static func parse(_ bytes: ArraySlice<UInt8>, assumedOffset: Int) -> Parsed? {
        let s = bytes.startIndex
        guard bytes.count >= 19 else { return nil }
        guard let year = digits(bytes, s, 4), bytes[s + 4] == 0x2D,  // -
            let month = digits(bytes, s + 5, 2), bytes[s + 7] == 0x2D,
            let day = digits(bytes, s + 8, 2),
            bytes[s + 10] == 0x54 || bytes[s + 10] == 0x20 || bytes[s + 10] == 0x74,  // T, space, t
            let hour = digits(bytes, s + 11, 2), bytes[s + 13] == 0x3A,
            let minute = digits(bytes, s + 14, 2), bytes[s + 16] == 0x3A,
            let second = digits(bytes, s + 17, 2)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var i = s + 19
        var millis = 0
        if i < bytes.endIndex, bytes[i] == 0x2E || bytes[i] == 0x2C {  // . or ,
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
            bytes[j + 1] == 0x2B || bytes[j + 1] == 0x2D
        {
            j += 1  // Serilog writes "2026-11-18 10:15:03.123 +03:00"
        }
        if j < bytes.endIndex {
            let c = bytes[j]
            if c == 0x5A || c == 0x7A {  // Z
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
                if oh <= 14, om < 60 {
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

    /// Parses a whole string (e.g. a command-line value or a JSON field).
    public static func parse(_ text: String, assumedOffset: Int) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard let p = parse(bytes[...], assumedOffset: assumedOffset) else { return nil }
        return p.timestamp
    }

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
