import Foundation
import LogTriage
import RequestIntake
import RequestStore

/// What a catalogue change does to past verdicts (`logtriage backtest`): each stored request diagnosed again with
/// the new catalogue (nothing is stored) and compared with a baseline: its stored latest diagnosis, or a diagnosis
/// with a baseline catalogue.
public struct BacktestResult: Codable, Sendable {
    public struct RuleDelta: Codable, Sendable {
        public var rule: String
        /// Requests in which the rule fired.
        public var before: Int
        public var after: Int
    }

    public struct Change: Codable, Sendable {
        public var request: Int64
        public var before: String
        public var after: String
        /// The side a person recorded, when there is one.
        public var outcome: String?
    }

    public struct Agreement: Codable, Sendable {
        /// Requests with a recorded outcome.
        var withOutcome: Int
        public var before: Int
        public var after: Int
    }

    public var baseline: String
    public var candidate: String
    public var requests: Int
    public var changed: Int
    public var changeRatio: Double
    /// old side → new side → requests.
    public var matrix: [String: [String: Int]]
    public var rules: [RuleDelta]
    /// Requests explained before (a rule fired) and not after, with errors left unexplained.
    var becameUnexplained: [Int64]
    var becameExplained: [Int64]
    public var agreement: Agreement
    public var changes: [Change]
    /// Requests that could not be diagnosed (their reasons).
    public var failures: [String]
}

public struct Backtester: Sendable {
    public var store: RequestStore
    public var candidate: RuleCatalogue
    /// `nil`: the stored latest diagnosis.
    public var baseline: RuleCatalogue?
    public var options = IngestOptions()
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    public init(store: RequestStore, candidate: RuleCatalogue, baseline: RuleCatalogue?) {
        self.store = store
        self.candidate = candidate
        self.baseline = baseline
    }

    /// What the comparison needs of one diagnosis (not the diagnosis: a backtest of a large store keeps one of
    /// these per request and side, a few hundred bytes).
    struct Outcome {
        var side: String
        var rules: Set<String>
        var hasUnexplained: Bool

        init(_ d: Diagnosis) {
            side = d.verdict.side.rawValue
            rules = Set(d.findings.map(\.ruleId))
            hasUnexplained = !d.unexplained.isEmpty
        }
    }

    struct Pair {
        var id: Int64
        var before: Outcome
        var after: Outcome
    }

    public func run() throws -> BacktestResult {
        let store = self.store
        var newIntake = RequestIntake(store: store, catalogue: candidate, options: options)
        newIntake.threads = 1
        var oldIntake = baseline.map { RequestIntake(store: store, catalogue: $0, options: options) }
        oldIntake?.threads = 1
        let ids = try store.allRequestIds()
        let lock = NSLock()
        nonisolated(unsafe) var pairs: [Pair] = []
        nonisolated(unsafe) var failures: [String] = []
        let old = oldIntake
        let new = newIntake
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { worker in
            var k = worker
            while k < ids.count {
                let id = ids[k]
                k += max(1, jobs)
                do {
                    let before: Diagnosis?
                    if let old {
                        before = try old.diagnoseStored(requestId: id)
                    } else if let stored = try store.latestDiagnosis(requestId: id) {
                        before = try JSONDecoder().decode(Diagnosis.self, from: stored.json)
                    } else {
                        before = nil
                    }
                    guard let before else { continue }
                    let after = try new.diagnoseStored(requestId: id)
                    lock.lock()
                    pairs.append(Pair(id: id, before: Outcome(before), after: Outcome(after)))
                    lock.unlock()
                } catch {
                    lock.lock()
                    failures.append("request \(id): \(error)")
                    lock.unlock()
                }
            }
        }
        pairs.sort { $0.id < $1.id }
        return try summarise(
            pairs, failures: failures.sorted(), candidateVersion: newIntake.catalogueVersion,
            baselineName: oldIntake?.catalogueVersion ?? "stored")
    }

