import Dispatch
import Foundation
import Synchronization

/// Threads started together and joined together: ``join()`` returns once every thread started so far has returned
/// from its body. ``cancel()`` only raises a flag the threads' bodies read (``isCancelled``).
final class ThreadGroup: Sendable {
    private let running = DispatchGroup()
    private let stackSize: Int
    private let cancelled = Atomic(false)

    init(stackSize: Int = 1 << 20) { self.stackSize = stackSize }

    /// Starts `body` on a thread of its own.
    func start(_ body: @escaping @Sendable () -> Void) {
        running.enter()
        PipelineCounters.countThread()
        let t = Thread { [running] in
            body()
            running.leave()
        }
        t.stackSize = stackSize
        t.start()
    }

    /// Waits until every thread started has returned.
    func join() { running.wait() }

    func cancel() { cancelled.store(true, ordering: .releasing) }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
}
