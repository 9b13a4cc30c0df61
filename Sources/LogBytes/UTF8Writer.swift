/// Writes UTF-8 into a buffer sized in advance by the caller (no per-byte capacity checks).
struct UTF8Writer {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    /// Invariant (callers): `buffer` has room for everything written — see `worstCase` of each decoder.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        buffer[count] = b  // Invariant: count < buffer.count (buffer sized for the worst case).
        count += 1
    }

    @inline(__always)
    mutating func scalar(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            byte(UInt8(scalar))
        case 0x80..<0x800:
            byte(UInt8(0xC0 | (scalar >> 6)))
            byte(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            byte(UInt8(0xE0 | (scalar >> 12)))
            byte(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            byte(UInt8(0x80 | (scalar & 0x3F)))
        default:
            byte(UInt8(0xF0 | (scalar >> 18)))
            byte(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            byte(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            byte(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

/// Streaming UTF-16 → UTF-8. An odd byte or a surrogate pair split across chunks is carried over;
/// unpaired surrogates and an odd final byte become U+FFFD.
struct UTF16Decoder {
    let bigEndian: Bool
    /// A byte waiting for the other half of its code unit.
    private var pendingByte: UInt8?
    /// A high surrogate waiting for its low surrogate.
    private var pendingHigh: UInt16?

    init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// True when half a code unit is waiting for its other byte.
    var hasPendingByte: Bool { pendingByte != nil }

    /// Output bytes needed at most for `inputCount` input bytes (3 per code unit, plus carried state).
    static func worstCase(_ inputCount: Int) -> Int { inputCount / 2 * 3 + 8 }

    /// `invalid(index)` gets the output index of each U+FFFD written for bad input.
    mutating func decode(_ bytes: ArraySlice<UInt8>, into w: inout UTF8Writer, invalid: (Int) -> Void) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        if let first = pendingByte, i < end {
            pendingByte = nil
            let second = bytes[i]
            i += 1
            unit(bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first), &w, invalid)
        }
        while i + 1 < end {
            let a = bytes[i]
            let b = bytes[i + 1]
            i += 2
            let u = bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
            if u < 0x80, pendingHigh == nil {
                w.byte(UInt8(truncatingIfNeeded: u))
            } else {
                unit(u, &w, invalid)
            }
        }
        if i < end { pendingByte = bytes[i] }
    }

    /// End of input: a dangling high surrogate or odd byte becomes U+FFFD.
    mutating func finish(into w: inout UTF8Writer, invalid: (Int) -> Void) {
        if pendingHigh != nil {
            invalid(w.count)
            w.scalar(0xFFFD)
        }
        if pendingByte != nil {
            invalid(w.count)
            w.scalar(0xFFFD)
        }
        pendingHigh = nil
        pendingByte = nil
    }

    @inline(__always)
    private mutating func unit(_ u: UInt16, _ w: inout UTF8Writer, _ invalid: (Int) -> Void) {
        if let high = pendingHigh {
            pendingHigh = nil
            if u >= 0xDC00, u <= 0xDFFF {
                w.scalar(0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00))
                return
            }
            invalid(w.count)
            w.scalar(0xFFFD)
        }
        switch u {
        case 0xD800...0xDBFF:
            pendingHigh = u
        case 0xDC00...0xDFFF:
            invalid(w.count)
            w.scalar(0xFFFD)
        default:
            w.scalar(UInt32(u))
        }
    }
}

/// Windows-1251 → UTF-8.
enum CP1251 {
    /// The high half (0x80–0xFF) as Unicode scalars; 0x98 is unmapped (U+FFFD).
    static let table: [UInt32] =
        [
            0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,  // 80
            0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,  // 88
            0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90
            0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,  // 98
            0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,  // A0
            0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,  // A8
            0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,  // B0
            0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,  // B8
        ] + (0xC0...0xFF).map { UInt32(0x0410 + $0 - 0xC0) }  // C0–FF: А..я

    /// Output bytes needed at most for `inputCount` input bytes.
    static func worstCase(_ inputCount: Int) -> Int { inputCount * 3 }

    /// `invalid(index)` gets the output index of each U+FFFD (byte 0x98).
    static func decode(_ bytes: ArraySlice<UInt8>, into w: inout UTF8Writer, invalid: (Int) -> Void) {
        table.withUnsafeBufferPointer { table in
            for b in bytes {
                if b < 0x80 {
                    w.byte(b)
                } else {
                    let scalar = table[Int(b &- 0x80)]  // Invariant: b - 0x80 is in 0..<128 = table.count.
                    if scalar == 0xFFFD { invalid(w.count) }
                    w.scalar(scalar)
                }
            }
        }
    }
}
