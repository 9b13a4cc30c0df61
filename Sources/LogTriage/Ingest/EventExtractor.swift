import Foundation
import LogBytes

/// Turns one assembled record into a ``LogRecord``: the header fields, then a byte-level scan of the content for URLs,
/// HTTP status, elapsed time, exceptions, and the MixVel XML facts.
struct EventExtractor {
    let file: String
    let format: InputFormat
    let assumedOffset: Int
    /// Extraction on demand: the full extraction only for records in which this finds a catalogue literal or an
    /// error marker; nil: always the full extraction.
    var trigger: ExtractionTrigger? = nil

    /// - Parameters:
    ///   - bytes: the record's lines joined by `\n`.
    ///   - lineStarts: offsets of each line in `bytes`.
    ///   - firstLine: 1-based number of the first line in the decoded input.
    func extract(bytes inputBytes: [UInt8], lineStarts: [Int], firstLine: Int) -> LogRecord {
        // An exact-size copy: sharing the assembler's buffer would make its next `removeAll(keepingCapacity:)`
        // allocate a fresh buffer of the largest record's size for every record.
        var bytes = Array(inputBytes[...])
        var event = LogEvent(file: file, line: firstLine)
        event.endLine = firstLine + lineStarts.count - 1
        let firstLineEnd = lineStarts.count > 1 ? lineStarts[1] - 1 : bytes.count
        let head = bytes[0..<firstLineEnd]

        // 1. The layout's own fields.
        var json: [JSONScanner.Field]?
        switch format {
        case .jsonl:
            json = JSONScanner.flatten(head)
            if json == nil, let h = RecordHeader.parse(head, assumedOffset: assumedOffset) { apply(h, to: &event) }
        case .text, .har:
            if let h = RecordHeader.parse(head, assumedOffset: assumedOffset) { apply(h, to: &event) }
        case .leveled:
            if let h = RecordHeader.parseLeveled(head, assumedOffset: assumedOffset) { apply(h, to: &event) }
        case .logfmt:
            json = LogfmtScanner.fields(head)
        case .curl, .xml:
            break
        }
        if event.message == nil, event.logger != nil, head.last == UInt8(ascii: "]"), lineStarts.count > 1 {
            // .NET console: `info: Category[0]`, the message on the indented line below.
            let end = lineStarts.count > 2 ? lineStarts[2] - 1 : bytes.count
            event.message = RecordHeader.string(RecordHeader.trim(bytes[lineStarts[1]..<end]))
        }
        if let fields = json {
            // Unescaped string values go after the line so rules and the XML scan see them as plain text.
            for f in fields {
                if case .string(let s) = f.value, s.count > 0,
                    ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: s[...]) != nil
                        || ByteSearch.firstIndex(of: 0x0A, in: s[...]) != nil
                        || ByteSearch.firstIndex(of: UInt8(ascii: "\\"), in: head) != nil
                {
                    bytes.append(0x0A)
                    bytes.append(contentsOf: s)
                }
            }
            applyJSON(fields, to: &event)
        }
        let all = bytes[...]
        // The cheap pass for records that hold no catalogue literal and no error marker (see ExtractionTrigger).
        let literalHits = trigger?.scan(all)
        let full = literalHits?.full ?? true
        // For a JSON line the XML lives in its unescaped values, appended after the line.
        let content = json != nil && bytes.count > firstLineEnd ? bytes[firstLineEnd...] : all

        // 2. Transport facts found anywhere in the record.
        if format == .curl {
            scanCurl(all, lineStarts: lineStarts, event: &event)
        }
        // One pass finds where each literal the searches below start from first occurs (-1: nowhere).
        let hits = RecordMarker.find(in: all)
        if event.host == nil || event.path == nil { findURL(all, hits, event: &event) }
        var decisiveOffset: Int?
        if event.httpStatus == nil, let (status, at) = findStatus(all, hits) {
            event.httpStatus = status
            if event.decisiveLine == nil { decisiveOffset = at }
            event.decisiveLine = event.decisiveLine ?? lineNumber(at, lineStarts, firstLine)
        }
        if event.elapsedMs == nil { event.elapsedMs = findElapsed(head) }
        if full, let (type, message, at) = findException(all, hits) {
            event.exceptionType = type
            event.exceptionMessage = message
            event.decisiveLine = lineNumber(at, lineStarts, firstLine)
            decisiveOffset = at
        }
        event.clientTimeoutSeconds = full ? findClientTimeout(all, hits) : nil

