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
    var level: LogLevel?
    var logger: String?
    var message: String?
    /// The thread the record was written on (NLog's thread-id field, log4net's `[12]`, logback's `[exec-3]`): what
    /// pairs a response with its request when the body carries no `ReplyTo`.
    var thread: String?

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
                    header.thread = string(t1)
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
        fields(rest, into: &header)
        return header
    }

    /// Level, logger and message from what follows a header's timestamp.
    ///
    /// Layouts by shape: `[thread] LEVEL logger - msg` (log4net), `LEVEL [thread] logger - msg` (logback),
    /// `LEVEL pid --- [thread] logger : msg` (Spring Boot), `[LVL] msg` (Serilog), ` - name - LEVEL - msg` and
    /// `:LEVEL:name:msg` (Python), `channel.LEVEL: msg` (Monolog), `lvl: Category[EventId]` (.NET console).
    static func fields(_ rest: ArraySlice<UInt8>, into header: inout RecordHeader) {
        if rest.first == UInt8(ascii: ":"), pythonColon(rest.dropFirst(), into: &header) { return }
        let r = trim(rest)
        if r.starts(with: Self.dashStart), dashFields(r.dropFirst(2), into: &header) { return }
        // Token scan: find a level among the first few tokens; the logger is the token after it unless it is a
        // bracketed thread; the message follows " - " or " : " when present, else the level token.
        var tokens: [ArraySlice<UInt8>] = []
        var i = rest.startIndex
        while i < rest.endIndex, tokens.count < 6 {
            while i < rest.endIndex, rest[i] == 0x20 || rest[i] == 0x09 { i += 1 }
            let ts = i
            while i < rest.endIndex, rest[i] != 0x20, rest[i] != 0x09 { i += 1 }
            if ts < i { tokens.append(rest[ts..<i]) }
        }
        var levelIndex: Int?
        let bracketed = tokens.prefix(4).first {
            $0.count > 2 && $0.first == UInt8(ascii: "[") && $0.last == UInt8(ascii: "]")
        }
        if let t = bracketed, normaliseLevel(stripBrackets(t)) == nil {
            header.thread = string(t.dropFirst().dropLast())
        }
        for (k, tok) in tokens.enumerated() where k < 4 {
            if let lv = normaliseLevel(stripBrackets(tok)) {
                header.level = lv
                levelIndex = k
                break
            }
            // Monolog `channel.ERROR:`
            if tok.last == UInt8(ascii: ":"), let dot = tok.lastIndex(of: UInt8(ascii: ".")),
                let lv = normaliseLevel(tok[(dot + 1)..<(tok.endIndex - 1)])
            {
                header.level = lv
                header.logger = string(tok[tok.startIndex..<dot])
                header.message = string(trim(rest[tok.endIndex...]))
                return
            }
        }
        if let k = levelIndex, tokens[k].last == UInt8(ascii: ":"), k + 1 < tokens.count,
            let category = eventCategory(tokens[k + 1])
        {
            // .NET console: `info: Category[EventId]`, the message on the lines below.
            header.logger = string(category)
            header.message = string(trim(rest[tokens[k + 1].endIndex...]))
            return
        }
        let dash = firstIndex(of: Self.dashSeparator, in: rest)
        // Spring Boot's ` : ` only after its `---` marker (elsewhere a colon is part of the message).
        let spring = tokens.contains { $0.elementsEqual(Self.springMarker) }
        let colon = spring ? firstIndex(of: Self.colonSeparator, in: rest) : nil
        if let sep = [dash, colon].compactMap({ $0 }).min() {
            header.message = string(trim(rest[(sep + 3)...]))
            // logger: last token before the separator that is not bracketed and not the level
            let before = rest[..<sep].split(separator: 0x20)
            if let last = before.last, last.first != UInt8(ascii: "["), normaliseLevel(last) == nil,
                !last.allSatisfy(isDigit)
            {
                header.logger = string(last)
            }
        } else if let k = levelIndex {
            var after = tokens[k].endIndex
            if tokens[k].first != UInt8(ascii: "["), k + 1 < tokens.count, tokens[k + 1].count > 1,
                tokens[k + 1].last == UInt8(ascii: ":")
            {
                header.logger = string(tokens[k + 1].dropLast())  // Python `LEVEL name: message`
                after = tokens[k + 1].endIndex
            }
            header.message = string(trim(rest[after...]))
        } else {
            header.message = string(trim(rest))
        }
    }

    /// A record that starts with its level rather than a timestamp: `info: Category[0]` (.NET console without
    /// timestamps), `ERROR:name:message` (Python's default), `[ERROR] 2026/11/18 10:15:03 message`, `WARN message`.
    static func parseLeveled(_ line: ArraySlice<UInt8>, assumedOffset: Int) -> RecordHeader? {
        guard let (level, end) = levelStart(line) else { return nil }
        var header = RecordHeader(level: level)
        var rest = line[end...]
        if line[end - 1] == UInt8(ascii: ":"), let f = rest.first, f != 0x20, f != 0x09 {
            // Python `ERROR:name:message`
            if let c = rest.firstIndex(of: UInt8(ascii: ":")) {
                header.logger = string(rest[..<c])
                header.message = string(trim(rest[(c + 1)...]))
            } else {
                header.message = string(trim(rest))
            }
            return header
        }
        rest = trim(rest)
        if let s = timestampStart(rest), let p = TimestampFormat.parse(rest[s...], assumedOffset: assumedOffset) {
            header.timestamp = p.timestamp
            rest = rest[(s + p.length)...]
            if s > rest.startIndex || line[line.startIndex] == UInt8(ascii: "["),
                rest.first == UInt8(ascii: "]")
            {
                rest = rest.dropFirst()
            }
            rest = trim(rest)
        }
        let firstToken = rest.prefix { $0 != 0x20 && $0 != 0x09 }
        if let category = eventCategory(firstToken) {
            header.logger = string(category)
            header.message = string(trim(rest[firstToken.endIndex...]))
        } else if let dash = firstIndex(of: Self.dashSeparator, in: rest) {
            let before = trim(rest[..<dash])
            if !before.isEmpty, !before.contains(0x20) { header.logger = string(before) }
            header.message = string(trim(header.logger == nil ? rest : rest[(dash + 3)...]))
        } else {
            header.message = string(rest)
        }
        return header
    }

    /// The level word a leveled record starts with, and where it ends: `[LEVEL]`, `LEVEL:` or an upper-case
    /// `LEVEL ` at the very start of the line.
    static func levelStart(_ line: ArraySlice<UInt8>) -> (level: LogLevel, end: Int)? {
        var s = line.startIndex
        let bracket = s < line.endIndex && line[s] == UInt8(ascii: "[")
        if bracket { s += 1 }
        var e = s
        while e < line.endIndex, e - s <= 11, TimestampFormat.isLetter(line[e]) { e += 1 }
        guard e - s >= 3, e - s <= 11, e < line.endIndex, let level = normaliseLevel(line[s..<e]) else { return nil }
        if bracket {  // `[WARN ]`: padded inside the brackets
            var close = e
            while close < line.endIndex, close - e < 4, line[close] == 0x20 { close += 1 }
            return close < line.endIndex && line[close] == UInt8(ascii: "]") ? (level, close + 1) : nil
        }
        let next = line[e]
        if next == UInt8(ascii: ":") { return (level, e + 1) }
        if next == 0x20, line[s..<e].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) { return (level, e) }
        return nil
    }

    /// `Name[123]` (a .NET logging category and event id): the name.
    private static func eventCategory(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard token.last == UInt8(ascii: "]"), let open = token.lastIndex(of: UInt8(ascii: "[")),
            open > token.startIndex,
            open + 1 < token.endIndex - 1, token[(open + 1)..<(token.endIndex - 1)].allSatisfy(isDigit)
        else { return nil }
        return token[token.startIndex..<open]
    }

    /// Python `LEVEL:name:message` (after a timestamp and its colon).
    private static func pythonColon(_ s: ArraySlice<UInt8>, into header: inout RecordHeader) -> Bool {
        guard let c1 = s.firstIndex(of: UInt8(ascii: ":")), let lv = normaliseLevel(s[..<c1]) else { return false }
        header.level = lv
        let rest = s[(c1 + 1)...]
        if let c2 = rest.firstIndex(of: UInt8(ascii: ":")), !rest[..<c2].contains(0x20) {
            header.logger = string(rest[..<c2])
            header.message = string(trim(rest[(c2 + 1)...]))
        } else {
            header.message = string(trim(rest))
        }
        return true
    }

    /// Python `name - LEVEL - message` (the text after a timestamp and ` - `): true when a field is the level.
    private static func dashFields(_ s: ArraySlice<UInt8>, into header: inout RecordHeader) -> Bool {
        var fields: [ArraySlice<UInt8>] = []
        var from = s.startIndex
        while fields.count < 3, let d = firstIndex(of: Self.dashSeparator, in: s[from...]) {
            fields.append(trim(s[from..<d]))
            from = d + 3
        }
        for (k, f) in fields.enumerated() {
            guard let lv = normaliseLevel(stripBrackets(f)) else { continue }
            header.level = lv
            if k > 0, !fields[k - 1].contains(0x20) { header.logger = string(fields[k - 1]) }
            let messageStart = k + 1 < fields.count ? fields[k + 1].startIndex : from
            header.message = string(trim(s[messageStart...]))
            return true
        }
        return false
    }

    /// TRACE, DEBUG, INFO, WARN, ERROR, FATAL from the spellings NLog, log4net, Serilog, logback and JSON logs use.
    static func normaliseLevel(_ raw: ArraySlice<UInt8>) -> LogLevel? {
        guard raw.count >= 3, raw.count <= 11 else { return nil }
        let w = String(decoding: raw, as: UTF8.self).uppercased()
        switch w {
        case "TRACE", "TRCE", "VRB", "VERBOSE", "FINEST", "FINER": return .trace
        case "DEBUG", "DBUG", "DBG", "FINE": return .debug
        case "INFO", "INF", "INFORMATION", "NOTICE": return .info
        case "WARN", "WRN", "WARNING": return .warn
        case "ERROR", "ERR", "SEVERE", "FAIL": return .error
        case "FATAL", "FTL", "CRITICAL", "CRIT", "EMERGENCY", "ALERT": return .fatal
        default: return nil
        }
    }

    static func normaliseLevel(_ raw: String) -> LogLevel? { normaliseLevel(Array(raw.utf8)[...]) }

    private static let dashSeparator = Array(" - ".utf8)
    private static let colonSeparator = Array(" : ".utf8)
    private static let dashStart = Array("- ".utf8)
    private static let springMarker = Array("---".utf8)

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

    /// At most `max` bytes of `s`, cut before a whole UTF-8 character and marked `…` when cut (reports trim the
    /// word a cut went through: ``Excerpt/trimmedIfCut(_:)``).
    static func string(_ s: ArraySlice<UInt8>, max: Int = 400) -> String? {
        guard !s.isEmpty else { return nil }
        guard s.count > max else { return String(decoding: s, as: UTF8.self) }
        var end = s.startIndex + max
        while end > s.startIndex, s[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: s[..<end], as: UTF8.self) + "…"
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
