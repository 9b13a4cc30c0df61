/// Detects the text encoding of a (decompressed) byte stream and turns it into UTF-8, streaming.
///
/// The encoding comes from a BOM, else from a sample of the first up to 64 KiB, which is held back
/// until it is complete (or until `finish` for smaller inputs). UTF-8 is passed through unchanged;
/// invalid sequences are only counted. UTF-16 and Windows-1251 are transcoded.
struct TextTranscoder {
    static let sampleSize = 64 << 10
    static let pieceSize = 256 << 10

    let log: WarningLog

    private(set) var encoding: TextEncoding = .utf8
    private(set) var encodingReason = "no input"
    private var decided = false
    private var sample: [UInt8] = []

    /// Decoded (UTF-8) bytes handed out so far.
    private(set) var bytesOut: Int64 = 0

    private var utf8 = UTF8Validator()
    private var utf16 = UTF16Decoder(bigEndian: false)
    /// Reused output buffer for transcoded encodings.
    private var out: [UInt8] = []

    /// With `assumeUTF8` no sample is taken: the text is UTF-8 (a later part of a file whose start was UTF-8).
    init(log: WarningLog, assumeUTF8: Bool = false, offsetBase: Int64 = 0) {
        self.log = log
        bytesOut = offsetBase
        if assumeUTF8 {
            decided = true
            (encoding, encodingReason) = (.utf8, "UTF-8, as the start of the file")
        }
    }

    mutating func push(_ bytes: ArraySlice<UInt8>, sink: (ArraySlice<UInt8>) -> Void) {
        if bytes.isEmpty { return }
        if decided {
            convert(bytes, sink: sink)
            return
        }
        let take = min(bytes.count, Self.sampleSize - sample.count)
        sample.append(contentsOf: bytes.prefix(take))
        if sample.count >= Self.sampleSize || hasBOM() {
            decide(atEnd: false)
            let held = sample
            sample = []
            convert(held[...], sink: sink)
        }
        if decided, take < bytes.count {
            convert(bytes.dropFirst(take), sink: sink)
        }
    }

    mutating func finish(sink: (ArraySlice<UInt8>) -> Void) {
        if !decided {
            decide(atEnd: true)
            let held = sample
            sample = []
            convert(held[...], sink: sink)
        }
        flushForGap(sink: sink)
    }

    /// A gap in the data (gzip resynchronisation): decide the encoding now if still sampling, and end
    /// any partial character (counted invalid; U+FFFD for UTF-16) so the text after the gap starts clean.
    mutating func flushForGap(sink: (ArraySlice<UInt8>) -> Void) {
        if !decided && !sample.isEmpty {
            decide(atEnd: false)
            let held = sample
            sample = []
            convert(held[...], sink: sink)
        }
        switch encoding {
        case .utf8, .utf8BOM:
            if let pending = utf8.finish() { log.noteInvalid(at: bytesOut - Int64(pending)) }
        case .utf16LE, .utf16BE:
            if !utf16Held.isEmpty { convert([][...], sink: sink, final: true) }
            guard encoding == .utf16LE || encoding == .utf16BE else {  // the held bytes were UTF-8 after all
                if let pending = utf8.finish() { log.noteInvalid(at: bytesOut - Int64(pending)) }
                return
            }
            var decoder = utf16
            transcode(capacity: 16, sink: sink) { w, invalid in decoder.finish(into: &w, invalid: invalid) }
            utf16 = decoder
        case .windows1251:
            break
        }
    }

    // MARK: Detection

    /// True when the sample starts with a complete BOM.
    private func hasBOM() -> Bool {
        sample.starts(with: [0xEF, 0xBB, 0xBF]) || sample.starts(with: [0xFF, 0xFE])
            || sample.starts(with: [0xFE, 0xFF])
    }

