import LogBytes

/// A small backtracking regular-expression engine that works on UTF-8 bytes and counts characters.
///
/// Swift `Regex` and `NSRegularExpression` are far too slow to run per log record (`shared/PERFORMANCE.md`), so rules
/// use this engine instead, and only on records that already passed a literal prefilter.
///
/// Supported syntax (a subset of PCRE/ICU, with the meaning `NSRegularExpression` gives it with
/// `.anchorsMatchLines`; `Rules/README.md` is the reference, and a differential test holds the two together):
/// - literals (any UTF-8), `.` (any character but `\n`), escapes `\. \\ \( …`, `\n \r \t \xHH \x{H…}`;
/// - classes `[abc]`, `[^a-z0-9_]`, `[а-яё]`, `\d \D \w \W \s \S`, also inside brackets; `\d` is ASCII `[0-9]`,
///   `\w` and `\s` follow Unicode (Cyrillic letters are word characters);
/// - anchors `^` and `$` (start/end of a *line*: records are multi-line), `\b` and `\B`;
/// - groups `( … )`, `(?: … )`, named `(?<name> … )`, alternation `|`;
/// - quantifiers `* + ? {m} {m,} {m,n}`, each optionally lazy (`*?`);
/// - a leading `(?i)`, or `caseInsensitive:`, for case-insensitive matching of every letter (Cyrillic too).
///
/// Every step that consumes a character consumes one whole UTF-8 scalar (an invalid byte counts as one character),
/// and a match starts only on a character boundary. Anything else (POSIX classes, lookaround, backreferences,
/// possessive quantifiers, inline flags, nested brackets) is a ``ByteRegexError`` with its offset, never read as
/// something else.
///
/// A quantified sub-pattern must not be able to match the empty string (`(a*)*` is rejected). Each search start has
/// a step budget (``maxSteps``, or 8 a byte of input after the start, whichever is more) and the whole search has
/// a cap (256 a byte, at least 8 × ``maxSteps``) so pathological patterns such as `(a+)+b` cost bounded time: a
/// search that runs out is ``SearchResult/budgetExceeded`` — undecided, never "no match" — which the engine reports
/// per rule and `rules lint` fails on; lint also flags nested quantifiers (``hasNestedQuantifier``) before they run.
public struct ByteRegex: Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// True when the pattern started with `(?i)` or was compiled case-insensitively.
    public let isCaseInsensitive: Bool
    /// Literals of which at least one occurs in every match (lower-cased when ``isCaseInsensitive``); nil when none
    /// could be derived.
    public let requiredLiterals: [[UInt8]]?
    /// Literal sets that must all occur, one literal of each, in every match (see
    /// ``RegexNode/requiredLiteralSets(caseInsensitive:)``); used as a prefilter.
    let requiredLiteralSets: [[[UInt8]]]
    /// Names of `(?<name>…)` groups, by group number (index 0 is the whole match and has no name).
    public let groupNames: [String?]
    /// Step budget of one search start (a start with more than ``maxSteps``/8 bytes after it gets 8 steps a byte); a
    /// search that exhausts it reports ``SearchResult/budgetExceeded``.
    public var maxSteps: Int
    /// True when the literal analysis spelled non-ASCII letters under `(?i)` in each case (for regexes on a record's
    /// text, whose literals become prefilters; see ``RegexNode/requiredLiterals(caseInsensitive:spell:)``).
    public let spellsCaseVariants: Bool
    /// True when a repeated sub-pattern itself holds an unbounded repetition (`(a+)+`, `(\w*x)*`): such patterns
    /// can backtrack exponentially.
    public let hasNestedQuantifier: Bool

    let program: [Inst]
    /// Per class of ``program``: the bytes that can begin a member (all of 0x80…0xFF when a non-ASCII one can).
    let sets: [ByteSet]
    /// Per class: the class itself, consulted for a byte of 0x80 or more.
    let classes: [CharClass]
    let firstBytes: ByteSet?
    /// How ``search(_:)`` finds candidate starts with memmem before running the machine; nil: every position.
    let literalPlan: LiteralPlan?
    /// Literals a start must begin with before the machine runs there (``PrefixFilter``); nil when the literal plan
    /// already starts only at them, or when none could be derived.
    let prefixFilter: PrefixFilter?
    /// Whether ``search(_:)`` consults ``prefixFilter`` (tests turn it off to compare with and without).
    var usesPrefixFilter = true

    /// Compiles `pattern`.
    ///
    /// - Parameters:
    ///   - pattern: the pattern (see the type's documentation for the syntax).
    ///   - caseInsensitive: match letters ignoring case (as a leading `(?i)` does).
    ///   - maxSteps: the step budget of one search.
    ///   - spellCaseVariants: derive literals with non-ASCII letters under `(?i)` in each of their spellings (so a
    ///     pattern of Russian words still has literals for a prefilter; costs more to compile).
    /// - Throws: ``ByteRegexError`` with the byte offset of the problem in `pattern`.
    public init(
        _ pattern: String, caseInsensitive: Bool = false, maxSteps: Int = 100_000, spellCaseVariants: Bool = false
    ) throws {
        var parser = ByteRegexParser(pattern: Array(pattern.utf8), caseInsensitive: caseInsensitive)
        let ast = try parser.parse()
        var compiler = ByteRegexCompiler(caseInsensitive: parser.caseInsensitive)
        try compiler.compile(ast, groupCount: parser.groupNames.count)
        self.pattern = pattern
        self.isCaseInsensitive = parser.caseInsensitive
        self.groupNames = parser.groupNames
        self.maxSteps = maxSteps
        self.hasNestedQuantifier = ast.hasNestedQuantifier
        self.program = compiler.program
        self.sets = compiler.classes.map(\.byteSet)
        self.classes = compiler.classes
        self.firstBytes = ast.firstBytes(caseInsensitive: parser.caseInsensitive)
        self.spellsCaseVariants = spellCaseVariants
        self.requiredLiterals = ast.requiredLiterals(caseInsensitive: parser.caseInsensitive, spell: spellCaseVariants)
        self.requiredLiteralSets = ast.requiredLiteralSets(
            caseInsensitive: parser.caseInsensitive, spell: spellCaseVariants, required: .some(requiredLiterals))
        self.literalPlan = LiteralPlan(ast: ast, required: requiredLiterals, caseInsensitive: parser.caseInsensitive)
        self.prefixFilter =
            literalPlan?.mode == .prefix ? nil : PrefixFilter(ast: ast, caseInsensitive: parser.caseInsensitive)
    }

    public var description: String { "/\(pattern)/" }

    /// A match: the whole range and each group's range (nil when the group did not take part).
    public struct Match: Sendable, Equatable {
        public var range: Range<Int>
        public var groups: [Range<Int>?]
    }

    /// The outcome of one search.
    public enum SearchResult: Sendable, Equatable {
        case match(Match)
        case noMatch
        /// The step budget ran out (a pathological pattern on this input): undecided, neither match nor no match.
        case budgetExceeded
    }

    /// True when the pattern matches somewhere in `bytes`; false also when the search was undecided (recorded in
    /// ``RegexBudgetLog``). Rule conditions use ``search(_:)`` and keep "undecided" apart.
    public func matches(_ bytes: ArraySlice<UInt8>) -> Bool {
        switch search(bytes) {
        case .match: return true
        case .noMatch: return false
        case .budgetExceeded:
            RegexBudgetLog.shared.record(pattern)
            return false
        }
    }

    /// The first (leftmost) match in `bytes`, or nil (also when the step budget ran out).
    public func firstMatch(in bytes: ArraySlice<UInt8>) -> Match? {
        switch search(bytes) {
        case .match(let m): return m
        case .noMatch: return nil
        case .budgetExceeded:
            RegexBudgetLog.shared.record(pattern)
            return nil
        }
    }

    /// Searches `bytes` for the leftmost match.
    ///
    /// With a ``LiteralPlan`` the required literals are found with memmem first and the machine only runs from
    /// starts that can reach one: the literal's own position when every match begins with it, otherwise the starts
    /// on the literal's line before it (when no match can span lines), otherwise everywhere once a literal occurs.
    ///
    /// - Complexity: O(n) candidate starts, each bounded by its own step budget, all by the search's total budget.
    public func search(_ bytes: ArraySlice<UInt8>) -> SearchResult {
        guard let plan = literalPlan else {
            var vm = ByteRegexVM(regex: self, bytes: bytes)
            return scan(&vm, bytes, from: bytes.startIndex, through: bytes.endIndex)
        }
        if plan.mode == .anywhere {
            guard plan.occurs(in: bytes) else { return .noMatch }
            var vm = ByteRegexVM(regex: self, bytes: bytes)
            return scan(&vm, bytes, from: bytes.startIndex, through: bytes.endIndex)
        }
        let n = plan.literals.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { next -> SearchResult in
            // next[i]: the next occurrence of literal i at or after `tried`; Int.min unknown, Int.max none left.
            for i in 0..<n { next[i] = Int.min }
            var vm: ByteRegexVM?
            var tried = bytes.startIndex  // every start below `tried` has been tried
            while tried < bytes.endIndex {
                var p = Int.max
                for i in 0..<n {
                    if next[i] < tried { next[i] = plan.find(i, in: bytes[tried...]) ?? Int.max }
                    p = min(p, next[i])
                }
                if p == Int.max { return .noMatch }
                var lo = p
                if plan.mode == .line {
                    lo = ByteSearch.lastIndex(of: 0x0A, in: bytes[tried..<p]).map { $0 + 1 } ?? tried
                }
                if vm == nil { vm = ByteRegexVM(regex: self, bytes: bytes) }
                let r = scan(&vm!, bytes, from: lo, through: p)
                if r != .noMatch { return r }
                tried = p + 1
            }
            return .noMatch
        }
    }

    /// Runs the machine from each start in `lo...hi` (skipping starts whose byte cannot begin a match, and those where
    /// no prefix literal begins).
    @inline(__always)
    private func scan(_ vm: inout ByteRegexVM, _ bytes: ArraySlice<UInt8>, from lo: Int, through hi: Int)
        -> SearchResult
    {
        if usesPrefixFilter, let pf = prefixFilter { return scan(&vm, bytes, from: lo, through: hi, filter: pf) }
        var start = lo
        while start <= hi {
            if let fb = firstBytes {  // never holds a continuation byte
                while start < bytes.endIndex, start <= hi, !fb.contains(bytes[start]) { start += 1 }
                if start == bytes.endIndex || start > hi { return .noMatch }
            } else if start < bytes.endIndex, UTF8Scalar.isContinuation(bytes[start]) {
                start += 1  // inside a character
                continue
            }
            if let r = vm.run(at: start).decided { return r }
            start += 1
        }
        return .noMatch
    }

    /// ``scan(_:_:from:through:)`` from the starts where a prefix literal begins: no match can begin elsewhere (see
    /// ``PrefixFilter``), the machine would return "no match" there in a few steps.
    private func scan(
        _ vm: inout ByteRegexVM, _ bytes: ArraySlice<UInt8>, from lo: Int, through hi: Int, filter: PrefixFilter
    ) -> SearchResult {
        let last = min(hi, bytes.endIndex - 2)  // every literal has two bytes or more
        return filter.pairs.withUnsafeBufferPointer { pairs -> SearchResult in
            var start = lo
            while start <= last {
                if let fb = firstBytes {  // cheaper than the pair test on most bytes
                    while start <= last, !fb.contains(bytes[start]) { start += 1 }
                    if start > last { return .noMatch }
                }
                let k = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                if pairs[k >> 6] & (1 << UInt64(k & 63)) != 0, filter.compare(bytes, at: start),
                    let r = vm.run(at: start).decided
                {
                    return r
                }
                start += 1
            }
            return .noMatch
        }
    }

    /// The text captured by group `name` in `match`, decoded as UTF-8.
    public func capture(_ name: String, in match: Match, of bytes: ArraySlice<UInt8>) -> String? {
        guard let i = groupNames.firstIndex(of: name), i < match.groups.count, let r = match.groups[i] else {
            return nil
        }
        return String(decoding: bytes[r], as: UTF8.self)
    }
}

