/// The customer's own words out of a mail body: quoted replies, reply history, signatures and pasted log lines
/// removed; a forwarded message's text kept without its header block.
enum DescriptionText {
    /// The cleaned text, blank-line runs collapsed, not trimmed to a length.
    static func clean(_ body: String) -> String {
        let lines = body.replacingLineEnds().split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var skipping = false  // inside reply history or a signature: until the next forwarded message
        var inForwardHeaders = false
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingTrailingSpaces().drop { $0 == " " || $0 == "\t" }
            index += 1
            if isForwardMarker(trimmed) {
                skipping = false
                inForwardHeaders = true
                continue
            }
            if inForwardHeaders {
                if trimmed.isEmpty || isHeaderLine(trimmed) { continue }
                inForwardHeaders = false
            }
            if skipping { continue }
            if line == "-- " || line == "--" || isReplyMarker(trimmed, next: lines[index...].prefix(4)) {
                skipping = true
                continue
            }
            if trimmed.hasPrefix(">") { continue }
            if let kind = PastedLog.kind(line), kind != .timestamped || looksLikeLogRecord(trimmed) { continue }
            kept.append(trimmed.isEmpty ? "" : line.trimmingTrailingSpaces())
        }
        var out: [Substring] = []
        for line in kept where !(line.isEmpty && (out.last?.isEmpty ?? true)) {
            out.append(line)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    private static let levelWords: Set<String> = [
        "trace", "debug", "info", "warn", "warning", "error", "fatal", "critical", "dbg", "inf", "wrn", "err", "ftl",
        "vrb", "verbose", "notice",
    ]

    /// A timestamped line that is a log record (a level word, a `|` field separator, a `[thread]`), not a customer
    /// writing a period on its own line.
    private static func looksLikeLogRecord(_ line: Substring) -> Bool {
        if line.contains("|") || line.contains("[") { return true }
        return line.split(whereSeparator: { !$0.isLetter }).contains { levelWords.contains($0.lowercased()) }
    }

    /// Cuts at a line or word end before `limit` characters and marks the cut with `…`.
    static func trim(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(max(0, limit - 1))  // room for the ellipsis: the result is at most `limit` characters
        let cut = head.lastIndex(of: "\n") ?? head.lastIndex(of: " ") ?? head.endIndex
        let kept = head[..<cut].count > limit / 2 ? head[..<cut] : head
        return String(kept) + "…"
    }

    private static let forwardMarkers = [
        "forwarded message", "пересылаемое сообщение", "переадресованное сообщение", "begin forwarded message",
        "начало переадресованного сообщения", "пересланное сообщение",
    ]

    private static func isForwardMarker(_ line: Substring) -> Bool {
        guard line.hasPrefix("-") || line.hasSuffix(":") || line.hasSuffix("-") else { return false }
        let lower = line.lowercased()
        return forwardMarkers.contains { lower.contains($0) }
    }

    private static let headerNames: Set<String> = [
        "from", "to", "cc", "date", "sent", "subject", "reply-to", "от", "кому", "копия", "дата", "отправлено", "тема",
    ]

    private static func isHeaderLine(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return headerNames.contains(line[..<colon].lowercased().trimmingWhitespace())
    }

    /// `-----Original Message-----`, `On … wrote:`, `… пишет:`, an Outlook `From:`/`Sent:` block, a `____` rule.
    private static func isReplyMarker(_ line: Substring, next: ArraySlice<Substring>) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("-"), lower.contains("original message") || lower.contains("исходное сообщение") {
            return true
        }
        if lower.hasSuffix("wrote:") || lower.hasSuffix("пишет:") || lower.hasSuffix("написал:")
            || lower.hasSuffix("написала:") || lower.hasSuffix("написал(а):")
        {
            return true
        }
        if line.count >= 20, line.allSatisfy({ $0 == "_" }) { return true }
        if lower.hasPrefix("from:") || lower.hasPrefix("от:") {
            return next.contains { candidate in
                let word = candidate.lowercased()
                return word.hasPrefix("sent:") || word.hasPrefix("отправлено:") || word.hasPrefix("date:")
                    || word.hasPrefix("дата:")
            }
        }
        return false
    }
}

/// The stand named in a text: explicit forms (`стенд: ПРОД`, `on the test stand`) beat loose mentions
/// (`на проде`, `production`); both stands named at the same strength is ambiguous and gives no answer.
enum StandFinder {
    struct Mention {
        var value: String
        var explicit: Bool
        var text: String
    }

    private static let standWords: Set<String> = [
        "стенд", "стенда", "стенде", "стенду", "стендом", "stand", "environment", "env", "среда", "среде", "среды",
        "контур", "контуре", "контура", "окружение", "окружении", "server", "сервер", "сервере",
    ]
    private static let linkWords: Set<String> = ["is", "на", "the", "это", "был", "used", "a"]
    private static let prodWords: Set<String> = [
        "prod", "production", "prd", "прод", "проде", "прода", "проду", "продом", "продакшн", "продакшен",
        "продакшене", "продакшне", "продуктив", "продуктиве", "продуктивный", "продуктивном", "продуктивная",
        "продуктивной", "продуктивного", "продуктивное", "боевой", "боевом", "боевая", "боевое", "боевого",
        "промышленный", "промышленном", "промышленной", "промышленного",
    ]
    private static let testWords: Set<String> = [
        "test", "тест", "теста", "тесте", "тесту", "тестом", "тестовый", "тестовом", "тестовая", "тестовой",
        "тестового", "тестовое", "тестовую", "demo", "демо", "демостенд", "демостенде",
    ]

    static func value(of word: String) -> String? {
        if prodWords.contains(word) { return "PROD" }
        if testWords.contains(word) { return "TEST" }
        return nil
    }

    /// Every stand mention in `text`, in order.
    static func mentions(in text: String) -> [Mention] {
        var found: [Mention] = []
        let lower = text.lowercased()
        if lower.contains("api-test.mixvel") || lower.contains("lk.demo.mixvel") {
            found.append(Mention(value: "TEST", explicit: true, text: "api-test.mixvel.com"))
        }
        if lower.contains("api.mixvel.com") || lower.contains("lk.mixvel.io") {
            found.append(Mention(value: "PROD", explicit: true, text: "api.mixvel.com"))
        }
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        let lowered = words.map { $0.lowercased() }
        for (index, word) in lowered.enumerated() {
            if standWords.contains(word) {
                var next = index + 1
                if next < lowered.count, linkWords.contains(lowered[next]) { next += 1 }
                if next < lowered.count, let value = value(of: lowered[next]) {
                    found.append(Mention(value: value, explicit: true, text: "\(words[index]) \(words[next])"))
                }
                continue
            }
            guard let value = value(of: word) else { continue }
            if index + 1 < lowered.count, standWords.contains(lowered[index + 1]) {
                found.append(Mention(value: value, explicit: true, text: "\(words[index]) \(words[index + 1])"))
                continue
            }
            if index > 0,
                standWords.contains(lowered[index - 1])
                    || (index > 1 && linkWords.contains(lowered[index - 1]) && standWords.contains(lowered[index - 2]))
            {
                continue  // already taken as "стенд X"
            }
            // A lone English "test" is too common in prose: only the capitalised TEST counts.
            if word == "test", words[index] != "TEST" { continue }
            found.append(Mention(value: value, explicit: false, text: String(words[index])))
        }
        return found
    }
}
