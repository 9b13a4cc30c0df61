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
    /// Between the two stages of a single input: a record with its bytes, not matched yet. Boxed, so the other
    /// cases (most items) do not take a whole ``LogEvent``'s size in a batch.
    indirect case record(LogRecord)
    /// A record that matched something or is an error, with what it matched: only the fields applying and counting
    /// read (``ParallelIngest/forwarded``).
    case matched(PackedEvent, RecordMatch)
    case quiet(QuietRun)
}

/// What the channels of one read may hold in all, beyond each channel's own budget: later inputs read ahead into it
/// while an earlier input is consumed. All channels sharing it also share its lock.
final class ReadAheadBudget: @unchecked Sendable {
    let lock = NSCondition()
    /// Guarded by `lock`.
    var buffered = 0
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }
}

/// One input's ingest thread hands batches of items to the consuming thread through this channel.
final class IngestChannel: @unchecked Sendable {
    // Every stored property is guarded by `shared.lock`.
    private let shared: ReadAheadBudget
    private var lock: NSCondition { shared.lock }
    private var batches: [(items: [IngestItem], cost: Int)] = []
    private var head = 0
    private var bufferedBytes = 0
    private var done = false
    private var cancelled = false
    private var result: Result<InputReport, any Error>?
    private let maxBufferedBytes: Int

    /// - Parameters:
    ///   - maxBufferedBytes: what this channel may always hold.
    ///   - shared: the read-ahead budget it may use beyond that.
    init(maxBufferedBytes: Int, shared: ReadAheadBudget) {
        self.maxBufferedBytes = maxBufferedBytes
        self.shared = shared
    }

