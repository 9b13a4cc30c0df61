import LogBytes

/// A rule's match condition: a tree of tests on an event's fields and on its record's raw bytes.
///
/// In YAML a mapping is the conjunction of its entries: `field: value` (equals), `field: [a, b]` (one of),
/// `field: {op: operand, …}`, `text: {contains: …}` / `text: {regex: …}`, and the combinators `all: [ … ]`,
/// `any: [ … ]`, `not: { … }`. Every string test — field tests, field `regex`, `text:` — ignores case (Unicode, see
/// ``CaseFold``) unless `caseSensitive: true`; tests on list fields (`elements`, `namespaces`, `warningCodes`, …) hold
/// when any element passes.
///
/// A regex whose search runs out of its step budget is *undecided*: ``evaluate(_:_:)`` gives nil, which `not:` keeps
/// nil (three-valued logic), so an undecided test never becomes a hit; the engine counts such events per rule.
public indirect enum Condition: Sendable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case field(EventField, Predicate, caseSensitive: Bool)
    case text(TextPredicate)

    /// A test on one field value.
    public enum Predicate: Sendable {
        case equals(Operand)
        case oneOf([Operand])
        case prefix(String)
        case suffix(String)
        case contains(String)
        case regex(ByteRegex)
        case compare(Comparison, Double)
        /// `exists: true` holds when the field is present (and, for lists, non-empty).
        case exists(Bool)
    }

    /// A literal operand of `equals`/`oneOf`.
    public enum Operand: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case number(Double)
        case bool(Bool)

        public var description: String {
            switch self {
            case .string(let s): return s
            case .number(let d): return FieldValue.number(d).text
            case .bool(let b): return b ? "true" : "false"
            }
        }
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case lt, le, gt, ge

        var symbol: String {
            switch self {
            case .lt: return "<"
            case .le: return "<="
            case .gt: return ">"
            case .ge: return ">="
            }
        }

        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .lt: return a < b
            case .le: return a <= b
            case .gt: return a > b
            case .ge: return a >= b
            }
        }
    }

    /// A test on the record's raw bytes.
    public enum TextPredicate: Sendable {
        /// Holds when any of the literals occurs; with `ignoreCase` the literals are stored folded (``CaseFold``).
        case contains([[UInt8]], ignoreCase: Bool)
        case regex(ByteRegex)
    }
}

// MARK: - Evaluation

extension Condition {
    /// True when the condition holds for `event` whose record bytes are `bytes` (false when undecided).
    func holds(_ event: LogEvent, _ bytes: ArraySlice<UInt8>) -> Bool { evaluate(event, bytes) == true }

    /// Whether the condition holds: nil when a regex it depends on ran out of its step budget (Kleene logic: `all`
    /// is false when one part is false, `any` true when one part is true, `not` of undecided is undecided).
    func evaluate(_ event: LogEvent, _ bytes: ArraySlice<UInt8>) -> Bool? {
        switch self {
        case .all(let xs):
            var undecided = false
            for x in xs {
                switch x.evaluate(event, bytes) {
                case false?: return false
                case nil: undecided = true
                case true?: break
                }
            }
            return undecided ? nil : true
        case .any(let xs):
            var undecided = false
            for x in xs {
                switch x.evaluate(event, bytes) {
                case true?: return true
                case nil: undecided = true
                case false?: break
                }
            }
            return undecided ? nil : false
        case .not(let x):
            return x.evaluate(event, bytes).map { !$0 }
        case .field(let f, let p, let cs):
            if case .exists(let want) = p { return event.has(f) == want }  // nothing copied
            return Self.test(p, event.value(of: f), caseSensitive: cs)
        case .text(let t):
            return Self.decide(t, bytes)
        }
    }

    /// The first sub-condition that failed, described (for `--explain`), or nil when the condition holds.
    func failure(_ event: LogEvent, _ bytes: ArraySlice<UInt8>) -> String? {
        switch self {
        case .all(let xs):
            for x in xs { if let f = x.failure(event, bytes) { return f } }
            return nil
        default:
            return holds(event, bytes) ? nil : description
        }
    }

