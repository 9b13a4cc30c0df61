import Foundation
import Testing

@testable import LogTriage

/// The merge rule of the timeline: by time, ties by input name then position; an input's own order is kept, and an
/// event without a timestamp stays after its input's previous event.
struct TimelineMergeTests {
    /// A spool of events `(line, seconds or nil)` in this order, with a quiet run of `quiet` records after each.
    static func spool(_ name: String, _ events: [(Int, Int?)], quiet: Int = 0, store: TimelineStore) -> TimelineSpool {
        let s = TimelineSpool(name: name, store: store)
        for (line, seconds) in events {
            var e = LogEvent(file: name, line: line)
            e.timestamp = seconds.map { Timestamp(epochMillis: Int64($0) * 1000, offsetSeconds: 0) }
            s.addMatched(PackedEvent(e, fields: []), RecordMatch())
            for _ in 0..<quiet { s.addQuiet(LogEvent(file: name, line: 0)) }
        }
        s.finish()
        return s
    }

    /// `name:line` of every event in merged order, and the quiet records counted.
    static func merged(_ spools: [TimelineSpool]) -> (events: [String], quiet: Int) {
        var merge = TimelineMerge(spools)
        var out: [String] = []
        var quiet = 0
        while let (item, k) = merge.next() {
            switch item {
            case .matched(let p, _): out.append("\(spools[k].name):\(p.unpacked(file: "", fields: []).line)")
            case .quiet(let run): quiet += run.records
            }
        }
        return (out, quiet)
    }

    @Test func orderedByTimeThenNameThenPosition() {
        let store = TimelineStore()
        let a = Self.spool("a.log", [(1, 10), (2, 20), (3, 20)], store: store)
        let b = Self.spool("b.log", [(1, 5), (2, 20), (3, 30)], store: store)
        let expected = ["b.log:1", "a.log:1", "a.log:2", "a.log:3", "b.log:2", "b.log:3"]
        #expect(Self.merged([a, b]).events == expected)
        let store2 = TimelineStore()
        let b2 = Self.spool("b.log", [(1, 5), (2, 20), (3, 30)], store: store2)
        let a2 = Self.spool("a.log", [(1, 10), (2, 20), (3, 20)], store: store2)
        #expect(Self.merged([b2, a2]).events == expected)
    }

    /// An event without a timestamp takes its input's previous time (the start of time before the first), and an
    /// input whose clock goes backwards is still read in its own order.
    @Test func untimedAndBackwardEventsKeepTheirPlace() {
        let store = TimelineStore()
        let a = Self.spool("a.log", [(1, nil), (2, 10), (3, nil), (4, 40), (5, 15)], quiet: 2, store: store)
        let b = Self.spool("b.log", [(1, 12), (2, 20), (3, nil)], store: store)
        let merged = Self.merged([b, a])
        #expect(
            merged.events == ["a.log:1", "a.log:2", "a.log:3", "b.log:1", "b.log:2", "b.log:3", "a.log:4", "a.log:5"])
        #expect(merged.quiet == 10)
    }

    /// Spools over the memory budget go to the temporary file and read back the same, through small buffers.
    @Test func spilledSpoolsReadBackTheSame() {
        let events = (1...500).map { ($0, $0 % 7 == 0 ? nil : $0 * 3) as (Int, Int?) }
        let inMemory = Self.merged([
            Self.spool("x.log", events, quiet: 1, store: TimelineStore()),
            Self.spool("y.log", events.reversed(), store: TimelineStore()),
        ])
        let store = TimelineStore(memoryBudget: 100, minSegment: 64)
        let x = Self.spool("x.log", events, quiet: 1, store: store)
        let y = Self.spool("y.log", events.reversed(), store: store)
        #expect(store.spilled > 0)
        #expect(store.inMemory <= 100 + 64)
        var merge = TimelineMerge([x, y], chunkBudget: 1)
        var n = 0
        while merge.next() != nil { n += 1 }
        #expect(n == 1500)
        let again = Self.merged([
            Self.spool("x.log", events, quiet: 1, store: store), Self.spool("y.log", events.reversed(), store: store),
        ])
        #expect(again.events == inMemory.events)
        #expect(again.quiet == inMemory.quiet)
    }

    /// The parts of one split input, written on their own (some in memory, some in the file) and joined in order,
    /// merge exactly as the whole input in one spool, quiet runs at the joins included.
    @Test(arguments: [(1 << 20, 3), (100, 3), (1 << 20, 1), (300, 7)])
    func joinedPartsMergeAsTheWhole(budget: Int, cuts: Int) {
        let events = (1...200).map { ($0, $0 % 5 == 0 ? nil : 1000 + $0 / 3) as (Int, Int?) }
        let other = Self.spool("b.log", (1...50).map { ($0, 1000 + $0) }, store: TimelineStore())
        let whole = Self.merged([Self.spool("a.log", events, quiet: 2, store: TimelineStore()), other])
        let store = TimelineStore(memoryBudget: budget, minSegment: 64)
        let size = events.count / cuts + 1
        let parts = stride(from: 0, to: events.count, by: size).map {
            Self.spool("a.log", Array(events[$0..<min($0 + size, events.count)]), quiet: 2, store: store)
        }
        for later in parts.dropFirst() { parts[0].append(contentsOf: later) }
        parts[0].finish()
        if budget < 1000 { #expect(store.spilled > 0) }
        let again = Self.spool("b.log", (1...50).map { ($0, 1000 + $0) }, store: TimelineStore())
        let joined = Self.merged([again, parts[0]])
        #expect(joined.events == whole.events)
        #expect(joined.quiet == whole.quiet)
        #expect(parts[0].items > 200)
    }
}
