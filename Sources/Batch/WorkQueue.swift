import Dispatch
import LogTriage
import Synchronization

/// A bounded first-in first-out queue between one producer and several worker threads: `push` waits while the
/// queue is full, so at most `capacity` units' bytes are in memory besides those being processed.
///
/// Its state lives behind one `Mutex`; a thread that has to wait parks until it changes (``ParkedThreads``).
final class WorkQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var closed = false
        var waiting = ParkedThreads()
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func push(_ item: Item) {
        WaitStep<Void>.retrying {
            state.withLock { s in
                if s.items.count >= capacity { return .wait(s.waiting.park(), wake: []) }
                s.items.append(item)
                return .done((), wake: s.waiting.wakeAll())
            }
        }
    }

    /// No more items; workers drain what is left and get `nil`.
    func close() {
        let wake = state.withLock { s in
            s.closed = true
            return s.waiting.wakeAll()
        }
        for w in wake { w.signal() }
    }

    func pop() -> Item? {
        WaitStep<Item?>.retrying {
            state.withLock { s in
                if s.items.isEmpty { return s.closed ? .done(nil, wake: []) : .wait(s.waiting.park(), wake: []) }
                let item = s.items.removeFirst()
                return .done(item, wake: s.waiting.wakeAll())
            }
        }
    }
}
