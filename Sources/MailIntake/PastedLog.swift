/// Log lines pasted into a mail body, recognised by their shape: timestamped lines, XML envelopes, JSON lines.
enum PastedLog {
    /// The body text when it holds a pasted log (at least three timestamped lines, three JSON-object lines, or an
    /// XML envelope such as `<…RS>`/`<Error>` over three or more XML lines), else nil.
    static func detect(in body: String) -> String? {
        var timestamped = 0
        var json = 0
        var xmlLines = 0
        var envelopes = 0
        for line in body.split(separator: "\n") {
            switch kind(line) {
            case .timestamped: timestamped += 1
            case .json: json += 1
            case .xml(let envelope):
                xmlLines += 1
                if envelope { envelopes += 1 }
            case .stackFrame, nil: break
            }
        }
        let isLog = timestamped >= 3 || json >= 3 || (envelopes >= 1 && xmlLines >= 3)
        return isLog ? body : nil
    }

    enum Kind: Equatable {
        case timestamped, json, xml(envelope: Bool), stackFrame
    }

    /// What kind of log line this is, or nil for prose.
    static func kind(_ line: Substring) -> Kind? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if startsWithTimestamp(trimmed) { return .timestamped }
        if trimmed.hasPrefix("{\""), trimmed.trimmingTrailingSpaces().hasSuffix("}") { return .json }
        if trimmed.hasPrefix("<") {
            let envelope =
                trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<Error") || trimmed.hasPrefix("<Envelope")
                || containsEnvelopeName(trimmed)
            return .xml(envelope: envelope)
        }
        if trimmed.hasPrefix("at "), trimmed.contains("("), line.first == " " || line.first == "\t" {
            return .stackFrame
        }
        return nil
    }

    /// `<Something_XxxRS`, `</…RQ>`: a MixVel/NDC root element name.
    private static func containsEnvelopeName(_ text: Substring) -> Bool {
        let name = text.drop { $0 == "<" || $0 == "/" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        return name.count > 2 && (name.hasSuffix("RS") || name.hasSuffix("RQ"))
    }

    /// `2026-11-18 10:15:03`, `2026-11-18T10:15:03`, `[2026-11-18 …`, `18.11.2026 10:15:03`, `10:15:03.123`.
    private static func startsWithTimestamp(_ text: Substring) -> Bool {
        let chars = Array(text.drop { $0 == "[" }.prefix(24).utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= chars.count && range.allSatisfy { chars[$0] >= 0x30 && chars[$0] <= 0x39 }
        }
        func char(_ index: Int, _ set: String) -> Bool {
            index < chars.count && set.utf8.contains(chars[index])
        }
        // yyyy-mm-dd[ T]hh:mm:ss
        if digits(0..<4), char(4, "-"), digits(5..<7), char(7, "-"), digits(8..<10), char(10, " T"),
            digits(11..<13), char(13, ":"), digits(14..<16), char(16, ":"), digits(17..<19)
        {
            return true
        }
        // dd.mm.yyyy hh:mm:ss or dd/mm/yyyy hh:mm:ss
        if digits(0..<2), char(2, "./"), digits(3..<5), char(5, "./"), digits(6..<10), char(10, " "),
            digits(11..<13), char(13, ":"), digits(14..<16), char(16, ":"), digits(17..<19)
        {
            return true
        }
        // hh:mm:ss.fff
        return digits(0..<2) && char(2, ":") && digits(3..<5) && char(5, ":") && digits(6..<8) && char(8, ".,")
            && digits(9..<12)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" || last == "\r" {
            end = index(before: end)
        }
        return self[..<end]
    }
}