        // 3. MixVel XML.
        var decisiveRange: Range<Int>?
        if ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: content) != nil {
            let x = full ? XMLScanner.scan(content) : XMLScanner.scanCallFacts(content)
            apply(x, to: &event)
            if let s = x.decisiveStart {
                decisiveRange = s..<(x.decisiveEnd ?? min(s + 400, content.endIndex))
                event.decisiveLine = lineNumber(s, lineStarts, firstLine)
            }
            if event.timestamp == nil, let sent = x.timeSent {
                event.timestamp = TimestampFormat.parse(sent, assumedOffset: assumedOffset)
            }
            if x.sawHTML { event.bodyKind = .html } else if x.sawTag { event.bodyKind = .xml }
        }
        if event.bodyKind == nil, json == nil, format != .jsonl,
            let brace = ByteSearch.firstIndex(of: UInt8(ascii: "{"), in: all), brace > firstLineEnd
        {
            event.bodyKind = .json
        }
        if event.host == nil, let h = bareAPIHost(all) { event.host = h }
        if event.host != nil, event.stand == nil, let h = event.host { event.stand = MixVel.stand(forHost: h) }
        if event.method == nil, let p = event.path { event.method = MixVel.method(fromPath: p) }
        event.mixvel = mixvelCall(event)
        inferDirection(&event, head: head)

        // 4. Excerpt: the decisive element (whitespace between tags collapsed), else the decisive or first line (from
        // a little before the decisive offset when the line is long). Not redacted yet, so it is wider than what a
        // report shows: reports redact it, then cut it (``Excerpt``), and a cut edge marked `…` is trimmed there.
        let width = Excerpt.rawWidth
        if let r = decisiveRange {
            event.excerpt = collapse(all[r], max: width)
        } else if let d = event.decisiveLine, d - firstLine < lineStarts.count {
            let k = d - firstLine
            let e =
                k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : (lineStarts.count == 1 ? firstLineEnd : all.endIndex)
            var s = lineStarts[k]
            if let at = decisiveOffset, at > s + width, at < max(s, e) {
                s = at - width / 4
                while s < at, all[s] & 0xC0 == 0x80 { s += 1 }  // a whole UTF-8 character
                event.excerpt = "…" + collapse(all[s..<max(s, e)], max: width)
            } else {
                event.excerpt = collapse(all[s..<max(s, e)], max: width)
            }
        } else {
            event.excerpt = collapse(head, max: width)
        }
        var record = LogRecord(event: event, bytes: bytes, lineStarts: Array(lineStarts[...]))  // exact size
        record.literalHits = literalHits
        return record
    }

    // MARK: - Layout fields

    private func apply(_ h: RecordHeader, to event: inout LogEvent) {
        event.timestamp = h.timestamp
        event.level = h.level
        event.logger = h.logger
        event.message = h.message
        // The weakest pairing key after the body's ReplyTo and the fields' request/trace ids.
        if event.correlationId == nil, let t = h.thread { event.correlationId = "thread " + t }
    }

    private func applyJSON(_ fields: [JSONScanner.Field], to event: inout LogEvent) {
        var template: String?
        var sawSerilog = false
        for f in fields {
            let key = f.key
            switch Self.jsonKeys[Self.lastKeyComponent(key)] ?? .other {
            case .timestamp:
                if event.timestamp == nil {
                    if case .number(let v) = f.value {
                        event.timestamp = TimestampFormat.epoch(v, displayOffset: assumedOffset)
                    } else if let t = f.value.text {
                        event.timestamp =
                            TimestampFormat.parse(t, assumedOffset: assumedOffset)
                            ?? TimestampFormat.parseValue(t, assumedOffset: assumedOffset)
                    }
                }
                if key == "@t" { sawSerilog = true }
            case .level:
                if event.level == nil {
                    if case .number(let n) = f.value {
                        event.level = Self.numericLevel(n)
                    } else if let t = f.value.text {
                        event.level = RecordHeader.normaliseLevel(t) ?? Double(t).flatMap(Self.numericLevel)
                    }
                }
            case .message:
                if event.message == nil, let t = f.value.text { event.message = Excerpt.cutMarked(t, 400) }
            case .template:
                template = f.value.text
                sawSerilog = true
            case .exception:
                break  // found by the exception scan over the unescaped text
            case .logger:
                if event.logger == nil { event.logger = f.value.text }
            case .status:
                if event.httpStatus == nil, let t = f.value.text, let v = Int(t), (100...599).contains(v) {
                    event.httpStatus = v
                }
            case .elapsed:
                if event.elapsedMs == nil, case .number(let d) = f.value { event.elapsedMs = d }
            case .url:
                if let t = f.value.text { absorbURL(t, into: &event) }
            case .method:
                if let t = f.value.text, Self.httpVerbs.contains(t.uppercased()) { event.httpVerb = t.uppercased() }
            case .host:
                if event.host == nil, let t = f.value.text { event.host = t.lowercased() }
            case .correlation:
                if event.correlationId == nil, let t = f.value.text, !t.isEmpty { event.correlationId = t }
            case .other:
                break
            }
        }
        if event.message == nil, let t = template { event.message = Excerpt.cutMarked(t, 400) }
        if event.level == nil, sawSerilog { event.level = .info }  // compact JSON omits @l for Information
    }

    /// pino / bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
    private static func numericLevel(_ n: Double) -> LogLevel? {
        switch n {
        case 1..<20: return .trace
        case 20..<30: return .debug
        case 30..<40: return .info
        case 40..<50: return .warn
        case 50..<60: return .error
        case 60..<100: return .fatal
        default: return nil
        }
    }

    /// What a JSON field (by the last component of its lower-cased key path) holds.
    private enum JSONKey {
        case timestamp, level, message, template, exception, logger, status, elapsed, url, method, host, correlation
        case other
    }

    private static let jsonKeys: [String: JSONKey] = {
        let groups: [(JSONKey, [String])] = [
            (.timestamp, ["@t", "timestamp", "time", "ts", "@timestamp", "datetime", "date", "eventtime"]),
            (.level, ["@l", "level", "severity", "lvl", "loglevel", "log.level"]),
            (.message, ["@m", "message", "msg", "rendermessage", "renderedmessage"]),
            (.template, ["@mt", "messagetemplate"]),
            (.exception, ["@x", "exception", "stack_trace", "stacktrace", "error.stack_trace"]),
            (.logger, ["sourcecontext", "logger", "logger_name", "loggername", "category"]),
            (
                .status,
                [
                    "statuscode", "status", "status_code", "httpstatus", "http_status", "responsestatus",
                    "responsestatuscode",
                ]
            ),
            (
                .elapsed,
                [
                    "elapsedms", "elapsed", "elapsed_ms", "duration_ms", "durationms", "latency_ms",
                    "elapsedmilliseconds",
                    "duration", "took",
                ]
            ),
            (.url, ["url", "requesturi", "uri", "requesturl", "endpoint", "requestpath", "path"]),
            (.method, ["method", "httpmethod", "verb", "requestmethod"]),
            (.host, ["host"]),
            (
                .correlation,
                [
                    "requestid", "request_id", "traceid", "trace_id", "correlationid", "correlation_id", "x-request-id",
                    "x-correlation-id", "activityid", "operationid", "threadid", "thread_id", "thread",
                ]
            ),
        ]
        var map: [String: JSONKey] = [:]
        for (kind, names) in groups {
            for n in names where map[n] == nil { map[n] = kind }  // first group wins, as in a switch
        }
        return map
    }()

    /// `key.lowercased()`'s last non-empty `.`-separated component (the whole lower-cased key when there is none);
    /// on bytes when the key is ASCII.
    private static func lastKeyComponent(_ key: String) -> String {
        var b = Array(key.utf8)
        guard ByteSearch.isASCII(b[...]) else {
            let lower = key.lowercased()
            return lower.split(separator: ".").last.map(String.init) ?? lower
        }
        for k in b.indices where b[k] >= 0x41 && b[k] <= 0x5A { b[k] += 0x20 }
        var end = b.count
        while end > 0, b[end - 1] == UInt8(ascii: ".") { end -= 1 }
        if end == 0 { return String(decoding: b, as: UTF8.self) }
        var start = end
        while start > 0, b[start - 1] != UInt8(ascii: ".") { start -= 1 }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    private func apply(_ x: XMLFacts, to event: inout LogEvent) {
        event.messageName = x.rootMessage
        event.messageId = x.messageId
        event.timeSent = x.timeSent
        event.replyTo = x.replyTo
        event.errorLevel = x.errorLevel
        event.errorType = x.errorType
        event.code = x.code
        event.descText = x.descText.map { String($0.prefix(2000)) }
        event.canRetry = x.canRetry
        event.retryAfter = x.retryAfter
        event.ticketId = x.ticketId
        event.warningCodes = x.warningCodes
        event.warningTexts = x.warningTexts.map { String($0.prefix(1000)) }
        event.operationStatuses = x.operationStatuses
        event.responseAfterTimeout = x.responseAfterTimeout
        event.retransmission = x.retransmission
        event.elements = x.elements
        event.namespaces = x.namespaces.sorted()
        if let root = x.rootMessage {
            // The URL names the operation best (OrderViewRS answers Create, Retrieve and Change); the root otherwise.
            if event.method == nil, let p = event.path { event.method = MixVel.method(fromPath: p) }
            if event.method == nil { event.method = MixVel.method(fromMessage: root) }
            if MixVel.isRequestMessage(root) { event.direction = .request }
            if MixVel.isResponseMessage(root) { event.direction = .response }
        }
    }

    // MARK: - Transport

    private func scanCurl(_ all: ArraySlice<UInt8>, lineStarts: [Int], event: inout LogEvent) {
        for (k, start) in lineStarts.enumerated() {
            let end = k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : all.endIndex
            let line = all[start..<end]
            if line.starts(with: Self.curlHost) {
                var host = String(decoding: RecordHeader.trim(line.dropFirst(Self.curlHost.count)), as: UTF8.self)
                    .lowercased()
                if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
                event.host = host
            } else if line.starts(with: Self.curlRequest) {
                let parts = line.dropFirst(2).split(separator: 0x20)
                if parts.count >= 2, Self.httpVerbs.contains(String(decoding: parts[0], as: UTF8.self)) {
                    event.httpVerb = String(decoding: parts[0], as: UTF8.self)
                    absorbURL(String(decoding: parts[1], as: UTF8.self), into: &event)
                    event.direction = .request
                }
            } else if event.timestamp == nil, line.starts(with: Self.curlDate),
                let t = TimestampFormat.parseHTTPDate(line.dropFirst(Self.curlDate.count))
            {
                event.timestamp = t  // `< Date: Wed, 18 Nov 2026 07:02:36 GMT`: the server's clock
            } else if line.starts(with: Self.curlResponse) {
                let parts = line.dropFirst(2).split(separator: 0x20, maxSplits: 2)
                if parts.count >= 2, let v = Int(String(decoding: parts[1], as: UTF8.self)), (100...599).contains(v) {
                    event.httpStatus = v
                    event.decisiveLine = event.line + k
                    event.direction = .response
                }
            }
        }
    }

    private func absorbURL(_ text: String, into event: inout LogEvent) {
        let utf8 = Array(text.utf8)
        if ByteSearch.isASCII(utf8[...]) {
            // Only CR LF joins ASCII bytes into one Character, and none of the bytes searched for is CR or LF.
            let (host, path) = absorbURL(ascii: utf8[...])
            if let host { event.host = host }
            if let path { event.path = path }
            return
        }
        var rest = Substring(text)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == " " }) ?? rest.endIndex
            var host = rest[..<hostEnd]
            if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
            if !host.isEmpty { event.host = host.lowercased() }
            rest = rest[hostEnd...]
        }
        if rest.hasPrefix("/") {
            let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == " " || $0 == "\"" || $0 == "#" }) ?? rest.endIndex
            event.path = String(rest[..<pathEnd])
        }
    }

    /// ``absorbURL(_:into:)`` on printable-ASCII URL bytes (where bytes and Characters agree): host and path.
    private func absorbURL(ascii url: ArraySlice<UInt8>) -> (host: String?, path: String?) {
        var host: String?
        var path: String?
        var rest = url
        if let scheme = ByteSearch.firstIndex(of: Self.schemeSep, in: rest) {
            rest = rest[(scheme + 3)...]
            let hostEnd =
                rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == 0x20 })
                ?? rest.endIndex
            var h = rest[..<hostEnd]
            if let colon = h.firstIndex(of: UInt8(ascii: ":")) { h = h[..<colon] }
            if !h.isEmpty {
                host = String(decoding: h.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
            }
            rest = rest[hostEnd...]
        }
        if rest.first == UInt8(ascii: "/") {
            let pathEnd =
                rest.firstIndex(where: {
                    $0 == UInt8(ascii: "?") || $0 == 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "#")
                }) ?? rest.endIndex
            path = String(decoding: rest[..<pathEnd], as: UTF8.self)
        }
        return (host, path)
    }

    /// The first `scheme://host/path` (a MixVel host preferred), else a bare `/api/...` path.
    private func findURL(_ all: ArraySlice<UInt8>, _ hits: RecordMarker.Hits, event: inout LogEvent) {
        var from = hits[.schemeSeparator]
        var found: (host: String, path: String?, verb: String?)?
        var foundIsMixVel = false
        while from >= 0, let at = ByteSearch.firstIndex(of: Self.schemeSep, in: all[from...]) {
            var s = at
            while s > all.startIndex, isURLByte(all[s - 1]), all[s - 1] != UInt8(ascii: "/") { s -= 1 }
            var e = at + 3
            while e < all.endIndex, isURLByte(all[e]) { e += 1 }
            // URL bytes are printable ASCII, so these byte tests are the String tests they replace.
            let urlBytes = all[s..<e]
            if urlBytes.starts(with: Self.xmlnsWord)
                || Self.schemaMarks.contains(where: { ByteSearch.contains($0, in: urlBytes) })
            {
                from = e
                continue
            }
            let probe = absorbURL(ascii: urlBytes)
            if let h = probe.host, !h.isEmpty {
                let verb = verbBefore(all, s)
                let isMixVel = MixVel.stand(forHost: h) != nil
                if found == nil || (isMixVel && !foundIsMixVel) {
                    found = (h, probe.path, verb)
                    foundIsMixVel = isMixVel
                }
                if isMixVel { break }
            }
            from = e
        }
        if let f = found {
            if event.host == nil { event.host = f.host }
            if event.path == nil { event.path = f.path }
            if event.httpVerb == nil { event.httpVerb = f.verb }
            return
        }
        if event.path == nil, hits[.apiPath] >= 0 {
            let at = hits[.apiPath]
            var e = at
            while e < all.endIndex, isURLByte(all[e]) { e += 1 }
            event.path = String(decoding: all[at..<e], as: UTF8.self)
            if event.httpVerb == nil { event.httpVerb = verbBefore(all, at) }
        }
    }

    private static let xmlnsWord = Array("xmlns".utf8)
    private static let schemaMarks: [[UInt8]] = ["/API/XSD/", "www.w3.org", "schemas.xmlsoap.org"].map {
        Array($0.utf8)
    }

    private func verbBefore(_ all: ArraySlice<UInt8>, _ at: Int) -> String? {
        let windowStart = max(all.startIndex, at - 8)
        let window = String(decoding: all[windowStart..<at], as: UTF8.self)
        for v in Self.httpVerbs where window.hasSuffix(v + " ") { return v }
        return nil
    }

    /// An HTTP status in `HTTP/1.1 504`, `StatusCode: 504`, `status=504`, `status code 504`, `(504)` forms.
    private func findStatus(_ all: ArraySlice<UInt8>, _ hits: RecordMarker.Hits) -> (Int, Int)? {
        if hits[.httpSlash] >= 0 {
            let at = hits[.httpSlash]
            var i = at + 5
            while i < all.endIndex, all[i] == UInt8(ascii: ".") || RecordHeader.isDigit(all[i]) { i += 1 }
            if i < all.endIndex, all[i] == 0x20, let v = threeDigits(all, i + 1) { return (v, at) }
        }
        // "HTTP 401 Unauthorized", "returned 401 Unauthorized"
        for marker in RecordMarker.statusWords {
            let key = marker.bytes
            var from = hits[marker]
            while from >= 0, let at = ByteSearch.firstIndex(of: key, in: all[from...]) {
                if let v = threeDigits(all, at + key.count), v >= 200 { return (v, at) }
                from = at + key.count
            }
        }
        for marker in RecordMarker.statusKeys {
            let key = marker.bytes
            let at = hits[marker]
            guard at >= 0 else { continue }
            var i = at + key.count
            while i < all.endIndex,
                all[i] == 0x20 || all[i] == UInt8(ascii: ":") || all[i] == UInt8(ascii: "=")
                    || all[i] == UInt8(ascii: "\"") || all[i] == UInt8(ascii: "'")
            {
                i += 1
            }
            if let v = threeDigits(all, i) { return (v, at) }
        }
        return nil
    }

    private func threeDigits(_ all: ArraySlice<UInt8>, _ i: Int) -> Int? {
        guard i + 3 <= all.endIndex, RecordHeader.isDigit(all[i]), RecordHeader.isDigit(all[i + 1]),
            RecordHeader.isDigit(all[i + 2])
        else { return nil }
        if i + 3 < all.endIndex, RecordHeader.isDigit(all[i + 3]) { return nil }
        let v = Int(all[i] - 0x30) * 100 + Int(all[i + 1] - 0x30) * 10 + Int(all[i + 2] - 0x30)
        return (100...599).contains(v) ? v : nil
    }

    /// `elapsed 812 ms`, `in 812ms`, `took 812.4 ms`, `(812 ms)` on the header line.
    private func findElapsed(_ head: ArraySlice<UInt8>) -> Double? {
        var from = head.startIndex
        while let at = ByteSearch.firstIndex(of: Self.ms, in: head[from...]) {
            var e = at
            while e > head.startIndex, head[e - 1] == 0x20 { e -= 1 }
            var s = e
            while s > head.startIndex, RecordHeader.isDigit(head[s - 1]) || head[s - 1] == UInt8(ascii: ".") { s -= 1 }
            let after = at + 2
            let boundary = after >= head.endIndex || !isWordByte(head[after])
            if s < e, boundary, let v = Double(String(decoding: head[s..<e], as: UTF8.self)) { return v }
            from = at + 2
        }
        return nil
    }

    /// The first `Some.Namespace.FooException: message` (or `curl: (N) message`), with its offset.
    private func findException(_ all: ArraySlice<UInt8>, _ hits: RecordMarker.Hits) -> (String, String?, Int)? {
        if hits[.curlError] >= 0 {
            let at = hits[.curlError]
            let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: all[at...]) ?? all.endIndex
            let text = String(decoding: all[at..<lineEnd], as: UTF8.self)
            let code = text.dropFirst(7).prefix(while: { $0.isNumber })
            let msg = text.firstIndex(of: ")").map { String(text[text.index(after: $0)...]).trimmed() }
            return ("curl error \(code)", msg, at)
        }
        // Java chains: the last `Caused by:` names the root cause, which is what a reader needs.
        var causeFrom = hits[.causedBy]
        var lastCause: Int?
        while causeFrom >= 0, let at = ByteSearch.firstIndex(of: Self.causedBy, in: all[causeFrom...]) {
            lastCause = at
            causeFrom = at + Self.causedBy.count
        }
        let starts = [lastCause.map { $0 + Self.causedBy.count }, all.startIndex].compactMap { $0 }
        let firstException = hits[.exceptionWord]
        for start in starts where firstException >= 0 {
            var from = max(start, firstException)
            while let at = ByteSearch.firstIndex(of: Self.exceptionWord, in: all[from...]) {
                var e = at + Self.exceptionWord.count
                from = e
                // The dotted identifier around the word.
                var s = at
                while s > all.startIndex, isIdentByte(all[s - 1]) { s -= 1 }
                while e < all.endIndex, isIdentByte(all[e]) && all[e] != UInt8(ascii: ".") { e += 1 }
                let type = String(decoding: all[s..<e], as: UTF8.self)
                guard type.hasSuffix("Exception"), type.first?.isUppercase == true || type.contains(".") else {
                    continue
                }
                let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: all[e...]) ?? all.endIndex
                var message: String?
                if e < all.endIndex, all[e] == UInt8(ascii: ":") {
                    message = String(decoding: all[(e + 1)..<lineEnd].prefix(500), as: UTF8.self).trimmed()
                }
                return (type, message, s)
            }
        }
        return nil
    }

    /// `HttpClient.Timeout of 30 seconds`, `timed out after 30000 ms`, `timeout of 30000ms`, `Timeout of 30001
    /// milliseconds`, in seconds. A connect timeout (`Connection timed out after`, `connect timeout of`) is not a
    /// wait for an answer and gives nil.
    private func findClientTimeout(_ all: ArraySlice<UInt8>, _ hits: RecordMarker.Hits) -> Double? {
        let at = hits[.timeoutOf] >= 0 ? hits[.timeoutOf] : hits[.timedOutAfter]
        guard at >= 0 else { return nil }
        let before = all[max(all.startIndex, at - 12)..<at]
        if ByteSearch.firstIndexIgnoringCase(of: Self.connectWord, in: before) != nil { return nil }
        var i = at
        while i < all.endIndex, !RecordHeader.isDigit(all[i]) { i += 1 }
        let s = i
        while i < all.endIndex, RecordHeader.isDigit(all[i]) || all[i] == UInt8(ascii: ".") { i += 1 }
        guard s < i, let v = Double(String(decoding: all[s..<i], as: UTF8.self)) else { return nil }
        while i < all.endIndex, all[i] == 0x20 { i += 1 }
        var u = i
        while u < all.endIndex, u - i < 12, isWordByte(all[u]) || all[u] >= 0x80 { u += 1 }
        let unit = String(decoding: all[i..<u], as: UTF8.self).lowercased()
        if ["ms", "msec", "msecs", "millis", "millisecond", "milliseconds", "мс"].contains(unit) { return v / 1000 }
        if ["m", "min", "mins", "minute", "minutes", "мин", "минут", "минуты"].contains(unit) { return v * 60 }
        return v  // s, sec, seconds, сек, or no unit (.NET's "Timeout of 100 seconds" names it; curl says ms)
    }

    private static let connectWord = Array("connect".utf8)

    /// Whether the record is a MixVel call (see ``LogEvent/mixvel``), before pairing with its request.
    private func mixvelCall(_ e: LogEvent) -> Bool? {
        if MixVel.isMixVelBody(messageName: e.messageName, namespaces: e.namespaces) { return true }
        if let h = e.host { return MixVel.isAPIHost(h) }
        // A MixVel endpoint path with no host (the base address configured in the client); MixVel takes POST only.
        if let p = e.path, MixVel.method(fromPath: p) != nil, e.httpVerb == nil || e.httpVerb == "POST" { return true }
        return nil
    }

    /// `api.mixvel.com` / `api-test.mixvel.com` named without a scheme (`Connection refused (api.mixvel.com:443)`).
    private func bareAPIHost(_ all: ArraySlice<UInt8>) -> String? {
        // Host names are written in lower case; a plain search keeps this cheap on records without one.
        for (word, host) in Self.bareHosts where ByteSearch.contains(word, in: all) {
            return host
        }
        return nil
    }

    private static let bareHosts: [([UInt8], String)] = ["api-test.mixvel.com", "api.mixvel.com"].map {
        (Array($0.utf8), $0)
    }

    private func inferDirection(_ event: inout LogEvent, head: ArraySlice<UInt8>) {
        if event.direction != nil { return }
        // ASCII words, searched on bytes ignoring ASCII case (what `lowercased().contains` did, without Foundation).
        let msg = event.message.map { Array($0.utf8)[...] } ?? head.prefix(300)
        func has(_ w: [UInt8]) -> Bool { ByteSearch.firstIndexIgnoringCase(of: w, in: msg) != nil }
        if has(Self.wResponse) || has(Self.wReceived) || has(Self.wArrowIn) || event.httpStatus != nil {
            event.direction = .response
        } else if has(Self.wRequest) || has(Self.wSending) || has(Self.wArrowOut) {
            event.direction = .request
        }
    }

    private static let wResponse = Array("response".utf8)
    private static let wReceived = Array("received".utf8)
    private static let wArrowIn = Array("<--".utf8)
    private static let wRequest = Array("request".utf8)
    private static let wSending = Array("sending".utf8)
    private static let wArrowOut = Array("-->".utf8)

    // MARK: - Helpers

    private func lineNumber(_ offset: Int, _ lineStarts: [Int], _ firstLine: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return firstLine + lo
    }

    /// Whitespace runs collapsed to one space (none between `>` and `<`), cut to `max` characters.
    private func collapse(_ s: ArraySlice<UInt8>, max: Int) -> String {
        let limit = max * 4
        var out: [UInt8] = []
        out.reserveCapacity(Swift.min(s.count, limit) + 1)
        var pendingSpace = false
        var last: UInt8 = 0  // the last byte appended (never a space: a space is always followed by a byte)
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            if isSpace(b) {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if pendingSpace, !(last == UInt8(ascii: ">") && b == UInt8(ascii: "<")) { out.append(0x20) }
            pendingSpace = false
            // The run of non-space bytes from i, cut where the byte-at-a-time loop would have stopped.
            var j = i + 1
            while j < s.endIndex, !isSpace(s[j]) { j += 1 }
            let take = Swift.min(j - i, Swift.max(1, limit - out.count))
            out.append(contentsOf: s[i..<(i + take)])
            last = s[i + take - 1]
            if out.count >= limit { break }
            i += take
        }
        // ASCII without CR/LF (collapsed above) has one Character per byte: cut the bytes, skip counting Characters.
        if ByteSearch.isASCII(out[...]) {
            return out.count > max
                ? String(decoding: out[..<max], as: UTF8.self) + "…" : String(decoding: out, as: UTF8.self)
        }
        let text = String(decoding: out, as: UTF8.self)
        return text.count > max ? String(text.prefix(max)) + "…" : text
    }

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    @inline(__always) private func isURLByte(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'") && b != UInt8(ascii: "<")
            && b != UInt8(ascii: ">") && b != UInt8(ascii: ",") && b != UInt8(ascii: ")")
            && b != UInt8(ascii: "\\")  // a JSON escape (`\n`) inside an escaped body ends the URL
    }

    @inline(__always) private func isIdentByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F
            || b == 0x24
    }

    @inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
    }

    static let httpVerbs: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
    private static let curlRequest = Array("> ".utf8)
    private static let curlResponse = Array("< HTTP/".utf8)
    private static let curlHost = Array("> Host:".utf8)
    private static let curlDate = Array("< Date:".utf8)
    private static let schemeSep = RecordMarker.schemeSeparator.bytes
    private static let ms = Array("ms".utf8)
    private static let exceptionWord = RecordMarker.exceptionWord.bytes
    private static let causedBy = RecordMarker.causedBy.bytes
}

extension String {
    fileprivate func trimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
