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
            log.invalidWhat = ("unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes")
            sample.removeFirst(2)
            return
        }
        if sample.starts(with: [0xFE, 0xFF]) {
            (encoding, encodingReason) = (.utf16BE, "BOM FE FF")
            utf16 = UTF16Decoder(bigEndian: true)
            log.invalidWhat = ("unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes")
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
        if let (enc, share) = stats.utf16Guess() {
            encoding = enc
            utf16 = UTF16Decoder(bigEndian: enc == .utf16BE)
            log.invalidWhat = ("unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes")
            let parity = enc == .utf16LE ? "odd" : "even"
            encodingReason =
                "no BOM; \(share)% of the \(parity) bytes in the \(size) are zero and the text is mostly ASCII"
            return
        }
        if UTF8Validator.isValid(sample[...], allowIncompleteEnd: !atEnd) {
            (encoding, encodingReason) = (.utf8, "valid UTF-8 in the \(size)")
        } else if stats.looksCyrillic1251 {
            (encoding, encodingReason) = (.windows1251, "invalid UTF-8 with Cyrillic-looking high bytes in the \(size)")
            log.invalidWhat = ("byte 0x98 (unmapped in Windows-1251)", "bytes 0x98 (unmapped in Windows-1251)")
        } else {
            (encoding, encodingReason) = (.utf8, "invalid UTF-8 in the \(size), high bytes not Cyrillic-looking; passed through as UTF-8")
        }
        if stats.looksBinary {
            log.add(
                InputWarning(
                    kind: .binaryData, offset: 0,
                    message:
                        "this looks like binary data, not text: \(stats.controlPercent)% NUL/control bytes in the \(size); processing it anyway"
                ))
        }
    }

    // MARK: Conversion

    private mutating func convert(_ bytes: ArraySlice<UInt8>, sink: (ArraySlice<UInt8>) -> Void) {
        if bytes.isEmpty { return }
        switch encoding {
        case .utf8, .utf8BOM:
            let log = self.log
            let base = bytesOut - Int64(bytes.startIndex)
            utf8.validate(bytes) { index in log.noteInvalid(at: base + Int64(index)) }
            bytesOut += Int64(bytes.count)
            sink(bytes)
        case .utf16LE, .utf16BE, .windows1251:
            // Pieces of at most 256 KiB keep the output buffer small whatever the caller feeds.
            var start = bytes.startIndex
            while start < bytes.endIndex {
                let piece = bytes[start..<min(start + Self.pieceSize, bytes.endIndex)]
                start = piece.endIndex
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
            }
        }
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
