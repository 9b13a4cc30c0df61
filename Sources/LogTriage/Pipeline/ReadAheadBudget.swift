import Dispatch
import Synchronization

/// The one budget for everything an analysis reads ahead: the items waiting in every channel of every input, part and
/// stage. A producer takes from it when it hands a batch over and the consumer gives it back when it takes the batch,
/// so what waits is bounded by construction, whatever the threads' speeds: a starved consumer stops the producers.
///
/// The one exception keeps reading from deadlocking: a channel whose consumer has reached it (``IngestChannel``'s
/// `consumed`) may always hold one batch, even when later inputs filled the budget. At most two channels are consumed
/// at a time (the input being applied and the first stage of a two-stage read), so the budget is exceeded by at most
/// two batches (``ParallelIngest/maxBatchCost`` each, plus one record).
///
/// Its counters live behind a `Mutex`; a channel takes that lock only while holding its own (channels first, then
/// the budget: one order, so no deadlock).
final class ReadAheadBudget: Sendable {
    let maxBytes: Int
    /// What only channels being consumed may use: later inputs stop reading ahead before it, so the input being
    /// applied does not have to hand over one batch at a time.
    let reservedBytes: Int

    private struct State {
        var buffered = 0
        /// The most ever buffered (tests, benchmarks).
        var peak = 0
        /// Producers waiting for room, woken all at once when some is given back.
        var waiting: [DispatchSemaphore] = []
    }

    private let state = Mutex(State())

    init(maxBytes: Int, reservedBytes: Int = 0) {
        self.maxBytes = maxBytes
        self.reservedBytes = min(reservedBytes, maxBytes)
    }

    /// Whether a channel holding `own` bytes (its own cap `ownCap`) may add `cost` now.
    func fits(_ cost: Int, own: Int, ownCap: Int, consumed: Bool) -> Bool {
        state.withLock { Self.fits(cost, own: own, ownCap: ownCap, consumed: consumed, buffered: $0.buffered, self) }
    }

    private static func fits(
        _ cost: Int, own: Int, ownCap: Int, consumed: Bool, buffered: Int, _ b: ReadAheadBudget
    ) -> Bool {
        if consumed, own == 0 { return true }
        let cap = consumed ? b.maxBytes : b.maxBytes - b.reservedBytes
        return own + cost <= ownCap && buffered + cost <= cap
    }

    /// Takes `cost` from the budget when it fits (``fits(_:own:ownCap:consumed:)``) and returns nil; else returns a
    /// semaphore that is signalled once some of the budget is given back (wait on it, then ask again).
    func admit(_ cost: Int, own: Int, ownCap: Int, consumed: Bool) -> DispatchSemaphore? {
        state.withLock { s in
            if Self.fits(cost, own: own, ownCap: ownCap, consumed: consumed, buffered: s.buffered, self) {
                s.buffered += cost
                s.peak = max(s.peak, s.buffered)
                return nil
            }
            let wake = DispatchSemaphore(value: 0)
            s.waiting.append(wake)
            return wake
        }
    }

    /// Adds `cost` whether it fits or not (tests).
    func add(_ cost: Int) {
        state.withLock { s in
            s.buffered += cost
            s.peak = max(s.peak, s.buffered)
        }
    }

    /// Gives `cost` back; returns the producers to wake (signal them after letting go of any lock).
    func release(_ cost: Int) -> [DispatchSemaphore] {
        state.withLock { s in
            s.buffered -= cost
            defer { s.waiting = [] }
            return s.waiting
        }
    }

    /// The most ever buffered.
    var peakBytes: Int { state.withLock { $0.peak } }
}
