import Foundation

/// The parsed catalogue in a compact form of its own, so `analyze` does not parse YAML at start-up.
///
/// `Scripts/embed-rules.sh` writes `Generated/CompiledCatalogue.swift` (``CompiledCatalogue``) from the rules parsed
/// out of `Rules/` without their examples; ``RuleCatalogue/loadBundled(examples:)`` decodes it when its header names
/// the embedded YAML texts it was made from (``sourceDigest(_:)``) and its own bytes are whole, else it reads the
/// YAML as before. Regexes travel as their pattern and options and are compiled again when read.
///
/// Layout: the header (``magic``, ``version``, the digest of the rule files, the checksum of the body) and the body:
/// the rule count, then each rule's fields in declaration order; integers zig-zag LEB128 and strings length-prefixed
/// (``PackedEvent/Writer``), enums by tag. `RuleCodecTests` checks that the generated form is current and decodes to
/// rules that dump the same as the YAML's.
enum RuleCodec {
    static let magic: [UInt8] = Array("LTRC".utf8)
    /// Bumped when the layout changes (a form of another version is not read).
    static let version = 2

    /// The header and body for `rules`, made from `files` (the rule files' paths and texts).
    static func encode(_ rules: [Rule], files: [(String, String)]) -> [UInt8] {
        var body = PackedEvent.Writer()
        body.int(rules.count)
        for r in rules { body.rule(r) }
        var head = PackedEvent.Writer()
        head.out = magic
        head.int(version)
        head.uint64(sourceDigest(files))
        head.uint64(fnv1a(body.out[...]))
        head.int(body.out.count)
        return head.out + body.out
    }

    /// The rules in `bytes` when they were made from exactly `files` by this version of the codec; nil otherwise (a
    /// stale or damaged form: the caller reads the YAML instead).
    static func decode(_ bytes: [UInt8], files: [(String, String)]) -> [Rule]? {
        guard bytes.count > magic.count + 4, Array(bytes[0..<magic.count]) == magic else { return nil }
        var head = Decoder(bytes: bytes, i: magic.count)
        guard let v = head.int(), v == version, let digest = head.uint64(), digest == sourceDigest(files),
            let sum = head.uint64(), let count = head.int(), count == bytes.count - head.i,
            fnv1a(bytes[head.i...]) == sum
        else { return nil }
        // The body is whole and made by this codec from these files: a read past its end cannot happen; if it
        // did (a codec bug), the decoder says so with nil rather than trapping.
        var d = Decoder(bytes: bytes, i: head.i)
        guard let n = d.int(), n >= 0, n <= RuleCatalogue.maxFiles else { return nil }
        var rules: [Rule] = []
        rules.reserveCapacity(n)
        for _ in 0..<n {
            guard let r = d.rule() else { return nil }
            rules.append(r)
        }
        return d.i == bytes.count ? rules : nil
    }

    /// FNV-1a over every file's path and text, in the order given (paths sorted by the caller), with separators.
    static func sourceDigest(_ files: [(String, String)]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) {
            var s = s
            s.withUTF8 { for b in $0 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
            h = (h ^ 0xFF) &* 0x100_0000_01b3  // not a UTF-8 byte: separates the strings
        }
        for (path, text) in files {
            add(path)
            add(text)
        }
        return h
    }

    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

// MARK: - Writing

extension PackedEvent.Writer {
    mutating func uint64(_ v: UInt64) { int(Int(bitPattern: UInt(v))) }

    mutating func double(_ d: Double) { uint64(d.bitPattern) }

    mutating func bool(_ b: Bool) { byte(b ? 1 : 0) }

    mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    mutating func strings(_ xs: [String]) {
        int(xs.count)
        for x in xs { string(x) }
    }

    mutating func fields(_ fs: [EventField]) { strings(fs.map(\.rawValue)) }

    mutating func rule(_ r: Rule) {
        string(r.id)
        string(r.title)
        string(r.description)
        string(r.status.rawValue)
        string(r.level.rawValue)
        strings(r.references)
        strings(r.tags)
        string(r.side.rawValue)
        string(r.category)
        optionalString(r.route)
        double(r.confidence)
        int(r.priority)
        bool(r.isFallback)
        string(r.remediation.en)
        string(r.remediation.ru)
        string(r.remediation.internal)
        condition(r.match)
        bool(r.correlation != nil)
        if let c = r.correlation { correlation(c) }
        // Examples are not kept: only `rules lint` and `rules test` read them, from the YAML.
        string(r.file)
        optionalString(r.overridesErrorType)
    }

    mutating func condition(_ c: Condition) {
        switch c {
        case .all(let xs):
            byte(0)
            int(xs.count)
            for x in xs { condition(x) }
        case .any(let xs):
            byte(1)
            int(xs.count)
            for x in xs { condition(x) }
        case .not(let x):
            byte(2)
            condition(x)
        case .field(let f, let p, let cs):
            byte(3)
            string(f.rawValue)
            predicate(p)
            bool(cs)
        case .text(.contains(let lits, let ic)):
            byte(4)
            int(lits.count)
            for l in lits {
                int(l.count)
                out += l
            }
            bool(ic)
        case .text(.regex(let r)):
            byte(5)
            regex(r)
        }
    }

