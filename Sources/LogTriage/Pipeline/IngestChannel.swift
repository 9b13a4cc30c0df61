import Dispatch
import Synchronization

/// The first stage of a two-stage read hands batches of records to the second through this channel, bounded by its
/// own cap and by the shared ``ReadAheadBudget``: every batch is paid for from the budget when put and given back when
/// taken. A single producer and a single consumer; the producer ends it with ``finish(_:)``, either side may
/// ``cancel()`` it.
///
/// Its whole state lives behind one `Mutex`. A thread that has to wait parks on a semaphore of its own, registered
/// under the lock, and every change that may let a waiter go on wakes all waiters (they look again), so no wake-up
/// is lost.
final class IngestChannel<Item: Sendable>: Sendable {
    private struct State {
        var batches: [(items: [Item], cost: Int)] = []
        var head = 0
        var bufferedBytes = 0
        /// Set by the first ``take()``: the consumer has reached this channel and drains it.
        var consumed = false
        var cancelled = false
        /// Set once by ``finish(_:)``: the input's report, or why it could not be read.
        var end: Result<InputReport, any Error>?
        /// Threads parked until this state changes.
        var waiting = ParkedThreads()
    }

    private let state = Mutex(State())
    private let budget: ReadAheadBudget
    private let maxBufferedBytes: Int

    /// - Parameters:
    ///   - maxBufferedBytes: what this channel may hold at most (within `shared`).
    ///   - shared: the budget of the whole read.
    init(maxBufferedBytes: Int, shared: ReadAheadBudget) {
        self.maxBufferedBytes = maxBufferedBytes
        self.budget = shared
    }

    /// Runs `attempt` under the lock until it is done, waiting in between.
    private func retrying<Value: Sendable>(_ attempt: (inout State) -> WaitStep<Value>) -> Value {
        WaitStep.retrying { state.withLock { attempt(&$0) } }
    }

    /// Waits until the batch fits this channel's cap and the shared budget
    /// (``ReadAheadBudget/fits(_:own:ownCap:consumed:)``). Returns false once cancelled.
    func put(_ batch: [Item], cost: Int) -> Bool {
        retrying { s in
            if s.cancelled { return .done(false, wake: []) }
            let cap = maxBufferedBytes
            if let room = budget.admit(cost, own: s.bufferedBytes, ownCap: cap, consumed: s.consumed) {
                s.waiting.add(room)  // woken by the budget, or by this channel (cancelled, consumed, drained)
                return .wait(room, wake: [])
            }
            s.batches.append((batch, cost))
            s.bufferedBytes += cost
            return .done(true, wake: s.waiting.wakeAll())
        }
    }

    /// The next batch, or nil when the input is finished (or the channel cancelled).
    func take() -> [Item]? {
        retrying { s in
            // Reaching the channel lets its producer always hand over one batch.
            var wake = s.consumed ? [] : s.waiting.wakeAll()
            s.consumed = true
            if s.cancelled { return .done(nil, wake: wake) }
            if s.head == s.batches.count {
                if s.end != nil { return .done(nil, wake: wake) }
                return .wait(s.waiting.park(), wake: wake)
            }
            let b = s.batches[s.head]
            s.batches[s.head].items = []
            s.head += 1
            if s.head == s.batches.count || s.head >= 1024 {
                s.batches.removeFirst(s.head)
                s.head = 0
            }
            s.bufferedBytes -= b.cost
            wake += s.waiting.wakeAll()
            wake += budget.release(b.cost)
            return .done(b.items, wake: wake)
        }
    }

    /// Ends the input: no batch follows. Only the first call counts.
    func finish(_ r: Result<InputReport, any Error>) {
        let wake = state.withLock { s in
            if s.end == nil { s.end = r }
            return s.waiting.wakeAll()
        }
        for w in wake { w.signal() }
    }

    /// The input's report once ``finish(_:)`` was called (waits for it); throws what reading it threw.
    func report() throws -> InputReport {
        let end: Result<InputReport, any Error> = retrying { s in
            if let end = s.end { return .done(end, wake: []) }
            return .wait(s.waiting.park(), wake: [])
        }
        return try end.get()
    }

    /// Stops the channel: ``put(_:cost:)`` returns false and ``take()`` nil from now on; what it held is dropped
    /// and its cost given back to the budget.
    func cancel() {
        let wake = state.withLock { s in
            s.cancelled = true
            s.batches = []
            s.head = 0
            let held = s.bufferedBytes
            s.bufferedBytes = 0
            return s.waiting.wakeAll() + budget.release(held)
        }
        for w in wake { w.signal() }
    }
}
