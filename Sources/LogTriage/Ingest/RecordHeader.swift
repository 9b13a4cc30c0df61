import LogBytes

/// The prefix of a text-log record: timestamp, level, logger and message, read on bytes.
///
/// Layouts understood (and anything that starts with an ISO-8601-like timestamp):
/// NLog `2026-11-18 10:15:03.1234|ERROR|Logger|message`,
/// log4net `2026-11-18 10:15:03,123 [12] ERROR Logger - message`,
/// Serilog `2026-11-18 10:15:03.123 +03:00 [ERR] message`,
/// logback `2026-11-18 10:15:03.123 ERROR [thread] logger - message`.
struct RecordHeader {
    var timestamp: Timestamp?
    var level: String?
    var logger: String?
    var message: String?

    /// Index where a timestamp starts when `line` begins with one (optionally after `[`), else nil.
    static func timestampStart(_ line: ArraySlice<UInt8>) -> Int? {
        var s = line.startIndex
        if s < line.endIndex, line[s] == UInt8(ascii: "[") { s += 1 }
        guard line.endIndex - s >= 16 else { return nil }
        // Cheap shape check before parsing: dddd-dd-dd or dddd/dd/dd.
        let sep = line[s + 4]
        guard isDigit(line[s]), isDigit(line[s + 1]), isDigit(line[s + 2]), isDigit(line[s + 3]),
            sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/"), line[s + 7] == sep
        else { return nil }
        return s
    }

    static func parse(_ line: ArraySlice<UInt8>, assumedOffset: Int) -> RecordHeader? {
        guard let s = timestampStart(line),
            let parsed = TimestampFormat.parse(line[s...], assumedOffset: assumedOffset)
        else { return nil }
        var header = RecordHeader(timestamp: parsed.timestamp)
        var rest = line[(s + parsed.length)...]
        if line.first == UInt8(ascii: "["), let close = rest.firstIndex(of: UInt8(ascii: "]")) {
            rest = rest[(close + 1)...]
        }
        if rest.first == UInt8(ascii: "|") {
            // NLog: |LEVEL|logger|message (message may itself contain '|').
            // The fields `split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)` would give, cut at
            // the first three bars without building an array.
            let body = rest.dropFirst()
            func bar(after i: Int) -> Int? { ByteSearch.firstIndex(of: UInt8(ascii: "|"), in: body[i...]) }
            let end = body.endIndex
            let b0 = bar(after: body.startIndex)
            let b1 = b0.flatMap { bar(after: $0 + 1) }
            let b2 = b1.flatMap { bar(after: $0 + 1) }
            let f0 = body[body.startIndex..<(b0 ?? end)]
            var f1 = b0.map { body[($0 + 1)..<(b1 ?? end)] }
            var f2 = b1.map { body[($0 + 1)..<(b2 ?? end)] }
            if let b1, let b2 {
                let t1 = trim(f1!)
                if !t1.isEmpty, t1.allSatisfy(isDigit) {
                    // `date|LEVEL|threadid|logger|message`
                    f1 = f2
                    f2 = body[(b2 + 1)...]
                } else {
                    f2 = body[(b1 + 1)...]
                }
            }
            header.level = normaliseLevel(trim(f0))
            if let f1 { header.logger = string(trim(f1)) }
            if let f2 { header.message = string(trim(f2)) }
            if header.level == nil, let f1 {  // NLog layouts sometimes put the logger first
                header.level = normaliseLevel(trim(f1))
                if header.level != nil { header.logger = string(trim(f0)) }
            }
            return header
        }
        // Token scan: find a level among the first few tokens; the logger is the token after it unless it is a
        // bracketed thread; the message follows " - " when present, else the level token.
        var tokens: [ArraySlice<UInt8>] = []
        var i = rest.startIndex
        while i < rest.endIndex, tokens.count < 6 {
            while i < rest.endIndex, rest[i] == 0x20 || rest[i] == 0x09 { i += 1 }
            let ts = i
            while i < rest.endIndex, rest[i] != 0x20, rest[i] != 0x09 { i += 1 }
            if ts < i { tokens.append(rest[ts..<i]) }
        }
        var levelIndex: Int?
        for (k, tok) in tokens.enumerated() where k < 4 {
            if let lv = normaliseLevel(stripBrackets(tok)) {
                header.level = lv
                levelIndex = k
                break
            }
        }
        if let dash = firstIndex(of: Self.dashSeparator, in: rest) {
            header.message = string(trim(rest[(dash + 3)...]))
            // logger: last token before " - " that is not bracketed and not the level
            let before = rest[..<dash].split(separator: 0x20)
            if let last = before.last, last.first != UInt8(ascii: "["), normaliseLevel(last) == nil {
                header.logger = string(last)
            }
        } else if let k = levelIndex {
            let tok = tokens[k]
            header.message = string(trim(rest[tok.endIndex...]))
        } else {
            header.message = string(trim(rest))
        }
        return header
    }

    /// TRACE, DEBUG, INFO, WARN, ERROR, FATAL from the spellings NLog, log4net, Serilog, logback and JSON logs use.
    static func normaliseLevel(_ raw: ArraySlice<UInt8>) -> String? {
        guard raw.count >= 3, raw.count <= 11 else { return nil }
        let w = String(decoding: raw, as: UTF8.self).uppercased()
        switch w {
        case "TRACE", "VRB", "VERBOSE", "FINEST", "FINER": return "TRACE"
        case "DEBUG", "DBG", "FINE": return "DEBUG"
        case "INFO", "INF", "INFORMATION", "NOTICE": return "INFO"
        case "WARN", "WRN", "WARNING": return "WARN"
        case "ERROR", "ERR", "SEVERE", "FAIL": return "ERROR"
        case "FATAL", "FTL", "CRITICAL", "CRIT", "EMERGENCY", "ALERT": return "FATAL"
        default: return nil
        }
    }

    static func normaliseLevel(_ raw: String) -> String? { normaliseLevel(Array(raw.utf8)[...]) }

    private static let dashSeparator = Array(" - ".utf8)

    private static func stripBrackets(_ t: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = t
        if s.first == UInt8(ascii: "[") { s = s.dropFirst() }
        if s.last == UInt8(ascii: "]") { s = s.dropLast() }
        if s.last == UInt8(ascii: ":") { s = s.dropLast() }
        return s
    }

    private static func firstIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        while i + needle.count <= hay.endIndex {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var t = s
        while let f = t.first, f == 0x20 || f == 0x09 { t = t.dropFirst() }
        while let l = t.last, l == 0x20 || l == 0x09 || l == 0x0D { t = t.dropLast() }
        return t
    }

    static func string(_ s: ArraySlice<UInt8>, max: Int = 400) -> String? {
        guard !s.isEmpty else { return nil }
        return String(decoding: s.prefix(max), as: UTF8.self)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
