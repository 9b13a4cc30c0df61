/// What ``ByteRegex`` needs of Unicode: a character class over scalars, UTF-8 decoding of the input, the word and
/// space properties, and the case variants of a scalar.
///
/// The machine works on bytes, but every step that consumes "a character" (`.`, a class, `\w`) consumes one whole
/// UTF-8 scalar, so `.{0,40}` is 40 letters in Russian as in English. ASCII stays on a one-byte fast path: the
/// non-ASCII part of a class is only consulted for a byte of 0x80 or more.
struct CharClass: Sendable, Equatable {
    /// A test on a non-ASCII scalar.
    enum Item: Sendable, Equatable {
        case any
        case word, notWord
        case space, notSpace
        case range(UInt32, UInt32)

        func matches(_ s: UInt32) -> Bool {
            switch self {
            case .any: return true
            case .word: return UnicodeProps.isWord(s)
            case .notWord: return !UnicodeProps.isWord(s)
            case .space: return UnicodeProps.isSpace(s)
            case .notSpace: return !UnicodeProps.isSpace(s)
            case .range(let lo, let hi): return s >= lo && s <= hi
            }
        }
    }

    /// Members below 0x80 (the bits 0x80…0xFF are never set here).
    var ascii = ByteSet()
    /// Non-ASCII members: a scalar is in the class when one item matches it (inverted when ``negated``).
    var items: [Item] = []
    var negated = false

    init(ascii: ByteSet = ByteSet(), items: [Item] = [], negated: Bool = false) {
        self.ascii = ascii
        self.items = items
        self.negated = negated
    }

    /// True when some non-ASCII scalar (or an invalid UTF-8 byte) can be in the class.
    var canMatchNonASCII: Bool { negated ? !items.contains(.any) : !items.isEmpty }

    /// True when only ASCII bytes can be in the class.
    var isASCIIOnly: Bool { !canMatchNonASCII }

    /// Membership of a non-ASCII scalar (``UTF8Scalar/invalid`` for a byte that does not decode).
    func contains(scalar s: UInt32) -> Bool {
        var hit = false
        for item in items where item.matches(s) {
            hit = true
            break
        }
        return hit != negated
    }

    /// Adds the scalars `r` (split into the ASCII part and a non-ASCII range).
    mutating func insert(_ r: ClosedRange<UInt32>) {
        if r.lowerBound < 0x80 { ascii.insert(range: UInt8(r.lowerBound)...UInt8(min(r.upperBound, 0x7F))) }
        if r.upperBound >= 0x80 { items.append(.range(max(r.lowerBound, 0x80), r.upperBound)) }
    }

    /// Union with `o`; both must be un-negated (bracket members are).
    mutating func formUnion(_ o: CharClass) {
        precondition(!negated && !o.negated, "union of negated classes")
        ascii.formUnion(o.ascii)
        items += o.items
    }

    /// The complement (within ASCII, and of the non-ASCII part).
    func inverted() -> CharClass {
        var c = self
        c.ascii = ascii.inverted().intersection(ByteSet.asciiRange)
        c.negated.toggle()
        return c
    }

    /// The class with the other case of every member added: ASCII letters, and every non-ASCII scalar of a range
    /// (ranges up to 4096 scalars are expanded; wider ones, which no rule writes, keep their members as written).
    func caseFolded() -> CharClass {
        var c = self
        c.ascii = ascii.caseFolded()
        var extra: [Item] = []
        var budget = 4096
        for case .range(let lo, let hi) in items {
            guard hi - lo < UInt32(budget) else { continue }
            budget -= Int(hi - lo) + 1
            for v in lo...hi {
                for w in CaseVariants.of(v) where w != v {
                    if w < 0x80 { c.ascii.insert(UInt8(w)) } else { extra.append(.range(w, w)) }
                }
            }
        }
        c.items += extra
        // The ASCII members may have non-ASCII variants too (none among letters a-z, by design: see the README).
        return c
    }

    /// The byte set the machine tests first: the ASCII members, and every byte ≥ 0x80 when a non-ASCII scalar can
    /// be a member (the scalar itself is then decoded and tested).
    var byteSet: ByteSet {
        var s = ascii
        if canMatchNonASCII { s.insert(range: 0x80...0xFF) }
        return s
    }

    /// Bytes that can begin a member: ``byteSet`` without UTF-8 continuation bytes (a match never starts inside a
    /// character).
    var firstBytes: ByteSet {
        var s = ascii
        if canMatchNonASCII { s.insert(range: 0xC0...0xFF) }
        return s
    }

    static let any = CharClass(ascii: ByteSet.asciiRange, items: [.any])
    static let notNewline: CharClass = {
        var s = ByteSet.asciiRange
        s.remove(0x0A)
        return CharClass(ascii: s, items: [.any])
    }()
    static let digits = CharClass(ascii: ByteSet.digits)
    static let notDigits = CharClass(ascii: ByteSet.digits.inverted().intersection(.asciiRange), items: [.any])
    static let word = CharClass(ascii: ByteSet.word, items: [.word])
    static let notWord = CharClass(ascii: ByteSet.word.inverted().intersection(.asciiRange), items: [.notWord])
    static let space = CharClass(ascii: ByteSet.space, items: [.space])
    static let notSpace = CharClass(ascii: ByteSet.space.inverted().intersection(.asciiRange), items: [.notSpace])

