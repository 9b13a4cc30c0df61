/// Limits that keep decoding bounded in time and memory, whatever the input.
package struct DecodeLimits: Sendable {
    /// Bytes read per `read()` call.
    package var chunkSize: Int = 1 << 20
    /// Longer lines are cut to this many bytes; a `lineCut` warning is reported.
    package var maxLineBytes: Int = 1 << 20
    /// Bomb guard: stop inflating once this many decompressed bytes were produced.
    package var maxDecompressedBytes: Int64 = 64 << 30
    /// Bomb guard: output/input ratio cap, checked once output exceeds `ratioCheckAfterBytes`.
    package var maxCompressionRatio: Int = 1_000
    /// Output size after which `maxCompressionRatio` is enforced (64 MiB).
    package var ratioCheckAfterBytes: Int64 = 64 << 20
    /// Read only these bytes of a file (a part of a plain file read on its own thread); nil: all of it.
    package var byteRange: Range<Int64>?
    /// Skip encoding detection and pass the bytes through as UTF-8 (a later part of a file whose start was UTF-8).
    package var assumeUTF8 = false
    /// Lines and decoded bytes before the first byte read (a later part of a file): line numbers and offsets, also
    /// in warnings, then count from the start of the whole file.
    package var lineBase = 0
    package var offsetBase: Int64 = 0
    /// Decoded offset before which nothing is warned about (a later part's context, which the part before reports).
    package var quietBefore: Int64 = 0
    package init() {}
}

/// Something odd about the input that the user should know about; decoding went on anyway.
package struct InputWarning: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable {
        case gzipTruncated, gzipCorrupt, gzipTrailingData, decompressionCap, invalidEncoding, lineCut, readError,
            binaryData
        /// The text changes encoding mid-file (UTF-8 ↔ UTF-16: PowerShell's `>>` appends UTF-16 to a UTF-8 log).
        case encodingSwitch
    }
    package var kind: Kind
    /// Byte offset: in the raw input for gzip kinds and `readError`, in the decoded text otherwise.
    package var offset: Int64?
    /// 1-based line when known.
    package var line: Int?
    /// A clear human sentence.
    package var message: String
    /// How many problems it stands for (invalid sequences for `invalidEncoding`); 1 otherwise. Not encoded.
    package var count = 1

    private enum CodingKeys: String, CodingKey {
        case kind, offset, line, message
    }

    package init(kind: Kind, offset: Int64? = nil, line: Int? = nil, message: String, count: Int = 1) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.message = message
        self.count = count
    }
}

package enum TextEncoding: String, Sendable, Codable {
    case utf8, utf8BOM = "utf8-bom", utf16LE = "utf16le", utf16BE = "utf16be", windows1251 = "windows-1251"
}

/// What decoding saw: sizes, compression, encoding, line count, warnings.
package struct DecodeReport: Sendable, Codable, Equatable {
    /// Raw bytes read from the file.
    package var bytesIn: Int64
    /// Decoded (decompressed, transcoded to UTF-8) bytes.
    package var bytesOut: Int64
    package var gzip: Bool
    package var gzipMembers: Int
    package var encoding: TextEncoding
    package var encodingReason: String
    package var lines: Int
    /// Gzip truncated, corrupt gzip data skipped (even in a middle member), decompression cap hit, or read error: the
    /// text seen is not the whole file.
    package var truncated: Bool
    /// At most `WarningLog.storedLimit` entries (plus end-of-input summaries); the rest are counted in
    /// `warningsDropped`.
    package var warnings: [InputWarning]
    package var warningsDropped: Int

    package init(
        bytesIn: Int64 = 0, bytesOut: Int64 = 0, gzip: Bool = false, gzipMembers: Int = 0,
        encoding: TextEncoding = .utf8, encodingReason: String = "", lines: Int = 0, truncated: Bool = false,
        warnings: [InputWarning] = [], warningsDropped: Int = 0
    ) {
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.gzip = gzip
        self.gzipMembers = gzipMembers
        self.encoding = encoding
        self.encodingReason = encodingReason
        self.lines = lines
        self.truncated = truncated
        self.warnings = warnings
        self.warningsDropped = warningsDropped
    }
}