    /// Waits while both this channel's budget and the shared read-ahead budget are used up. Returns false once
    /// cancelled. The channel being consumed always drains, so its producer never waits for ever.
    func put(_ batch: [IngestItem], cost: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while bufferedBytes > 0, bufferedBytes + cost > maxBufferedBytes, shared.buffered + cost > shared.maxBytes,
            !cancelled
        {
            lock.wait()
        }
        if cancelled { return false }
        batches.append((batch, cost))
        bufferedBytes += cost
        shared.buffered += cost
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
        shared.buffered -= b.cost
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
/// Each input's thread extracts events and matches them against the rules; only records that matched something or
/// are errors travel on, the others as ``QuietRun`` counts. A single large plain input is split into parts read on
/// their own threads (``FileShards``); a single input that cannot be split (gzip, curl traces, raw XML) is read in two
/// stages instead: one thread reads and extracts, a second matches.
///
/// The thread of the part being consumed always runs (threads start in order and a later part never holds the only
/// free slot while an earlier one waits), so a full channel only delays its own thread: no deadlock.
final class ParallelIngest: @unchecked Sendable {
    /// Budget of bytes waiting in one channel while the consumer is busy with something else.
    static let maxBufferedBytes = 4 << 20
    /// What later inputs may read ahead in all (matched records, their bytes dropped) while an earlier one is consumed.
    static let maxReadAheadBytes = 16 << 20
    static let batchRecords = 128

    /// Per input, the channels of its parts, in order.
    let channels: [[IngestChannel]]
    /// The fields a forwarded event keeps, in packing order.
    let forwarded: [EventField]

    /// When inputs are worth threads, and how a single input is split into parts.
    struct Policy: Sendable {
        /// Below this many bytes in all (compressed size for `.gz`), inputs are read on the calling thread.
        var parallelFrom: Int64 = 2 << 20
        /// A single plain input of at least this many bytes is split (``FileShards``).
        var splitFrom: Int64 = FileShards.minBytes
        var warmUpBytes: Int64 = FileShards.warmUpBytes
    }

    /// - Parameters:
    ///   - engine: the consumer's engine (what its `apply` reads decides what forwarded events keep).
    ///   - makeEngine: an engine for one thread, with objects of its own (``RuleCatalogue/isolatedCopy()``), compiled
    ///     from the same rules in the same order as `engine`.
    init(
        paths: [String],
        names: [String]? = nil,
        options: IngestOptions,
        engine: RuleEngine,
        makeEngine: @escaping @Sendable () -> RuleEngine,
        threads: Int,
        policy: Policy = Policy()
    ) {
        let forwarded = Self.forwardedFields(engine)
        self.forwarded = forwarded
        let names = names ?? paths
        let readAhead = ReadAheadBudget(maxBytes: Self.maxReadAheadBytes)
        func channel() -> IngestChannel { IngestChannel(maxBufferedBytes: Self.maxBufferedBytes, shared: readAhead) }
        if paths.count == 1, threads >= 2 {
            if let shards = FileShards.plan(
                path: paths[0], options: options, count: threads, minBytes: policy.splitFrom,
                warmUpBytes: policy.warmUpBytes)
            {
                let parts = shards.parts.map { _ in channel() }
                channels = [parts]
                for (k, c) in parts.enumerated() {
                    Self.start {
                        guard let o = shards.options(part: k, base: options) else {
                            let e = IngestError(path: names[0], reason: "the file changed while it was read")
                            c.finish(.failure(e))
                            return
                        }
                        Self.ingest(
                            path: paths[0], name: Self.own(names[0]), options: o, engine: makeEngine(),
                            forwarded: forwarded, into: c
                        ) {
                            shards.adjusted($0, part: k, options: o)
                        }
                    }
                }
                return
            }
            let only = channel()
            channels = [[only]]
            // Whole records with their bytes: kept to a small budget of their own (peak RSS).
            let extracted = IngestChannel(maxBufferedBytes: 1 << 20, shared: ReadAheadBudget(maxBytes: 0))
            Self.start {
                Self.ingest(
                    path: paths[0], name: names[0], options: options, engine: nil, forwarded: [], into: extracted)
            }
            Self.start { Self.match(from: extracted, engine: makeEngine(), forwarded: forwarded, into: only) }
            return
        }
        let inputs = paths.map { _ in [channel()] }
        channels = inputs
        let slots = DispatchSemaphore(value: max(1, threads))
        let starter = Thread {
            for (k, path) in paths.enumerated() {
                slots.wait()
                Self.start {
                    Self.ingest(
                        path: path, name: Self.own(names[k]), options: options, engine: makeEngine(),
                        forwarded: forwarded, into: inputs[k][0])
                    slots.signal()
                }
            }
        }
        starter.start()
    }

    func cancel() { for c in channels.joined() { c.cancel() } }

    /// What a forwarded event keeps: ``HitEvent``'s fields, what the engine's apply reads, what the diagnoser counts.
    static func forwardedFields(_ engine: RuleEngine) -> [EventField] {
        let hit: Set<EventField> = [.method, .code, .errorType, .httpStatus, .ticketId, .excerpt]
        let all = hit.union(engine.appliedFields).union(Diagnoser.countedFields)
        return EventField.allCases.filter { all.contains($0) && $0 != .file && $0 != .line }
    }

    /// A copy of `s` in storage of its own: every event of a thread holds its file name, and a string shared between
    /// threads would have its reference count bounced between cores for every record.
    private static func own(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let t = Thread(block: body)
        t.stackSize = 1 << 20
        t.start()
    }

    private struct Cancelled: Error {}

    /// Reads one input (or part) into `channel`: matched against `engine` when given, else every record with its
    /// bytes. `report` adjusts the input report before it is handed over.
    private static func ingest(
        path: String,
        name: String,
        options: IngestOptions,
        engine: RuleEngine?,
        forwarded: [EventField],
        into channel: IngestChannel,
        report adjust: (InputReport) -> InputReport = { $0 }
    ) {
        var out = Batcher(channel: channel, engine: engine, forwarded: forwarded)
        do {
            let report = try Ingest.read(path: path, displayName: name, options: options) { try out.add($0) }
            try out.flush()
            channel.finish(.success(adjust(report)))
        } catch {
            channel.finish(.failure(error))
        }
    }

    /// The second stage of a single input: matches the records `source` delivers and passes them on.
    private static func match(
        from source: IngestChannel,
        engine: RuleEngine,
        forwarded: [EventField],
        into channel: IngestChannel
    ) {
        var out = Batcher(channel: channel, engine: engine, forwarded: forwarded)
        do {
            while let items = source.take() {
                for item in items {
                    guard case .record(let r) = item else { continue }  // stage one sends only these
                    try out.add(r)
                }
            }
            try out.flush()
            channel.finish(Result { try source.report() })
        } catch {
            source.cancel()
            channel.finish(.failure(error))
        }
    }

    /// Collects one input's items into batches for a channel.
    private struct Batcher {
        let channel: IngestChannel
        let engine: RuleEngine?
        let forwarded: [EventField]
        /// Left out of a forwarded event that is not an error (only error groups read them).
        let errorOnly: Set<EventField>
        var batch: [IngestItem] = []
        var cost = 0
        var records = 0
        var quiet = QuietRun()

        init(channel: IngestChannel, engine: RuleEngine?, forwarded: [EventField]) {
            self.channel = channel
            self.engine = engine
            self.forwarded = forwarded
            errorOnly = Set<EventField>([.message, .exceptionMessage]).subtracting(engine?.appliedFields ?? [])
        }

        mutating func add(_ record: LogRecord) throws {
            if let engine {
                let m = engine.match(record.event, bytes: record.bytes[...])
                let isError = Diagnoser.errorSignature(record.event) != nil
                if !m.isEmpty || isError {
                    endQuietRun()
                    let packed = PackedEvent(record.event, fields: forwarded, dropping: isError ? [] : errorOnly)
                    cost += packed.bytes.count + 48 * m.steps.count + 160  // with the allocations' headers
                    batch.append(.matched(packed, m))
                } else {
                    quiet.add(record.event)
                }
            } else {
                cost += 2 * record.bytes.count + 64 * record.event.elements.count + 1024
                batch.append(.record(record))
            }
            records += 1
            if records >= ParallelIngest.batchRecords || cost > 512 << 10 { try flush() }
        }

        mutating func flush() throws {
            endQuietRun()
            records = 0
            if batch.isEmpty { return }
            if !channel.put(batch, cost: cost + 256) { throw Cancelled() }
            batch = []
            batch.reserveCapacity(ParallelIngest.batchRecords)
            cost = 0
        }

        private mutating func endQuietRun() {
            if quiet.records > 0 {
                batch.append(.quiet(quiet))
                quiet = QuietRun()
            }
        }
    }
}
