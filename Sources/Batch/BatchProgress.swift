import Foundation
import Synchronization

/// Counts of a running batch, shared by the workers and the progress printer (behind a `Mutex`).
public final class BatchProgress: Sendable {
    public struct Snapshot: Sendable {
        public var total: Int
        /// Stored as a new request (with its diagnosis).
        public var added = 0
        /// Stored before; diagnosed now with this catalogue.
        public var diagnosed = 0
        /// Done before with this catalogue (a rerun, a resumed batch).
        public var skipped = 0
        /// Outside `--since`/`--until`.
        public var outOfPeriod = 0
        /// Recorded as failed, with the reason.
        public var failed = 0
        /// Bytes of attachments read.
        public var bytes: Int64 = 0
        public var elapsed: TimeInterval = 0

        public var done: Int { added + diagnosed + skipped + outOfPeriod + failed }
        /// Units per second over the units that were worked on (skips are nearly free and left out).
        public var rate: Double {
            elapsed > 0 ? Double(added + diagnosed + failed) / elapsed : 0
        }
    }

    private struct State {
        var counts: Snapshot
        /// The first failures' reasons, for the summary.
        var failures: [(unit: String, reason: String)] = []
    }

    private let state: Mutex<State>
    private let start = Date()

    public init(total: Int) { state = Mutex(State(counts: Snapshot(total: total))) }

    func record(_ outcome: UnitOutcome, unit: BatchUnit) {
        state.withLock { s in
            switch outcome {
            case .added(let b):
                s.counts.added += 1
                s.counts.bytes += b
            case .diagnosed(let b):
                s.counts.diagnosed += 1
                s.counts.bytes += b
            case .skipped: s.counts.skipped += 1
            case .outOfPeriod: s.counts.outOfPeriod += 1
            case .failed(let reason):
                s.counts.failed += 1
                if s.failures.count < 20 { s.failures.append((unit.name, reason)) }
            }
        }
    }

    public var snapshot: Snapshot {
        var s = state.withLock { $0.counts }
        s.elapsed = Date().timeIntervalSince(start)
        return s
    }

    public var failureReasons: [(unit: String, reason: String)] {
        state.withLock { $0.failures }
    }

    /// `[#####.....] 120/2000  6.1/s  ETA 5m08s  failed 2`
    public static func bar(_ s: Snapshot, width: Int = 30) -> String {
        let fraction = s.total > 0 ? Double(s.done) / Double(s.total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "[\(bar)] " + line(s)
    }

    /// `120/2000 done, 6.1 requests/s, ETA 5m08s, 2 failed`
    public static func line(_ s: Snapshot) -> String {
        let left = s.total - s.done
        let eta = s.rate > 0 ? duration(Double(left) / s.rate) : "?"
        return "\(s.done)/\(s.total) done, " + String(format: "%.1f", s.rate) + " requests/s, ETA \(eta), "
            + "\(s.failed) failed"
    }

    static func duration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        if t >= 3600 { return "\(t / 3600)h\(String(format: "%02d", t % 3600 / 60))m" }
        if t >= 60 { return "\(t / 60)m\(String(format: "%02d", t % 60))s" }
        return "\(t)s"
    }
}

/// What happened to one unit.
enum UnitOutcome: Sendable {
    case added(Int64)
    case diagnosed(Int64)
    case skipped
    case outOfPeriod
    case failed(String)
}
