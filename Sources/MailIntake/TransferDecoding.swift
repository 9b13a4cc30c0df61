/// Content-Transfer-Encoding decoders (RFC 2045 §6): tolerant, they never fail, they say what they skipped.
enum TransferDecoding {
    private static let base64Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// Decodes base64, skipping line breaks and white space silently and any other stray character with a warning.
    ///
    /// Missing padding is accepted; `=` ends a quantum, and decoding resumes after it (some mailers concatenate
    /// padded blocks). A final lone character (6 bits, not a byte) is dropped with a warning.
    static func base64(_ input: ArraySlice<UInt8>, warnings: inout [String], context: String) -> [UInt8] {
        let table = base64Values
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var quantum: UInt32 = 0
        var filled = 0
        var stray = 0
        var loneCharacters = 0
        var index = input.startIndex
        let end = input.endIndex
        while true {
            let atEnd = index == end
            let byte: UInt8 = atEnd ? UInt8(ascii: "=") : input[index]
            index += atEnd ? 0 : 1
            let value = table[Int(byte)]
            if value >= 0 {
                quantum = quantum << 6 | UInt32(value)
                filled += 1
                if filled == 4 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    out.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    filled = 0
                }
                continue
            }
            if byte == UInt8(ascii: "=") {
                // End of a quantum (padding, or the end of the data): keep the whole bytes it holds.
                switch filled {
                case 1: loneCharacters += 1
                case 2: out.append(UInt8(truncatingIfNeeded: quantum >> 4))
                case 3:
                    out.append(UInt8(truncatingIfNeeded: quantum >> 10))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 2))
                default: break
                }
                quantum = 0
                filled = 0
                if atEnd { break }
            } else if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                stray += 1
            }
        }
        if stray > 0 {
            warnings.append("\(context): skipped \(stray) character(s) that are not base64")
        }
        if loneCharacters > 0 {
            warnings.append("\(context): base64 data ends in the middle of a byte (cut or damaged); last bits dropped")
        }
        return out
    }

    /// Decodes quoted-printable: `=XX` (either case), soft line breaks (`=` at the end of a line, also before trailing
    /// white space), trailing white space of each line dropped; an invalid `=` escape is kept literally.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, warnings: inout [String], context: String) -> [UInt8] {
        let bytes = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var invalid = 0
        var index = 0
        var lineStart = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                // Drop the white space the transport may have added at the end of the line.
                while out.count > lineStart, out[out.count - 1] == 0x20 || out[out.count - 1] == 0x09 {
                    out.removeLast()
                }
                out.append(byte)
                index += 1
                lineStart = out.count
                continue
            }
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
                continue
            }
            // Soft line break: "=" then optional white space then a line end (or the end of the data).
            var look = index + 1
            while look < bytes.count, bytes[look] == 0x20 || bytes[look] == 0x09 { look += 1 }
            if look == bytes.count {
                index = look
                continue
            }
            if bytes[look] == 0x0D {
                index = look + 1 < bytes.count && bytes[look + 1] == 0x0A ? look + 2 : look + 1
                continue
            }
            if bytes[look] == 0x0A {
                index = look + 1
                continue
            }
            invalid += 1
            out.append(byte)
            index += 1
        }
        if invalid > 0 {
            warnings.append("\(context): kept \(invalid) invalid quoted-printable escape(s) literally")
        }
        return out
    }

    /// Decodes the `Q` encoding of RFC 2047 (quoted-printable with `_` for a space, no line structure).
    static func qEncoding(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "_") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "="), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