    /// The class of one scalar and its case variants (when `caseInsensitive`).
    static func scalar(_ s: UInt32, caseInsensitive: Bool) -> CharClass {
        var c = CharClass()
        for v in caseInsensitive ? CaseVariants.of(s) : [s] {
            if v < 0x80 { c.ascii.insert(UInt8(v)) } else { c.items.append(.range(v, v)) }
        }
        return c
    }
}

/// UTF-8 decoding for the machine.
enum UTF8Scalar {
    /// Stands for a byte that does not start a valid UTF-8 sequence (not a word, not a space; `.` matches it).
    static let invalid: UInt32 = 0x11_0000

    /// The scalar starting at `i` (which must be in `bytes`) and its length in bytes; an invalid or truncated
    /// sequence decodes as ``invalid`` of length 1.
    @inline(__always)
    static func decode(_ bytes: ArraySlice<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        let end = bytes.endIndex
        func cont(_ k: Int) -> UInt32? {
            guard i + k < end else { return nil }
            let b = bytes[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (invalid, 1) }
            return ((b0 & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return (invalid, 1) }
            let s = (b0 & 0x0F) << 12 | c1 << 6 | c2
            return s < 0x800 || (0xD800...0xDFFF).contains(s) ? (invalid, 1) : (s, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return (invalid, 1) }
            let s = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            return s < 0x1_0000 || s > 0x10_FFFF ? (invalid, 1) : (s, 4)
        default:
            return (invalid, 1)
        }
    }

    /// The scalar that ends just before `i` (`i > bytes.startIndex`).
    @inline(__always)
    static func decode(_ bytes: ArraySlice<UInt8>, before i: Int) -> UInt32 {
        let b = bytes[i - 1]
        if b < 0x80 { return UInt32(b) }
        var j = i - 1
        while j > bytes.startIndex, j > i - 4, bytes[j] & 0xC0 == 0x80 { j -= 1 }
        let (s, n) = decode(bytes, at: j)
        return j + n == i ? s : invalid
    }

    /// True for a byte that continues a UTF-8 sequence (a match never starts there).
    @inline(__always)
    static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// The UTF-8 bytes of scalar `s`.
    static func encode(_ s: UInt32) -> [UInt8] {
        guard let u = Unicode.Scalar(s) else { return [] }
        return Array(String(Character(u)).utf8)
    }
}

/// The `\w` and `\s` properties of non-ASCII scalars, as ICU (and so `NSRegularExpression`) defines them.
enum UnicodeProps {
    /// `\w`: alphabetic, a mark, a decimal digit, connector punctuation, or a zero-width (non-)joiner.
    static func isWord(_ s: UInt32) -> Bool {
        if s < 0x80 { return ByteSet.word.contains(UInt8(s)) }
        if (0x0400...0x045F).contains(s) { return true }  // Cyrillic letters, the common case
        guard let u = Unicode.Scalar(s) else { return false }
        if s == 0x200C || s == 0x200D { return true }
        let p = u.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// `\s`: Unicode white space.
    static func isSpace(_ s: UInt32) -> Bool {
        if s < 0x80 { return ByteSet.space.contains(UInt8(s)) }
        if (0x0400...0x045F).contains(s) { return false }
        guard let u = Unicode.Scalar(s) else { return false }
        return u.properties.isWhitespace
    }
}

/// The case variants of a scalar, for case-insensitive matching.
enum CaseVariants {
    /// `s` and the scalars that are its lower, upper or title case (when each is one scalar), and theirs in turn;
    /// ASCII letters give their ASCII pair only (so `(?i)k` does not match the Kelvin sign, see Rules/README.md).
    static func of(_ s: UInt32) -> [UInt32] {
        if s < 0x80 {
            let b = UInt8(s)
            if (b | 0x20) >= 0x61, (b | 0x20) <= 0x7A { return [s, UInt32(b ^ 0x20)] }
            return [s]
        }
        if s >= 0x400, s < 0x460 { return [s, cyrillicPair(s)] }
        return computed(s)
    }

    /// The other case of a basic Cyrillic letter (U+0400-U+045F, all paired): the Unicode property look-ups of
    /// ``computed(_:)`` made up a twelfth of start-up when done for every letter of every pattern. A test checks
    /// that both give the same variants.
    private static func cyrillicPair(_ s: UInt32) -> UInt32 {
        switch s {
        case 0x400..<0x410: return s + 0x50  // Ѐ-Џ
        case 0x410..<0x430: return s + 0x20  // А-Я
        case 0x430..<0x450: return s - 0x20  // а-я
        default: return s - 0x50  // ѐ-џ
        }
    }

    /// The variants from the Unicode case mappings.
    static func computed(_ s: UInt32) -> [UInt32] {
        var out: [UInt32] = [s]
        var i = 0
        while i < out.count, out.count < 8 {
            for m in mappings(out[i]) where m >= 0x80 && !out.contains(m) { out.append(m) }
            i += 1
        }
        return out
    }

    private static func mappings(_ s: UInt32) -> [UInt32] {
        guard let u = Unicode.Scalar(s) else { return [] }
        let p = u.properties
        return [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping].compactMap { m in
            let scalars = m.unicodeScalars
            return scalars.count == 1 ? scalars.first?.value : nil
        }
    }
}
