import Foundation

/// How a rule correlates several events instead of judging one.
///
/// The rule's `match` selects the events the correlation is about; `groupBy` fields split them into independent
/// groups (e.g. per `method`). Groups span every file fed to one ``RuleEngine`` (all files of one request).
///
/// - `count`: at least `minCount` matching events within `window` (and, with `distinct`, at least `min` different
///   values of a field among them), e.g. InternalServerError ≥ 5 in 10 min over ≥ 3 methods. Fires once per group;
///   later events of the group only raise the hit's occurrence count.
/// - `sequence`: a matching event whose gap to an earlier `after` event of the same group satisfies `gap`, e.g. an
///   OrderCancel error more than 15 min after the payment OrderChange. `select` picks the `last` (default) or the
///   `first` earlier anchor. A gap bound is a duration or `anchor.<field>` (seconds, e.g. `anchor.retryAfter`).
///   `differ` fields must have a different value in the anchor than in the matching event (e.g. `stand`: a login
///   that worked on the other stand).
public struct Correlation: Sendable {
    public var kind: Kind
    var groupBy: [EventField]
    /// Sequence only: fields whose value must differ between the anchor and the matching event.
    var differ: [EventField] = []
    /// Count only: the busiest window must hold at least this many times the group's average per window over the
    /// whole log (a storm is a sharp rise against the log's own baseline, not a count). Needs a log at least
    /// ``baselineSpanWindows`` windows long; in a shorter one only `minCount` applies. Decided when the engine
    /// finishes.
    var baselineFactor: Double?
    static let baselineSpanWindows: Int64 = 10

    public init(kind: Kind, groupBy: [EventField], differ: [EventField] = []) {
        self.kind = kind
        self.groupBy = groupBy
        self.differ = differ
    }

    public enum Kind: Sendable {
        case count(window: Duration, minCount: Int, distinct: Distinct?)
        case sequence(after: Condition, select: Select, gap: [GapBound])
    }

    public struct Distinct: Sendable {
        public var field: EventField
        public var min: Int
    }

    public enum Select: String, Sendable {
        case first, last
    }

    public struct GapBound: Sendable, CustomStringConvertible {
        public var comparison: Condition.Comparison
        public var value: Value

        public enum Value: Sendable {
            case duration(Duration)
            /// Seconds taken from the anchor event's field.
            case anchorField(EventField)
        }

        public var description: String {
            switch value {
            case .duration(let d): return "gap \(comparison.symbol) \(d)"
            case .anchorField(let f): return "gap \(comparison.symbol) anchor.\(f.rawValue) s"
            }
        }
    }

    public var kindName: String {
        switch kind {
        case .count: return "count"
        case .sequence: return "sequence"
        }
    }

    /// A duration written as `500ms`, `40s`, `15m`, `24h`, `2d` or combined (`23h45m`).
    public struct Duration: Sendable, Equatable, CustomStringConvertible {
        public var milliseconds: Int64

        public init(milliseconds: Int64) { self.milliseconds = milliseconds }

        /// Parses the text form; nil when it is not a duration.
        public init?(parsing text: String) {
            var total: Int64 = 0
            var number: Int64?
            let chars = Array(text.trimmingCharacters(in: .whitespaces).lowercased().utf8)
            var i = 0
            guard !chars.isEmpty else { return nil }
            while i < chars.count {
                let c = chars[i]
                if c >= 0x30 && c <= 0x39 {
                    // Over a year in any unit is no window a rule means (and past it the arithmetic would trap).
                    guard (number ?? 0) < 100_000_000_000 else { return nil }
                    number = (number ?? 0) * 10 + Int64(c - 0x30)
                    i += 1
                    continue
                }
                guard let n = number else { return nil }
                var unit: Int64
                if c == 0x6D, i + 1 < chars.count, chars[i + 1] == 0x73 {  // ms
                    unit = 1
                    i += 1
                } else {
                    switch c {
                    case 0x73: unit = 1000
                    case 0x6D: unit = 60_000
                    case 0x68: unit = 3_600_000
                    case 0x64: unit = 86_400_000
                    default: return nil
                    }
                }
                let (product, overflow) = n.multipliedReportingOverflow(by: unit)
                guard !overflow, product <= 366 * 86_400_000, total <= 366 * 86_400_000 else { return nil }
                total += product
                number = nil
                i += 1
            }
            guard number == nil, total > 0 else { return nil }
            milliseconds = total
        }

        public var description: String {
            var ms = milliseconds
            var out = ""
            for (unit, name) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")] {
                if ms >= unit {
                    out += "\(ms / unit)\(name)"
                    ms %= unit
                }
            }
            return out.isEmpty ? "0s" : out
        }
    }
}

// MARK: - Bounded state

/// The compact, bounded state a ``RuleEngine`` keeps for one correlation rule.
struct CorrelationState: Sendable {
    struct Entry: Sendable {
        var time: Int64
        var seq: Int
        var distinct: String?
        var event: HitEvent
        var anchorValue: Double?
    }

    struct CountGroup: Sendable {
        var entries: [Entry] = []
        var maxTime: Int64 = .min
        /// Index of this group's hit in the engine's hit list, once fired.
        var hitIndex: Int?
        /// Baseline rules: every event of the group, its time span, and the busiest window's hit so far.
        var total = 0
        var firstTime: Int64 = .max
        var busiest: RuleHit?
    }

    struct Candidate: Sendable {
        var group: String
        var time: Int64
        var seq: Int
        var event: LogEvent
    }

    /// Entries kept per group: at least this many of the newest, at most twice as many.
    static let maxEntriesPerGroup = 512
    static let maxGroups = 1024
    /// Anchors kept per group: at least this many of the newest, at most twice as many.
    static let maxAnchorsPerGroup = 1024
    static let maxCandidates = 512

    var countGroups: [String: CountGroup] = [:]
    var anchors: [String: [Entry]] = [:]
    var candidates: [Candidate] = []
    /// Events dropped because a cap was reached (reported, never silent).
    var dropped = 0

    static func groupKey(_ event: LogEvent, _ fields: [EventField]) -> String {
        if fields.isEmpty { return "" }
        return fields.map { event.value(of: $0)?.text.lowercased() ?? "" }.joined(separator: "\u{1F}")
    }

    /// Inserts `entry` keeping `entries` sorted by time; past twice `cap` the oldest are dropped down to `cap` (in one
    /// go, so a full list costs no shifting per event). Returns how many were dropped.
    static func insertSorted(_ entry: Entry, into entries: inout [Entry], cap: Int) -> Int {
        var lo = 0
        var hi = entries.count
        if let last = entries.last, (last.time, last.seq) <= (entry.time, entry.seq) {
            lo = hi  // the usual case: in time order
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if (entries[mid].time, entries[mid].seq) <= (entry.time, entry.seq) { lo = mid + 1 } else { hi = mid }
        }
        entries.insert(entry, at: lo)
        guard entries.count > 2 * cap else { return 0 }
        let drop = entries.count - cap
        entries.removeFirst(drop)
        return drop
    }
}
