import Foundation

/// Reads inputs on up to `threads` threads, started in input order, each into its own ``IngestChannel``.
///
/// Each input's thread extracts events and matches them against the rules; only records that matched something or
/// are errors travel on, the others as ``QuietRun`` counts. A single large plain input is split into parts read on
/// their own threads (``FileShards``); a single input that cannot be split (gzip, curl traces, raw XML) is read in two
/// stages instead: one thread reads and extracts, a second matches.
///
/// The thread of the part being consumed always runs (threads start in order and a later part never holds the only
/// free slot while an earlier one waits), so a full channel only delays its own thread: no deadlock. ``cancel()``
/// stops and joins every thread it started.
final class ParallelIngest: Sendable {
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
    /// Every thread this read started.
    private let threads: ThreadGroup

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
        PipelineCounters.countRead()
        let forwarded = Self.forwardedFields(engine)
        self.forwarded = forwarded
        let names = names ?? paths
        let threadCount = ReadThreads.clamped(threads)
        let group = ThreadGroup()
        self.threads = group
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
        if paths.count == 1, threadCount >= 2 {
            if let shards = FileShards.plan(
                path: paths[0], options: options, count: threadCount, minBytes: policy.splitFrom,
                warmUpBytes: policy.warmUpBytes, minPartBytes: policy.minPartBytes)
            {
                let parts = shards.parts.map { _ in channel() }
                channels = [parts]
                for (k, c) in parts.enumerated() {
                    group.start {
                        guard let o = shards.options(part: k, base: options) else {
                            let e = IngestError(
                                path: names[0], reason: .changedWhileRead, detail: "the file changed while it was read")
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
            group.start {
                Self.ingest(
                    path: paths[0], name: names[0], options: options, engine: nil, forwarded: [],
                    maxBatchCost: batchCost, into: extracted)
            }
            group.start {
                Self.match(
                    from: extracted, engine: makeEngine(), forwarded: forwarded, maxBatchCost: batchCost, into: only)
            }
            return
        }
        let inputs = paths.map { _ in [channel()] }
        channels = inputs
        let slots = DispatchSemaphore(value: max(1, threadCount))
        group.start {
            for (k, path) in paths.enumerated() {
                slots.wait()
                if group.isCancelled {
                    inputs[k][0].finish(.failure(Cancelled()))
                    slots.signal()
                    continue
                }
                group.start {
                    Self.ingest(
                        path: path, name: Self.own(names[k]), options: options, engine: makeEngine(),
                        forwarded: forwarded, maxBatchCost: batchCost, into: inputs[k][0])
                    slots.signal()
                }
            }
        }
    }

    /// Stops every thread (a producer waiting for room gives up, one not started yet is not started) and waits until
    /// each has returned. Call once the channels are drained too: then it only joins.
    func cancel() {
        threads.cancel()
        for c in channels.joined() { c.cancel() }
        threads.join()
    }

    /// What a forwarded event keeps: ``HitEvent``'s fields, what the engine's apply reads, what the diagnoser counts.
    static func forwardedFields(_ engine: RuleEngine) -> [EventField] {
        let hit: Set<EventField> = [.method, .code, .errorType, .httpStatus, .ticketId, .excerpt]
        let all = hit.union(engine.appliedFields).union(Diagnoser.countedFields)
        return EventField.allCases.filter { all.contains($0) && $0 != .file && $0 != .line }
    }

    /// A copy of `s` in storage of its own: every event of a thread holds its file name, and a string shared between
    /// threads would have its reference count bounced between cores for every record.
    private static func own(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }

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