    static func test(_ t: TextPredicate, _ bytes: ArraySlice<UInt8>) -> Bool { decide(t, bytes) == true }

    /// The text test; nil when its regex ran out of its step budget.
    static func decide(_ t: TextPredicate, _ bytes: ArraySlice<UInt8>) -> Bool? {
        switch t {
        case .contains(let lits, let ignoreCase):
            for l in lits where containsLiteral(l, bytes, ignoreCase: ignoreCase) { return true }
            return false
        case .regex(let r):
            return decide(r, bytes)  // memmem on the regex's literals first, see ByteRegex.search
        }
    }

    /// A regex search as a test: nil (recorded in ``RegexBudgetLog``) when it ran out of its step budget.
    static func decide(_ r: ByteRegex, _ bytes: ArraySlice<UInt8>) -> Bool? {
        switch r.search(bytes) {
        case .match: return true
        case .noMatch: return false
        case .budgetExceeded:
            RegexBudgetLog.shared.record(r.pattern)
            return nil
        }
    }

    /// Literal search; a case-insensitive search first looks for the literal's longest letter-free run with memmem.
    static func containsLiteral(_ l: [UInt8], _ bytes: ArraySlice<UInt8>, ignoreCase: Bool) -> Bool {
        guard ignoreCase else { return ByteSearch.contains(l, in: bytes) }
        if l.contains(where: { $0 >= 0x80 }) { return CaseFold.contains(folded: l, in: bytes) }
        var best = 0..<0
        var start = 0
        for (i, b) in l.enumerated() {
            let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if isLetter {
                start = i + 1
            } else if i + 1 - start > best.count {
                best = start..<(i + 1)
            }
        }
        if best.count == l.count { return ByteSearch.contains(l, in: bytes) }
        if best.count >= 2, !ByteSearch.contains(Array(l[best]), in: bytes) { return false }
        return ByteSearch.firstIndexIgnoringCase(of: l, in: bytes) != nil
    }

    /// A field test on `value` (nil: absent); nil when a regex ran out of its step budget.
    static func test(_ p: Predicate, _ value: FieldValue?, caseSensitive: Bool) -> Bool? {
        if case .exists(let want) = p { return (value != nil) == want }  // callers pass nil for absent
        guard let value else { return false }
        switch value {
        case .strings(let xs):
            var undecided = false
            for x in xs {
                switch test(p, .string(x), caseSensitive: caseSensitive) {
                case true?: return true
                case nil: undecided = true
                case false?: break
                }
            }
            return undecided ? nil : false
        case .number(let d):
            switch p {
            case .compare(let c, let rhs): return c.holds(d, rhs)
            case .equals(let o): return operandEquals(o, value, caseSensitive)
            case .oneOf(let os): return os.contains { operandEquals($0, value, caseSensitive) }
            default: return stringTest(p, value.text, caseSensitive)
            }
        case .bool:
            switch p {
            case .equals(let o): return operandEquals(o, value, caseSensitive)
            case .oneOf(let os): return os.contains { operandEquals($0, value, caseSensitive) }
            default: return false
            }
        case .string(let s):
            if case .compare(let c, let rhs) = p {
                guard let d = Double(s) else { return false }
                return c.holds(d, rhs)
            }
            return stringTest(p, s, caseSensitive)
        }
    }

