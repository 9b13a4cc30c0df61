/// Splits a multipart body at its boundary delimiter lines (RFC 2046 §5.1.1).
enum MultipartSplitter {
    struct Result {
        /// The body parts, each with its own headers; the line break before a delimiter belongs to the delimiter.
        var parts: [ArraySlice<UInt8>]
        /// Whether the close delimiter `--boundary--` was seen.
        var closed: Bool
        /// Whether any delimiter was seen at all.
        var foundDelimiter: Bool
    }

    /// Splits `body` at lines `--boundary` (then optional white space); `--boundary--` ends it. The preamble and the
    /// epilogue are dropped. Without a close delimiter the last part runs to the end of the body.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> Result {
        let marker = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        var closed = false
        var found = false
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            if body[lineStart] == UInt8(ascii: "-"), let kind = delimiterKind(body[lineStart..<lineEnd], marker) {
                found = true
                if let start = partStart {
                    parts.append(body[start..<partEnd(body, start: start, delimiterLine: lineStart)])
                }
                if kind == .close {
                    closed = true
                    partStart = nil
                    break
                }
                partStart = next
            }
            lineStart = next
        }
        if let start = partStart, start <= body.endIndex {
            parts.append(body[start..<body.endIndex])
        }
        return Result(parts: parts, closed: closed, foundDelimiter: found)
    }

    private enum Kind { case open, close }

    private static func delimiterKind(_ line: ArraySlice<UInt8>, _ marker: [UInt8]) -> Kind? {
        guard line.starts(with: marker) else { return nil }
        var rest = line.dropFirst(marker.count)
        var kind = Kind.open
        if rest.starts(with: [0x2D, 0x2D]) {
            kind = .close
            rest = rest.dropFirst(2)
        }
        // Only transport padding (white space, the CR of a CRLF) may follow.
        return rest.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? kind : nil
    }

    /// The end of a part: before the CRLF (or LF) that precedes the delimiter line.
    private static func partEnd(_ body: ArraySlice<UInt8>, start: Int, delimiterLine: Int) -> Int {
        var end = delimiterLine
        if end > start, body[end - 1] == 0x0A { end -= 1 }
        if end > start, body[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// A boundary guessed from the first line that looks like a delimiter (`--` then a token), for a multipart
    /// whose `boundary` parameter is missing.
    static func guessBoundary(_ body: ArraySlice<UInt8>) -> String? {
        var lineStart = body.startIndex
        var scanned = 0
        while lineStart < body.endIndex, scanned < 200 {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            var line = body[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.count > 2, line.count < 80, line.starts(with: [0x2D, 0x2D]),
                line.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            {
                var token = line.dropFirst(2)
                if token.count > 2, token.suffix(2).elementsEqual([0x2D, 0x2D]) { token = token.dropLast(2) }
                return String(decoding: token, as: UTF8.self)
            }
            lineStart = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            scanned += 1
        }
        return nil
    }
}
