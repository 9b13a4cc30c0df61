/// Detects the text encoding of a (decompressed) byte stream and turns it into UTF-8, streaming.
///
/// The encoding comes from a BOM, else from a sample of the first up to 64 KiB, which is held back
/// until it is complete (or until `finish` for smaller inputs). UTF-8 is passed through unchanged;
/// invalid sequences are only counted. UTF-16 and Windows-1251 are transcoded.
struct TextTranscoder {
    static let sampleSize = 64 << 10

    let log: WarningLog

    private(set) var encoding: TextEncoding = .utf8
    private(set) var encodingReason = "no input"
    private var decided = false
    private var sample: [UInt8] = []

    /// Decoded (UTF-8) bytes handed out so far.
    private(set) var bytesOut: Int64 = 0

    private var utf8 = UTF8Validator()
    // UTF-16 state: a byte waiting for its pair, a high surrogate waiting for its low one.
    private var pendingByte: UInt8?
    private var pendingHigh: UInt16?
    /// Reused output buffer for transcoded encodings.
    private var out: [UInt8] = []

    init(log: WarningLog) {
        self.log = log
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
        switch encoding {
        case .utf8, .utf8BOM:
            if let pending = utf8.finish() { log.noteInvalid(at: bytesOut - Int64(pending)) }
        case .utf16LE, .utf16BE:
            out.removeAll(keepingCapacity: true)
            if pendingHigh != nil || pendingByte != nil {
                pendingHigh = nil
                pendingByte = nil
                replacement()
            }
            emitOut(sink: sink)
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
            log.invalidWhat = ("unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes")
            sample.removeFirst(2)
            return
        }
        if sample.starts(with: [0xFE, 0xFF]) {
            (encoding, encodingReason) = (.utf16BE, "BOM FE FF")
            log.invalidWhat = ("unpaired UTF-16 surrogate or odd trailing byte", "unpaired UTF-16 surrogates or odd trailing bytes")
            sample.removeFirst(2)
            return
        }
        if sample.isEmpty {
            (encoding, encodingReason) = (.utf8, "empty input")
            return
        }
        let stats = SampleStats(sample)
        let size = sample.count == Self.sampleSize ? "first 64 KiB" : "\(sample.count)-byte input"
        if let (enc, share) = stats.utf16Guess() {
            encoding = enc
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
                        "the \(size) look like binary data, not text (\(stats.controlPercent)% NUL/control bytes); processing it anyway"
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
        case .utf16LE, .utf16BE:
            out.removeAll(keepingCapacity: true)
            utf16(bytes, bigEndian: encoding == .utf16BE)
            emitOut(sink: sink)
        case .windows1251:
            out.removeAll(keepingCapacity: true)
            out.reserveCapacity(bytes.count * 2)
            for b in bytes {
                if b < 0x80 {
                    out.append(b)
                } else {
                    let scalar = CP1251.table[Int(b &- 0x80)]
                    if scalar == 0xFFFD { log.noteInvalid(at: bytesOut + Int64(out.count)) }
                    appendUTF8(scalar)
                }
            }
            emitOut(sink: sink)
        }
    }

    private mutating func emitOut(sink: (ArraySlice<UInt8>) -> Void) {
        if out.isEmpty { return }
        bytesOut += Int64(out.count)
        sink(out[...])
    }

    private mutating func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) {
        out.reserveCapacity(bytes.count * 3 / 2 + 8)
        var i = bytes.startIndex
        let end = bytes.endIndex
        if let first = pendingByte, i < end {
            pendingByte = nil
            let second = bytes[i]
            i += 1
            unit(bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first))
        }
        while i + 1 < end {
            let a = bytes[i]
            let b = bytes[i + 1]
            i += 2
            let u = bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
            if u < 0x80, pendingHigh == nil {
                out.append(UInt8(truncatingIfNeeded: u))
            } else {
                unit(u)
            }
        }
        if i < end { pendingByte = bytes[i] }
    }

    @inline(__always)
    private mutating func unit(_ u: UInt16) {
        if let high = pendingHigh {
            if u >= 0xDC00, u <= 0xDFFF {
                pendingHigh = nil
                appendUTF8(0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00))
                return
            }
            pendingHigh = nil
            replacement()
        }
        switch u {
        case 0xD800...0xDBFF: pendingHigh = u
        case 0xDC00...0xDFFF: replacement()
        default: appendUTF8(UInt32(u))
        }
    }

    private mutating func replacement() {
        log.noteInvalid(at: bytesOut + Int64(out.count))
        appendUTF8(0xFFFD)
    }

    @inline(__always)
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
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

/// Windows-1251 high half (0x80–0xFF) as Unicode scalars; 0x98 is unmapped (U+FFFD).
enum CP1251 {
    static let table: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,  // 80
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,  // 88
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90
        0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,  // 98
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,  // A0
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,  // A8
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,  // B0
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,  // B8
    ] + (0xC0...0xFF).map { UInt32(0x0410 + $0 - 0xC0) }  // C0–FF: А..я
}