    mutating func predicate(_ p: Condition.Predicate) {
        switch p {
        case .equals(let o):
            byte(0)
            operand(o)
        case .oneOf(let os):
            byte(1)
            int(os.count)
            for o in os { operand(o) }
        case .prefix(let s):
            byte(2)
            string(s)
        case .suffix(let s):
            byte(3)
            string(s)
        case .contains(let s):
            byte(4)
            string(s)
        case .regex(let r):
            byte(5)
            regex(r)
        case .compare(let c, let d):
            byte(6)
            string(c.rawValue)
            double(d)
        case .exists(let b):
            byte(7)
            bool(b)
        }
    }

    mutating func operand(_ o: Condition.Operand) {
        switch o {
        case .string(let s):
            byte(0)
            string(s)
        case .number(let d):
            byte(1)
            double(d)
        case .bool(let b):
            byte(2)
            bool(b)
        }
    }

    mutating func regex(_ r: ByteRegex) {
        string(r.pattern)
        bool(r.isCaseInsensitive)
        int(r.maxSteps)
        bool(r.spellsCaseVariants)
    }

    mutating func correlation(_ c: Correlation) {
        switch c.kind {
        case .count(let window, let minCount, let distinct):
            byte(0)
            int(Int(window.milliseconds))
            int(minCount)
            bool(distinct != nil)
            if let d = distinct {
                string(d.field.rawValue)
                int(d.min)
            }
        case .sequence(let after, let select, let gap):
            byte(1)
            condition(after)
            string(select.rawValue)
            int(gap.count)
            for g in gap {
                string(g.comparison.rawValue)
                switch g.value {
                case .duration(let d):
                    byte(0)
                    int(Int(d.milliseconds))
                case .anchorField(let f):
                    byte(1)
                    string(f.rawValue)
                }
            }
        }
        fields(c.groupBy)
        fields(c.differ)
        bool(c.baselineFactor != nil)
        if let b = c.baselineFactor { double(b) }
    }
}

// MARK: - Reading

extension RuleCodec {
    /// Reads what ``PackedEvent/Writer`` wrote; every read gives nil past the end or on a value out of its range.
    struct Decoder {
        let bytes: [UInt8]
        var i: Int

        mutating func byte() -> UInt8? {
            guard i < bytes.count else { return nil }
            defer { i += 1 }
            return bytes[i]
        }

