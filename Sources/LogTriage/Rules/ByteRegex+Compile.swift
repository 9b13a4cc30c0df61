import LogBytes

/// The parsed form of a ``ByteRegex`` pattern.
indirect enum RegexNode: Sendable {
    case empty
    case byte(UInt8)
    case set(CharClass)
    case concat([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, index: Int?)
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case lineStart
    case lineEnd
    case wordBoundary(Bool)

    /// True when the node can match the empty string.
    var canBeEmpty: Bool {
        switch self {
        case .empty, .lineStart, .lineEnd, .wordBoundary: return true
        case .byte, .set: return false
        case .concat(let xs): return xs.allSatisfy(\.canBeEmpty)
        case .alternation(let xs): return xs.contains(where: \.canBeEmpty)
        case .group(let x, _): return x.canBeEmpty
        case .repetition(let x, let min, _, _): return min == 0 || x.canBeEmpty
        }
    }

    /// True when a repetition that can repeat more than once holds another such repetition: `(a+)+`, `(?:x\d*)*`.
    var hasNestedQuantifier: Bool { nestedQuantifier(inRepetition: false) }

    private func nestedQuantifier(inRepetition: Bool) -> Bool {
        switch self {
        case .empty, .byte, .set, .lineStart, .lineEnd, .wordBoundary: return false
        case .concat(let xs), .alternation(let xs):
            return xs.contains { $0.nestedQuantifier(inRepetition: inRepetition) }
        case .group(let x, _): return x.nestedQuantifier(inRepetition: inRepetition)
        case .repetition(let x, _, let max, _):
            let repeats = max.map { $0 > 1 } ?? true
            if repeats, inRepetition { return true }
            return x.nestedQuantifier(inRepetition: inRepetition || repeats)
        }
    }

    /// Bytes that can start a match, or nil when any byte (or the empty string) can.
    func firstBytes(caseInsensitive: Bool) -> ByteSet? {
        switch self {
        case .byte(let b):
            var s = ByteSet()
            s.insert(b)
            return caseInsensitive ? s.caseFolded() : s
        case .set(let s): return s.firstBytes
        case .concat(let xs):
            var acc = ByteSet()
            for x in xs {
                switch x {
                case .lineStart, .lineEnd, .wordBoundary: continue
                default: break
                }
                guard let f = x.firstBytes(caseInsensitive: caseInsensitive) else { return nil }
                acc.formUnion(f)
                if !x.canBeEmpty { return acc }
            }
            return nil
        case .alternation(let xs):
            var acc = ByteSet()
            for x in xs {
                guard let f = x.firstBytes(caseInsensitive: caseInsensitive) else { return nil }
                acc.formUnion(f)
            }
            return acc
        case .group(let x, _): return x.firstBytes(caseInsensitive: caseInsensitive)
        case .repetition(let x, let min, _, _): return min > 0 ? x.firstBytes(caseInsensitive: caseInsensitive) : nil
        case .empty, .lineStart, .lineEnd, .wordBoundary: return nil
        }
    }

    /// Literals of which one must occur in every match (lower-cased when case-insensitive), or nil.
    ///
    /// `spell`: a non-ASCII letter under `(?i)` counts as a literal in each of its spellings (``caseVariantBytes``);
    /// worth its cost only for regexes on a record's text, whose literals become prefilters.
    func requiredLiterals(caseInsensitive: Bool, spell: Bool = false) -> [[UInt8]]? {
        guard var lits = literalAlternatives(caseInsensitive: caseInsensitive, spell: spell), !lits.isEmpty,
            lits.allSatisfy({ $0.count >= 2 })
        else { return nil }
        if caseInsensitive {
            lits = lits.map { $0.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
        }
        return Self.minimal(lits)
    }

    /// `lits` without duplicates and, when there are few enough to compare pairwise (64), without those that contain
    /// another one (implied by it: the shorter is kept). Shortest first.
    static func minimal(_ lits: [[UInt8]]) -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        let unique = lits.filter { seen.insert($0).inserted }.sorted { $0.count < $1.count }
        guard unique.count <= 64 else { return unique }
        var kept: [[UInt8]] = []
        for l in unique where !kept.contains(where: { ByteSearch.contains($0, in: l[...]) }) {
            kept.append(l)
        }
        return kept
    }

    /// Independent literal sets, one literal of each occurring in every match (lower-cased when case-insensitive):
    /// a conjunction for prefilters, stronger than ``requiredLiterals(caseInsensitive:)`` alone.
    ///
    /// Small classes without letters are expanded, so `(HTTP |status )50[234]\b` gives `[http , status ]` and
    /// `[502, 503, 504]`: both must occur.
    ///
    /// `required` is ``requiredLiterals(caseInsensitive:)`` when the caller has it already (computed otherwise).
    func requiredLiteralSets(caseInsensitive ci: Bool, spell: Bool = false, required: [[UInt8]]?? = nil)
        -> [[[UInt8]]]
    {
        var sets: [[[UInt8]]] = []
        collectLiteralSets(caseInsensitive: ci, spell: spell, into: &sets)
        if let r = required ?? requiredLiterals(caseInsensitive: ci, spell: spell) { sets.append(r) }
        var out: [[[UInt8]]] = []
        for var set in sets {
            if ci { set = set.map { $0.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } } }
            guard !set.isEmpty, set.allSatisfy({ $0.count >= 2 }) else { continue }
            var kept = Self.minimal(set)
            kept.sort { $0.lexicographicallyPrecedes($1) }
            if !out.contains(kept) { out.append(kept) }
        }
        return out
    }

    private func collectLiteralSets(caseInsensitive ci: Bool, spell: Bool, into sets: inout [[[UInt8]]]) {
        switch self {
        case .group(let x, _): x.collectLiteralSets(caseInsensitive: ci, spell: spell, into: &sets)
        case .repetition(let x, let min, _, _):
            if min > 0 { x.collectLiteralSets(caseInsensitive: ci, spell: spell, into: &sets) }
        case .alternation:
            if let l = literalAlternatives(caseInsensitive: ci, spell: spell) { sets.append(l) }
        case .concat(let xs):
            var runs: [[UInt8]] = [[]]
            func flush() {
                if runs.allSatisfy({ $0.count >= 2 }) { sets.append(runs) }
                runs = [[]]
            }
            for x in xs {
                if let fits = x.extend(&runs, caseInsensitive: ci, spell: spell) {
                    if !fits {
                        flush()
                        _ = x.extend(&runs, caseInsensitive: ci, spell: spell)
                    }
                    continue
                }
                switch x {
                case .set(let set):
                    let members = set.isASCIIOnly ? (0...127).map(UInt8.init).filter { set.ascii.contains($0) } : []
                    let letters = members.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
                    if !letters, !members.isEmpty, members.count * runs.count <= 16 {
                        runs = runs.flatMap { r in members.map { r + [$0] } }
                    } else {
                        flush()
                    }
                case .lineStart, .lineEnd, .wordBoundary, .empty:
                    continue
                default:
                    flush()
                    x.collectLiteralSets(caseInsensitive: ci, spell: spell, into: &sets)
                }
            }
            flush()
        case .empty, .byte, .set, .lineStart, .lineEnd, .wordBoundary:
            return
        }
    }

    /// How many spellings a literal with non-ASCII letters under `(?i)` may have (two Cyrillic letters): more would
    /// multiply the literals of an alternation of Russian words, and the cost of analysing them at start-up.
    static let maxSpellings = 4

    /// Adds this node to the literal runs being built when it is plain bytes (appended in place) or, with `spell`, a
    /// non-ASCII letter under `(?i)` (each run in each spelling). Nil when the node is neither; false, with `runs`
    /// unchanged, when the spellings would pass ``maxSpellings`` (end the runs, then extend again).
    func extend(_ runs: inout [[UInt8]], caseInsensitive ci: Bool, spell: Bool) -> Bool? {
        if let b = plainBytes {
            for k in runs.indices { runs[k] += b }  // in place: one copy per run, not per byte
            return true
        }
        guard ci, spell, let v = caseVariantBytes else { return nil }
        if runs.count * v.count > Self.maxSpellings, !runs[0].isEmpty { return false }
        runs = runs.flatMap { r in v.map { r + $0 } }
        return true
    }

    /// The bytes of a plain literal: one byte, or a non-ASCII character spelled out (a group of bytes).
    var plainBytes: [UInt8]? {
        switch self {
        case .byte(let b): return [b]
        case .group(.concat(let xs), nil):
            var out: [UInt8] = []
            for x in xs {
                guard case .byte(let b) = x else { return nil }
                out.append(b)
            }
            return out.isEmpty ? nil : out
        default: return nil
        }
    }

    /// A non-ASCII letter under `(?i)` (the class of its case variants) as the UTF-8 spellings of each variant, or
    /// nil. The literal scan folds ASCII only, so such a letter is a literal only when every spelling is listed.
    var caseVariantBytes: [[UInt8]]? {
        guard case .set(let c) = self, !c.negated, c.ascii == ByteSet(), (1...4).contains(c.items.count) else {
            return nil
        }
        var out: [[UInt8]] = []
        for item in c.items {
            guard case .range(let lo, let hi) = item, lo == hi else { return nil }
            out.append(UTF8Scalar.encode(lo))
        }
        return out
    }

    /// True when some match can contain a line feed (then a match is not confined to one line).
    var canMatchNewline: Bool {
        switch self {
        case .empty, .lineStart, .lineEnd, .wordBoundary: return false
        case .byte(let b): return b == 0x0A
        case .set(let s): return s.ascii.contains(0x0A)
        case .concat(let xs), .alternation(let xs): return xs.contains(where: \.canMatchNewline)
        case .group(let x, _), .repetition(let x, _, _, _): return x.canMatchNewline
        }
    }

    /// Literals one of which every match starts with (lower-cased when case-insensitive), or nil.
    ///
    /// `(?i)HTTP[ /]?401` gives `["http"]`, `(Read timed out|SocketTimeoutException)` both alternatives.
    func prefixLiterals(caseInsensitive: Bool) -> [[UInt8]]? {
        guard let lits = leadingLiterals(), !lits.isEmpty, lits.allSatisfy({ $0.count >= 2 }) else { return nil }
        guard caseInsensitive else { return lits }
        return lits.map { $0.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
    }

    private func leadingLiterals() -> [[UInt8]]? {
        switch self {
        case .byte(let b): return [[b]]
        case .group(let x, _): return x.leadingLiterals()
        case .repetition(let x, let min, _, _): return min > 0 ? x.leadingLiterals() : nil
        case .alternation(let xs):
            var out: [[UInt8]] = []
            for x in xs {
                guard let l = x.leadingLiterals() else { return nil }
                out += l
            }
            return out
        case .concat(let xs):
            var i = 0
            // Zero-width assertions at the start do not move the match start.
            while i < xs.count {
                if case .lineStart = xs[i] { i += 1 } else if case .wordBoundary = xs[i] { i += 1 } else { break }
            }
            var run: [UInt8] = []
            while i < xs.count, case .byte(let b) = xs[i] {
                run.append(b)
                i += 1
            }
            if !run.isEmpty { return [run] }
            return i < xs.count ? xs[i].leadingLiterals() : nil
        case .empty, .set, .lineStart, .lineEnd, .wordBoundary: return nil
        }
    }

    /// How useful a set of alternative literals is as a prefilter: longer is better, more alternatives are worse,
    /// and for case-insensitive patterns letter-free literals (plain memmem) get a bonus.
    static func score(_ lits: [[UInt8]], caseInsensitive: Bool) -> Int {
        let minLen = lits.lazy.map(\.count).min() ?? 0
        var s = minLen * 2 - (lits.count - 1) * 4
        let letterFree = lits.allSatisfy { l in !l.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } }
        if caseInsensitive && letterFree { s += 6 }
        return s
    }

    private func literalAlternatives(caseInsensitive ci: Bool, spell: Bool) -> [[UInt8]]? {
        switch self {
        case .byte(let b): return [[b]]
        case .group(let x, _): return x.literalAlternatives(caseInsensitive: ci, spell: spell)
        case .repetition(let x, let min, _, _):
            return min > 0 ? x.literalAlternatives(caseInsensitive: ci, spell: spell) : nil
        case .alternation(let xs):
            var out: [[UInt8]] = []
            for x in xs {
                guard let l = x.literalAlternatives(caseInsensitive: ci, spell: spell) else { return nil }
                out += l
            }
            return out
        case .concat(let xs):
            // The longest run of consecutive plain bytes (a non-ASCII letter under `(?i)` spelled in each of its
            // cases, up to ``maxSpellings``), or failing that the best child's alternatives.
            var best: [[UInt8]]?
            var bestScore = Int.min
            var runs: [[UInt8]] = [[]]
            // `spellings`: the candidates are one literal spelled in several cases (scored as one).
            func consider(_ cand: [[UInt8]]?, spellings: Bool = false) {
                guard let cand, !cand.isEmpty, cand.allSatisfy({ $0.count >= 2 }) else { return }
                let score = Self.score(cand, caseInsensitive: ci) + (spellings ? (cand.count - 1) * 4 : 0)
                if score > bestScore {
                    best = cand
                    bestScore = score
                }
            }
            func endRun() {
                if !runs[0].isEmpty { consider(runs, spellings: true) }
                runs = [[]]
            }
            for x in xs {
                if let fits = x.extend(&runs, caseInsensitive: ci, spell: spell) {
                    if !fits {
                        endRun()
                        _ = x.extend(&runs, caseInsensitive: ci, spell: spell)
                    }
                    continue
                }
                endRun()
                consider(x.literalAlternatives(caseInsensitive: ci, spell: spell))
            }
            endRun()
            return best
        case .empty, .set, .lineStart, .lineEnd, .wordBoundary: return nil
        }
    }
}

