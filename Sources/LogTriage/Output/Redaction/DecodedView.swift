/// A decoded copy of some text (JSON string escapes, XML entities or URL percent-escapes undone), with where each of
/// its bytes came from in the original, so a secret found in the decoded text is replaced in the original.
///
/// The redactor looks for secrets in the original and in every view reachable by up to three decoding steps, so
/// `&lt;Password&gt;x&lt;/Password&gt;`, `{\"password\":\"x\"}` and `anna%40example.com` are seen as what they say.
struct DecodedView {
    var bytes: [UInt8]
    /// For each byte of ``bytes``: the original range it decodes from (nil for the original text itself).
    var origin: [Range<Int>]?

    /// The original range of the decoded range `r`.
    func originalRange(_ r: Range<Int>) -> Range<Int> {
        guard let origin, !r.isEmpty else { return r }
        return origin[r.lowerBound].lowerBound..<origin[r.upperBound - 1].upperBound
    }

    /// The original text and every decoded view of it that differs (at most `limit` in all).
    static func views(of bytes: [UInt8], depth: Int = 3, limit: Int = 8) -> [DecodedView] {
        var all = [DecodedView(bytes: bytes, origin: nil)]
        var frontier = all
        for _ in 0..<depth {
            var next: [DecodedView] = []
            for v in frontier {
                for decoder in Decoder.allCases {
                    guard all.count + next.count < limit, let d = decoder.decode(v.bytes) else { continue }
                    if all.contains(where: { $0.bytes == d.bytes }) || next.contains(where: { $0.bytes == d.bytes }) {
                        continue
                    }
                    // Compose: a decoded byte comes from the parent's bytes d.origin[i], which come from the original.
                    let composed = d.origin.map { v.originalRange($0) }
                    next.append(DecodedView(bytes: d.bytes, origin: composed))
                }
            }
            if next.isEmpty { break }
            all += next
            frontier = next
        }
        return all
    }

    enum Decoder: CaseIterable {
        case jsonString, xmlEntities, percent

        /// The decoded bytes and, for each, its source range; nil when there is nothing to decode.
        func decode(_ b: [UInt8]) -> (bytes: [UInt8], origin: [Range<Int>])? {
            switch self {
            case .jsonString: return b.contains(UInt8(ascii: "\\")) ? Self.unescapeJSON(b) : nil
            case .xmlEntities: return b.contains(UInt8(ascii: "&")) ? Self.decodeEntities(b) : nil
            case .percent: return b.contains(UInt8(ascii: "%")) ? Self.decodePercent(b) : nil
            }
        }