    func summarise(
        _ pairs: [Pair], failures: [String], candidateVersion: String, baselineName: String
    ) throws -> BacktestResult {
        var matrix: [String: [String: Int]] = [:]
        var before: [String: Int] = [:]
        var after: [String: Int] = [:]
        var changes: [BacktestResult.Change] = []
        var unexplained: [Int64] = []
        var explained: [Int64] = []
        var agreement = BacktestResult.Agreement(withOutcome: 0, before: 0, after: 0)
        for p in pairs {
            let o = p.before.side
            let n = p.after.side
            matrix[o, default: [:]][n, default: 0] += 1
            for r in p.before.rules { before[r, default: 0] += 1 }
            for r in p.after.rules { after[r, default: 0] += 1 }
            let outcome = try store.resolution(requestId: p.id)?.side
            if let outcome {
                agreement.withOutcome += 1
                if outcome == o { agreement.before += 1 }
                if outcome == n { agreement.after += 1 }
            }
            if o != n { changes.append(BacktestResult.Change(request: p.id, before: o, after: n, outcome: outcome)) }
            let wasExplained = !p.before.rules.isEmpty
            let isExplained = !p.after.rules.isEmpty
            if wasExplained && !isExplained && p.after.hasUnexplained { unexplained.append(p.id) }
            if !wasExplained && isExplained && p.before.hasUnexplained { explained.append(p.id) }
        }
        let rules = Set(before.keys).union(after.keys).sorted().map {
            BacktestResult.RuleDelta(rule: $0, before: before[$0] ?? 0, after: after[$0] ?? 0)
        }
        return BacktestResult(
            baseline: baselineName, candidate: candidateVersion, requests: pairs.count, changed: changes.count,
            changeRatio: pairs.isEmpty ? 0 : Double(changes.count) / Double(pairs.count), matrix: matrix,
            rules: rules, becameUnexplained: unexplained, becameExplained: explained, agreement: agreement,
            changes: changes, failures: failures)
    }
}

extension BacktestResult {
    /// The plain-text form: the matrix, the rules whose counts changed, the changed requests.
    public var text: String {
        var t = "Backtest: \(requests) requests, baseline \(baseline), candidate \(candidate)\n"
        t += String(format: "Changed verdicts: %d (%.1f %%)\n\n", changed, changeRatio * 100)
        let sides = StoreReport.sides
        t +=
            "old \\ new".padding(toLength: 14, withPad: " ", startingAt: 0)
            + sides.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined() + "\n"
        for o in sides {
            t +=
                o.padding(toLength: 14, withPad: " ", startingAt: 0)
                + sides.map { String(matrix[o]?[$0] ?? 0).padding(toLength: 13, withPad: " ", startingAt: 0) }
                .joined() + "\n"
        }
        let moved = rules.filter { $0.before != $0.after }
        t += "\nRules whose firing changed (requests before → after): \(moved.isEmpty ? "none" : "")\n"
        for r in moved { t += "  \(r.rule): \(r.before) → \(r.after)\n" }
        t += "\nBecame unexplained: \(becameUnexplained.map(String.init).joined(separator: ", "))\n"
        t += "Became explained: \(becameExplained.map(String.init).joined(separator: ", "))\n"
        if agreement.withOutcome > 0 {
            t +=
                "Agreement with recorded outcomes (\(agreement.withOutcome)): before \(agreement.before), "
                + "after \(agreement.after)\n"
        } else {
            t += "No recorded outcomes (request resolve) to compare with.\n"
        }
        if !changes.isEmpty {
            t += "\nChanged requests:\n"
            for c in changes {
                t +=
                    "  \(c.request): \(c.before) → \(c.after)"
                    + (c.outcome.map { " (recorded: \($0))" } ?? "") + "\n"
            }
        }
        for f in failures { t += "failed: \(f)\n" }
        return t
    }
}
