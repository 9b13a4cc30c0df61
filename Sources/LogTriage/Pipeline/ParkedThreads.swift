import Dispatch

/// The threads waiting for a change of some state kept behind a `Mutex`: each parks on a semaphore of its own,
/// registered under the lock, and every change that may let a waiter go on wakes all of them (they look again), so
/// no wake-up is lost. Used by ``IngestChannel`` and the batch's work queue.
package struct ParkedThreads: Sendable {
    private var semaphores: [DispatchSemaphore] = []

    package init() {}

    /// Registers a new semaphore for the calling thread to wait on once it has let go of the lock.
    package mutating func park() -> DispatchSemaphore {
        let s = DispatchSemaphore(value: 0)
        semaphores.append(s)
        return s
    }

    /// Registers a semaphore that something else also signals.
    package mutating func add(_ s: DispatchSemaphore) { semaphores.append(s) }

    /// Everyone parked; signal them after letting go of the lock.
    package mutating func wakeAll() -> [DispatchSemaphore] {
        defer { semaphores = [] }
        return semaphores
    }
}

/// What one attempt under a lock decided: go on with a value, or wait and try again; either way, whom to wake.
package enum WaitStep<Value: Sendable>: Sendable {
    case done(Value, wake: [DispatchSemaphore])
    case wait(DispatchSemaphore, wake: [DispatchSemaphore])

    /// Runs `attempt` (which takes the lock and lets go of it) until it is done, waiting in between; wakes whom each
    /// attempt names.
    package static func retrying(_ attempt: () -> WaitStep<Value>) -> Value {
        while true {
            switch attempt() {
            case .done(let value, let wake):
                for w in wake { w.signal() }
                return value
            case .wait(let parked, let wake):
                for w in wake { w.signal() }
                parked.wait()
            }
        }
    }
}