/// Literals found with memmem before the backtracking machine runs (see ``ByteRegex/search(_:)``).
struct LiteralPlan: Sendable {
    enum Mode: Sendable {
        /// Every match starts with one of the literals: the machine runs only at their occurrences.
        case prefix
        /// Every match contains a literal and no match spans lines: runs on the literal's line, up to it.
        case line
        /// Every match contains a literal: no literal, no match; otherwise every start is tried.
        case anywhere
    }

    /// Lower-cased when `ignoreCase`.
    let literals: [[UInt8]]
    let ignoreCase: Bool
    let mode: Mode
    /// Per literal: search with plain memmem (case-sensitive, or no ASCII letters in it).
    private let exact: [Bool]

    init?(ast: RegexNode, required: [[UInt8]]?, caseInsensitive: Bool) {
        let prefix = ast.prefixLiterals(caseInsensitive: caseInsensitive)
        if let p = prefix, p.allSatisfy({ $0.count >= 3 }),
            required.map({
                RegexNode.score(p, caseInsensitive: caseInsensitive)
                    >= RegexNode.score($0, caseInsensitive: caseInsensitive)
            }) ?? true
        {
            literals = p
            mode = .prefix
        } else if let r = required {
            literals = r
            mode = ast.canMatchNewline ? .anywhere : .line
        } else if let p = prefix {
            literals = p
            mode = .prefix
        } else {
            return nil
        }
        ignoreCase = caseInsensitive
        exact = literals.map { l in !caseInsensitive || !l.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } }
    }

    /// Index of the first occurrence of literal `i` in `bytes`.
    @inline(__always)
    func find(_ i: Int, in bytes: ArraySlice<UInt8>) -> Int? {
        exact[i]
            ? ByteSearch.firstIndex(of: literals[i], in: bytes)
            : ByteSearch.firstIndexIgnoringCase(of: literals[i], in: bytes)
    }

    func occurs(in bytes: ArraySlice<UInt8>) -> Bool {
        for i in literals.indices where find(i, in: bytes) != nil { return true }
        return false
    }
}