        private static func unescapeJSON(_ b: [UInt8]) -> ([UInt8], [Range<Int>])? {
            var out: [UInt8] = []
            var origin: [Range<Int>] = []
            out.reserveCapacity(b.count)
            origin.reserveCapacity(b.count)
            var changed = false
            var i = 0
            while i < b.count {
                guard b[i] == UInt8(ascii: "\\"), i + 1 < b.count else {
                    out.append(b[i])
                    origin.append(i..<(i + 1))
                    i += 1
                    continue
                }
                var decoded: [UInt8]?
                var len = 2
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "'"): decoded = [b[i + 1]]
                case UInt8(ascii: "n"): decoded = [0x0A]
                case UInt8(ascii: "r"): decoded = [0x0D]
                case UInt8(ascii: "t"): decoded = [0x09]
                case UInt8(ascii: "b"), UInt8(ascii: "f"): decoded = [0x20]
                case UInt8(ascii: "u"):
                    if let (scalar, n) = unicodeEscape(b, at: i) {
                        decoded = Array(String(Character(scalar)).utf8)
                        len = n
                    }
                default: break
                }
                guard let d = decoded else {
                    out.append(b[i])
                    origin.append(i..<(i + 1))
                    i += 1
                    continue
                }
                changed = true
                for x in d {
                    out.append(x)
                    origin.append(i..<(i + len))
                }
                i += len
            }
            return changed ? (out, origin) : nil
        }

        /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at `i`: the scalar and the escape's length.
        private static func unicodeEscape(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
            guard let hi = hex4(b, i + 2) else { return nil }
            if (0xD800..<0xDC00).contains(hi), b.count >= i + 12,
                b[i + 6] == UInt8(ascii: "\\"), b[i + 7] == UInt8(ascii: "u"), let lo = hex4(b, i + 8),
                (0xDC00..<0xE000).contains(lo)
            {
                let v = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                return Unicode.Scalar(v).map { ($0, 12) }
            }
            return Unicode.Scalar(hi).map { ($0, 6) }
        }

        private static func hex4(_ b: [UInt8], _ at: Int) -> UInt32? {
            guard at + 4 <= b.count else { return nil }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                guard let h = hexValue(b[k]) else { return nil }
                v = v << 4 | UInt32(h)
            }
            return v
        }

        static func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }

        private static let entities: [(String, [UInt8])] = [
            ("lt;", [UInt8(ascii: "<")]), ("gt;", [UInt8(ascii: ">")]), ("amp;", [UInt8(ascii: "&")]),
            ("quot;", [UInt8(ascii: "\"")]), ("apos;", [UInt8(ascii: "'")]),
        ]

        private static func decodeEntities(_ b: [UInt8]) -> ([UInt8], [Range<Int>])? {
            var out: [UInt8] = []
            var origin: [Range<Int>] = []
            var changed = false
            var i = 0
            outer: while i < b.count {
                if b[i] == UInt8(ascii: "&") {
                    for (name, value) in entities where b[(i + 1)...].starts(with: name.utf8) {
                        let len = 1 + name.utf8.count
                        for x in value {
                            out.append(x)
                            origin.append(i..<(i + len))
                        }
                        i += len
                        changed = true
                        continue outer
                    }
                    if let (scalar, len) = numericReference(b, at: i) {
                        for x in String(Character(scalar)).utf8 {
                            out.append(x)
                            origin.append(i..<(i + len))
                        }
                        i += len
                        changed = true
                        continue
                    }
                }
                out.append(b[i])
                origin.append(i..<(i + 1))
                i += 1
            }
            return changed ? (out, origin) : nil
        }

        /// `&#64;` or `&#x40;` at `i`.
        private static func numericReference(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
            guard i + 3 < b.count, b[i + 1] == UInt8(ascii: "#") else { return nil }
            var k = i + 2
            let isHex = b[k] == UInt8(ascii: "x") || b[k] == UInt8(ascii: "X")
            if isHex { k += 1 }
            var v: UInt32 = 0
            let start = k
            while k < b.count, k - start < 8 {
                if isHex, let h = hexValue(b[k]) {
                    v = v * 16 + UInt32(h)
                } else if !isHex, b[k] >= 0x30, b[k] <= 0x39 {
                    v = v * 10 + UInt32(b[k] - 0x30)
                } else {
                    break
                }
                k += 1
            }
            guard k > start, k < b.count, b[k] == UInt8(ascii: ";"), v > 0, let s = Unicode.Scalar(v) else {
                return nil
            }
            return (s, k + 1 - i)
        }

        private static func decodePercent(_ b: [UInt8]) -> ([UInt8], [Range<Int>])? {
            var out: [UInt8] = []
            var origin: [Range<Int>] = []
            var changed = false
            var i = 0
            while i < b.count {
                if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) {
                    out.append(h << 4 | l)
                    origin.append(i..<(i + 3))
                    i += 3
                    changed = true
                    continue
                }
                out.append(b[i])
                origin.append(i..<(i + 1))
                i += 1
            }
            // Percent-decoding may produce bytes that are not UTF-8; the scanners work on bytes, so that is fine.
            return changed ? (out, origin) : nil
        }
    }
}
