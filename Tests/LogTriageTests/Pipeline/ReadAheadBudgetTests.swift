import Foundation
import Testing

@testable import LogTriage

/// What waits between the reading threads and the consumer is bounded by one budget, whatever the threads' speeds.
struct ReadAheadBudgetTests {
    /// Producers far faster than the consumer: the budget never holds more than its cap plus the one batch the
    /// channel being consumed may always hold, and every batch arrives, in order.
    @Test func slowConsumerNeverExceedsTheCap() {
        let budget = ReadAheadBudget(maxBytes: 10_000, reservedBytes: 2_000)
        let channels = (0..<5).map { _ in IngestChannel(maxBufferedBytes: 4_000, shared: budget) }
        for (k, c) in channels.enumerated() {
            Thread {
                for n in 0..<60 {
                    let run = QuietRun(records: k * 1000 + n)
                    guard c.put([.quiet(run)], cost: 500) else { return }
                }
                c.finish(.failure(CancellationError()))
            }.start()
        }
        for (k, c) in channels.enumerated() {
            var n = 0
            while let batch = c.take() {
                guard case .quiet(let run) = batch.first else {
                    Issue.record("unexpected item")
                    return
                }
                #expect(run.records == k * 1000 + n)
                n += 1
                usleep(200)  // a starved consumer
            }
            #expect(n == 60)
        }
        #expect(budget.peakBytes <= 10_000 + 500)
        #expect(budget.peakBytes >= 8_000)  // later inputs did read ahead
    }

    /// A consumer that has not reached a channel yet leaves it to the budget minus the reserve; the channel it drains
    /// may always take one batch, so reading never deadlocks even with the budget full of later inputs.
    @Test func fitsRules() {
        let b = ReadAheadBudget(maxBytes: 1_000, reservedBytes: 200)
        #expect(b.fits(800, own: 0, ownCap: 1_000, consumed: false))
        #expect(!b.fits(801, own: 0, ownCap: 1_000, consumed: false))
        #expect(b.fits(1_000, own: 0, ownCap: 1_000, consumed: true))
        #expect(!b.fits(100, own: 950, ownCap: 1_000, consumed: true))
        b.add(1_000)
        #expect(b.fits(5_000, own: 0, ownCap: 1_000, consumed: true))
        #expect(!b.fits(1, own: 0, ownCap: 1_000, consumed: false))
    }

    /// Real inputs (several files, a .gz in two stages, a file in parts) with a small budget and a consumer that
    /// sleeps on every batch: the budget holds, and the items are those of an unhurried read.
    @Test(arguments: [
        ["nlog-retry-storm-provider.log", "nlog-token-expired.log", "serilog-json-void-window.jsonl"],
        ["nlog-ordercreate-internal-error.log.gz"],
        ["nlog-retry-storm-provider.log"],
    ])
    func realInputsWithinBudget(files: [String]) throws {
        let paths = ParallelReadTests.paths(files)
        let cap = 64 << 10
        func read(slow: Bool, budget: Int) throws -> (items: Int, peak: Int) {
            let catalogue = try RuleCatalogue.loadBundled()
            let engine = RuleEngine(catalogue: catalogue)
            var policy = ParallelIngest.Policy(parallelFrom: 0, splitFrom: 0, warmUpBytes: 20_000, minPartBytes: 1)
            policy.maxReadAheadBytes = budget
            policy.reservedBytes = budget / 4
            let ingest = ParallelIngest(
                paths: paths, options: IngestOptions(), engine: engine,
                makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy()) }, threads: 3, policy: policy)
            defer { ingest.cancel() }
            var items = 0
            for parts in ingest.channels {
                for c in parts {
                    while let batch = c.take() {
                        for item in batch {
                            if case .quiet(let q) = item { items += q.records } else { items += 1 }
                        }
                        if slow { usleep(2_000) }
                    }
                    _ = try c.report()
                }
            }
            return (items, ingest.budget.peakBytes)
        }
        let fast = try read(slow: false, budget: 16 << 20)
        let slow = try read(slow: true, budget: cap)
        #expect(slow.items == fast.items)
        #expect(slow.items > 0)
        // The cap, plus one batch (an eighth of it, plus a record) for each of at most two channels being consumed.
        #expect(slow.peak <= cap + 2 * (cap / 8 + 32 << 10))
    }

    /// Producers blocked on a full budget and inputs not started yet: cancelling wakes the blocked ones, starts no
    /// more, and returns only once every thread has returned (joined); the channels are then closed.
    @Test func cancelStopsAndJoinsEveryThread() throws {
        let files = ParallelReadTests.paths([
            "nlog-retry-storm-provider.log", "nlog-token-expired.log", "serilog-json-void-window.jsonl",
            "nlog-stand-mismatch.log", "all-ok.log", "curl-gateway-504.txt",
        ])
        let catalogue = try RuleCatalogue.loadBundled()
        var policy = ParallelIngest.Policy(parallelFrom: 0)
        policy.maxReadAheadBytes = 8 << 10
        policy.reservedBytes = 2 << 10
        let ingest = ParallelIngest(
            paths: files, options: IngestOptions(), engine: RuleEngine(catalogue: catalogue),
            makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy()) }, threads: 2, policy: policy)
        #expect(ingest.channels[0][0].take() != nil)  // the first input did start
        ingest.cancel()
        for c in ingest.channels.joined() {
            #expect(c.take() == nil)
            #expect(!c.put([.quiet(QuietRun())], cost: 1))
        }
    }

    /// Planning a split takes a bounded number of parts whatever the thread count asked for.
    @Test func partsBoundedBySizeNotThreads() throws {
        var body = ""
        var n = 0
        while body.utf8.count < 400_000 {
            n += 1
            body += "2026-11-18 10:00:\(String(format: "%02d", n % 60)).0000|INFO|App|line \(n) of a quiet log\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lt-plan-\(UUID().uuidString).log")
        try Data(body.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let plan = FileShards.plan(
            path: url.path, options: IngestOptions(), count: 100_000, minBytes: 0, warmUpBytes: 1_000,
            minPartBytes: 50_000)
        #expect(plan != nil)
        #expect((plan?.parts.count ?? 0) <= 400_000 / 50_000 + 1)
        #expect((plan?.parts.count ?? 0) >= 2)
        #expect(ReadThreads.clamped(100_000) == ReadThreads.maximum)
        #expect(ReadThreads.maximum <= 64)
    }
}
