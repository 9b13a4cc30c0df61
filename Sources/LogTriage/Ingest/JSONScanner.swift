/// A small, tolerant JSON reader for one log line: it flattens an object into `(key path, scalar)` pairs and unescapes
/// strings (`\"`, `\n`, `\uXXXX` with surrogate pairs), without building Foundation objects.
///
/// Nested objects give dotted paths (`http.status`); array elements keep their parent's key. Malformed input ends the
/// scan and keeps what was read.
enum JSONScanner {
    enum Scalar: Equatable {
        case string([UInt8])
        case number(Double)
        case bool(Bool)
        case null

        var text: String? {
            switch self {
            case .string(let b): return String(decoding: b, as: UTF8.self)
            case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            case .bool(let b): return b ? "true" : "false"
            case .null: return nil
            }
        }
    }

    struct Field {
        var key: String
        var value: Scalar
    }

    /// Parses `bytes` if it starts (after blanks) with `{`; returns nil otherwise.
    static func flatten(_ bytes: ArraySlice<UInt8>, maxFields: Int = 512) -> [Field]? {
        var p = Parser(bytes: bytes, maxFields: maxFields)
        p.skipBlanks()
        guard p.i < bytes.endIndex, bytes[p.i] == UInt8(ascii: "{") else { return nil }
        p.parseValue(path: "", depth: 0)
        return p.fields
    }

    private struct Parser {
        let bytes: ArraySlice<UInt8>
        let maxFields: Int
        var i: Int
        var fields: [Field] = []
        var failed = false

        init(bytes: ArraySlice<UInt8>, maxFields: Int) {
            self.bytes = bytes
            self.maxFields = maxFields
            self.i = bytes.startIndex
        }

        mutating func skipBlanks() {
            while i < bytes.endIndex {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 } else { break }
            }
        }

        mutating func parseValue(path: String, depth: Int) {
            skipBlanks()
            guard i < bytes.endIndex, !failed, depth < 32 else {
                failed = true
                return
            }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                while !failed {
                    skipBlanks()
                    guard i < bytes.endIndex else { return }
                    if bytes[i] == UInt8(ascii: "}") {
                        i += 1
                        return
                    }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard bytes[i] == UInt8(ascii: "\"") else {
                        failed = true
                        return
                    }
                    let key = String(decoding: parseString(), as: UTF8.self)
                    skipBlanks()
                    guard i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") else {
                        failed = true
                        return
                    }
                    i += 1
                    parseValue(path: path.isEmpty ? key : path + "." + key, depth: depth + 1)
                }
            case UInt8(ascii: "["):
                i += 1
                while !failed {
                    skipBlanks()
                    guard i < bytes.endIndex else { return }
                    if bytes[i] == UInt8(ascii: "]") {
                        i += 1
                        return
                    }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    parseValue(path: path, depth: depth + 1)
                }
            case UInt8(ascii: "\""):
                emit(path, .string(parseString()))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = i
                while i < bytes.endIndex, bytes[i] >= UInt8(ascii: "a"), bytes[i] <= UInt8(ascii: "z") { i += 1 }
                let word = bytes[start..<i]
                if word.elementsEqual("true".utf8) {
                    emit(path, .bool(true))
                } else if word.elementsEqual("false".utf8) {
                    emit(path, .bool(false))
                } else if word.elementsEqual("null".utf8) {
                    emit(path, .null)
                } else {
                    failed = true
                }
            default:
                let start = i
                while i < bytes.endIndex {
                    let b = bytes[i]
                    if (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 {
                        i += 1
                    } else {
                        break
                    }
                }
                if start == i {
                    failed = true
                    return
                }
                if let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) { emit(path, .number(d)) }
            }
        }

        mutating func emit(_ path: String, _ value: Scalar) {
            if fields.count < maxFields { fields.append(Field(key: path, value: value)) }
        }

        /// Reads a string starting at the opening quote; returns its unescaped UTF-8 bytes.
        mutating func parseString() -> [UInt8] {
            i += 1  // opening quote
            var out: [UInt8] = []
            var runStart = i
            while i < bytes.endIndex {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    out.append(contentsOf: bytes[runStart..<i])
                    i += 1
                    return out
                }
                if b == UInt8(ascii: "\\") {
                    out.append(contentsOf: bytes[runStart..<i])
                    i += 1
                    guard i < bytes.endIndex else { break }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var scalar = readHex4()
                        if let hi = scalar, (0xD800...0xDBFF).contains(hi), i + 1 < bytes.endIndex,
                            bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                        {
                            let save = i
                            i += 2
                            if let lo = readHex4(), (0xDC00...0xDFFF).contains(lo) {
                                scalar = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                i = save
                            }
                        }
                        let u = scalar.flatMap { Unicode.Scalar($0) } ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: out.append(e)  // \" \\ \/ and anything unknown
                    }
                    runStart = i
                    continue
                }
                i += 1
            }
            out.append(contentsOf: bytes[runStart..<min(i, bytes.endIndex)])
            return out
        }

        mutating func readHex4() -> UInt32? {
            guard i + 4 <= bytes.endIndex else { return nil }
            var v: UInt32 = 0
            for k in i..<(i + 4) {
                let b = bytes[k]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            i += 4
            return v
        }
    }
}