/// A pattern that does not compile.
public struct ByteRegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, lower case, no final period.
    public var message: String
    /// Byte offset (0-based) in the pattern where the problem was found.
    public var offset: Int

    public var description: String { "\(message) at offset \(offset)" }
}

// MARK: - Program

/// A set of bytes (256 bits).
struct ByteSet: Sendable, Equatable {
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.bits.0 == b.bits.0 && a.bits.1 == b.bits.1 && a.bits.2 == b.bits.2 && a.bits.3 == b.bits.3
    }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    mutating func remove(_ b: UInt8) {
        let bit = ~(UInt64(1) << UInt64(b & 63))
        switch b >> 6 {
        case 0: bits.0 &= bit
        case 1: bits.1 &= bit
        case 2: bits.2 &= bit
        default: bits.3 &= bit
        }
    }

    func intersection(_ o: ByteSet) -> ByteSet {
        var s = ByteSet()
        s.bits = (bits.0 & o.bits.0, bits.1 & o.bits.1, bits.2 & o.bits.2, bits.3 & o.bits.3)
        return s
    }

    /// True when no byte ≥ 0x80 is in the set.
    var isASCII: Bool { bits.2 == 0 && bits.3 == 0 }

    mutating func insert(range: ClosedRange<UInt8>) {
        for b in range { insert(b) }
    }

    mutating func formUnion(_ o: ByteSet) {
        bits.0 |= o.bits.0
        bits.1 |= o.bits.1
        bits.2 |= o.bits.2
        bits.3 |= o.bits.3
    }

    func inverted() -> ByteSet {
        var s = ByteSet()
        s.bits = (~bits.0, ~bits.1, ~bits.2, ~bits.3)
        return s
    }

    /// Adds the other case of every ASCII letter in the set.
    func caseFolded() -> ByteSet {
        var s = self
        for b in UInt8(0x41)...0x5A where contains(b) { s.insert(b + 0x20) }
        for b in UInt8(0x61)...0x7A where contains(b) { s.insert(b - 0x20) }
        return s
    }

    static let digits: ByteSet = {
        var s = ByteSet()
        s.insert(range: 0x30...0x39)
        return s
    }()
    static let word: ByteSet = {
        var s = ByteSet()
        s.insert(range: 0x30...0x39)
        s.insert(range: 0x41...0x5A)
        s.insert(range: 0x61...0x7A)
        s.insert(0x5F)
        return s
    }()
    static let asciiRange: ByteSet = {
        var s = ByteSet()
        s.insert(range: 0x00...0x7F)
        return s
    }()
    static let space: ByteSet = {
        var s = ByteSet()
        for b: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { s.insert(b) }
        return s
    }()
}

