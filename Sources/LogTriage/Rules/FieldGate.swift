/// A bit per ``EventField``: which fields an event has, and which fields a condition cannot hold without.
///
/// The engine computes an event's mask once per record and skips every rule whose required fields are missing with
/// one AND, before any prefilter or condition work (most records are healthy traffic that no error rule can match).
struct FieldGate: Sendable {
    var mask: UInt64

    static let open = FieldGate(mask: 0)

    /// True when every required field is present in `present`.
    @inline(__always)
    func admits(_ present: UInt64) -> Bool { mask & present == mask }

    @inline(__always)
    static func bit(_ f: EventField) -> UInt64 { 1 << UInt64(EventField.allCases.firstIndex(of: f) ?? 63) }

    /// The fields `event` has (``LogEvent/has(_:)`` for every field, as bits).
    static func present(in event: LogEvent) -> UInt64 {
        var m: UInt64 = 0
        for (k, f) in EventField.allCases.enumerated() where event.has(f) { m |= 1 << UInt64(k) }
        return m
    }
}

extension Condition {
    /// Fields that must be present for the condition to hold: a field test needs its field (except `exists: false`),
    /// `all` needs what any part needs, `any` needs what every branch needs, `not` and text tests need nothing.
    var requiredFields: UInt64 {
        switch self {
        case .all(let xs): return xs.reduce(0) { $0 | $1.requiredFields }
        case .any(let xs):
            guard let first = xs.first else { return 0 }
            return xs.dropFirst().reduce(first.requiredFields) { $0 & $1.requiredFields }
        case .not, .text: return 0
        case .field(let f, let p, _):
            if case .exists(false) = p { return 0 }
            return FieldGate.bit(f)
        }
    }
}
