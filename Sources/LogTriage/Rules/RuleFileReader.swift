import Foundation
import Yams

/// Reads one rule file from its YAML node tree, recording problems with their line and column.
struct RuleFileReader {
    let file: String
    let text: String
    var problems: [RuleProblem] = []
    private var ruleId: String?

    static let topKeys: Set<String> = [
        "id", "title", "description", "status", "level", "references", "tags", "side", "category", "route",
        "confidence", "priority", "fallback", "remediation", "match", "correlation", "examples", "author", "date",
        "modified", "overridesErrorType",
    ]

    /// A rule file larger than this is refused unread (the largest rule of the catalogue is about 5 KB).
    static let maxFileBytes = 256 << 10
    /// A rule file whose YAML tree holds more nodes than this, counting every alias as a copy, is refused: aliases of
    /// aliases grow the tree exponentially ("billion laughs").
    static let maxNodes = 20_000

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    mutating func problem(_ node: Node?, _ message: String, columnOffset: Int = 0) {
        let m = node?.mark
        problems.append(
            RuleProblem(
                file: file,
                line: m?.line,
                column: m.map { $0.column + columnOffset },
                ruleId: ruleId,
                message: message
            )
        )
    }

    mutating func read() -> Rule? {
        guard text.utf8.count <= Self.maxFileBytes else {
            problems.append(
                RuleProblem(
                    file: file,
                    message: "\(text.utf8.count) bytes: more than a rule file may have (\(Self.maxFileBytes))"))
            return nil
        }
        if let line = Self.aliasKeyLine(text) {
            // Composing hashes every mapping key: a key that is an alias tree would be hashed in full.
            problems.append(RuleProblem(file: file, line: line, message: "an alias used as a mapping key: refused"))
            return nil
        }
        let root: Node?
        do {
            // Every value is read as text and converted by the reader, so no implicit typing (Yams resolves it with
            // NSRegularExpression, which made up a fifth of start-up). The encoding is named: Yams' default reads
            // the whole process environment on every call (a tenth of start-up), to end at UTF-8 all the same.
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
            let YamlError.composer(_, problem, mark, _)
        {
            // libyaml's problem texts are fixed phrases; the file's own text is not quoted.
            problems.append(RuleProblem(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)"))
            return nil
        } catch let YamlError.duplicatedKeysInMapping(_, context) {
            problems.append(
                RuleProblem(
                    file: file, line: context.mark.line, column: context.mark.column, message: "YAML: duplicate key"))
            return nil
        } catch {
            problems.append(RuleProblem(file: file, message: "not YAML text (its content is not quoted)"))
            return nil
        }
        if let root, Self.nodeCount(root, limit: Self.maxNodes) > Self.maxNodes {
            problems.append(
                RuleProblem(
                    file: file,
                    message: "the YAML expands to more than \(Self.maxNodes) nodes (aliases of aliases?): refused"))
            return nil
        }
        guard let root, case .mapping(let rootMapping) = root else {
            problem(root, "a rule file must be a YAML mapping")
            return nil
        }
        let map = KeyedMapping(rootMapping)
        guard map[key: "id"] != nil || map[key: "match"] != nil else {
            // Not a rule at all (a stray file, or a link to something else): say nothing of what it holds.
            problem(root, "not a rule file: a mapping with 'id' and 'match' expected (its content is not quoted)")
            return nil
        }
        for (k, _) in map where !Self.topKeys.contains(k.string ?? "") {
            problem(k, "unknown key '\(Self.excerpt(k.string ?? "?"))'")
        }
        let before = problems.count
        guard let id = string(map, "id") else { return nil }
        // Every later message names the rule: an id that is not an identifier is named only as a short excerpt.
        ruleId = Self.isIdentifier(id) && id.utf8.count <= 80 ? id : Self.excerpt(id)
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if base != id {
            problem(map[key: "id"], "id '\(Self.excerpt(id))' does not match the file name '\(Self.excerpt(base))'")
        }
        if !Self.isIdentifier(id) {
            problem(map[key: "id"], "id must be snake_case")
        }
        let title = string(map, "title") ?? ""
        let description = string(map, "description") ?? ""
        let status = enumValue(map, "status", Rule.Status.self) ?? .experimental
        let level = enumValue(map, "level", Rule.Level.self) ?? .medium
        var side = enumValue(map, "side", Side.self) ?? .none
        if side == .inconclusive {
            problem(
                map[key: "side"], "'side' must be one of: " + Side.ruleSides.map(\.rawValue).joined(separator: ", "))
            side = .none
        }
        let category = string(map, "category") ?? ""
        let route = string(map, "route", required: false)
        let isFallback = bool(map, "fallback") ?? false
        let confidence = number(map, "confidence") ?? 0.5
        if !(0...1).contains(confidence) { problem(map[key: "confidence"], "confidence must be between 0 and 1") }
        var priority = isFallback ? 10 : 50
        if let p = number(map, "priority", required: false) {
            // `Int(_:)` traps on NaN, infinity and values out of range (found by the rule-reader fuzz target).
            if p.isFinite, abs(p) <= 1_000_000 {
                priority = Int(p)
            } else {
                problem(map[key: "priority"], "priority must be a whole number between -1000000 and 1000000")
            }
        }
        let remediation = readRemediation(map[key: "remediation"])
        guard let matchNode = map[key: "match"] else {
            problem(root, "missing required key 'match'")
            return nil
        }
        let match = condition(matchNode)
        let correlation = map[key: "correlation"].flatMap { readCorrelation($0) }
        let examples = readExamples(map[key: "examples"])
        let overrides = string(map, "overridesErrorType", required: false)
        guard problems.count == before, let match else { return nil }
        return Rule(
            id: id,
            title: title,
            description: description,
            status: status,
            level: level,
            references: strings(map[key: "references"]),
            tags: strings(map[key: "tags"]),
            side: side,
            category: category,
            route: route,
            confidence: confidence,
            priority: priority,
            isFallback: isFallback,
            remediation: remediation,
            match: match,
            correlation: correlation,
            examples: examples,
            file: file,
            overridesErrorType: overrides
        )
    }

    // MARK: - Limits and quoting

    /// The nodes of `node`'s tree with every alias counted as a copy, counting stops past `limit` (so a tree of
    /// aliases of aliases costs no more than `limit` steps).
    static func nodeCount(_ node: Node, limit: Int) -> Int {
        var count = 0
        func visit(_ n: Node) {
            guard count <= limit else { return }
            count += 1
            switch n {
            case .scalar, .alias: break
            case .sequence(let s):
                for x in s {
                    visit(x)
                    if count > limit { return }
                }
            case .mapping(let m):
                for (k, v) in m {
                    visit(k)
                    visit(v)
                    if count > limit { return }
                }
            }
        }
        visit(node)
        return count
    }

    /// The 1-based line of the first alias used as a mapping key (`*a: x`, `{*a: x}`, `? *a`), if any.
    static func aliasKeyLine(_ text: String) -> Int? {
        let b = Array(text.utf8)
        var line = 1
        var start = 0
        // Every finding needs a `*` on its line, so only such lines are read byte by byte.
        while start < b.count {
            let end = b[start...].firstIndex(of: 0x0A) ?? b.count
            if b[start..<end].contains(0x2A), aliasKey(inLine: b[start..<end]) { return line }
            line += 1
            start = end + 1
        }
        return nil
    }

    /// True when the line (no line feed) holds an alias used as a mapping key.
    private static func aliasKey(inLine b: ArraySlice<UInt8>) -> Bool {
        var lineStart = true
        var i = b.startIndex
        func isName(_ c: UInt8) -> Bool {
            c > 0x20 && c != 0x2C && c != 0x5B && c != 0x5D && c != 0x7B && c != 0x7D && c != 0x3A
        }
        while i < b.endIndex {
            let c = b[i]
            if lineStart, c == 0x3F, i + 1 < b.endIndex, b[i + 1] == 0x20, b[(i + 2)...].contains(0x2A) {
                return true  // an explicit key holding an alias
            }
            if c != 0x20, c != 0x2D { lineStart = false }
            if c == 0x2A, i == b.startIndex || [0x20, 0x09, 0x5B, 0x7B, 0x2C].contains(b[i - 1]) {
                var j = i + 1
                while j < b.endIndex, isName(b[j]) { j += 1 }
                if j > i + 1 {
                    while j < b.endIndex, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                    if j < b.endIndex, b[j] == 0x3A { return true }
                }
                i = j
                continue
            }
            i += 1
        }
        return false
    }

    /// `s` as quoted in a message: at most `max` characters, control and format characters, quotes and backslashes
    /// escaped (a rule file may hold anything; a message must not carry it onto a terminal).
    static func excerpt(_ s: String, max: Int = 40) -> String {
        var out = ""
        var n = 0
        for u in s.unicodeScalars {
            if n == max {
                out += "…"
                break
            }
            n += 1
            switch u.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                out += "\\u{" + String(u.value, radix: 16) + "}"
            default:
                if u == "'" || u == "\\" { out += "\\" }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    // MARK: - Scalars

    /// `^[a-z][a-z0-9_]*$`, without a regex engine (start-up reads every rule).
    static func isIdentifier(_ s: String) -> Bool {
        var it = s.utf8.makeIterator()
        guard let f = it.next(), f >= 0x61, f <= 0x7A else { return false }
        while let b = it.next() {
            guard (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F else { return false }
        }
        return true
    }

    /// `s` without leading and trailing ASCII whitespace (Foundation's trimming is slow enough to show at start-up).
    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) })!
        if first == u.startIndex, last == u.index(before: u.endIndex) { return s }
        return String(s[first...last])
    }

    private mutating func string(_ map: KeyedMapping, _ key: String, required: Bool = true) -> String? {
        guard let n = map[key: key] else {
            if required { problem(Node.mapping(map.mapping), "missing required key '\(key)'") }
            return nil
        }
        guard case .scalar(let s) = n else {
            problem(n, "'\(key)' must be a string")
            return nil
        }
        return Self.trimmed(s.string)
    }

    private mutating func number(_ map: KeyedMapping, _ key: String, required: Bool = true) -> Double? {
        guard let n = map[key: key] else {
            if required { problem(Node.mapping(map.mapping), "missing required key '\(key)'") }
            return nil
        }
        guard let d = n.string.flatMap(Double.init) else {
            problem(n, "'\(key)' must be a number")
            return nil
        }
        return d
    }

    private mutating func bool(_ map: KeyedMapping, _ key: String) -> Bool? {
        guard let n = map[key: key] else { return nil }
        switch n.string?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            problem(n, "'\(key)' must be true or false")
            return nil
        }
    }