/// One instruction of the backtracking machine.
enum Inst: Sendable {
    case byte(UInt8)
    case set(Int)
    /// Try `primary` first, and `alternative` on backtrack.
    case split(primary: Int, alternative: Int)
    case jump(Int)
    case save(Int)
    case lineStart
    case lineEnd
    case wordBoundary(Bool)
    case match
}

// MARK: - Machine

/// The backtracking machine for one search (explicit stack, step budget).
struct ByteRegexVM {
    private struct Frame {
        var pc: Int
        var pos: Int
        /// -1 for a thread to resume; otherwise a capture slot to restore to `pos`.
        var slot: Int
    }

    enum Outcome {
        case match(ByteRegex.Match)
        case noMatch
        case budgetExceeded

        /// What ends a search: a match or an exhausted budget; nil when the search goes on to the next start.
        @inline(__always)
        var decided: ByteRegex.SearchResult? {
            switch self {
            case .match(let m): return .match(m)
            case .budgetExceeded: return .budgetExceeded
            case .noMatch: return nil
            }
        }
    }

    let regex: ByteRegex
    let bytes: ArraySlice<UInt8>
    /// Steps left to the whole search (``ByteRegex/search(_:)`` runs the machine from many starts).
    private var searchSteps: Int
    private var stack: [Frame] = []
    private var caps: [Int]