    private static func operandEquals(_ o: Operand, _ v: FieldValue, _ cs: Bool) -> Bool {
        switch (o, v) {
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .bool(let b)): return a.lowercased() == (b ? "true" : "false")
        case (.number(let a), .string(let b)): return Double(b) == a
        default: return equal(o.description, v.text, caseSensitive: cs)
        }
    }

    /// String tests; the regex was compiled case-insensitive unless `caseSensitive` (``RuleFileReader``).
    private static func stringTest(_ p: Predicate, _ s: String, _ cs: Bool) -> Bool? {
        switch p {
        case .equals(let o): return equal(o.description, s, caseSensitive: cs)
        case .oneOf(let os): return os.contains { equal($0.description, s, caseSensitive: cs) }
        case .prefix(let x): return cs ? s.hasPrefix(x) : CaseFold.fold(s).hasPrefix(CaseFold.fold(x))
        case .suffix(let x): return cs ? s.hasSuffix(x) : CaseFold.fold(s).hasSuffix(CaseFold.fold(x))
        case .contains(let x): return cs ? s.contains(x) : CaseFold.fold(s).contains(CaseFold.fold(x))
        case .regex(let r): return decide(r, Array(s.utf8)[...])
        case .compare, .exists: return false
        }
    }

    /// Equality, ignoring case (``CaseFold``) unless `caseSensitive`; no allocation for ASCII.
    static func equal(_ a: String, _ b: String, caseSensitive: Bool) -> Bool {
        caseSensitive ? a == b : CaseFold.equal(a, b)
    }
}

// MARK: - Prefilter

/// What a record must have before a rule's conditions are worth evaluating: fields present, literals in the bytes.
indirect enum Prefilter: Sendable {
    case field(EventField)
    /// A cheap field condition itself (no regex), used for `any` branches: `httpStatus: 401` rather than "has
    /// httpStatus", which nearly every HTTP record passes.
    case test(Condition)
    case literals([[UInt8]], ignoreCase: Bool)
    /// `literals` resolved to ``LiteralScanner`` ids (one holds); only the engine's scan context can test these.
    case literalIds([Int])
    case all([Prefilter])
    case any([Prefilter])

    func passes(_ event: LogEvent, _ bytes: ArraySlice<UInt8>) -> Bool {
        switch self {
        case .field(let f): return event.has(f)
        case .test(let c): return c.holds(event, [])
        case .literals(let l, let ic): return Self.occurs(l, ignoreCase: ic, in: bytes)
        case .literalIds: return true  // unknown without a scan: let the conditions decide
        case .all(let xs):
            for x in xs where !x.passes(event, bytes) { return false }
            return true
        case .any(let xs):
            for x in xs where x.passes(event, bytes) { return true }
            return false
        }
    }

    /// Like ``passes(_:_:)``, with literal ids looked up in `scan` (which scans the record on first use).
    func passes(_ event: LogEvent, _ scan: inout LiteralScan) -> Bool {
        switch self {
        case .field(let f): return event.has(f)
        case .test(let c): return c.holds(event, [])
        case .literals(let l, let ic): return Self.occurs(l, ignoreCase: ic, in: scan.bytes)
        case .literalIds(let ids):
            for id in ids where scan.has(id) { return true }
            return false
        case .all(let xs):
            for x in xs where !x.passes(event, &scan) { return false }
            return true
        case .any(let xs):
            for x in xs where x.passes(event, &scan) { return true }
            return false
        }
    }

    /// Whether one of `literals` occurs, as the literal scan tests it: ignoring the case of ASCII letters only (a
    /// literal with other letters lists each spelling, see ``RegexNode/caseVariantBytes``).
    static func occurs(_ literals: [[UInt8]], ignoreCase: Bool, in bytes: ArraySlice<UInt8>) -> Bool {
        literals.contains {
            ignoreCase
                ? ByteSearch.firstIndexIgnoringCase(of: $0, in: bytes) != nil : ByteSearch.contains($0, in: bytes)
        }
    }

    /// The same prefilter with every `literals` replaced by ids registered in `scanner`.
    func resolved(_ scanner: inout LiteralScanner) -> Prefilter {
        switch self {
        case .field, .test, .literalIds: return self
        case .literals(let l, let ic): return .literalIds(l.map { scanner.id(of: $0, ignoreCase: ic) })
        case .all(let xs): return .all(xs.map { $0.resolved(&scanner) })
        case .any(let xs): return .any(xs.map { $0.resolved(&scanner) })
        }
    }

    var description: String {
        switch self {
        case .field(let f): return "has \(f.rawValue)"
        case .test(let c): return c.description
        case .literals(let l, let ic):
            let parts = l.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }.joined(separator: " | ")
            return "text has \(parts)\(ic ? " (any case)" : "")"
        case .literalIds(let ids): return "text has literal #" + ids.map(String.init).joined(separator: " | #")
        case .all(let xs): return xs.map(\.description).joined(separator: " and ")
        case .any(let xs): return "(" + xs.map(\.description).joined(separator: " or ") + ")"
        }
    }

    /// Sort key: cheap field checks before byte searches.
    var cost: Int {
        switch self {
        case .field: return 0
        case .test: return 1
        case .literals, .literalIds: return 10
        case .all(let xs): return xs.map(\.cost).min() ?? 0
        case .any(let xs): return xs.map(\.cost).reduce(0, +)
        }
    }
}

