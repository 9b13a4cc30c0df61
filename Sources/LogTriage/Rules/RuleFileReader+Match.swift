import Yams

/// Parsing of `match`, `correlation` and `examples`.
extension RuleFileReader {
    static let fieldOps: Set<String> = [
        "equals", "oneOf", "prefix", "suffix", "contains", "regex", "lt", "le", "gt", "ge", "exists", "caseSensitive",
        "ignoreCase",
    ]
    /// The keys that choose case-sensitivity (one meaning: `ignoreCase: X` is `caseSensitive: !X`).
    static let caseKeys: Set<String> = ["caseSensitive", "ignoreCase"]

    /// Whether the mapping asks for case-sensitive tests: `caseSensitive: true` or `ignoreCase: false`; the default
    /// (neither) ignores case. Both keys, contradicting each other, is a problem.
    mutating func caseSensitive(_ m: KeyedMapping) -> Bool {
        func flag(_ key: String) -> Bool? {
            guard let v = m[key: key] else { return nil }
            switch v.string?.lowercased() {
            case "true": return true
            case "false": return false
            default:
                problem(v, "'\(key)' must be true or false")
                return nil
            }
        }
        let cs = flag("caseSensitive")
        let ic = flag("ignoreCase")
        if let cs, let ic, cs == ic, let node = m[key: "ignoreCase"] {
            problem(node, "'caseSensitive: \(cs)' and 'ignoreCase: \(ic)' contradict each other; give one")
        }
        return cs ?? ic.map { !$0 } ?? false
    }

