/// Case folding for rule tests that ignore case (the default, see Rules/README.md): one fold for `equals`, `oneOf`,
/// `prefix`, `suffix`, `contains` on fields and `text: {contains}` on bytes, the same the regex engine uses for its
/// letters — each scalar to its lower case (when that is one scalar), so Cyrillic folds as ASCII does.
///
/// ASCII strings take a fast path that allocates nothing; the Unicode path runs only when a value or an operand holds
/// a byte of 0x80 or more.
enum CaseFold {
    /// The lower case of scalar `s` (itself when it has none, or when its lower case is several scalars).
    @inline(__always)
    static func lower(_ s: UInt32) -> UInt32 {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A ? s + 0x20 : s }
        if s >= 0x410 && s <= 0x42F { return s + 0x20 }  // А-Я
        if s >= 0x400 && s <= 0x40F { return s + 0x50 }  // Ѐ-Џ (Ё)
        if s >= 0x430 && s <= 0x45F { return s }
        guard let u = Unicode.Scalar(s) else { return s }
        let m = u.properties.lowercaseMapping.unicodeScalars
        return m.count == 1 ? m.first?.value ?? s : s
    }

    /// `s` folded scalar by scalar.
    static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(Unicode.Scalar(lower(u.value)) ?? u) }
        return String(out)
    }

    /// Equality ignoring case; no allocation when both are ASCII.
    static func equal(_ a: String, _ b: String) -> Bool {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                if x >= 0x80 || y >= 0x80 { return scalarsEqual(a, b) }
                let lx = x >= 0x41 && x <= 0x5A ? x + 0x20 : x
                let ly = y >= 0x41 && y <= 0x5A ? y + 0x20 : y
                if lx != ly { return false }
            default:
                return a.utf8.contains { $0 >= 0x80 } || b.utf8.contains { $0 >= 0x80 } ? scalarsEqual(a, b) : false
            }
        }
    }

    private static func scalarsEqual(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lazy.map { lower($0.value) }.elementsEqual(b.unicodeScalars.lazy.map { lower($0.value) })
    }

    /// The UTF-8 bytes of `s` folded (a `text: {contains}` literal is stored so).
    static func foldedBytes(_ s: String) -> [UInt8] { Array(fold(s).utf8) }

    /// True when `folded` (see ``foldedBytes(_:)``) occurs in `bytes` ignoring case. ASCII-only literals use the
    /// byte search; others compare character by character from each character boundary.
    static func contains(folded l: [UInt8], in bytes: ArraySlice<UInt8>) -> Bool {
        let needle = Array(String(decoding: l, as: UTF8.self).unicodeScalars.map(\.value))
        guard let first = needle.first else { return true }
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let (s0, n0) = UTF8Scalar.decode(bytes, at: start)
            if !UTF8Scalar.isContinuation(bytes[start]), lower(s0) == first {
                var i = start + n0
                var k = 1
                while k < needle.count, i < bytes.endIndex {
                    let (s, n) = UTF8Scalar.decode(bytes, at: i)
                    guard lower(s) == needle[k] else { break }
                    i += n
                    k += 1
                }
                if k == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}
