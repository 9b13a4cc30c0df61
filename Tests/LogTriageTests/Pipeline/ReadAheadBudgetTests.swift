import Foundation
import Synchronization
import Testing

@testable import LogTriage

/// What waits between the reading threads and the consumer is bounded by one budget, whatever the threads' speeds.
struct ReadAheadBudgetTests {
    /// Producers far faster than the consumer: the budget never holds more than its cap plus the one batch the
    /// channel being consumed may always hold, and every batch arrives, in order.
    @Test func slowConsumerNeverExceedsTheCap() {
        let budget = ReadAheadBudget(maxBytes: 10_000, reservedBytes: 2_000)
        let channels = (0..<5).map { _ in IngestChannel<Int>(maxBufferedBytes: 4_000, shared: budget) }
        for (k, c) in channels.enumerated() {
            Thread {
                for n in 0..<60 {
                    guard c.put([k * 1000 + n], cost: 500) else { return }
                }
                c.finish(.failure(CancellationError()))
            }.start()
        }
        for (k, c) in channels.enumerated() {
            var n = 0
            while let batch = c.take() {
                #expect(batch == [k * 1000 + n])
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

    /// Real inputs (several files, a .gz in two stages, a file in parts) with a tiny read-ahead budget and a tiny
    /// spool store: the budget between the stages holds, the spools went to the file, and they hold the records of an
    /// unhurried read.
    @Test(arguments: [
        ["nlog-retry-storm-provider.log", "nlog-token-expired.log", "serilog-json-void-window.jsonl"],
        ["nlog-ordercreate-internal-error.log.gz"],
        ["nlog-retry-storm-provider.log"],
    ])
    func realInputsWithinBudget(files: [String]) throws {
        let paths = ParallelReadTests.paths(files)
        let cap = 64 << 10
        func read(budget: Int, store: TimelineStore) throws -> (records: Int, peak: Int) {
            let catalogue = try RuleCatalogue.loadBundled()
            let engine = RuleEngine(catalogue: catalogue)
            var policy = ParallelIngest.Policy(parallelFrom: 0, splitFrom: 0, warmUpBytes: 20_000, minPartBytes: 1)
            policy.maxReadAheadBytes = budget
            policy.reservedBytes = budget / 4
            let ingest = ParallelIngest(
                paths: paths, options: IngestOptions(), engine: engine,
                makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy()) }, store: store, threads: 3,
                policy: policy)
            defer { ingest.cancel() }
            var records = 0
            for parts in ingest.parts {
                for p in parts {
                    _ = try p.report()
                    var reader = p.spool.reader(chunk: 4096)
                    while let item = reader.next() {
                        if case .quiet(let q) = item { records += q.records } else { records += 1 }
                    }
                }
            }
            return (records, ingest.budget.peakBytes)
        }
        let roomy = try read(budget: 16 << 20, store: TimelineStore())
        let store = TimelineStore(memoryBudget: 2_000, minSegment: 512)
        let tight = try read(budget: cap, store: store)
        #expect(tight.records == roomy.records)
        #expect(tight.records > 0)
        #expect(store.spilled > 0)
        // The cap, plus one batch (an eighth of it, plus a record) for each of at most two channels being consumed.
        #expect(tight.peak <= cap + 2 * (cap / 8 + 32 << 10))
    }

    /// No reading thread waits for the consumer: a later input is read to its end while nobody has looked at the
    /// first one yet (the hand-over of earlier versions held it once its channel was full, which serialised the
    /// threads).
    @Test func laterInputsDoNotWaitForTheConsumer() throws {
        let files = ParallelReadTests.paths(["nlog-retry-storm-provider.log", "serilog-json-void-window.jsonl"])
        let catalogue = try RuleCatalogue.loadBundled()
        let ingest = ParallelIngest(
            paths: files, options: IngestOptions(), engine: RuleEngine(catalogue: catalogue),
            makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy()) },
            store: TimelineStore(memoryBudget: 1_000, minSegment: 256), threads: 2,
            policy: ParallelIngest.Policy(parallelFrom: 0, maxReadAheadBytes: 1_000, reservedBytes: 0))
        defer { ingest.cancel() }
        let second = try ingest.parts[1][0].report()
        #expect(second.lines > 0)
        #expect(ingest.parts[1][0].spool.items > 0)
        #expect(try ingest.parts[0][0].report().lines > 0)
    }

    /// Many inputs on few threads make one engine per thread, not one per input (each is a copy of the catalogue),
    /// and the reused engines give every input its full reading.
    @Test func enginesAreReusedAcrossInputs() throws {
        let names = [
            "nlog-retry-storm-provider.log", "nlog-token-expired.log", "serilog-json-void-window.jsonl",
            "nlog-stand-mismatch.log", "all-ok.log", "curl-gateway-504.txt", "log4net-auth-wrong-password.log",
        ]
        let catalogue = try RuleCatalogue.loadBundled(examples: false)
        let made = Atomic(0)
        let ingest = ParallelIngest(
            paths: ParallelReadTests.paths(names), options: IngestOptions(), engine: RuleEngine(catalogue: catalogue),
            makeEngine: {
                made.add(1, ordering: .relaxed)
                return RuleEngine(catalogue: catalogue.isolatedCopy())
            }, store: TimelineStore(), threads: 2, policy: ParallelIngest.Policy(parallelFrom: 0))
        defer { ingest.cancel() }
        for p in ingest.parts.joined() { #expect(try p.report().lines > 0) }
        #expect(made.load(ordering: .relaxed) <= 2)
        #expect(made.load(ordering: .relaxed) >= 1)
    }

    /// Inputs not started yet when the read is cancelled: cancelling starts no more, returns only once every thread
    /// has returned (joined), and every part then has its end (read, or cancelled).
    @Test func cancelStopsAndJoinsEveryThread() throws {
        let files = ParallelReadTests.paths([
            "nlog-retry-storm-provider.log", "nlog-token-expired.log", "serilog-json-void-window.jsonl",
            "nlog-stand-mismatch.log", "all-ok.log", "curl-gateway-504.txt",
        ])
        let catalogue = try RuleCatalogue.loadBundled()
        let ingest = ParallelIngest(
            paths: files, options: IngestOptions(), engine: RuleEngine(catalogue: catalogue),
            makeEngine: { RuleEngine(catalogue: catalogue.isolatedCopy()) }, store: TimelineStore(), threads: 2,
            policy: ParallelIngest.Policy(parallelFrom: 0))
        ingest.cancel()
        var ended = 0
        for p in ingest.parts.joined() {
            _ = try? p.report()  // returns: every part has its end
            ended += 1
        }
        #expect(ended == files.count)
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
