/// logfmt lines (logrus, Go's slog text handler, Heroku): `time="2026-11-18T10:15:03+03:00" level=error msg="…" k=v`.
///
/// The pairs become the same `(key, value)` fields a JSON line gives, so one set of key names serves both.
enum LogfmtScanner {
    /// True when the line starts with `key=` (a letter, then letters, digits, `_`, `.`, `-` or `@`).
    static func startsWithPair(_ line: ArraySlice<UInt8>) -> Bool {
        var i = line.startIndex
        guard i < line.endIndex, isKeyStart(line[i]) else { return false }
        while i < line.endIndex, isKeyByte(line[i]) { i += 1 }
        return i < line.endIndex && line[i] == UInt8(ascii: "=") && i - line.startIndex <= 40
    }

    /// A line of at least two pairs, one of them a time, level or message key.
    static func looksLikeLogfmt(_ line: ArraySlice<UInt8>) -> Bool {
        guard startsWithPair(line), let f = fields(line), f.count >= 2 else { return false }
        return f.contains { known.contains($0.key.lowercased()) }
    }

    private static let known: Set<String> = ["time", "ts", "t", "timestamp", "level", "lvl", "msg", "message"]

    /// The pairs of `line`, values unquoted and unescaped (`\"`, `\\`, `\n`, `\t`); nil when it does not start with
    /// a pair.
    static func fields(_ line: ArraySlice<UInt8>) -> [JSONScanner.Field]? {
        guard startsWithPair(line) else { return nil }
        var out: [JSONScanner.Field] = []
        var i = line.startIndex
        let end = line.endIndex
        while i < end, out.count < 256 {
            while i < end, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            let ks = i
            while i < end, isKeyByte(line[i]) { i += 1 }
            guard i > ks, i < end, line[i] == UInt8(ascii: "=") else {
                // Not a pair: skip the word.
                while i < end, line[i] != 0x20, line[i] != 0x09 { i += 1 }
                continue
            }
            let key = String(decoding: line[ks..<i], as: UTF8.self)
            i += 1
            var value: [UInt8] = []
            if i < end, line[i] == UInt8(ascii: "\"") {
                i += 1
                while i < end, line[i] != UInt8(ascii: "\"") {
                    if line[i] == UInt8(ascii: "\\"), i + 1 < end {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "n"): value.append(0x0A)
                        case UInt8(ascii: "t"): value.append(0x09)
                        case UInt8(ascii: "r"): value.append(0x0D)
                        default: value.append(line[i])
                        }
                    } else {
                        value.append(line[i])
                    }
                    i += 1
                }
                i += 1  // the closing quote
            } else {
                let vs = i
                while i < end, line[i] != 0x20, line[i] != 0x09 { i += 1 }
                value = Array(line[vs..<i])
            }
            out.append(JSONScanner.Field(key: key, value: .string(value)))
        }
        return out
    }

    @inline(__always) private static func isKeyStart(_ b: UInt8) -> Bool {
        TimestampFormat.isLetter(b) || b == UInt8(ascii: "@") || b == UInt8(ascii: "_")
    }

    @inline(__always) private static func isKeyByte(_ b: UInt8) -> Bool {
        TimestampFormat.isLetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "@")
    }
}