extension Condition {
    /// The prefilter implied by this condition, or nil when any record could match.
    var prefilter: Prefilter? {
        switch self {
        case .field(let f, let p, let cs):
            if case .exists(false) = p { return nil }
            return Self.verbatimPrefilter(f, p, caseSensitive: cs) ?? .field(f)
        case .text(.contains(let l, let ic)):
            // The literal scan folds ASCII only: a literal with other letters is represented by its longest ASCII run.
            guard ic, l.contains(where: { $0.contains { $0 >= 0x80 } }) else { return .literals(l, ignoreCase: ic) }
            let runs = l.map(Self.longestASCIIRun)
            return runs.allSatisfy({ $0.count >= 3 }) ? .literals(runs, ignoreCase: true) : nil
        case .text(.regex(let r)):
            let sets = r.requiredLiteralSets.map { Prefilter.literals($0, ignoreCase: r.isCaseInsensitive) }
            if sets.isEmpty { return nil }
            return sets.count == 1 ? sets[0] : .all(sets)
        case .all(let xs):
            let ps = xs.compactMap(\.prefilter).sorted { $0.cost < $1.cost }
            if ps.isEmpty { return nil }
            return ps.count == 1 ? ps[0] : .all(ps)
        case .any(let xs):
            var ps: [Prefilter] = []
            for x in xs {
                if case .field(let f, let p, let cs) = x, let v = Self.verbatimPrefilter(f, p, caseSensitive: cs) {
                    ps.append(v)
                    continue
                }
                if x.isCheapFieldTest {
                    ps.append(.test(x))
                    continue
                }
                guard let p = x.prefilter else { return nil }
                ps.append(p)
            }
            if ps.isEmpty { return nil }
            ps = ps.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
            return ps.count == 1 ? ps[0] : .any(ps)
        case .not: return nil
        }
    }

    /// Fields whose values are copied byte for byte from the record (XML element names, `MIX-` codes), so a value
    /// test on them implies that the value's text occurs in the record's bytes.
    static let verbatimFields: Set<EventField> = [.elements, .code]