        mutating func int() -> Int? {
            var z: UInt = 0
            var shift: UInt = 0
            while true {
                guard let b = byte(), shift < 64 else { return nil }
                z |= UInt(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(bitPattern: z >> 1) ^ -Int(bitPattern: z & 1)
        }

        /// A count or length: at least 0 and no more than the bytes left.
        mutating func count() -> Int? {
            guard let n = int(), n >= 0, n <= bytes.count - i else { return nil }
            return n
        }

        mutating func uint64() -> UInt64? { int().map { UInt64(UInt(bitPattern: $0)) } }

        mutating func double() -> Double? { uint64().map(Double.init(bitPattern:)) }

        mutating func bool() -> Bool? {
            switch byte() {
            case 0: return false
            case 1: return true
            default: return nil
            }
        }

        mutating func raw() -> [UInt8]? {
            guard let n = count() else { return nil }
            defer { i += n }
            return Array(bytes[i..<(i + n)])
        }

        mutating func string() -> String? { raw().map { String(decoding: $0, as: UTF8.self) } }

        mutating func optionalString() -> String?? {
            guard let has = bool() else { return nil }
            return has ? string().map { .some($0) } : .some(nil)
        }

        mutating func strings() -> [String]? {
            guard let n = count() else { return nil }
            var out: [String] = []
            for _ in 0..<n {
                guard let s = string() else { return nil }
                out.append(s)
            }
            return out
        }

        mutating func field() -> EventField? { string().flatMap(EventField.init(rawValue:)) }

        mutating func fields() -> [EventField]? {
            guard let names = strings() else { return nil }
            let fs = names.compactMap(EventField.init(rawValue:))
            return fs.count == names.count ? fs : nil
        }

        mutating func rule() -> Rule? {
            guard let id = string(), let title = string(), let description = string(),
                let status = string().flatMap(Rule.Status.init(rawValue:)),
                let level = string().flatMap(Level.init(rawValue:)), let references = strings(),
                let tags = strings(), let side = string().flatMap(Side.init(rawValue:)), let category = string(),
                let route = optionalString(), let confidence = double(), let priority = int(),
                let isFallback = bool(), let en = string(), let ru = string(), let internalText = string(),
                let match = condition(), let hasCorrelation = bool()
            else { return nil }
            var correlation: Correlation?
            if hasCorrelation {
                guard let c = self.correlation() else { return nil }
                correlation = c
            }
            guard let file = string(), let overrides = optionalString() else { return nil }
            return Rule(
                id: id, title: title, description: description, status: status, level: level,
                references: references, tags: tags, side: side, category: category, route: route,
                confidence: confidence, priority: priority, isFallback: isFallback,
                remediation: Remediation(en: en, ru: ru, internal: internalText), match: match,
                correlation: correlation, examples: [], file: file, overridesErrorType: overrides)
        }

        mutating func conditions() -> [Condition]? {
            guard let n = count() else { return nil }
            var out: [Condition] = []
            for _ in 0..<n {
                guard let c = condition() else { return nil }
                out.append(c)
            }
            return out
        }

        mutating func condition() -> Condition? {
            switch byte() {
            case 0: return conditions().map { .all($0) }
            case 1: return conditions().map { .any($0) }
            case 2: return condition().map { .not($0) }
            case 3:
                guard let f = field(), let p = predicate(), let cs = bool() else { return nil }
                return .field(f, p, caseSensitive: cs)
            case 4:
                guard let n = count() else { return nil }
                var lits: [[UInt8]] = []
                for _ in 0..<n {
                    guard let l = raw() else { return nil }
                    lits.append(l)
                }
                guard let ic = bool() else { return nil }
                return .text(.contains(lits, ignoreCase: ic))
            case 5: return regex().map { .text(.regex($0)) }
            default: return nil
            }
        }

        mutating func predicate() -> Condition.Predicate? {
            switch byte() {
            case 0: return operand().map { .equals($0) }
            case 1:
                guard let n = count() else { return nil }
                var os: [Condition.Operand] = []
                for _ in 0..<n {
                    guard let o = operand() else { return nil }
                    os.append(o)
                }
                return .oneOf(os)
            case 2: return string().map { .prefix($0) }
            case 3: return string().map { .suffix($0) }
            case 4: return string().map { .contains($0) }
            case 5: return regex().map { .regex($0) }
            case 6:
                guard let c = string().flatMap(Condition.Comparison.init(rawValue:)), let d = double() else {
                    return nil
                }
                return .compare(c, d)
            case 7: return bool().map { .exists($0) }
            default: return nil
            }
        }

        mutating func operand() -> Condition.Operand? {
            switch byte() {
            case 0: return string().map { .string($0) }
            case 1: return double().map { .number($0) }
            case 2: return bool().map { .bool($0) }
            default: return nil
            }
        }

        mutating func regex() -> ByteRegex? {
            guard let pattern = string(), let ci = bool(), let steps = int(), let spell = bool() else { return nil }
            return try? ByteRegex(pattern, caseInsensitive: ci, maxSteps: steps, spellCaseVariants: spell)
        }

        mutating func correlation() -> Correlation? {
            let kind: Correlation.Kind
            switch byte() {
            case 0:
                guard let ms = int(), let minCount = int(), let hasDistinct = bool() else { return nil }
                var distinct: Correlation.Distinct?
                if hasDistinct {
                    guard let f = field(), let min = int() else { return nil }
                    distinct = Correlation.Distinct(field: f, min: min)
                }
                kind = .count(window: .init(milliseconds: Int64(ms)), minCount: minCount, distinct: distinct)
            case 1:
                guard let after = condition(), let select = string().flatMap(Correlation.Select.init(rawValue:)),
                    let n = count()
                else { return nil }
                var gap: [Correlation.GapBound] = []
                for _ in 0..<n {
                    guard let c = string().flatMap(Condition.Comparison.init(rawValue:)) else { return nil }
                    switch byte() {
                    case 0:
                        guard let ms = int() else { return nil }
                        gap.append(.init(comparison: c, value: .duration(.init(milliseconds: Int64(ms)))))
                    case 1:
                        guard let f = field() else { return nil }
                        gap.append(.init(comparison: c, value: .anchorField(f)))
                    default: return nil
                    }
                }
                kind = .sequence(after: after, select: select, gap: gap)
            default: return nil
            }
            guard let groupBy = fields(), let differ = fields(), let hasBaseline = bool() else { return nil }
            var c = Correlation(kind: kind, groupBy: groupBy, differ: differ)
            if hasBaseline {
                guard let b = double() else { return nil }
                c.baselineFactor = b
            }
            return c
        }
    }
}

// MARK: - The generated file

extension RuleCatalogue {
    /// The text of `Generated/CompiledCatalogue.swift` for the bundled rules, read from their YAML without examples
    /// (`logtriage rules compile`, run by `Scripts/embed-rules.sh`).
    public static func compiledCatalogueSource() throws -> String {
        let files = EmbeddedCatalogue.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let bytes = RuleCodec.encode(try loadBundledYAML(files: files).rules, files: files)
        let base64 = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return """
            // Generated by Scripts/embed-rules.sh (logtriage rules compile) from Rules/ - do not edit.
            // swift-format-ignore-file

            import Foundation

            /// The bundled rules in the compact form of ``RuleCodec``, made from the rule files of
            /// ``EmbeddedCatalogue`` (which it names by digest: a stale form is not read).
            enum CompiledCatalogue {
                static let bytes: [UInt8] = Array(Data(base64Encoded: text, options: .ignoreUnknownCharacters) ?? Data())

                private static let text = \"\"\"
            \(base64)
            \"\"\"
            }

            """
    }
}
