/// One input's part of the merged timeline, in the input's own order: forwarded events (``PackedEvent`` with what
/// they matched) and, between them, the counts of the records no rule needs (``QuietRun``).
///
/// Consecutive quiet runs are joined, so a spool holds the same items whether the input was read on this thread or
/// handed over in batches by ingest threads (whose batches cut runs at other places).
///
/// Layout of an item (integers zig-zag LEB128, as in ``PackedEvent``): tag 1, the packed event's length and bytes, the
/// match's step count, each step's kind (0 anchor, 1 condition, 2 near miss), rule index and, for a near miss, its
/// text; or tag 2 and a quiet run's counters, its stands with their counts, and how many of the spool's stand samples
/// (kept in memory, at most one per stand and input) belong to it.
final class TimelineSpool {
    /// The input's name in reports (the merge breaks ties of time by it).
    let name: String
    private let store: TimelineStore
    private var memory: [UInt8] = []
    /// What moved to the store's file, in order.
    private var segments: [(offset: Int64, count: Int)] = []
    private var quiet = QuietRun()
    /// The first sample of each stand in this input's quiet runs (only the first can be the first on the timeline).
    private var samples: [(stand: String, event: HitEvent)] = []
    private var sampledStands: Set<String> = []
    private(set) var items = 0

    init(name: String, store: TimelineStore) {
        self.name = name
        self.store = store
    }

    /// A forwarded event and what it matched.
    func addMatched(_ packed: PackedEvent, _ match: RecordMatch) {
        endQuietRun()
        var w = PackedEvent.Writer()
        w.byte(1)
        w.int(packed.bytes.count)
        w.out += packed.bytes
        w.int(match.steps.count)
        for step in match.steps {
            switch step {
            case .anchor(let i):
                w.byte(0)
                w.int(i)
            case .condition(let i):
                w.byte(1)
                w.int(i)
            case .nearMiss(let i, let why):
                w.byte(2)
                w.int(i)
                w.string(why)
            case .undecided(let i):
                w.byte(3)
                w.int(i)
            }
        }
        append(w.out)
    }

    /// Records that no rule needs and that are not errors.
    func addQuiet(_ run: QuietRun) { quiet.merge(run) }

    /// One record that no rule needs and that is not an error.
    func addQuiet(_ event: LogEvent) { quiet.add(event) }

    /// The input is read: what is pending is written, and a spool that went to the file goes there whole.
    func finish() {
        endQuietRun()
        if !segments.isEmpty || store.overBudget { moveToFile() }
    }

    private func endQuietRun() {
        guard quiet.records > 0 else { return }
        let run = quiet
        quiet = QuietRun()
        var w = PackedEvent.Writer()
        w.byte(2)
        for n in [run.records, run.events, run.timestamped, run.requestBodies] { w.int(n) }
        let stands = run.standsSeen.keys.sorted()
        w.int(stands.count)
        for s in stands {
            w.string(s)
            w.int(run.standsSeen[s] ?? 0)
        }
        var kept = 0
        for s in run.standSamples.keys.sorted() where sampledStands.insert(s).inserted {
            samples.append((s, run.standSamples[s]!))
            kept += 1
        }
        w.int(kept)
        append(w.out)
    }

    private func append(_ bytes: [UInt8], items added: Int = 1) {
        items += added
        let before = memory.capacity
        memory += bytes
        if memory.capacity != before { store.held(memory.capacity - before) }  // what the array holds, not uses
        if memory.count >= store.minSegment, !segments.isEmpty || store.overBudget { moveToFile() }
    }

    /// Appends the items of `later`, the next part of the same input (finished, read on another thread), after this
    /// spool's; `later` is empty afterwards. A quiet run at the end of this spool and one at the start of `later` stay
    /// two items: the merge places them the same as one (both take this input's latest time, in order).
    func append(contentsOf later: TimelineSpool) {
        endQuietRun()
        later.endQuietRun()
        if !later.segments.isEmpty {
            moveToFile()
            if !memory.isEmpty {
                // No file for this spool's tail (the store failed since `later` spilled): read `later` back instead.
                for s in later.segments { append(store.read(offset: s.offset, count: s.count), items: 0) }
                later.segments = []
            }
        }
        segments += later.segments
        if memory.isEmpty {
            memory = later.memory  // its capacity is counted in the store already
        } else {
            append(later.memory, items: 0)
            store.held(-later.memory.capacity)
        }
        items += later.items
        samples += later.samples  // the runs of `later` take theirs in order; a stand sampled twice keeps the first
        sampledStands.formUnion(later.sampledStands)
        later.memory = []
        later.segments = []
        later.samples = []
        later.items = 0
    }

