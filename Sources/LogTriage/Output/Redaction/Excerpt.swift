import Foundation

/// Evidence text as a person reads it: JSON escapes undone, secrets redacted, then cut on whole characters around
/// the decisive element, and control characters shown escaped.
///
/// Ingest keeps a raw excerpt ``rawWidth`` characters wide (a cut edge marked `…`); ``make(_:redactor:)`` trims
/// the partial word at a cut edge (a cut secret would escape the redactor's patterns), redacts, and only then cuts
/// to ``width``.
enum Excerpt {
    /// Characters a report shows.
    static let width = 320
    /// Characters ingest keeps before redaction.
    static let rawWidth = 640

    /// The report excerpt of a raw ingest excerpt.
    static func make(_ raw: String, redactor: Redactor, width: Int = width) -> String {
        var text = Substring(raw)
        let cutStart = text.hasPrefix("…")
        let cutEnd = text.hasSuffix("…")
        if cutStart { text = text.dropFirst() }
        if cutEnd { text = text.dropLast() }
        var s = String(text)
        if looksJSONEscaped(s) { s = collapseSpaces(unescapeJSON(s)) }
        if cutEnd { s = trimCutEdge(s, atEnd: true) }
        if cutStart { s = trimCutEdge(s, atEnd: false) }
        s = redactor.redact(s)
        return shorten(s, width: width, cutStart: cutStart, cutEnd: cutEnd)
    }

    /// `s` cut to `width` characters with `…` marking the cut (whole characters).
    static func cutMarked(_ s: String, _ width: Int) -> String {
        s.count > width ? String(s.prefix(width)) + "…" : s
    }

    /// `s` without the word its `…`-marked cut went through (it may be part of a secret the redactor cannot
    /// recognise any more); unchanged when it was not cut.
    static func trimmedIfCut(_ s: String) -> String {
        var t = Substring(s)
        let start = t.hasPrefix("…")
        let end = t.hasSuffix("…") && t.count > 1
        guard start || end else { return s }
        if start { t = t.dropFirst() }
        if end { t = t.dropLast() }
        var inner = String(t)
        if end { inner = trimCutEdge(inner, atEnd: true) }
        if start { inner = trimCutEdge(inner, atEnd: false) }
        return (start ? "…" : "") + inner + (end ? "…" : "")
    }

    /// A short excerpt that is redacted later as part of a longer text (a remediation's `{excerpt}`): cut first, so
    /// the word at each cut edge goes.
    static func cutForTemplate(_ raw: String, width: Int = 160) -> String {
        var s = raw
        if looksJSONEscaped(s) { s = collapseSpaces(unescapeJSON(s)) }
        let cut = shorten(s, width: width)
        let start = cut.hasPrefix("…")
        let end = cut.hasSuffix("…")
        var inner = String(cut.dropFirst(start ? 1 : 0).dropLast(end ? 1 : 0))
        if end { inner = trimCutEdge(inner, atEnd: true) }
        if start { inner = trimCutEdge(inner, atEnd: false) }
        return (start ? "…" : "") + inner + (end ? "…" : "")
    }

    /// `s` cut to `width` characters, keeping the decisive element (`<Error…`, `<Warning…`) in view.
    static func shorten(_ s: String, width: Int, cutStart: Bool = false, cutEnd: Bool = false) -> String {
        let chars = Array(s)
        guard chars.count > width else { return (cutStart ? "…" : "") + s + (cutEnd ? "…" : "") }
        var start = 0
        if let focus = focusIndex(s), focus + 40 > width {
            // Start a little before the element, or at it when the element itself fills the width.
            start = min(max(0, focus - 40), chars.count - width)
            if let close = s.range(of: "</", range: s.index(s.startIndex, offsetBy: focus)..<s.endIndex),
                s.distance(from: s.startIndex, to: close.lowerBound) - focus > width - 40
            {
                start = focus
            }
        }
        let end = min(chars.count, start + width)
        let head = start > 0 || cutStart ? "…" : ""
        return head + String(chars[start..<end]) + (end < chars.count || cutEnd ? "…" : "")
    }

