/// Splits a UTF-8 byte stream, fed in arbitrary chunks, into lines.
///
/// LF, CRLF and a lone CR all end a line; a CRLF split across chunks is one line break.
/// Lines that fit in one chunk are handed out as slices of that chunk (no copy); only a line
/// spanning chunks is assembled in `carry`, which never exceeds `maxLineBytes`.
struct LineSplitter {
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    /// Individual `lineCut` warnings before they are only counted.
    static let individualCutWarnings = 100

    let maxLine: Int
    let log: WarningLog

    /// Start of a line that spans chunks (at most `maxLine` bytes).
    private var carry: [UInt8] = []
    /// The current line was too long: its first `maxLine` bytes were emitted, the rest is dropped up to the terminator.
    private var skipping = false
    /// The previous chunk ended with CR: a LF at the start of the next chunk belongs to it.
    private var afterCR = false

    /// Lines emitted so far (= the number of the last emitted line).
    private(set) var lineNumber = 0
    /// Decoded bytes received so far.
    private(set) var offset: Int64 = 0
    /// Decoded offset where the current line starts.
    private var lineStart: Int64 = 0

    private var cutCount = 0
    private var firstExtraCutLine: Int?

    /// - Parameters:
    ///   - lineBase: lines before the first byte (numbering continues after them).
    ///   - offsetBase: decoded bytes before the first byte.
    init(maxLine: Int, log: WarningLog, lineBase: Int = 0, offsetBase: Int64 = 0) {
        self.maxLine = max(1, maxLine)
        self.log = log
        lineNumber = lineBase
        offset = offsetBase
        lineStart = offsetBase
    }

    mutating func push(_ chunk: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        let base = offset - Int64(chunk.startIndex)  // decoded offset of chunk[i] is base + i
        offset += Int64(chunk.count)
        var i = chunk.startIndex
        let end = chunk.endIndex
        if afterCR, i < end {
            afterCR = false
            if chunk[i] == Self.lf {
                i += 1
                lineStart = base + Int64(i)
            }
        }
        // Cached positions of the next LF / CR at or after `i` (`end` when none); -1 = not searched yet.
        var nextLF = -1
        var nextCR = -1
        while i < end {
            if nextLF < i { nextLF = ByteSearch.firstIndex(of: Self.lf, in: chunk[i..<end]) ?? end }
            if nextCR < i { nextCR = ByteSearch.firstIndex(of: Self.cr, in: chunk[i..<end]) ?? end }
            let t = min(nextLF, nextCR)
            if t == end {
                appendPartial(chunk[i..<end], onLine: onLine)
                return
            }
            var next = t + 1
            if t == nextCR {
                if next < end {
                    if chunk[next] == Self.lf { next += 1 }
                } else {
                    afterCR = true
                }
            }
            endLine(chunk[i..<t], contentEnd: base + Int64(t), endOffset: base + Int64(next), onLine: onLine)
            i = next
        }
    }

    /// Ends the current line here, as if a terminator came (used at a gap in the data).
    mutating func breakLine(onLine: (ArraySlice<UInt8>, Int) -> Void) {
        afterCR = false
        if skipping || !carry.isEmpty {
            endLine([], contentEnd: offset, endOffset: offset, onLine: onLine)
        }
    }

    /// End of input: emit the last line if it has no terminator.
    mutating func finish(onLine: (ArraySlice<UInt8>, Int) -> Void) {
        breakLine(onLine: onLine)
        if cutCount > Self.individualCutWarnings, let first = firstExtraCutLine {
            let more = cutCount - Self.individualCutWarnings
            log.add(
                InputWarning(
                    kind: .lineCut, line: first,
                    message:
                        "\(more) more lines longer than \(maxLine) bytes were cut (the first of them is line "
                        + "\(first)); \(cutCount) lines were cut in all"
                ), force: true)
        }
    }

    /// The current line ends with `content`, which ends at decoded offset `contentEnd`;
    /// its terminator ends at `endOffset`.
    @inline(__always)
    private mutating func endLine(
        _ content: ArraySlice<UInt8>, contentEnd: Int64, endOffset: Int64,
        onLine: (ArraySlice<UInt8>, Int) -> Void
    ) {
        if skipping {
            skipping = false
            noteCut(length: contentEnd - lineStart)
        } else if carry.isEmpty {
            lineNumber += 1
            if content.count > maxLine {
                onLine(content.prefix(maxLine), lineNumber)
                noteCut(length: contentEnd - lineStart)
            } else {
                onLine(content, lineNumber)
            }
        } else {
            let room = maxLine - carry.count
            carry.append(contentsOf: content.prefix(room))
            lineNumber += 1
            onLine(carry[...], lineNumber)
            carry.removeAll(keepingCapacity: true)
            if content.count > room { noteCut(length: contentEnd - lineStart) }
        }
        log.lineCompleted(number: lineNumber, endOffset: endOffset)
        lineStart = endOffset
    }

    /// Bytes of a line that does not end in this chunk.
    private mutating func appendPartial(_ seg: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if skipping { return }
        if carry.count + seg.count <= maxLine {
            carry.append(contentsOf: seg)
            return
        }
        // Too long already: emit the first maxLine bytes now, drop the rest up to the terminator.
        carry.append(contentsOf: seg.prefix(maxLine - carry.count))
        lineNumber += 1
        onLine(carry[...], lineNumber)
        carry.removeAll(keepingCapacity: true)
        skipping = true
    }

    private mutating func noteCut(length: Int64) {
        cutCount += 1
        if cutCount <= Self.individualCutWarnings {
            log.add(
                InputWarning(
                    kind: .lineCut, offset: lineStart, line: lineNumber,
                    message: "line \(lineNumber) is \(length) bytes long; only its first \(maxLine) bytes are kept"))
        } else if firstExtraCutLine == nil {
            firstExtraCutLine = lineNumber
        }
    }
}
