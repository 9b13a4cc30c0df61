/// A character set named by a MIME `charset` parameter or an RFC 2047 encoded-word.
///
/// Names are matched case-insensitively, ignoring `-`, `_`, `.` and spaces, with the usual aliases
/// (`cp1251`, `win-1251`, `ibm866`, `latin1`, `cskoi8r`, …).
enum Charset: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case usASCII = "us-ascii"
    case windows1251 = "windows-1251"
    case koi8r = "koi8-r"
    case cp866 = "ibm866"
    case iso88595 = "iso-8859-5"
    case iso88591 = "iso-8859-1"
    case windows1252 = "windows-1252"

    /// The charset a name stands for, or nil when it is unknown.
    init?(name: String) {
        var key = ""
        for scalar in name.unicodeScalars where !"-_. \"'".unicodeScalars.contains(scalar) {
            key.unicodeScalars.append(scalar)
        }
        key = key.lowercased()
        guard let found = Charset.aliases[key] else { return nil }
        self = found
    }

    private static let aliases: [String: Charset] = {
        var map: [String: Charset] = [:]
        let names: [(Charset, [String])] = [
            (.utf8, ["utf8", "unicode11utf8", "xunicode20utf8"]),
            (.usASCII, ["usascii", "ascii", "ansix341968", "iso646us", "us", "csascii", "isoir6", "cp367", "ibm367"]),
            (.windows1251, ["windows1251", "cp1251", "win1251", "xcp1251", "mscyrl", "1251", "cswindows1251"]),
            (.koi8r, ["koi8r", "cskoi8r", "koi8"]),
            (.cp866, ["ibm866", "cp866", "866", "csibm866", "dos866"]),
            (.iso88595, ["iso88595", "iso885951988", "isoir144", "cyrillic", "csisolatincyrillic", "latincyrillic"]),
            (.iso88591, ["iso88591", "iso885911987", "latin1", "l1", "isoir100", "cp819", "ibm819", "csisolatin1"]),
            (.windows1252, ["windows1252", "cp1252", "win1252", "xcp1252"]),
        ]
        for (charset, keys) in names {
            for key in keys { map[key] = charset }
        }
        return map
    }()

    /// Decodes bytes in this charset; bytes it cannot map become U+FFFD.
    func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        switch self {
        case .utf8, .usASCII:
            return String(decoding: bytes, as: UTF8.self)
        case .iso88591:
            var out = String.UnicodeScalarView()
            for byte in bytes { out.append(Unicode.Scalar(byte)) }
            return String(out)
        case .windows1251: return Charset.decode(bytes, table: CharsetTables.windows1251)
        case .koi8r: return Charset.decode(bytes, table: CharsetTables.koi8r)
        case .cp866: return Charset.decode(bytes, table: CharsetTables.cp866)
        case .iso88595: return Charset.decode(bytes, table: CharsetTables.iso88595)
        case .windows1252: return Charset.decode(bytes, table: CharsetTables.windows1252)
        }
    }

    private static func decode<C: Collection>(_ bytes: C, table: [UInt16]) -> String where C.Element == UInt8 {
        var out = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(table[Int(byte) - 0x80])
            out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(out)
    }
}

/// Turns bytes into text by a declared charset name, with a best effort (and a warning) when the name is unknown or
/// the bytes do not fit it.
enum TextDecoder {
    /// Decodes `bytes` declared as `charsetName` (nil: undeclared, RFC 2045's us-ascii default).
    ///
    /// Undeclared, ASCII or UTF-8 text that is not valid UTF-8 is read as Windows-1251 (the usual culprit in Russian
    /// mail) with a warning. An unknown charset is read as UTF-8 when valid, else as Windows-1251, with a warning.
    static func decode<C: Collection>(
        _ bytes: C,
        charsetName: String?,
        context: String,
        warnings: inout [String]
    ) -> String where C.Element == UInt8 {
        let name = charsetName?.trimmingWhitespace() ?? ""
        if !name.isEmpty, let charset = Charset(name: name) {
            switch charset {
            case .utf8, .usASCII:
                if isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
                warnings.append("\(context): declared \(name) but not valid UTF-8; read as windows-1251")
                return Charset.windows1251.decode(bytes)
            default:
                return charset.decode(bytes)
            }
        }
        if isValidUTF8(bytes) {
            if !name.isEmpty { warnings.append("\(context): unknown charset \"\(name)\"; read as UTF-8") }
            return String(decoding: bytes, as: UTF8.self)
        }
        if name.isEmpty {
            warnings.append("\(context): 8-bit text without a charset is not UTF-8; read as windows-1251")
        } else {
            warnings.append("\(context): unknown charset \"\(name)\"; read as windows-1251")
        }
        return Charset.windows1251.decode(bytes)
    }

    static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
