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

/// The one budget for everything an analysis reads ahead: the items waiting in every channel of every input, part and
/// stage. A producer takes from it when it hands a batch over and the consumer gives it back when it takes the batch,
/// so what waits is bounded by construction, whatever the threads' speeds: a starved consumer stops the producers.
///
/// The one exception keeps reading from deadlocking: a channel whose consumer has reached it (``IngestChannel``'s
/// `consumed`) may always hold one batch, even when later inputs filled the budget. At most two channels are consumed
/// at a time (the input being applied and the first stage of a two-stage read), so the budget is exceeded by at most
/// two batches (``ParallelIngest/maxBatchCost`` each, plus one record).
final class ReadAheadBudget: @unchecked Sendable {
    let lock = NSCondition()
    let maxBytes: Int
    /// What only channels being consumed may use: later inputs stop reading ahead before it, so the input being
    /// applied does not have to hand over one batch at a time.
    let reservedBytes: Int
    // Guarded by `lock`.
    private(set) var buffered = 0
    /// The most ever buffered (tests, benchmarks).
    private(set) var peak = 0

    init(maxBytes: Int, reservedBytes: Int = 0) {
        self.maxBytes = maxBytes
        self.reservedBytes = min(reservedBytes, maxBytes)
    }

    /// Whether a channel holding `own` bytes (its own cap `ownCap`) may add `cost`. Call with `lock` held.
    func fits(_ cost: Int, own: Int, ownCap: Int, consumed: Bool) -> Bool {
        if consumed, own == 0 { return true }
        let cap = consumed ? maxBytes : maxBytes - reservedBytes
        return own + cost <= ownCap && buffered + cost <= cap
    }

    /// Call with `lock` held.
    func add(_ cost: Int) {
        buffered += cost
        peak = max(peak, buffered)
    }

    /// Call with `lock` held.
    func remove(_ cost: Int) { buffered -= cost }

    /// The most ever buffered.
    var peakBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return peak
    }
}

/// One input's ingest thread hands batches of items to the consuming thread through this channel; every batch is paid
/// for from the shared ``ReadAheadBudget``.
final class IngestChannel: @unchecked Sendable {
    // Every stored property is guarded by `shared.lock`.
    private let shared: ReadAheadBudget
    private var lock: NSCondition { shared.lock }
    private var batches: [(items: [IngestItem], cost: Int)] = []
    private var head = 0
    private var bufferedBytes = 0
    /// Set by the first ``take()``: the consumer has reached this channel and drains it.
    private var consumed = false
    private var done = false
    private var cancelled = false
    private var result: Result<InputReport, any Error>?
    private let maxBufferedBytes: Int

    /// - Parameters:
    ///   - maxBufferedBytes: what this channel may hold at most (within `shared`).
    ///   - shared: the budget of the whole read.
    init(maxBufferedBytes: Int, shared: ReadAheadBudget) {
        self.maxBufferedBytes = maxBufferedBytes
        self.shared = shared
    }

    /// Waits until the batch fits this channel's cap and the shared budget
    /// (``ReadAheadBudget/fits(_:own:ownCap:consumed:)``).
    /// Returns false once cancelled.
    func put(_ batch: [IngestItem], cost: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while !cancelled, !shared.fits(cost, own: bufferedBytes, ownCap: maxBufferedBytes, consumed: consumed) {
            lock.wait()
        }
        if cancelled { return false }
        batches.append((batch, cost))
        bufferedBytes += cost
        shared.add(cost)
        lock.broadcast()
        return true
    }