// MARK: - Parser

/// Recursive-descent parser for the ``ByteRegex`` syntax.
struct ByteRegexParser {
    let pattern: [UInt8]
    var pos = 0
    var caseInsensitive: Bool
    var groupNames: [String?] = [nil]

    init(pattern: [UInt8], caseInsensitive: Bool) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }

    mutating func parse() throws(ByteRegexError) -> RegexNode {
        if pattern.starts(with: Array("(?i)".utf8)) {
            caseInsensitive = true
            pos = 4
        }
        let node = try parseAlternation()
        if pos < pattern.count {
            throw fail(pattern[pos] == 0x29 ? "unbalanced ')'" : "unexpected character")
        }
        return node
    }

    private func fail(_ message: String, at offset: Int? = nil) -> ByteRegexError {
        ByteRegexError(message: message, offset: offset ?? pos)
    }

    private var peek: UInt8? { pos < pattern.count ? pattern[pos] : nil }

    private mutating func parseAlternation() throws(ByteRegexError) -> RegexNode {
        var branches = [try parseConcat()]
        while peek == 0x7C {  // |
            pos += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcat() throws(ByteRegexError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != 0x7C, c != 0x29 {
            let atomStart = pos
            let atom = try parseAtom()
            let quantified = try parseQuantifiers(atom, atomStart: atomStart)
            // An unquantified character's bytes join the run of literal bytes (for the literal prefilter).
            if case .group(.concat(let bytes), index: nil) = quantified, c >= 0x80 {
                items += bytes
            } else {
                items.append(quantified)
            }
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseQuantifiers(_ atom: RegexNode, atomStart: Int) throws(ByteRegexError) -> RegexNode {
        var node = atom
        while let c = peek {
            let qStart = pos
            var minC = 0
            var maxC: Int?
            switch c {
            case 0x2A: pos += 1  // *
            case 0x2B:  // +
                pos += 1
                minC = 1
            case 0x3F:  // ?
                pos += 1
                maxC = 1
            case 0x7B:  // {
                guard let (lo, hi) = parseBraces() else {
                    if braceLooksLikeQuantifier(at: pos) {
                        throw fail("malformed quantifier; write {m}, {m,} or {m,n} (or \\{ for a literal brace)")
                    }
                    return node
                }
                minC = lo
                maxC = hi
                if let hi, hi < lo { throw fail("quantifier {\(lo),\(hi)} has max below min", at: qStart) }
                if lo > 1000 || (hi ?? 0) > 1000 { throw fail("quantifier bound above 1000", at: qStart) }
            default:
                return node
            }
            switch node {
            case .lineStart, .lineEnd, .wordBoundary, .empty:
                throw fail("nothing to repeat", at: qStart)
            case .repetition:
                if c == 0x2B { throw fail("possessive quantifiers are not supported", at: qStart) }
                throw fail("nested quantifier; wrap the inner part in (?: )", at: qStart)
            default: break
            }
            if node.canBeEmpty && maxC != 1 {
                throw fail("quantified sub-pattern can match the empty string", at: atomStart)
            }
            var greedy = true
            if peek == 0x3F {
                pos += 1
                greedy = false
            }
            node = .repetition(node, min: minC, max: maxC, greedy: greedy)
        }
        return node
    }

    /// Parses `{m}`, `{m,}` or `{m,n}` at `pos`; nil (and `pos` unchanged) when it is a literal brace.
    private mutating func parseBraces() -> (Int, Int?)? {
        var i = pos + 1
        func number() -> Int? {
            var v: Int?
            while i < pattern.count, pattern[i] >= 0x30, pattern[i] <= 0x39 {
                v = (v ?? 0) * 10 + Int(pattern[i] - 0x30)
                if v ?? 0 > 100_000 { return nil }
                i += 1
            }
            return v
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if i < pattern.count, pattern[i] == 0x2C {
            i += 1
            hi = number()
        }
        guard i < pattern.count, pattern[i] == 0x7D else { return nil }
        pos = i + 1
        return (lo, hi)
    }

    private mutating func parseAtom() throws(ByteRegexError) -> RegexNode {
        guard let c = peek else { throw fail("unexpected end of pattern") }
        switch c {
        case 0x28: return try parseGroup()
        case 0x5B: return try parseClass()
        case 0x2E:
            pos += 1
            return .set(CharClass.notNewline)
        case 0x5E:
            pos += 1
            return .lineStart
        case 0x24:
            pos += 1
            return .lineEnd
        case 0x5C: return try parseAtomEscape()
        case 0x2A, 0x2B, 0x3F: throw fail("nothing to repeat")
        case 0x5D: throw fail("unescaped ']'; write \\] for a literal ]")
        case 0x7B where braceLooksLikeQuantifier(at: pos): throw fail("nothing to repeat")
        default:
            if c >= 0x80 { return scalarLiteral(try nextScalar()) }
            pos += 1
            return literal(c)
        }
    }

    /// The scalar at `pos` (the pattern is UTF-8 from a Swift string), consumed.
    private mutating func nextScalar() throws(ByteRegexError) -> UInt32 {
        let (s, n) = UTF8Scalar.decode(pattern[...], at: pos)
        guard s != UTF8Scalar.invalid else { throw fail("invalid UTF-8 in the pattern") }
        pos += n
        return s
    }

    /// A literal character: its bytes, or under case-insensitivity the class of its case variants.
    private func scalarLiteral(_ s: UInt32) -> RegexNode {
        if s < 0x80 { return literal(UInt8(s)) }
        if caseInsensitive, CaseVariants.of(s).count > 1 { return .set(.scalar(s, caseInsensitive: true)) }
        let bytes = UTF8Scalar.encode(s)
        return bytes.count == 1 ? .byte(bytes[0]) : .group(.concat(bytes.map { .byte($0) }), index: nil)
    }

    /// True when a `{` at `i` starts something PCRE or ICU would read as a quantifier (`{2}`, `{,3}`, `{2, 3}`):
    /// such a brace is never a literal here (write `\{`).
    private func braceLooksLikeQuantifier(at i: Int) -> Bool {
        guard i + 1 < pattern.count else { return false }
        let c = pattern[i + 1]
        return (c >= 0x30 && c <= 0x39) || c == 0x2C
    }

    /// A literal byte; case folding of letters happens in the compiler so literal analysis still sees bytes.
    private func literal(_ c: UInt8) -> RegexNode { .byte(c) }

    private mutating func parseGroup() throws(ByteRegexError) -> RegexNode {
        let open = pos
        pos += 1
        var index: Int? = groupNames.count
        var name: String?
        if peek == 0x3F {  // (?
            pos += 1
            if peek == 0x3A {  // (?:
                pos += 1
                index = nil
            } else if peek == 0x3C, pos + 1 < pattern.count, pattern[pos + 1] == 0x3D || pattern[pos + 1] == 0x21 {
                throw fail("lookbehind is not supported", at: open)
            } else if peek == 0x3D || peek == 0x21 {
                throw fail("lookahead is not supported", at: open)
            } else if peek == 0x3E {
                throw fail("atomic groups are not supported", at: open)
            } else if peek == 0x3C || peek == 0x50 {  // (?<name> or (?P<name>
                if peek == 0x50 { pos += 1 }
                guard peek == 0x3C else { throw fail("unsupported group syntax") }
                pos += 1
                let nameStart = pos
                while let ch = peek, ch != 0x3E {
                    guard ch < 0x80, ByteSet.word.contains(ch) else { throw fail("bad character in group name") }
                    pos += 1
                }
                guard peek == 0x3E, pos > nameStart else { throw fail("unterminated group name", at: nameStart) }
                name = String(decoding: pattern[nameStart..<pos], as: UTF8.self)
                pos += 1
            } else if peek == 0x69, pos + 1 < pattern.count, pattern[pos + 1] == 0x29 {
                throw fail("(?i) is only allowed at the start of the pattern", at: open)
            } else {
                throw fail(
                    "unsupported group syntax (only (?:…), (?<name>…) and a leading (?i) are supported)", at: open)
            }
        }
        if let i = index {
            groupNames.append(name)
            precondition(groupNames.count == i + 1, "group numbering")
        }
        let inner = try parseAlternation()
        guard peek == 0x29 else { throw fail("missing ')'", at: open) }
        pos += 1
        return .group(inner, index: index)
    }

    private mutating func parseClass() throws(ByteRegexError) -> RegexNode {
        let open = pos
        pos += 1
        var negate = false
        if peek == 0x5E {
            negate = true
            pos += 1
        }
        if peek == 0x5D { throw fail("']' first in a class is read differently by other engines; write \\]") }
        if peek == 0x3A {  // [:Letter:] is a property set in ICU
            throw fail("':' first in a class reads as a property set ([:…:]) in ICU; write \\: or move it")
        }
        var set = CharClass()
        while true {
            guard let c = peek else { throw fail("missing ']'", at: open) }
            if c == 0x5D {
                pos += 1
                break
            }
            if c == 0x5B {
                let next = pos + 1 < pattern.count ? pattern[pos + 1] : 0
                if next == 0x3A || next == 0x3D || next == 0x2E {  // [: [= [.
                    throw fail("POSIX classes such as [[:digit:]] are not supported; use \\d, \\w, \\s or a range")
                }
                throw fail("'[' inside a class (a nested set in ICU); write \\[ for a literal [")
            }
            if c == 0x26, pos + 1 < pattern.count, pattern[pos + 1] == 0x26 {
                throw fail("'&&' in a class (set intersection in ICU) is not supported")
            }
            let lo: UInt32
            if c == 0x5C {
                switch try parseEscape(inClass: true) {
                case .scalar(let s): lo = s
                case .set(let s):
                    set.formUnion(s)
                    if peek == 0x2D, pos + 1 < pattern.count, pattern[pos + 1] != 0x5D {
                        throw fail("a range cannot start with a class escape; write \\- for a literal -")
                    }
                    continue
                }
            } else {
                lo = try nextScalar()
            }
            if peek == 0x2D, pos + 1 < pattern.count, pattern[pos + 1] != 0x5D {
                let dash = pos
                pos += 1
                let hi: UInt32
                if peek == 0x5C {
                    guard case .scalar(let b) = try parseEscape(inClass: true) else {
                        throw fail("bad range end", at: dash)
                    }
                    hi = b
                } else {
                    hi = try nextScalar()
                }
                guard lo <= hi else { throw fail("range out of order", at: dash) }
                set.insert(lo...hi)
            } else {
                set.insert(lo...lo)
            }
        }
        if caseInsensitive { set = set.caseFolded() }
        return .set(negate ? set.inverted() : set)
    }

    /// What an escape stands for.
    enum Escape {
        case scalar(UInt32)
        case set(CharClass)
    }

    private mutating func parseEscape(inClass: Bool) throws(ByteRegexError) -> Escape {
        let start = pos
        pos += 1
        guard let c = peek else { throw fail("trailing backslash", at: start) }
        pos += 1
        switch c {
        case 0x64: return .set(.digits)  // d
        case 0x44: return .set(.notDigits)
        case 0x77: return .set(.word)  // w
        case 0x57: return .set(.notWord)
        case 0x73: return .set(.space)  // s
        case 0x53: return .set(.notSpace)
        case 0x6E: return .scalar(0x0A)  // n
        case 0x72: return .scalar(0x0D)  // r
        case 0x74: return .scalar(0x09)  // t
        case 0x78:  // xHH or x{H…}
            if peek == 0x7B {
                var v: UInt32 = 0
                var i = pos + 1
                while i < pattern.count, let h = hex(pattern[i]), v <= 0x10_FFFF {
                    v = v * 16 + UInt32(h)
                    i += 1
                }
                guard i > pos + 1, i < pattern.count, pattern[i] == 0x7D, Unicode.Scalar(v) != nil else {
                    throw fail("\\x{…} needs the hex code of a Unicode scalar", at: start)
                }
                pos = i + 1
                return .scalar(v)
            }
            guard pos + 1 < pattern.count, let h = hex(pattern[pos]), let l = hex(pattern[pos + 1]) else {
                throw fail("\\x needs two hex digits", at: start)
            }
            pos += 2
            return .scalar(UInt32(h) * 16 + UInt32(l))
        case 0x31...0x39:
            throw fail("backreferences are not supported", at: start)
        case 0x6B:  // k
            throw fail("named backreferences are not supported", at: start)
        case 0x70, 0x50:  // p P
            throw fail("Unicode property classes (\\p{…}) are not supported", at: start)
        default:
            if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
                if c == 0x62 || c == 0x42 {
                    throw fail("\\\(Character(Unicode.Scalar(c))) is not allowed in a class", at: start)
                }
                throw fail("unsupported escape \\\(Character(Unicode.Scalar(c)))", at: start)
            }
            if c >= 0x80 {
                pos -= 1
                return .scalar(try nextScalar())
            }
            return .scalar(UInt32(c))
        }
    }

    /// An escape outside a class: also `\b` and `\B`.
    private mutating func parseAtomEscape() throws(ByteRegexError) -> RegexNode {
        if pos + 1 < pattern.count, pattern[pos + 1] == 0x62 || pattern[pos + 1] == 0x42 {
            let b = pattern[pos + 1] == 0x62
            pos += 2
            return .wordBoundary(b)
        }
        switch try parseEscape(inClass: false) {
        case .scalar(let s): return scalarLiteral(s)
        case .set(let c): return .set(c)
        }
    }

    private func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

// MARK: - Compiler

/// Turns a ``RegexNode`` into a program for ``ByteRegexVM``.
struct ByteRegexCompiler {
    let caseInsensitive: Bool
    var program: [Inst] = []
    var classes: [CharClass] = []
    static let maxProgramLength = 20_000

    init(caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
    }

    mutating func compile(_ node: RegexNode, groupCount: Int) throws(ByteRegexError) {
        try emit(node)
        program.append(.match)
    }

    private mutating func add(_ i: Inst) throws(ByteRegexError) {
        guard program.count < Self.maxProgramLength else {
            throw ByteRegexError(message: "pattern too large after expanding repetitions", offset: 0)
        }
        program.append(i)
    }

    private mutating func setIndex(_ s: CharClass) -> Int {
        if let i = classes.firstIndex(of: s) { return i }
        classes.append(s)
        return classes.count - 1
    }

    private mutating func emit(_ node: RegexNode) throws(ByteRegexError) {
        switch node {
        case .empty: break
        case .byte(let b):
            if caseInsensitive, (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                try add(.set(setIndex(.scalar(UInt32(b), caseInsensitive: true))))
            } else {
                try add(.byte(b))
            }
        case .set(let s): try add(.set(setIndex(s)))
        case .concat(let xs): for x in xs { try emit(x) }
        case .alternation(let xs):
            var jumps: [Int] = []
            for (k, x) in xs.enumerated() {
                if k < xs.count - 1 {
                    let split = program.count
                    try add(.split(primary: split + 1, alternative: -1))
                    try emit(x)
                    jumps.append(program.count)
                    try add(.jump(-1))
                    program[split] = .split(primary: split + 1, alternative: program.count)
                } else {
                    try emit(x)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .group(let x, let index):
            if let g = index { try add(.save(2 * g)) }
            try emit(x)
            if let g = index { try add(.save(2 * g + 1)) }
        case .repetition(let x, let minC, let maxC, let greedy):
            for _ in 0..<minC { try emit(x) }
            if let maxC {
                // Optional copies: split → x → (next optional) …
                var splits: [Int] = []
                for _ in minC..<maxC {
                    splits.append(program.count)
                    try add(.split(primary: -1, alternative: -1))
                    try emit(x)
                }
                let end = program.count
                for s in splits { program[s] = branch(s + 1, end, greedy: greedy) }
            } else {
                let loop = program.count
                try add(.split(primary: -1, alternative: -1))
                try emit(x)
                try add(.jump(loop))
                program[loop] = branch(loop + 1, program.count, greedy: greedy)
            }
        case .lineStart: try add(.lineStart)
        case .lineEnd: try add(.lineEnd)
        case .wordBoundary(let w): try add(.wordBoundary(w))
        }
    }

    private func branch(_ take: Int, _ skip: Int, greedy: Bool) -> Inst {
        greedy ? .split(primary: take, alternative: skip) : .split(primary: skip, alternative: take)
    }
}
