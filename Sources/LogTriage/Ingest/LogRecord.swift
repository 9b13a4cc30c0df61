/// One record of an input together with the event extracted from it.
///
/// The record's bytes are what raw-text rule conditions search: its lines joined by `\n` (UTF-8, whatever the file's
/// encoding was). For a JSON line, the JSON-escaped string values (message, bodies) are appended unescaped after the
/// line, so a `<Code>` inside `"ResponseBody":"<Error>…"` is searchable as plain XML.
public struct LogRecord: Sendable {
    public var event: LogEvent
    public var bytes: [UInt8]
    /// Byte offsets in ``bytes`` where each of the record's lines starts; `lineStarts[0] == 0`.
    var lineStarts: [Int]
    /// Which catalogue literals (and error markers) occur in ``bytes``, when extraction scanned for them
    /// (``ExtractionTrigger``): the engine then does not scan the record again.
    var literalHits: LiteralHits?

    public init(event: LogEvent, bytes: [UInt8], lineStarts: [Int]) {
        self.event = event
        self.bytes = bytes
        self.lineStarts = lineStarts
    }

    /// The record as text (built on demand; invalid UTF-8 becomes U+FFFD).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The 1-based input line that holds byte `offset` of ``bytes``.
    public func lineNumber(atByteOffset offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return min(event.line + lo, event.endLine)
    }
}