    /// The next batch, or nil when the input is finished.
    func take() -> [IngestItem]? {
        lock.lock()
        defer { lock.unlock() }
        if !consumed {
            consumed = true
            lock.broadcast()  // its producer may now always hand over one batch
        }
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
        shared.remove(b.cost)
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

/// How many threads reading may use at most, whatever is asked: the work is CPU-bound, so more threads than cores only
/// add memory (each holds an engine of its own and its read buffers, measured ~2.5-5 MB of peak RSS a thread): two
/// per core, at most 64.
public enum ReadThreads {
    public static var maximum: Int { min(64, 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// `requested` within 1...``maximum``.
    public static func clamped(_ requested: Int) -> Int { min(max(1, requested), maximum) }
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
    /// What one channel may hold.
    static let maxBufferedBytes = 4 << 20
    /// What one read may hold in all channels (``ReadAheadBudget``), of which ``reservedBytes`` only for the input
    /// being applied.
    static let maxReadAheadBytes = 16 << 20
    static let reservedBytes = 4 << 20
    /// What the first stage of a two-stage read may hold (whole records with their bytes).
    static let maxExtractedBytes = 1 << 20
    static let batchRecords = 128
    /// A batch is handed over once its cost passes this (so a batch costs at most this plus one record).
    static let maxBatchCost = 512 << 10

    /// The budget every channel of this read pays from.
    let budget: ReadAheadBudget

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
        /// A split file has at most one part per this many bytes.
        var minPartBytes: Int64 = FileShards.minPartBytes
        var maxReadAheadBytes = ParallelIngest.maxReadAheadBytes
        var reservedBytes = ParallelIngest.reservedBytes
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
        let threads = ReadThreads.clamped(threads)
        let readAhead = ReadAheadBudget(maxBytes: policy.maxReadAheadBytes, reservedBytes: policy.reservedBytes)
        budget = readAhead
        // A batch is at most an eighth of the budget (plus one record), so the budget means something when small.
        let batchCost = max(1, min(Self.maxBatchCost, policy.maxReadAheadBytes / 8))
        func channel() -> IngestChannel {
            IngestChannel(maxBufferedBytes: min(Self.maxBufferedBytes, policy.maxReadAheadBytes), shared: readAhead)
        }
        func stageChannel() -> IngestChannel {
            IngestChannel(
                maxBufferedBytes: min(Self.maxExtractedBytes, policy.maxReadAheadBytes / 4), shared: readAhead)
        }
        if paths.count == 1, threads >= 2 {
            if let shards = FileShards.plan(
                path: paths[0], options: options, count: threads, minBytes: policy.splitFrom,
                warmUpBytes: policy.warmUpBytes, minPartBytes: policy.minPartBytes)
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
                            forwarded: forwarded, maxBatchCost: batchCost, into: c
                        ) {
                            shards.adjusted($0, part: k, options: o)
                        }
                    }
                }
                return
            }
            let only = channel()
            channels = [[only]]
            // Whole records with their bytes: a small cap of their own, within the same budget.
            let extracted = stageChannel()
            Self.start {
                Self.ingest(
                    path: paths[0], name: names[0], options: options, engine: nil, forwarded: [],
                    maxBatchCost: batchCost, into: extracted)
            }
            Self.start {
                Self.match(
                    from: extracted, engine: makeEngine(), forwarded: forwarded, maxBatchCost: batchCost, into: only)
            }
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
                        forwarded: forwarded, maxBatchCost: batchCost, into: inputs[k][0])
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
        maxBatchCost: Int,
        into channel: IngestChannel,
        report adjust: (InputReport) -> InputReport = { $0 }
    ) {
        var out = Batcher(channel: channel, engine: engine, forwarded: forwarded, maxCost: maxBatchCost)
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
        maxBatchCost: Int,
        into channel: IngestChannel
    ) {
        var out = Batcher(channel: channel, engine: engine, forwarded: forwarded, maxCost: maxBatchCost)
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
        /// Hand the batch over once its cost passes this.
        let maxCost: Int
        var batch: [IngestItem] = []
        var cost = 0
        var records = 0
        var quiet = QuietRun()

        init(channel: IngestChannel, engine: RuleEngine?, forwarded: [EventField], maxCost: Int) {
            self.channel = channel
            self.maxCost = maxCost
            self.engine = engine
            self.forwarded = forwarded
            errorOnly = Set<EventField>([.message, .exceptionMessage]).subtracting(engine?.appliedFields ?? [])
        }

        mutating func add(_ record: LogRecord) throws {
            if let engine {
                let m = engine.match(record)
                let isError = Diagnoser.errorSignature(record.event) != nil
                if !m.isEmpty || isError {
                    endQuietRun()
                    let packed = PackedEvent(record.event, fields: forwarded, dropping: isError ? [] : errorOnly)
                    cost += Self.cost(packed, m)
                    batch.append(.matched(packed, m))
                } else {
                    quiet.add(record.event)
                }
            } else {
                cost += Self.cost(record)
                batch.append(.record(record))
            }
            records += 1
            if records >= ParallelIngest.batchRecords || cost > maxCost { try flush() }
        }

        mutating func flush() throws {
            endQuietRun()
            records = 0
            if batch.isEmpty { return }
            // The array's storage is paid for too: a batch of a few items must not keep room for 128.
            if batch.capacity > 2 * batch.count { batch = Array(batch) }
            let total = cost + 32 + batch.capacity * MemoryLayout<IngestItem>.stride
            if !channel.put(batch, cost: total) { throw Cancelled() }
            batch = []
            cost = 0
        }

        private mutating func endQuietRun() {
            if quiet.records > 0 {
                cost += Self.cost(quiet)
                batch.append(.quiet(quiet))
                quiet = QuietRun()
            }
        }

        // What an item holds in memory, allocation headers included (an estimate on the generous side: the budget
        // is only as good as these).

        static func cost(_ packed: PackedEvent, _ m: RecordMatch) -> Int {
            var c = 32 + packed.bytes.count + 32 + m.steps.capacity * MemoryLayout<RecordMatch.Step>.stride
            for case .nearMiss(_, let why) in m.steps { c += 32 + why.utf8.count }
            return c
        }

        static func cost(_ r: LogRecord) -> Int {
            // The boxed record and its event (about 600 bytes before its strings), bytes, line starts, element names.
            1024 + 2 * r.bytes.count + 8 * r.lineStarts.count + 64 * r.event.elements.count
        }

        static func cost(_ q: QuietRun) -> Int {
            // Two dictionaries, a stand name and a sample event per stand seen.
            256 + 768 * q.standsSeen.count
        }
    }
}