/// Warnings shared by the pipeline stages, capped so a pathological file cannot fill memory.
final class WarningLog {
    static let storedLimit = 100

    private(set) var warnings: [InputWarning] = []
    private(set) var dropped = 0
    var truncated = false

    /// Decoded offset of the first invalid encoding sequence whose line is not yet known (`.max` when none).
    /// The line splitter fills `invalidLine` when it completes the line holding that offset.
    var invalidWatchOffset: Int64 = .max
    var invalidFirstOffset: Int64?
    var invalidLine: Int?
    var invalidCount: Int64 = 0
    /// Nothing before this decoded offset is warned about (see ``DecodeLimits/quietBefore``).
    var quietBefore: Int64 = 0
    /// What an invalid item is called, singular and plural.
    var invalidWhat = ("invalid UTF-8 sequence", "invalid UTF-8 sequences")

    /// Adds a warning; past the cap only counts it, unless `force` (end-of-input summaries).
    func add(_ warning: InputWarning, force: Bool = false) {
        if warning.kind == .lineCut, let o = warning.offset, o < quietBefore { return }
        if warnings.count < Self.storedLimit || force {
            warnings.append(warning)
        } else {
            dropped += 1
        }
    }

    /// Records one invalid sequence at decoded offset `offset`.
    func noteInvalid(at offset: Int64) {
        if offset < quietBefore { return }
        if invalidCount == 0 {
            invalidFirstOffset = offset
            invalidWatchOffset = offset
        }
        invalidCount += 1
    }

    /// Called by the splitter when a line ending at decoded offset `end` (exclusive) is complete.
    @inline(__always)
    func lineCompleted(number: Int, endOffset end: Int64) {
        if invalidWatchOffset < end {
            invalidLine = number
            invalidWatchOffset = .max
        }
        if switchWatchOffset < end { placeSwitches(line: number, end: end) }
    }

    /// Encoding switches whose line is not yet known, by decoded offset (see ``noteSwitch(at:message:)``).
    private var pendingSwitches: [(offset: Int64, message: String)] = []
    private var switchWatchOffset: Int64 = .max

    /// The text from decoded offset `offset` on is in another encoding; warned about with its line once known.
    func noteSwitch(at offset: Int64, message: String) {
        if offset < quietBefore { return }
        pendingSwitches.append((offset, message))
        switchWatchOffset = min(switchWatchOffset, offset)
    }

    private func placeSwitches(line: Int, end: Int64) {
        for s in pendingSwitches where s.offset < end {
            add(
                InputWarning(
                    kind: .encodingSwitch, offset: s.offset, line: line, message: "line \(line): " + s.message))
        }
        pendingSwitches.removeAll { $0.offset < end }
        switchWatchOffset = pendingSwitches.map(\.offset).min() ?? .max
    }

    /// Switches still waiting for their line at end of input (the last line had no terminator).
    func flushSwitches(lastLine: Int) {
        for s in pendingSwitches {
            add(
                InputWarning(
                    kind: .encodingSwitch, offset: s.offset, line: lastLine, message: "line \(lastLine): " + s.message))
        }
        pendingSwitches = []
        switchWatchOffset = .max
    }

    /// Adds the aggregated invalid-encoding warning, once, at end of input.
    func flushInvalid(passedThrough: Bool) {
        guard invalidCount > 0, let first = invalidFirstOffset else { return }
        var place = "decoded byte \(first)"
        if let line = invalidLine { place += " (line \(line))" }
        let message: String
        if invalidCount == 1 {
            let tail = passedThrough ? "the bytes were passed through unchanged" : "it was replaced by U+FFFD"
            message = "1 \(invalidWhat.0) at \(place); \(tail)"
        } else {
            let tail = passedThrough ? "the bytes were passed through unchanged" : "each was replaced by U+FFFD"
            message = "\(invalidCount) \(invalidWhat.1), the first at \(place); \(tail)"
        }
        let warning = InputWarning(
            kind: .invalidEncoding, offset: first, line: invalidLine, message: message,
            count: Int(clamping: invalidCount))
        add(warning, force: true)
        invalidCount = 0
    }
}
