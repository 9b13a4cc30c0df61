import Foundation

/// Counters of consecutive records that no rule needs and whose events are not errors: all the ``Diagnoser`` keeps of
/// them. Order-dependent state (stand samples) keeps the first occurrence, so merging runs in input order is exact.
struct QuietRun: Sendable {
    var records = 0
    var events = 0
    var timestamped = 0
    var requestBodies = 0
    var standsSeen: [String: Int] = [:]
    var standSamples: [String: HitEvent] = [:]

    mutating func add(_ e: LogEvent) {
        records += 1
        if e.method != nil || e.errorLevel != nil || e.httpStatus != nil || e.exceptionType != nil { events += 1 }
        if e.timestamp != nil { timestamped += 1 }
        if e.direction == .request, e.bodyKind == .xml { requestBodies += 1 }
        if let s = e.stand {
            standsSeen[s, default: 0] += 1
            if standSamples[s] == nil { standSamples[s] = HitEvent(e) }
        }
    }

    /// Adds a later run's counters (first samples win, so merging in input order is exact).
    mutating func merge(_ run: QuietRun) {
        records += run.records
        events += run.events
        timestamped += run.timestamped
        requestBodies += run.requestBodies
        for (s, n) in run.standsSeen { standsSeen[s, default: 0] += n }
        for (s, e) in run.standSamples where standSamples[s] == nil { standSamples[s] = e }
    }
}

enum IngestItem: Sendable {
    /// A record with what it matched (its bytes dropped: applying a match needs only the event), or, when the
    /// consuming thread matches, the record with its bytes and `nil`.
    case record(LogRecord, match: RecordMatch?)
    case quiet(QuietRun)
}

/// One input's ingest thread hands batches of items to the consuming thread through this channel.
final class IngestChannel: @unchecked Sendable {
    // Every stored property is guarded by `lock`.
    private let lock = NSCondition()
    private var batches: [(items: [IngestItem], cost: Int)] = []
    private var head = 0
    private var bufferedBytes = 0
    private var done = false
    private var cancelled = false
    private var result: Result<InputReport, any Error>?
    private let maxBufferedBytes: Int

    init(maxBufferedBytes: Int) { self.maxBufferedBytes = maxBufferedBytes }

    /// Waits while the consumer is behind by more than the budget. Returns false once cancelled.
    func put(_ batch: [IngestItem], cost: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while bufferedBytes > 0, bufferedBytes + cost > maxBufferedBytes, !cancelled { lock.wait() }
        if cancelled { return false }
        batches.append((batch, cost))
        bufferedBytes += cost
        lock.broadcast()
        return true
    }

    /// The next batch, or nil when the input is finished.
    func take() -> [IngestItem]? {
        lock.lock()
        defer { lock.unlock() }
        while head == batches.count, !done { lock.wait() }
        if head == batches.count { return nil }
        let b = batches[head]
        batches[head].items = []
        head += 1
        if head == batches.count || head >= 1024 {
            batches.removeFirst(head)
            head = 0
        }
        bufferedBytes -= b.cost
        lock.broadcast()
        return b.items
    }

    func finish(_ r: Result<InputReport, any Error>) {
        lock.lock()
        result = r
        done = true
        lock.broadcast()
        lock.unlock()
    }

    func report() throws -> InputReport {
        lock.lock()
        defer { lock.unlock() }
        return try result!.get()
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }
}

/// Reads inputs on up to `threads` threads, started in input order, each into its own ``IngestChannel``.
///
/// The thread of the input being consumed always runs (threads start in input order and a later input never holds
/// the only free slot while an earlier one waits), so a full channel only delays its own thread: no deadlock.
final class ParallelIngest: @unchecked Sendable {
    /// Budget of bytes waiting in one input's channel while an earlier input is consumed.
    static let maxBufferedBytes = 8 << 20
    static let batchRecords = 256

    let channels: [IngestChannel]

    /// - Parameter matchOnIngest: ingest threads match records against `engine`'s rules too and send only the ones
    ///   that matched something or are errors (the rest as ``QuietRun`` counts); when false they send every record
    ///   with its bytes and the consuming thread matches (one input: extraction and matching then run on two cores).
    init(paths: [String], options: IngestOptions, engine: RuleEngine, threads: Int, matchOnIngest: Bool) {
        let channels = paths.map { _ in IngestChannel(maxBufferedBytes: Self.maxBufferedBytes) }
        self.channels = channels
        let slots = DispatchSemaphore(value: max(1, threads))
        let starter = Thread {
            for (k, path) in paths.enumerated() {
                slots.wait()
                let t = Thread {
                    Self.ingest(
                        path: path, options: options, engine: matchOnIngest ? engine : nil, into: channels[k])
                    slots.signal()
                }
                t.stackSize = 1 << 20
                t.start()
            }
        }
        starter.start()
    }

    func cancel() { for c in channels { c.cancel() } }

    private struct Cancelled: Error {}

    private static func ingest(path: String, options: IngestOptions, engine: RuleEngine?, into channel: IngestChannel) {
        var batch: [IngestItem] = []
        var cost = 0
        var quiet = QuietRun()
        func flush() throws {
            if quiet.records > 0 {
                batch.append(.quiet(quiet))
                quiet = QuietRun()
            }
            if batch.isEmpty { return }
            if !channel.put(batch, cost: cost + 256) { throw Cancelled() }
            batch = []
            batch.reserveCapacity(64)
            cost = 0
        }
        var inBatch = 0
        do {
            let report = try Ingest.read(path: path, displayName: path, options: options) { record in
                if let engine {
                    let m = engine.match(record.event, bytes: record.bytes[...])
                    if !m.isEmpty || Diagnoser.errorSignature(record.event) != nil {
                        if quiet.records > 0 {
                            batch.append(.quiet(quiet))
                            quiet = QuietRun()
                        }
                        var r = record
                        r.bytes = []
                        r.lineStarts = []
                        cost += 1024
                        batch.append(.record(r, match: m))
                    } else {
                        quiet.add(record.event)
                    }
                } else {
                    cost += record.bytes.count + 1024
                    batch.append(.record(record, match: nil))
                }
                inBatch += 1
                if inBatch >= batchRecords || cost > 1 << 20 {
                    try flush()
                    inBatch = 0
                }
            }
            try flush()
            channel.finish(.success(report))
        } catch {
            channel.finish(.failure(error))
        }
    }
}