    init(regex: ByteRegex, bytes: ArraySlice<UInt8>) {
        self.regex = regex
        self.bytes = bytes
        self.searchSteps = max(8 * regex.maxSteps, 256 * bytes.count)
        self.caps = Array(repeating: -1, count: regex.groupNames.count * 2)
    }

    /// The byte length of the non-ASCII character at `pos` when class `s` holds it, else 0 (kept out of line so the
    /// ASCII loop stays tight).
    /// (Static, so the call does not see `self`: the machine's stack stays provably unique across it.)
    @inline(never)
    private static func wideLength(_ classes: [CharClass], _ s: Int, _ bytes: ArraySlice<UInt8>, at pos: Int) -> Int {
        let (scalar, length) = UTF8Scalar.decode(bytes, at: pos)
        return classes[s].contains(scalar: scalar) ? length : 0
    }

    /// The character at `i` is a word character.
    private func wordAfter(_ i: Int) -> Bool {
        guard i < bytes.endIndex else { return false }
        let b = bytes[i]
        if b < 0x80 { return ByteSet.word.contains(b) }
        return Self.wideWordAfter(bytes, i)
    }

    @inline(never)
    private static func wideWordAfter(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Bool {
        UnicodeProps.isWord(UTF8Scalar.decode(bytes, at: i).scalar)
    }

    @inline(never)
    private static func wideWordBefore(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Bool {
        UnicodeProps.isWord(UTF8Scalar.decode(bytes, before: i))
    }

    /// The character before `i` is a word character.
    private func wordBefore(_ i: Int) -> Bool {
        guard i > bytes.startIndex else { return false }
        let b = bytes[i - 1]
        if b < 0x80 { return ByteSet.word.contains(b) }
        return Self.wideWordBefore(bytes, i)
    }

    /// Runs the program from `start`, within this start's budget and what is left of the search's.
    mutating func run(at start: Int) -> Outcome {
        let maxSteps = min(max(regex.maxSteps, 8 * (bytes.endIndex - start)), searchSteps)
        var steps = 0
        defer { searchSteps -= steps }
        for i in caps.indices { caps[i] = -1 }
        stack.removeAll(keepingCapacity: true)
        stack.append(Frame(pc: 0, pos: start, slot: -1))
        let prog = regex.program
        let end = bytes.endIndex
        while let f = stack.popLast() {
            if f.slot >= 0 {
                caps[f.slot] = f.pos
                continue
            }
            var pc = f.pc
            var pos = f.pos
            thread: while true {
                steps += 1
                if steps > maxSteps { return .budgetExceeded }
                switch prog[pc] {
                case .byte(let b):
                    guard pos < end, bytes[pos] == b else { break thread }
                    pc += 1
                    pos += 1
                case .set(let s):
                    guard pos < end else { break thread }
                    let b = bytes[pos]
                    guard regex.sets[s].contains(b) else { break thread }
                    if b < 0x80 {
                        pos += 1
                    } else {  // a whole non-ASCII character, or one invalid byte
                        let length = Self.wideLength(regex.classes, s, bytes, at: pos)
                        guard length > 0 else { break thread }
                        pos += length
                    }
                    pc += 1
                case .split(let a, let b):
                    stack.append(Frame(pc: b, pos: pos, slot: -1))
                    pc = a
                case .jump(let t):
                    pc = t
                case .save(let n):
                    stack.append(Frame(pc: 0, pos: caps[n], slot: n))
                    caps[n] = pos
                    pc += 1
                case .lineStart:
                    // As ICU (and Java) read multi-line `^`: not after a line feed that ends the input.
                    guard pos == bytes.startIndex || (bytes[pos - 1] == 0x0A && pos != end) else { break thread }
                    pc += 1
                case .lineEnd:
                    guard
                        pos == end || bytes[pos] == 0x0A
                            || (bytes[pos] == 0x0D && (pos + 1 == end || bytes[pos + 1] == 0x0A))
                    else { break thread }
                    pc += 1
                case .wordBoundary(let want):
                    guard (wordBefore(pos) != wordAfter(pos)) == want else { break thread }
                    pc += 1
                case .match:
                    var groups: [Range<Int>?] = [start..<pos]
                    var g = 1
                    while g < regex.groupNames.count {
                        let a = caps[2 * g]
                        let b = caps[2 * g + 1]
                        groups.append(a >= 0 && b >= a ? a..<b : nil)
                        g += 1
                    }
                    return .match(ByteRegex.Match(range: start..<pos, groups: groups))
                }
            }
        }
        return .noMatch
    }
}