    private mutating func decide(atEnd: Bool) {
        decided = true
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            (encoding, encodingReason) = (.utf8BOM, "BOM EF BB BF")
            sample.removeFirst(3)
            return
        }
        if sample.starts(with: [0xFF, 0xFE]) {
            (encoding, encodingReason) = (.utf16LE, "BOM FF FE")
            utf16 = UTF16Decoder(bigEndian: false)
            log.invalidWhat = (
                "unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes"
            )
            sample.removeFirst(2)
            return
        }
        if sample.starts(with: [0xFE, 0xFF]) {
            (encoding, encodingReason) = (.utf16BE, "BOM FE FF")
            utf16 = UTF16Decoder(bigEndian: true)
            log.invalidWhat = (
                "unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes"
            )
            sample.removeFirst(2)
            return
        }
        if sample.isEmpty {
            (encoding, encodingReason) = (.utf8, "empty input")
            return
        }
        let stats = SampleStats(sample)
        let size =
            sample.count == Self.sampleSize
            ? "first 64 KiB" : atEnd ? "\(sample.count)-byte input" : "first \(sample.count) bytes"
        // A UTF-8 start (text, no NUL) followed by UTF-16: start as UTF-8, the switch is found when reached.
        let firstNul = sample.firstIndex(of: 0) ?? sample.count
        let blockStart =
            firstNul < sample.count
            ? Self.utf16Block(in: sample[...], nul: firstNul, previous: 0)?.start ?? firstNul : firstNul
        let utf8Start =
            blockStart >= 16 && sample[..<blockStart].allSatisfy { Self.isText($0) || $0 >= 0x80 }
            && UTF8Validator.isValid(sample[..<blockStart], allowIncompleteEnd: true)
        if let (enc, share) = stats.utf16Guess(), !utf8Start {
            encoding = enc
            utf16 = UTF16Decoder(bigEndian: enc == .utf16BE)
            log.invalidWhat = (
                "unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes"
            )
            let parity = enc == .utf16LE ? "odd" : "even"
            encodingReason =
                "no BOM; \(share)% of the \(parity) bytes in the \(size) are zero and the text is mostly ASCII"
            return
        }
        if utf8Start, blockStart < firstNul || firstNul < sample.count {
            (encoding, encodingReason) = (.utf8, "valid UTF-8 in the first \(blockStart) bytes, then UTF-16")
        } else if UTF8Validator.isValid(sample[...], allowIncompleteEnd: !atEnd) {
            (encoding, encodingReason) = (.utf8, "valid UTF-8 in the \(size)")
        } else if stats.looksCyrillic1251 {
            (encoding, encodingReason) = (.windows1251, "invalid UTF-8 with Cyrillic-looking high bytes in the \(size)")
            log.invalidWhat = ("byte 0x98 (unmapped in Windows-1251)", "bytes 0x98 (unmapped in Windows-1251)")
        } else {
            (encoding, encodingReason) = (
                .utf8, "invalid UTF-8 in the \(size), high bytes not Cyrillic-looking; passed through as UTF-8"
            )
        }
        // NULs of a UTF-16 block appended to the text are not binary data (the block is decoded when reached).
        let utf16Later =
            blockStart < firstNul
            || (firstNul < sample.count
                && Self.utf16Block(in: sample[...], nul: firstNul, previous: 0) != nil)
        if stats.looksBinary, !utf16Later {
            log.add(
                InputWarning(
                    kind: .binaryData, offset: 0,
                    message:
                        "this looks like binary data, not text: \(stats.controlPercent)% NUL/control bytes in the "
                        + "\(size); processing it anyway"
                ))
        }
    }

    // MARK: Conversion

    /// - Parameter final: no more input follows (UTF-16 text held back to tell a UTF-8 run is decoded now).
    private mutating func convert(_ input: ArraySlice<UInt8>, sink: (ArraySlice<UInt8>) -> Void, final: Bool = false) {
        var input = input
        if encoding == .utf16LE || encoding == .utf16BE, !utf16Held.isEmpty {
            input = (utf16Held + input)[...]
            utf16Held = []
        }
        if input.isEmpty { return }
        var bytes = input
        switch encoding {
        case .utf8, .utf8BOM:
            // A UTF-16 block appended to a UTF-8 log: the UTF-8 before it, then the rest as UTF-16.
            var switchTo: (start: Int, skip: Int, bigEndian: Bool)?
            var from = bytes.startIndex
            while switchTo == nil, let z = ByteSearch.firstIndex(of: 0, in: bytes[from...]) {
                switchTo = Self.utf16Block(in: bytes, nul: z, previous: lastByte)
                from = z + 1
            }
            if let sw = switchTo { bytes = input[..<sw.start] }
            let log = self.log
            let base = bytesOut - Int64(bytes.startIndex)
            utf8.validate(bytes) { index in log.noteInvalid(at: base + Int64(index)) }
            bytesOut += Int64(bytes.count)
            if let last = bytes.last { lastByte = last }
            if !bytes.isEmpty { sink(bytes) }
            if let sw = switchTo {
                if let pending = utf8.finish() { log.noteInvalid(at: bytesOut - Int64(pending)) }
                let from = encoding
                encoding = sw.bigEndian ? .utf16BE : .utf16LE
                utf16 = UTF16Decoder(bigEndian: sw.bigEndian)
                noteSwitch(from: from)
                convert(input[(sw.start + sw.skip)...], sink: sink)
            }
            return
        case .utf16LE, .utf16BE, .windows1251:
            // Pieces of at most 256 KiB keep the output buffer small whatever the caller feeds.
            var start = bytes.startIndex
            while start < bytes.endIndex {
                var piece = bytes[start..<min(start + Self.pieceSize, bytes.endIndex)]
                let pieceEnd = piece.endIndex
                // UTF-8 text appended to a UTF-16 log: the UTF-16 before it, then the rest as UTF-8.
                var utf8From: Int?
                if encoding != .windows1251,
                    let at = Self.utf8Run(
                        in: piece, aligned: utf16.hasPendingByte ? 1 : 0, bigEndian: encoding == .utf16BE)
                {
                    utf8From = at
                    piece = piece[..<at]
                } else if !final, encoding != .windows1251, piece.endIndex == bytes.endIndex {
                    // Text bytes at the end may begin a UTF-8 run that the next input completes: held back.
                    let unitsFrom = piece.startIndex + (utf16.hasPendingByte ? 1 : 0)
                    var tail = piece.endIndex - (piece.endIndex - unitsFrom) % 2
                    while tail - 2 >= unitsFrom, Self.isText(piece[tail - 2]), Self.isText(piece[tail - 1]) {
                        tail -= 2
                    }
                    if tail < piece.endIndex, piece.endIndex - tail < 16 {
                        utf16Held = Array(piece[tail...])
                        piece = piece[..<tail]
                    }
                }
                start = pieceEnd
                if piece.isEmpty && utf8From == nil { continue }
                if encoding == .windows1251 {
                    transcode(capacity: CP1251.worstCase(piece.count), sink: sink) { w, invalid in
                        CP1251.decode(piece, into: &w, invalid: invalid)
                    }
                } else {
                    var decoder = utf16
                    transcode(capacity: UTF16Decoder.worstCase(piece.count), sink: sink) { w, invalid in
                        decoder.decode(piece, into: &w, invalid: invalid)
                    }
                    utf16 = decoder
                }
                if let at = utf8From {
                    var decoder = utf16
                    transcode(capacity: 16, sink: sink) { w, invalid in decoder.finish(into: &w, invalid: invalid) }
                    let from = encoding
                    encoding = .utf8
                    utf8 = UTF8Validator()
                    lastByte = 0
                    noteSwitch(from: from)
                    convert(bytes[at...], sink: sink)
                    return
                }
            }
        }
    }

    /// UTF-16 input held back: text bytes at the end of the input so far that may start a UTF-8 run.
    private var utf16Held: [UInt8] = []

    /// The last UTF-8 byte handed out (a UTF-16 LE block may start with it when a chunk ends between its bytes).
    private var lastByte: UInt8 = 0

    private mutating func noteSwitch(from: TextEncoding) {
        func name(_ e: TextEncoding) -> String {
            switch e {
            case .utf8, .utf8BOM: "UTF-8"
            case .utf16LE: "UTF-16 LE"
            case .utf16BE: "UTF-16 BE"
            case .windows1251: "Windows-1251"
            }
        }
        log.noteSwitch(
            at: bytesOut,
            message: "the text switches from \(name(from)) to \(name(encoding)) at decoded byte \(bytesOut) (a part "
                + "appended by another program, e.g. PowerShell's >>); both parts were decoded")
    }

    @inline(__always) private static func isText(_ b: UInt8) -> Bool {
        (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Where a UTF-16 block starts around the NUL at `nul` in UTF-8 text, and how many bytes to skip (a BOM, or a NUL
    /// whose partner byte went out with the previous chunk); nil when the NUL does not start UTF-16 text (at least 4
    /// code units of ASCII text with a zero byte each).
    static func utf16Block(
        in b: ArraySlice<UInt8>, nul z: Int, previous: UInt8
    ) -> (start: Int, skip: Int, bigEndian: Bool)? {
        func units(from s: Int, bigEndian: Bool, firstLow: UInt8? = nil) -> Int {
            var n = 0
            var i = s
            if let f = firstLow {  // the unit's first byte was already handed out
                guard isText(f), i < b.endIndex, b[i] == 0 else { return 0 }
                n = 1
                i += 1
            }
            while n < 8, i + 1 < b.endIndex {
                let (zero, text) = bigEndian ? (b[i], b[i + 1]) : (b[i + 1], b[i])
                guard zero == 0, isText(text) else { break }
                n += 1
                i += 2
            }
            return n
        }
        let need = 4
        if z > b.startIndex, units(from: z - 1, bigEndian: false) >= need {
            var start = z - 1
            var skip = 0
            if start - 2 >= b.startIndex, b[start - 2] == 0xFF, b[start - 1] == 0xFE {
                start -= 2
                skip = 2
            }
            return (start, skip, false)
        }
        if z == b.startIndex, units(from: z, bigEndian: false, firstLow: previous) >= need { return (z, 1, false) }
        if units(from: z, bigEndian: true) >= need {
            if z - 2 >= b.startIndex, b[z - 2] == 0xFE, b[z - 1] == 0xFF { return (z - 2, 2, true) }
            return (z, 0, true)
        }
        return nil
    }

    /// The start of a run of UTF-8 (ASCII) text in UTF-16 data: at least 16 bytes at code-unit alignment `aligned`,
    /// all printable ASCII or line ends, with a space or line feed, and no zero byte (real UTF-16 text of Latin or
    /// Cyrillic letters has a zero or 0x04 in every unit).
    static func utf8Run(in b: ArraySlice<UInt8>, aligned: Int, bigEndian: Bool) -> Int? {
        var i = b.startIndex + aligned
        var runStart = i
        var run = 0
        var spaced = false
        while i + 1 < b.endIndex {
            let x = b[i]
            let y = b[i + 1]
            if isText(x) && isText(y) {
                if run == 0 {
                    runStart = i
                    spaced = false
                }
                run += 1
                if x == 0x20 || x == 0x0A || y == 0x20 || y == 0x0A { spaced = true }
                if run >= 8, spaced { return runStart }
            } else {
                run = 0
            }
            i += 2
        }
        return nil
    }

    /// Runs `body` over the reused output buffer (grown to `capacity`), then hands the result to `sink`.
    private mutating func transcode(
        capacity: Int, sink: (ArraySlice<UInt8>) -> Void,
        _ body: (inout UTF8Writer, (Int) -> Void) -> Void
    ) {
        if out.count < capacity { out = [UInt8](repeating: 0, count: capacity) }
        let log = self.log
        let base = bytesOut
        let n = out.withUnsafeMutableBufferPointer { buffer -> Int in
            // Invariant: the buffer holds `capacity` bytes, the decoder's worst case for this input.
            var w = UTF8Writer(buffer)
            body(&w) { log.noteInvalid(at: base + Int64($0)) }
            return w.count
        }
        if n == 0 { return }
        bytesOut += Int64(n)
        sink(out[0..<n])
    }
}

/// Byte statistics of the detection sample.
private struct SampleStats {
    var count = 0
    var zeroEven = 0
    var zeroOdd = 0
    var high = 0
    var highCyrillic = 0  // C0–FF
    var control = 0  // NUL and C0 controls other than TAB, LF, VT, FF, CR, ESC
    var terminators = 0

    init(_ sample: [UInt8]) {
        count = sample.count
        for (i, b) in sample.enumerated() {
            if b == 0 {
                if i & 1 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
            }
            if b >= 0x80 {
                high += 1
                if b >= 0xC0 { highCyrillic += 1 }
            } else if b < 0x20 {
                switch b {
                case 0x0A, 0x0D: terminators += 1
                case 0x09, 0x0B, 0x0C, 0x1B: break
                default: control += 1
                }
            }
        }
    }

    /// UTF-16 without BOM: ≥ 30% of the bytes of one parity are zero, almost none of the other.
    func utf16Guess() -> (TextEncoding, Int)? {
        guard count >= 4 else { return nil }
        let half = Double(count / 2)
        let even = Double(zeroEven) / half
        let odd = Double(zeroOdd) / half
        if odd >= 0.3, even < 0.05 { return (.utf16LE, Int(odd * 100)) }
        if even >= 0.3, odd < 0.05 { return (.utf16BE, Int(even * 100)) }
        return nil
    }

    /// Most high bytes are C0–FF, where Windows-1251 keeps the Cyrillic letters.
    var looksCyrillic1251: Bool {
        high > 0 && Double(highCyrillic) >= 0.7 * Double(high)
    }

    var controlPercent: Int { count == 0 ? 0 : control * 100 / count }

    /// Many NUL/control bytes, or some and no line structure at all.
    var looksBinary: Bool {
        let ratio = Double(control) / Double(max(count, 1))
        return ratio >= 0.05 || (ratio >= 0.01 && terminators == 0 && count >= 4096)
    }
}
