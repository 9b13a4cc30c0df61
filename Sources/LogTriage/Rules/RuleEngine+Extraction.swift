import LogBytes

/// What extraction on demand (``ExtractionTrigger``) needs from the engine: the trigger, when this catalogue allows
/// it, and matching with the literal hits found during extraction.
extension RuleEngine {
    /// The trigger for extraction on demand, or nil when the cheap pass could change what a rule decides.
    ///
    /// On a record without markers the cheap pass leaves one field empty that the full pass may fill:
    /// ``LogEvent/elements``. A test on it is decided the same way by both passes when it is verbatim (equals, one
    /// of, prefix, suffix, contains) and the record holds none of its values: no element name can pass, so the test
    /// is false on the full list as on the empty one, under `not` too. So these values join the markers. Any other
    /// test of `elements` (exists, regex), or a correlation or remediation that reads it, needs the full pass.
    static func extractionTrigger(rules: [Compiled], scanner: LiteralScanner) -> ExtractionTrigger? {
        var elementLiterals: [ExtractionTrigger.ElementValue] = []
        for c in rules {
            var conditions = [c.condition, c.rule.match]
            if let a = c.anchor { conditions.append(a) }
            if case .sequence(let after, _, _) = c.rule.correlation?.kind { conditions.append(after) }
            for x in conditions {
                guard let ids = x.elementTestLiterals(in: scanner) else { return nil }
                elementLiterals += ids
            }
            if c.readFieldsBeyondConditions.contains(.elements) { return nil }
        }
        return ExtractionTrigger(catalogue: scanner, elementValues: elementLiterals)
    }

    /// What `record` matched (``match(_:bytes:)``), reusing the literals found during its extraction.
    func match(_ record: LogRecord) -> RecordMatch {
        guard let hits = record.literalHits, hits.literals == scanner.count else {
            return match(record.event, bytes: record.bytes[...])
        }
        return match(record.event, bytes: record.bytes[...], hits: hits)
    }
}

extension RuleEngine.Compiled {
    /// The event fields the rule reads besides its conditions: its correlation's and its remediation's (what
    /// ``RuleEngine/apply(_:to:)`` reads, ``RuleEngine/appliedFields``).
    var readFieldsBeyondConditions: Set<EventField> {
        var fields: Set<EventField> = []
        if let c = rule.correlation {
            fields.formUnion(c.groupBy)
            fields.formUnion(c.differ)
            switch c.kind {
            case .count(_, _, let distinct): if let d = distinct { fields.insert(d.field) }
            case .sequence(_, _, let gap):
                for b in gap { if case .anchorField(let f) = b.value { fields.insert(f) } }
            }
        }
        for t in [rule.remediation.en, rule.remediation.ru, rule.remediation.internal] {
            for name in RuleTemplate.placeholders(t) { if let f = EventField.named(name) { fields.insert(f) } }
        }
        return fields
    }
}

extension Condition {
    /// The `scanner` ids of the values of every test of ``LogEvent/elements`` in this condition; nil when one is not
    /// verbatim or has a value that is not a literal of `scanner`
    /// (see ``RuleEngine/extractionTrigger(rules:scanner:)``).
    func elementTestLiterals(in scanner: LiteralScanner) -> [ExtractionTrigger.ElementValue]? {
        switch self {
        case .all(let xs), .any(let xs):
            var ids: [ExtractionTrigger.ElementValue] = []
            for x in xs {
                guard let more = x.elementTestLiterals(in: scanner) else { return nil }
                ids += more
            }
            return ids
        case .not(let x): return x.elementTestLiterals(in: scanner)
        case .text: return []
        case .field(let f, let p, let cs):
            guard f == .elements else { return [] }
            guard case .all(let parts)? = Self.verbatimPrefilter(f, p, caseSensitive: cs) else { return nil }
            // Where the value must sit in a name for the test to pass.
            var (start, end) = (false, false)
            switch p {
            case .equals, .oneOf: (start, end) = (true, true)
            case .prefix: start = true
            case .suffix: end = true
            default: break
            }
            for case .literals(let lits, let ic) in parts {
                var ids: [ExtractionTrigger.ElementValue] = []
                for l in lits {
                    guard let id = scanner.existingId(of: l, ignoreCase: ic) else { return nil }
                    ids.append(.init(id: id, bytes: l, ignoreCase: ic, atNameStart: start, atNameEnd: end))
                }
                return ids
            }
            return nil
        }
    }
}