    /// Where the decisive element starts, in characters.
    private static func focusIndex(_ s: String) -> Int? {
        let markers = ["<Error>", "<Error ", ":Error>", "<Warning>", "<Warning ", "Exception:", "HTTP/1.1 ", "HTTP/2 "]
        for marker in markers {
            if let r = s.range(of: marker) {
                var lower = r.lowerBound
                if marker.hasPrefix(":"), let lt = s[..<lower].lastIndex(of: "<") { lower = lt }
                return s.distance(from: s.startIndex, to: lower)
            }
        }
        return nil
    }

    /// At a cut edge, the word the cut went through and the digit groups next to it (`4111 1111 11…`).
    static func trimCutEdge(_ s: String, atEnd: Bool) -> String {
        var chars = Array(s)
        func isDelimiter(_ c: Character) -> Bool {
            c.isWhitespace || "<>\"',;|(){}[]".contains(c)
        }
        func dropWord() {
            if atEnd {
                while let c = chars.last, !isDelimiter(c) { chars.removeLast() }
            } else {
                while let c = chars.first, !isDelimiter(c) { chars.removeFirst() }
            }
        }
        dropWord()
        // Then whole words made of digits and number separators next to it (a spaced card or phone).
        for _ in 0..<6 {
            while let c = atEnd ? chars.last : chars.first, c == " " || c == "-" || c == "." || c == "(" || c == ")" {
                if atEnd { chars.removeLast() } else { chars.removeFirst() }
            }
            guard let c = atEnd ? chars.last : chars.first, c.isNumber || c == "+" else { break }
            dropWord()
        }
        return String(chars)
    }

    static func looksJSONEscaped(_ s: String) -> Bool {
        s.contains("\\\"") || s.contains("\\n") || s.contains("\\u0")
    }

    /// JSON string escapes undone; line breaks and tabs become spaces.
    static func unescapeJSON(_ s: String) -> String {
        var out = ""
        var it = s.unicodeScalars.makeIterator()
        var pendingHigh: UInt32?
        while let c = it.next() {
            guard c == "\\" else {
                out.unicodeScalars.append(c)
                continue
            }
            guard let n = it.next() else {
                out.append("\\")
                break
            }
            switch n {
            case "n", "r", "t": out.append(" ")
            case "\"", "\\", "/": out.unicodeScalars.append(n)
            case "u":
                var hex = ""
                for _ in 0..<4 { if let h = it.next() { hex.unicodeScalars.append(h) } }
                guard let v = UInt32(hex, radix: 16) else {
                    out += "\\u" + hex
                    continue
                }
                if (0xD800..<0xDC00).contains(v) {
                    pendingHigh = v
                } else if let hi = pendingHigh, (0xDC00..<0xE000).contains(v) {
                    pendingHigh = nil
                    if let sc = Unicode.Scalar(0x10000 + ((hi - 0xD800) << 10) + (v - 0xDC00)) {
                        out.unicodeScalars.append(sc)
                    }
                } else if let sc = Unicode.Scalar(v) {
                    out.unicodeScalars.append(sc)
                }
            default:
                out.append("\\")
                out.unicodeScalars.append(n)
            }
        }
        return out
    }

    static func collapseSpaces(_ s: String) -> String {
        var out = ""
        var space = false
        for c in s {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                space = !out.isEmpty
                continue
            }
            if space, !(out.last == ">" && c == "<") { out.append(" ") }
            space = false
            out.append(c)
        }
        return out
    }

    /// `s` with control characters other than tab and newline (and bidirectional overrides) written as `\x1B`,
    /// `\u202E`: a log cannot move the cursor, clear the screen or retitle the terminal of whoever reads the report.
    static func escapingControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isEscaped) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard isEscaped(u) else {
                out.unicodeScalars.append(u)
                continue
            }
            let hex = String(u.value, radix: 16, uppercase: true)
            out +=
                u.value < 0x100
                ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return out
    }

    private static func isEscaped(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v == 0x09 || v == 0x0A { return false }
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
