import Foundation

/// One message of an mbox, as ``MboxSplitter`` hands it on.
public struct MboxMessage: Sendable {
    /// 0-based position in the mbox.
    public var index: Int
    /// The message without its `From ` separator line (quoted `>From ` lines unquoted), at most the budget the
    /// splitter was given for it.
    public var bytes: [UInt8]
    /// Bytes of the message beyond its budget, counted and not kept.
    public var droppedBytes: Int
}

/// Splits an mbox (mboxo or mboxrd) into messages as its bytes arrive, holding one message at a time.
///
/// A separator is a line starting with `From ` at the start of the input or after an empty line; the empty line
/// before a separator belongs to the separator. Quoted body lines (`>From `, `>>From `) lose one `>`. Line ends (LF
/// or CRLF) are kept as they are. Bytes before the first separator make a message of their own when they are not
/// blank. Each message keeps at most `budget(index)` bytes (the rest is counted in `droppedBytes`), and a line is
/// never held whole: once `lineProbe` bytes of a line without its end have arrived, the line is judged on them
/// (a separator or a body line) and the rest of it goes straight to the message. So memory stays within the
/// budget plus one chunk, whatever the size of the mbox or of its lines.
public struct MboxSplitter {
    /// How many bytes of the message with this index to keep.
    public var budget: (Int) -> Int
    /// The most bytes this splitter held at once (kept message bytes and the pending line).
    private(set) var peakBufferedBytes = 0

    static let from = Array("From ".utf8)
    static let lineProbe = 4096

    var current: [UInt8] = []
    var currentBudget: Int
    var dropped = 0
    var nonBlank = false
    var index = 0
    var started = false
    var previousBlank = true
    /// The start of a line whose end has not arrived yet (at most `lineProbe` bytes plus one chunk).
    var line: [UInt8] = []
    enum LongLine { case none, body, separator }
    /// A line judged before its end: the rest of it is message bytes, or skipped (a separator).
    var longLine = LongLine.none

    public init(budget: @escaping (Int) -> Int = { _ in Int.max }) {
        self.budget = budget
        currentBudget = budget(0)
    }

    /// Feeds the next bytes of the mbox; `emit` gets each message that these bytes complete.
    public mutating func feed(_ bytes: [UInt8], emit: (MboxMessage) throws -> Void) rethrows {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let nl = bytes[i...].firstIndex(of: 0x0A)
            let end = nl.map { $0 + 1 } ?? bytes.endIndex
            let piece = bytes[i..<end]
            i = end
            switch longLine {
            case .separator: break
            case .body: append(piece)
            case .none:
                line += piece
                peakBufferedBytes = max(peakBufferedBytes, current.count + line.count)
                if nl != nil {
                    try take(line, emit: emit)
                    line = []
                } else if line.count >= Self.lineProbe {
                    try judgeLongLine(emit: emit)
                }
                continue
            }
            if nl != nil {
                longLine = .none
                previousBlank = false
            }
        }
    }

    /// Ends the input: `emit` gets the last message.
    public mutating func finish(emit: (MboxMessage) throws -> Void) rethrows {
        if !line.isEmpty {
            try take(line, emit: emit)
            line = []
        }
        if started || !current.isEmpty || dropped > 0 { try finishMessage(emit: emit) }
    }

    /// A whole line (with its line end, if any).
    mutating func take(_ line: [UInt8], emit: (MboxMessage) throws -> Void) rethrows {
        if previousBlank, line.starts(with: Self.from) {
            if started || !current.isEmpty || dropped > 0 { try finishMessage(emit: emit) }
            started = true
            previousBlank = false
            return
        }
        let quoted = line.prefix { $0 == UInt8(ascii: ">") }
        if !quoted.isEmpty, line.dropFirst(quoted.count).starts(with: Self.from) {
            append(line.dropFirst())
        } else {
            append(line[...])
        }
        previousBlank = line.allSatisfy { $0 == 0x0A || $0 == 0x0D }
    }

    /// The first `lineProbe` bytes of a line whose end has not come: a separator, or the start of a body line.
    mutating func judgeLongLine(emit: (MboxMessage) throws -> Void) rethrows {
        if previousBlank, line.starts(with: Self.from) {
            if started || !current.isEmpty || dropped > 0 { try finishMessage(emit: emit) }
            started = true
            longLine = .separator
        } else {
            let quoted = line.prefix { $0 == UInt8(ascii: ">") }
            let unquote = !quoted.isEmpty && line.dropFirst(quoted.count).starts(with: Self.from)
            append(unquote ? line.dropFirst() : line[...])
            longLine = .body
        }
        line = []
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        if !nonBlank { nonBlank = bytes.contains { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 } }
        let room = max(0, currentBudget - current.count)
        if bytes.count <= room {
            current += bytes
        } else {
            current += bytes.prefix(room)
            dropped += bytes.count - room
        }
        peakBufferedBytes = max(peakBufferedBytes, current.count + line.count)
    }

    mutating func finishMessage(emit: (MboxMessage) throws -> Void) rethrows {
        // Drop the one empty line that precedes the next separator.
        if dropped == 0, current.last == 0x0A {
            var end = current.count - 1
            if end > 0, current[end - 1] == 0x0D { end -= 1 }
            if end > 0, current[end - 1] == 0x0A { current.removeSubrange(end..<current.count) }
        }
        let message = MboxMessage(index: index, bytes: current, droppedBytes: dropped)
        let counts = started || nonBlank
        current = []
        dropped = 0
        nonBlank = false
        if counts {
            index += 1
            try emit(message)
        }
        currentBudget = budget(index)
    }
}

/// Reads an mbox file message by message (``MboxSplitter`` over 1 MiB reads).
public enum MboxReader {
    /// Calls `body` with each message of the mbox at `path`, keeping at most `budget(index)` bytes of each.
    /// - Returns: the most bytes held at once.
    @discardableResult
    public static func forEachMessage(
        path: String, chunkSize: Int = 1 << 20, budget: @escaping (Int) -> Int,
        _ body: (MboxMessage) throws -> Void
    ) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var splitter = MboxSplitter(budget: budget)
        while let chunk = try handle.read(upToCount: max(1, chunkSize)), !chunk.isEmpty {
            try splitter.feed([UInt8](chunk), emit: body)
        }
        try splitter.finish(emit: body)
        return splitter.peakBufferedBytes
    }
}