    /// "Has `f`, and the bytes contain one of the values `p` tests for" when `f` is verbatim, else nil. Ignoring case
    /// only for ASCII values: the field test folds Cyrillic too, the literal scan folds ASCII only.
    static func verbatimPrefilter(_ f: EventField, _ p: Predicate, caseSensitive: Bool) -> Prefilter? {
        guard verbatimFields.contains(f) else { return nil }
        var values: [String]
        switch p {
        case .equals(.string(let s)): values = [s]
        case .oneOf(let os):
            values = []
            for o in os {
                guard case .string(let s) = o else { return nil }
                values.append(s)
            }
        case .prefix(let s), .suffix(let s), .contains(let s): values = [s]
        default: return nil
        }
        let lits = values.map { v in Array(v.utf8).map { !caseSensitive && $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
        guard !lits.isEmpty, lits.allSatisfy({ $0.count >= 2 }),
            caseSensitive || lits.allSatisfy({ $0.allSatisfy { $0 < 0x80 } })
        else { return nil }
        return .all([.field(f), .literals(lits, ignoreCase: !caseSensitive)])
    }

    /// The longest run of ASCII bytes in `l`.
    static func longestASCIIRun(_ l: [UInt8]) -> [UInt8] {
        var best: ArraySlice<UInt8> = []
        var start = 0
        for i in 0...l.count where i == l.count || l[i] >= 0x80 {
            if i - start > best.count { best = l[start..<i] }
            start = i + 1
        }
        return Array(best)
    }

    /// A field test without a regex (or a combination of such tests): as cheap to evaluate as a prefilter.
    var isCheapFieldTest: Bool {
        switch self {
        case .field(_, .regex, _), .text: return false
        case .field: return true
        case .all(let xs), .any(let xs): return xs.allSatisfy(\.isCheapFieldTest)
        case .not(let x): return x.isCheapFieldTest
        }
    }

    /// Evaluation cost class, used to order `all` children (fields first, regexes last).
    var cost: Int {
        switch self {
        case .field(_, .regex, _): return 2
        case .field: return 0
        case .text(.contains): return 5
        case .text(.regex): return 8
        case .all(let xs), .any(let xs): return xs.map(\.cost).max() ?? 0
        case .not(let x): return x.cost
        }
    }

    /// The same condition with every `all` ordered cheapest first.
    func optimized() -> Condition {
        switch self {
        case .all(let xs):
            let o = xs.map { $0.optimized() }
            if o.count == 1 { return o[0] }
            return .all(
                o.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element))
        case .any(let xs):
            let o = xs.map { $0.optimized() }
            if o.count == 1 { return o[0] }
            return .any(
                o.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element))
        case .not(let x): return .not(x.optimized())
        default: return self
        }
    }

    /// Literal values that the condition requires of `field` (from `equals`, `oneOf`, `prefix`), outside `not`.
    func literalValues(of field: EventField) -> [String] {
        switch self {
        case .all(let xs), .any(let xs): return xs.flatMap { $0.literalValues(of: field) }
        case .not, .text: return []
        case .field(let f, let p, _):
            guard f == field else { return [] }
            switch p {
            case .equals(let o): return [o.description]
            case .oneOf(let os): return os.map(\.description)
            case .prefix(let s): return [s + "*"]
            default: return []
            }
        }
    }
}

// MARK: - Description

extension Condition: CustomStringConvertible {
    public var description: String {
        switch self {
        case .all(let xs):
            return xs.count == 1 ? xs[0].description : "(" + xs.map(\.description).joined(separator: " and ") + ")"
        case .any(let xs): return "(" + xs.map(\.description).joined(separator: " or ") + ")"
        case .not(let x): return "not " + x.description
        case .field(let f, let p, _): return "\(f.rawValue) \(p)"
        case .text(.contains(let l, _)):
            let parts = l.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }
            return "text contains " + (parts.count == 1 ? parts[0] : "any of [" + parts.joined(separator: ", ") + "]")
        case .text(.regex(let r)): return "text matches \(r)"
        }
    }
}

extension Condition.Predicate: CustomStringConvertible {
    public var description: String {
        switch self {
        case .equals(let o): return "= \(o)"
        case .oneOf(let os): return "in [" + os.map(\.description).joined(separator: ", ") + "]"
        case .prefix(let s): return "starts with \"\(s)\""
        case .suffix(let s): return "ends with \"\(s)\""
        case .contains(let s): return "contains \"\(s)\""
        case .regex(let r): return "matches \(r)"
        case .compare(let c, let d): return "\(c.symbol) \(FieldValue.number(d).text)"
        case .exists(let b): return b ? "exists" : "is absent"
        }
    }
}
