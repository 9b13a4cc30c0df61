/// Three-valued reading of a condition when only one field's value is known (for `rules lint`).
extension Condition {
    /// Whether the condition can hold on an event whose `field` has `value` (nil: absent), whatever the other fields
    /// and the record's text are: `false` when it cannot, `true` when it must, nil when it depends on the rest.
    func admits(_ field: EventField, _ value: FieldValue?) -> Bool? {
        switch self {
        case .all(let xs):
            var sure = true
            for x in xs {
                switch x.admits(field, value) {
                case .some(false): return false
                case .none: sure = false
                case .some(true): break
                }
            }
            return sure ? true : nil
        case .any(let xs):
            var unsure = false
            for x in xs {
                switch x.admits(field, value) {
                case .some(true): return true
                case .none: unsure = true
                case .some(false): break
                }
            }
            return unsure ? nil : false
        case .not(let x):
            return x.admits(field, value).map { !$0 }
        case .field(let f, let p, let cs):
            guard f == field else { return nil }
            return Self.test(p, value, caseSensitive: cs)
        case .text:
            return nil
        }
    }

    /// True when the condition cannot hold on an event whose `field` has `value`.
    func excludes(_ field: EventField, _ value: FieldValue?) -> Bool { admits(field, value) == false }

    /// True when the condition tests `field` anywhere (under `not:` too).
    func mentions(_ field: EventField) -> Bool {
        switch self {
        case .all(let xs), .any(let xs): return xs.contains { $0.mentions(field) }
        case .not(let x): return x.mentions(field)
        case .field(let f, _, _): return f == field
        case .text: return false
        }
    }
}