    private mutating func enumValue<E: RawRepresentable & CaseIterable>(
        _ map: KeyedMapping,
        _ key: String,
        _: E.Type
    ) -> E? where E.RawValue == String {
        guard let s = string(map, key) else { return nil }
        guard let v = E(rawValue: s) else {
            problem(map[key: key], "'\(key)' must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return v
    }

    private mutating func strings(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if case .scalar(let s) = node { return [s.string] }
        guard case .sequence(let seq) = node else {
            problem(node, "expected a list of strings")
            return []
        }
        return seq.compactMap { n in
            guard case .scalar(let s) = n else {
                problem(n, "expected a string")
                return nil
            }
            return s.string
        }
    }

    mutating func checkKeys(_ map: KeyedMapping, _ allowed: Set<String>, _ what: String) {
        for (k, _) in map where !allowed.contains(k.string ?? "") {
            problem(
                k,
                "unknown key '\(Self.excerpt(k.string ?? "?"))' in \(what) (allowed: "
                    + "\(allowed.sorted().joined(separator: ", ")))"
            )
        }
    }

    // MARK: - Remediation

    private mutating func readRemediation(_ node: Node?) -> Remediation {
        guard let node else { return Remediation() }
        guard case .mapping(let raw) = node else {
            problem(node, "'remediation' must be a mapping with en, ru, internal")
            return Remediation()
        }
        let m = KeyedMapping(raw)
        checkKeys(m, ["en", "ru", "internal"], "remediation")
        let r = Remediation(
            en: string(m, "en", required: false) ?? "",
            ru: string(m, "ru", required: false) ?? "",
            internal: string(m, "internal", required: false) ?? ""
        )
        for key in ["en", "ru", "internal"] {
            guard let n = m[key: key], let s = n.string else { continue }
            for name in RuleTemplate.placeholders(s)
            where EventField.named(name) == nil && !RuleTemplate.correlationNames.contains(name) && name != "timestamp"
            {
                problem(n, "unknown placeholder {\(Self.excerpt(name))} in remediation.\(key)")
            }
        }
        return r
    }
}