    private func moveToFile() {
        guard !memory.isEmpty, let offset = store.spill(memory) else { return }
        segments.append((offset, memory.count))
        store.held(-memory.capacity)
        memory = []
    }

    /// Reads the items back in order, through a buffer of at most `chunk` bytes for what is in the file.
    func reader(chunk: Int) -> Reader { Reader(spool: self, chunk: max(1, chunk)) }

    /// Gives the memory back once read (the store's budget too).
    fileprivate func release() {
        store.held(-memory.capacity)
        memory = []
        samples = []
    }

    /// The items of one spool, one at a time.
    struct Reader {
        private let spool: TimelineSpool
        private let chunk: Int
        private var buffer: [UInt8] = []
        private var i = 0
        /// Next segment to load; `segments.count` means the in-memory tail.
        private var segment = 0
        private var segmentOffset = 0
        private var tailLoaded = false
        private var sample = 0

        init(spool: TimelineSpool, chunk: Int) {
            self.spool = spool
            self.chunk = chunk
        }

        enum Item {
            case matched(PackedEvent, RecordMatch)
            case quiet(QuietRun)
        }

        /// The next item, or nil at the end (the spool's memory is then released).
        mutating func next() -> Item? {
            guard ensure(1) else {
                spool.release()
                return nil
            }
            switch byte() {
            case 1:
                let packed = PackedEvent(bytes: bytes(int()))
                var m = RecordMatch()
                let steps = int()
                m.steps.reserveCapacity(steps)
                for _ in 0..<steps {
                    switch byte() {
                    case 0: m.steps.append(.anchor(int()))
                    case 1: m.steps.append(.condition(int()))
                    case 3: m.steps.append(.undecided(int()))
                    default:
                        let i = int()
                        m.steps.append(.nearMiss(i, String(decoding: bytes(int()), as: UTF8.self)))
                    }
                }
                return .matched(packed, m)
            default:
                var run = QuietRun()
                run.records = int()
                run.events = int()
                run.timestamped = int()
                run.requestBodies = int()
                for _ in 0..<int() {
                    let s = String(decoding: bytes(int()), as: UTF8.self)
                    run.standsSeen[s] = int()
                }
                for _ in 0..<int() {
                    let (s, e) = spool.samples[sample]
                    sample += 1
                    run.standSamples[s] = e
                }
                return .quiet(run)
            }
        }

        /// Makes at least `n` bytes available from `i`; false when the spool has fewer left.
        private mutating func ensure(_ n: Int) -> Bool {
            while buffer.count - i < n {
                if i > 0 {
                    buffer.removeFirst(i)
                    i = 0
                }
                if segment < spool.segments.count {
                    let s = spool.segments[segment]
                    let take = min(max(chunk, n - buffer.count), s.count - segmentOffset)
                    buffer += spool.store.read(offset: s.offset + Int64(segmentOffset), count: take)
                    segmentOffset += take
                    if segmentOffset == s.count {
                        segment += 1
                        segmentOffset = 0
                    }
                } else if !tailLoaded {
                    tailLoaded = true
                    if buffer.isEmpty {
                        buffer = spool.memory
                    } else {
                        buffer += spool.memory
                    }
                } else {
                    return false
                }
            }
            return true
        }

        private mutating func byte() -> UInt8 {
            _ = ensure(1)
            defer { i += 1 }
            return buffer[i]
        }

        private mutating func int() -> Int {
            _ = ensure(10)  // the longest integer; fewer at the end of the spool, where the last one is whole
            var r = PackedEvent.Reader(bytes: buffer, i: i)
            defer { i = r.i }
            return r.int()
        }

        private mutating func bytes(_ n: Int) -> [UInt8] {
            guard n > 0 else { return [] }
            precondition(ensure(n), "merged timeline: a spool item runs past its end")
            defer { i += n }
            return Array(buffer[i..<(i + n)])
        }
    }
}

extension PackedEvent {
    /// A packed event read back from a spool.
    init(bytes: [UInt8]) { self.bytes = bytes }
}
