/// Replays the spools of every input as one timeline: a k-way merge of the inputs' own streams by
/// (time, input name, position in the input), the same whatever order the inputs were given in (see README.md).
///
/// ```swift
/// var merge = TimelineMerge(spools)
/// while let (item, spool) = merge.next() { … }
/// ```
struct TimelineMerge {
    /// What the merge holds of each input: its reader, its next item and that item's place on the timeline.
    private struct Stream {
        var reader: TimelineSpool.Reader
        let name: String
        /// The input's name ranked among all names (equal names, equal ranks), so comparing is cheap.
        var nameRank = 0
        /// The time of the input's latest timestamped event so far (`.min` before the first).
        var time = Int64.min
        /// Records of the input before the next item.
        var position = 0
        var head: TimelineSpool.Reader.Item?
        var headTime = Int64.min
        var headPosition = 0
    }

    private var streams: [Stream]
    /// Stream indices, a binary min-heap by ``precedes(_:_:)``.
    private var heap: [Int] = []

    /// - Parameter chunkBudget: what the readers of spools that went to the file may buffer in all (each at most
    ///   64 KB, at least 4 KB).
    init(_ spools: [TimelineSpool], chunkBudget: Int = 4 << 20) {
        let chunk = min(64 << 10, max(4 << 10, chunkBudget / max(1, spools.count)))
        streams = spools.map { Stream(reader: $0.reader(chunk: chunk), name: $0.name) }
        let names = Array(Set(streams.map(\.name))).sorted()
        let rank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        for k in streams.indices {
            streams[k].nameRank = rank[streams[k].name]!
            advance(k)
            if streams[k].head != nil { push(k) }
        }
    }

    /// The next item on the timeline and the index of the spool it comes from.
    mutating func next() -> (TimelineSpool.Reader.Item, Int)? {
        guard let k = heap.first else { return nil }
        let item = streams[k].head!
        advance(k)
        if streams[k].head != nil {
            siftDown(0)
        } else {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
        }
        return (item, k)
    }

    /// Reads stream `k`'s next item and places it: its own time when it has one, else its input's latest.
    private mutating func advance(_ k: Int) {
        streams[k].head = streams[k].reader.next()
        guard let item = streams[k].head else { return }
        streams[k].headPosition = streams[k].position
        switch item {
        case .matched(let packed, _):
            if let t = packed.epochMillis { streams[k].time = t }
            streams[k].position += 1
        case .quiet(let run):
            streams[k].position += run.records
        }
        streams[k].headTime = streams[k].time
    }

    /// Time, then name, then position; two inputs of the same name by their events' bytes, then (identical events)
    /// by index, which then cannot change what is applied.
    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = streams[a]
        let y = streams[b]
        if x.headTime != y.headTime { return x.headTime < y.headTime }
        if x.nameRank != y.nameRank { return x.nameRank < y.nameRank }
        if x.headPosition != y.headPosition { return x.headPosition < y.headPosition }
        if case .matched(let p, _) = x.head, case .matched(let q, _) = y.head, p.bytes != q.bytes {
            return p.bytes.lexicographicallyPrecedes(q.bytes)
        }
        return a < b
    }

    private mutating func push(_ k: Int) {
        heap.append(k)
        var c = heap.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            guard precedes(heap[c], heap[p]) else { break }
            heap.swapAt(c, p)
            c = p
        }
    }

    private mutating func siftDown(_ start: Int) {
        var p = start
        while true {
            let l = 2 * p + 1
            let r = l + 1
            var m = p
            if l < heap.count, precedes(heap[l], heap[m]) { m = l }
            if r < heap.count, precedes(heap[r], heap[m]) { m = r }
            if m == p { return }
            heap.swapAt(p, m)
            p = m
        }
    }
}
