import Foundation

/// Reads inputs on up to `threads` threads, started in input order, each into a ``TimelineSpool`` of its own
/// (``SpooledPart``).
///
/// Each input's thread extracts events, matches them against the rules and keeps what the timeline needs
/// (``RecordKeeper``): records that matched something or are errors as packed events, runs of the others as
/// ``QuietRun`` counts. A single large plain input is split into parts read on their own threads (``FileShards``),
/// whose spools are joined in order; a single input that cannot be split (gzip, curl traces, raw XML) is read in two
/// stages instead: one thread reads and extracts, a second matches, with the records between them in a bounded
/// ``IngestChannel``.
///
/// No reading thread waits for the consumer: spools are bounded by their store (memory up to its budget, the rest in
/// its temporary file), so later inputs and parts read at full speed while an earlier one is still being read.
/// ``cancel()`` stops and joins every thread it started.
final class ParallelIngest: Sendable {
    /// What the first stage of a two-stage read may hold (whole records with their bytes).
    static let maxExtractedBytes = 1 << 20
    /// What a read may hold between stages (``ReadAheadBudget``), of which ``reservedBytes`` only for a channel
    /// being consumed.
    static let maxReadAheadBytes = 16 << 20
    static let reservedBytes = 4 << 20
    static let batchRecords = 128
    /// A batch is handed over once its cost passes this (so a batch costs at most this plus one record).
    static let maxBatchCost = 512 << 10

    /// The budget the stage channel pays from.
    let budget: ReadAheadBudget

    /// Per input, its parts in order.
    let parts: [[SpooledPart]]
    /// The fields a forwarded event keeps, in packing order.
    let forwarded: [EventField]
    /// Every thread this read started.
    private let threads: ThreadGroup
    /// Between the stages of a two-stage read.
    private let extracted: IngestChannel<LogRecord>?

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
    ///   - store: where the spools keep their bytes.
    init(
        paths: [String],
        names: [String]? = nil,
        options: IngestOptions,
        engine: RuleEngine,
        makeEngine: @escaping @Sendable () -> RuleEngine,
        store: TimelineStore,
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
        // Every thread's spool holds its input's name in storage of its own (``own(_:)``).
        func part(_ name: String) -> SpooledPart {
            SpooledPart(spool: TimelineSpool(name: Self.own(name), store: store))
        }
        if paths.count == 1, threadCount >= 2 {
            if let shards = FileShards.plan(
                path: paths[0], options: options, count: threadCount, minBytes: policy.splitFrom,
                warmUpBytes: policy.warmUpBytes, minPartBytes: policy.minPartBytes)
            {
                let split = shards.parts.map { _ in part(names[0]) }
                parts = [split]
                extracted = nil
                for (k, p) in split.enumerated() {
                    group.start {
                        guard let o = shards.options(part: k, base: options) else {
                            let e = IngestError(
                                path: names[0], reason: .changedWhileRead, detail: "the file changed while it was read")
                            p.finish(.failure(e))
                            return
                        }
                        Self.ingest(
                            path: paths[0], name: p.spool.name, options: o, engine: makeEngine(),
                            forwarded: forwarded, group: group, into: p
                        ) {
                            shards.adjusted($0, part: k, options: o)
                        }
                    }
                }
                return
            }
            let only = part(names[0])
            parts = [[only]]
            // Whole records with their bytes: a small cap of their own, within the budget.
            let extracted = IngestChannel<LogRecord>(
                maxBufferedBytes: min(Self.maxExtractedBytes, policy.maxReadAheadBytes / 4), shared: readAhead)
            self.extracted = extracted
            group.start {
                Self.extract(
                    path: paths[0], name: only.spool.name, options: options, maxBatchCost: batchCost, into: extracted)
            }
            group.start {
                Self.match(from: extracted, engine: makeEngine(), forwarded: forwarded, group: group, into: only)
            }
            return
        }
        let inputs = names.map { [part($0)] }
        parts = inputs
        extracted = nil
        let slots = DispatchSemaphore(value: max(1, threadCount))
        let engines = EnginePool(make: makeEngine)
        group.start {
            for (k, path) in paths.enumerated() {
                slots.wait()
                if group.isCancelled {
                    inputs[k][0].finish(.failure(Cancelled()))
                    slots.signal()
                    continue
                }
                group.start {
                    let engine = engines.take()
                    Self.ingest(
                        path: path, name: inputs[k][0].spool.name, options: options, engine: engine,
                        forwarded: forwarded, group: group, into: inputs[k][0])
                    engines.put(engine)
                    slots.signal()
                }
            }
        }
    }

    /// Stops every thread (a reading thread stops at its next batch of records, one not started yet is not started)
    /// and waits until each has returned. Call once the parts are taken too: then it only joins.
    func cancel() {
        threads.cancel()
        extracted?.cancel()
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

    /// Reads one input (or part) into its spool, matched against `engine`. `report` adjusts the input report.
    private static func ingest(
        path: String,
        name: String,
        options: IngestOptions,
        engine: RuleEngine,
        forwarded: [EventField],
        group: ThreadGroup,
        into part: SpooledPart,
        report adjust: (InputReport) -> InputReport = { $0 }
    ) {
        let keeper = RecordKeeper(engine: engine, forwarded: forwarded)
        var n = 0
        let result = Result {
            let report = try Ingest.read(path: path, displayName: name, options: options) { record in
                n += 1
                if n % ParallelIngest.batchRecords == 0, group.isCancelled { throw Cancelled() }
                keeper.keep(record, in: part.spool)
            }
            return adjust(report)
        }
        part.spool.finish()
        part.finish(result)
    }

    /// The first stage of a single input: every record with its bytes, in batches.
    private static func extract(
        path: String, name: String, options: IngestOptions, maxBatchCost: Int, into channel: IngestChannel<LogRecord>
    ) {
        var batch: [LogRecord] = []
        var cost = 0
        func flush() throws {
            if batch.isEmpty { return }
            // The array's storage is paid for too: a batch of a few records must not keep room for 128.
            if batch.capacity > 2 * batch.count { batch = Array(batch) }
            let total = cost + 32 + batch.capacity * MemoryLayout<LogRecord>.stride
            if !channel.put(batch, cost: total) { throw Cancelled() }
            batch = []
            cost = 0
        }
        do {
            let report = try Ingest.read(path: path, displayName: name, options: options) { r in
                // The record's strings and event, bytes, line starts, element names (generous: the budget is only as
                // good as this).
                cost += 1024 + 2 * r.bytes.count + 8 * r.lineStarts.count + 64 * r.event.elements.count
                batch.append(r)
                if batch.count >= ParallelIngest.batchRecords || cost > maxBatchCost { try flush() }
            }
            try flush()
            channel.finish(.success(report))
        } catch {
            channel.finish(.failure(error))
        }
    }

    /// The second stage of a single input: matches the records `source` delivers into the input's spool.
    private static func match(
        from source: IngestChannel<LogRecord>,
        engine: RuleEngine,
        forwarded: [EventField],
        group: ThreadGroup,
        into part: SpooledPart
    ) {
        let keeper = RecordKeeper(engine: engine, forwarded: forwarded)
        let result = Result {
            while let records = source.take() {
                if group.isCancelled { throw Cancelled() }
                for r in records { keeper.keep(r, in: part.spool) }
            }
            return try source.report()
        }
        if case .failure = result { source.cancel() }
        part.spool.finish()
        part.finish(result)
    }
}