    /// Parses a condition mapping (entries are and-ed).
    mutating func condition(_ node: Node) -> Condition? {
        guard case .mapping(let map) = node else {
            problem(node, "a condition must be a mapping (use all:/any: for lists)")
            return nil
        }
        var parts: [Condition] = []
        var ok = true
        for (k, v) in map {
            guard let key = k.string else {
                problem(k, "condition keys must be strings")
                ok = false
                continue
            }
            let c: Condition?
            switch key {
            case "all", "any":
                guard case .sequence(let seq) = v, !seq.isEmpty else {
                    problem(v, "'\(key)' must be a non-empty list of conditions")
                    ok = false
                    continue
                }
                let xs = seq.compactMap { condition($0) }
                c = xs.count == seq.count ? (key == "all" ? .all(xs) : .any(xs)) : nil
            case "not":
                c = condition(v).map { .not($0) }
            case "text":
                c = textCondition(v)
            default:
                guard let field = EventField(rawValue: key) else {
                    problem(
                        k,
                        "unknown field or operator '\(Self.excerpt(key))' (fields: "
                            + "\(EventField.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                    ok = false
                    continue
                }
                c = fieldCondition(field, v)
            }
            if let c { parts.append(c) } else { ok = false }
        }
        guard ok else { return nil }
        if parts.isEmpty {
            problem(node, "empty condition")
            return nil
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func operand(_ field: EventField, _ node: Node) -> Condition.Operand? {
        guard case .scalar(let s) = node else {
            problem(node, "expected a scalar value")
            return nil
        }
        switch field.kind {
        case .number:
            guard let d = Double(s.string) else {
                problem(node, "\(field.rawValue) is numeric; '\(Self.excerpt(s.string))' is not a number")
                return nil
            }
            return .number(d)
        case .bool:
            switch s.string.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                problem(node, "\(field.rawValue) is true/false")
                return nil
            }
        case .string, .strings:
            return .string(s.string)
        }
    }

    private mutating func fieldCondition(_ field: EventField, _ node: Node) -> Condition? {
        switch node {
        case .scalar:
            return operand(field, node).map { .field(field, .equals($0), caseSensitive: false) }  // default: any case
        case .sequence(let seq):
            let os = seq.compactMap { operand(field, $0) }
            return os.count == seq.count && !os.isEmpty ? .field(field, .oneOf(os), caseSensitive: false) : nil
        case .mapping(let raw):
            let m = KeyedMapping(raw)
            checkKeys(m, Self.fieldOps, "field test on '\(field.rawValue)'")
            let cs = caseSensitive(m)
            var tests: [Condition] = []
            for (k, v) in m {
                guard let op = k.string, !Self.caseKeys.contains(op), Self.fieldOps.contains(op) else { continue }
                guard let p = predicate(field, op, v, caseSensitive: cs) else { return nil }
                tests.append(.field(field, p, caseSensitive: cs))
            }
            if tests.isEmpty {
                problem(node, "no test given for '\(field.rawValue)'")
                return nil
            }
            return tests.count == 1 ? tests[0] : .all(tests)
        case .alias:
            problem(node, "aliases are not supported")
            return nil
        }
    }

    private mutating func predicate(
        _ field: EventField, _ op: String, _ v: Node, caseSensitive: Bool
    ) -> Condition.Predicate? {
        switch op {
        case "equals": return operand(field, v).map { .equals($0) }
        case "oneOf":
            guard case .sequence(let seq) = v else {
                problem(v, "'oneOf' needs a list")
                return nil
            }
            let os = seq.compactMap { operand(field, $0) }
            return os.count == seq.count ? .oneOf(os) : nil
        case "prefix", "suffix", "contains":
            guard field.kind == .string || field.kind == .strings, let s = v.string else {
                problem(v, "'\(op)' needs a string and a text field (\(field.rawValue) is \(field.kind.rawValue))")
                return nil
            }
            return op == "prefix" ? .prefix(s) : op == "suffix" ? .suffix(s) : .contains(s)
        case "regex":
            return regex(v, caseInsensitive: !caseSensitive).map { .regex($0) }
        case "exists":
            switch v.string?.lowercased() {
            case "true": return .exists(true)
            case "false": return .exists(false)
            default:
                problem(v, "'exists' must be true or false")
                return nil
            }
        default:  // lt le gt ge
            guard let c = Condition.Comparison(rawValue: op) else { return nil }
            guard field.kind == .number else {
                problem(v, "'\(op)' needs a numeric field (\(field.rawValue) is \(field.kind.rawValue))")
                return nil
            }
            guard let d = v.string.flatMap(Double.init) else {
                problem(v, "'\(op)' needs a number")
                return nil
            }
            return .compare(c, d)
        }
    }

    /// `text`: a regex on the record's text (its literals become the rule's prefilter).
    private mutating func regex(_ v: Node, caseInsensitive: Bool, text: Bool = false) -> ByteRegex? {
        guard case .scalar(let s) = v else {
            problem(v, "a regex must be a string")
            return nil
        }
        do {
            // Errors point into the text.
            return try ByteRegex(s.string, caseInsensitive: caseInsensitive, spellCaseVariants: text)
        } catch let e as ByteRegexError {
            let quote = (s.style == .singleQuoted || s.style == .doubleQuoted) ? 1 : 0
            let col = String(decoding: Array(s.string.utf8).prefix(e.offset), as: UTF8.self).unicodeScalars.count
            problem(v, "bad regex: \(e.message)", columnOffset: quote + col)
            return nil
        } catch {
            problem(v, "bad regex: \(error)")
            return nil
        }
    }

    private mutating func textCondition(_ node: Node) -> Condition? {
        guard case .mapping(let raw) = node else {
            problem(node, "'text' needs a mapping with contains or regex")
            return nil
        }
        let m = KeyedMapping(raw)
        checkKeys(m, ["contains", "regex", "caseSensitive", "ignoreCase"], "text test")
        let ic = !caseSensitive(m)
        var tests: [Condition] = []
        if let c = m[key: "contains"] {
            var lits: [String] = []
            if case .sequence(let seq) = c { lits = seq.compactMap(\.string) } else if let s = c.string { lits = [s] }
            if lits.isEmpty || lits.contains(where: \.isEmpty) {
                problem(c, "'contains' needs a non-empty string or list of strings")
                return nil
            }
            tests.append(.text(.contains(lits.map { ic ? CaseFold.foldedBytes($0) : Array($0.utf8) }, ignoreCase: ic)))
        }
        if let r = m[key: "regex"] {
            guard let re = regex(r, caseInsensitive: ic, text: true) else { return nil }
            tests.append(.text(.regex(re)))
        }
        if tests.isEmpty {
            problem(node, "'text' needs contains or regex")
            return nil
        }
        return tests.count == 1 ? tests[0] : .all(tests)
    }

    // MARK: - Correlation

    mutating func readCorrelation(_ node: Node) -> Correlation? {
        guard case .mapping(let raw) = node else {
            problem(node, "'correlation' must be a mapping")
            return nil
        }
        let m = KeyedMapping(raw)
        checkKeys(
            m, ["type", "groupBy", "window", "minCount", "distinct", "after", "select", "gap", "differ", "baseline"],
            "correlation")
        var groupBy: [EventField] = []
        for n in m[key: "groupBy"].map({ node -> [Node] in
            if case .sequence(let s) = node { return Array(s) }
            return [node]
        }) ?? [] {
            guard let f = n.string.flatMap(EventField.init(rawValue:)) else {
                problem(n, "unknown field '\(Self.excerpt(n.string ?? "?"))' in groupBy")
                return nil
            }
            groupBy.append(f)
        }
        var differ: [EventField] = []
        for n in m[key: "differ"].map({ node -> [Node] in
            if case .sequence(let s) = node { return Array(s) }
            return [node]
        }) ?? [] {
            guard let f = n.string.flatMap(EventField.init(rawValue:)) else {
                problem(n, "unknown field '\(Self.excerpt(n.string ?? "?"))' in differ")
                return nil
            }
            differ.append(f)
        }
        switch m[key: "type"]?.string {
        case "count":
            guard let w = m[key: "window"], let window = w.string.flatMap(Correlation.Duration.init(parsing:)) else {
                problem(m[key: "window"] ?? node, "count correlation needs 'window' as a duration such as 10m")
                return nil
            }
            guard let minCount = m[key: "minCount"]?.string.flatMap(Int.init), minCount >= 1 else {
                problem(m[key: "minCount"] ?? node, "count correlation needs 'minCount' ≥ 1")
                return nil
            }
            var distinct: Correlation.Distinct?
            if let d = m[key: "distinct"] {
                guard case .mapping(let dm) = d, let f = dm[key: "field"]?.string.flatMap(EventField.init(rawValue:)),
                    let mn = dm[key: "min"]?.string.flatMap(Int.init)
                else {
                    problem(d, "'distinct' needs {field: <event field>, min: <n>}")
                    return nil
                }
                distinct = .init(field: f, min: mn)
            }
            var c = Correlation(kind: .count(window: window, minCount: minCount, distinct: distinct), groupBy: groupBy)
            if let b = m[key: "baseline"] {
                guard let f = b.string.flatMap(Double.init), f > 1 else {
                    problem(b, "'baseline' needs a factor > 1 (the burst against the log's own average rate)")
                    return nil
                }
                c.baselineFactor = f
            }
            return c
        case "sequence":
            guard let a = m[key: "after"] else {
                problem(node, "sequence correlation needs 'after' (the earlier event's condition)")
                return nil
            }
            guard let after = condition(a) else { return nil }
            var select = Correlation.Select.last
            if let s = m[key: "select"] {
                guard let v = s.string.flatMap(Correlation.Select.init(rawValue:)) else {
                    problem(s, "'select' must be first or last")
                    return nil
                }
                select = v
            }
            guard case .mapping(let gm)? = m[key: "gap"] else {
                problem(m[key: "gap"] ?? node, "sequence correlation needs 'gap' with lt/le/gt/ge bounds")
                return nil
            }
            var bounds: [Correlation.GapBound] = []
            for (k, v) in gm {
                guard let c = k.string.flatMap(Condition.Comparison.init(rawValue:)), let s = v.string else {
                    problem(k, "gap bounds are lt, le, gt, ge")
                    return nil
                }
                if s.hasPrefix("anchor.") {
                    guard let f = EventField(rawValue: String(s.dropFirst(7))), f.kind == .number else {
                        problem(v, "'\(Self.excerpt(s))' is not a numeric event field")
                        return nil
                    }
                    bounds.append(.init(comparison: c, value: .anchorField(f)))
                } else {
                    guard let d = Correlation.Duration(parsing: s) else {
                        problem(v, "'\(Self.excerpt(s))' is not a duration (e.g. 15m, 23h45m) or anchor.<field>")
                        return nil
                    }
                    bounds.append(.init(comparison: c, value: .duration(d)))
                }
            }
            return Correlation(
                kind: .sequence(after: after, select: select, gap: bounds), groupBy: groupBy, differ: differ)
        default:
            problem(m[key: "type"] ?? node, "correlation 'type' must be count or sequence")
            return nil
        }
    }

    // MARK: - Examples

    mutating func readExamples(_ node: Node?) -> [RuleExample] {
        guard let node else { return [] }
        guard case .sequence(let seq) = node else {
            problem(node, "'examples' must be a list")
            return []
        }
        var out: [RuleExample] = []
        for (i, n) in seq.enumerated() {
            guard case .mapping(let raw) = n else {
                problem(n, "an example must be a mapping with expect and log")
                continue
            }
            let m = KeyedMapping(raw)
            checkKeys(m, ["name", "expect", "log", "file", "hits", "remediationContains", "verdict"], "example")
            guard let e = m[key: "expect"]?.string.flatMap(RuleExample.Expectation.init(rawValue:)) else {
                problem(m[key: "expect"] ?? n, "example 'expect' must be hit or miss")
                continue
            }
            guard let log = m[key: "log"]?.string, !log.isEmpty else {
                problem(n, "example needs a non-empty 'log'")
                continue
            }
            let verdict = m[key: "verdict"]?.string
            if let v = verdict, !Self.verdictSides.contains(v) {
                let sides = Self.verdictSides.sorted().joined(separator: ", ")
                problem(m[key: "verdict"] ?? n, "example 'verdict' must be one of \(sides)")
            }
            out.append(
                RuleExample(
                    name: m[key: "name"]?.string ?? "example \(i + 1)",
                    expect: e,
                    log: log,
                    fileName: m[key: "file"]?.string ?? "example.log",
                    hits: m[key: "hits"]?.string.flatMap(Int.init),
                    remediationContains: m[key: "remediationContains"].map { stringList($0) } ?? [],
                    sourceLine: n.mark?.line ?? 0,
                    verdict: verdict
                )
            )
        }
        return out
    }

    static let verdictSides: Set<String> = ["customer", "platform", "provider", "none", "inconclusive"]

    private mutating func stringList(_ node: Node) -> [String] {
        if let s = node.string { return [s] }
        if case .sequence(let seq) = node { return seq.compactMap(\.string) }
        problem(node, "expected a string or a list of strings")
        return []
    }
}
