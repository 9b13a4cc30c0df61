import Dispatch
import Synchronization

/// A bounded first-in first-out queue between one producer and several worker threads: `push` waits while the
/// queue is full, so at most `capacity` units' bytes are in memory besides those being processed.
///
/// Its state lives behind one `Mutex`. A thread that has to wait parks on a semaphore of its own, registered under
/// the lock, and every change that may let a waiter go on wakes all waiters (they look again), so no wake-up is lost.
final class WorkQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var closed = false
        /// Threads parked until this state changes.
        var waiting: [DispatchSemaphore] = []

        mutating func wakeAll() -> [DispatchSemaphore] {
            defer { waiting = [] }
            return waiting
        }

        mutating func park() -> DispatchSemaphore {
            let s = DispatchSemaphore(value: 0)
            waiting.append(s)
            return s
        }
    }

    /// What one attempt under the lock decided: go on with a value, or wait and try again; either way, who to wake.
    private enum Step<Value: Sendable>: Sendable {
        case done(Value, wake: [DispatchSemaphore])
        case wait(DispatchSemaphore)
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Runs `attempt` under the lock until it is done, waiting in between; wakes whom it names after letting go of
    /// the lock.
    private func retrying<Value: Sendable>(_ attempt: (inout State) -> Step<Value>) -> Value {
        while true {
            switch state.withLock({ attempt(&$0) }) {
            case .done(let value, let wake):
                for w in wake { w.signal() }
                return value
            case .wait(let parked):
                parked.wait()
            }
        }
    }

    func push(_ item: Item) {
        retrying { s -> Step<Void> in
            if s.items.count >= capacity { return .wait(s.park()) }
            s.items.append(item)
            return .done((), wake: s.wakeAll())
        }
    }

    /// No more items; workers drain what is left and get `nil`.
    func close() {
        let wake = state.withLock { s in
            s.closed = true
            return s.wakeAll()
        }
        for w in wake { w.signal() }
    }

    func pop() -> Item? {
        retrying { s -> Step<Item?> in
            if s.items.isEmpty { return s.closed ? .done(nil, wake: []) : .wait(s.park()) }
            let item = s.items.removeFirst()
            return .done(item, wake: s.wakeAll())
        }
    }
}
