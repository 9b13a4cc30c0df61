import Foundation
import Synchronization

/// The patterns whose searches ran out of their step budget (``ByteRegex/maxSteps``) in this process, with how often:
/// such a search leaves its test undecided (neither hit nor miss), so `analyze` reports them rather than passing over
/// them silently.
///
/// Process-wide (the engines of all reading threads write to it), its table behind a `Mutex`; recording happens only
/// when a budget ran out, so it costs nothing on the normal path.
public final class RegexBudgetLog: Sendable {
    public static let shared = RegexBudgetLog()

    private let counts = Mutex<[String: Int]>([:])

    func record(_ pattern: String) {
        counts.withLock { $0[pattern, default: 0] += 1 }
    }

    /// Each pattern that ran out, with the number of searches, most first.
    public func snapshot() -> [(pattern: String, searches: Int)] {
        counts.withLock { $0.map { ($0.key, $0.value) } }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }

    /// One line per pattern that ran out (at most `limit`), for a user.
    public func notes(limit: Int = 5) -> [String] {
        snapshot().prefix(limit).map {
            "the regex /\(RuleFileReader.excerpt($0.pattern, max: 60))/ gave up on its step budget in \($0.searches) "
                + "search(es), left undecided (`rules lint` flags such patterns)"
        }
    }

    /// Forgets what was recorded (tests, or a long-running process between analyses).
    public func reset() {
        counts.withLock { $0 = [:] }
    }
}
