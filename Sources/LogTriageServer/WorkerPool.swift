import Foundation

/// Runs blocking, CPU-bound work on threads of its own, at most `limit` at a time, so that neither the NIO event
/// loops nor Swift's cooperative thread pool are ever blocked by an analysis.
///
/// Work waiting for a thread is counted in ``waiting``; the service reports it as queue depth.
public actor WorkerPool {
    public nonisolated let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        precondition(limit >= 1, "a worker pool needs at least one thread, not \(limit)")
        self.limit = limit
    }

    /// Work started and not finished.
    public var active: Int { running }
    /// Work waiting for a thread.
    public var waiting: Int { waiters.count }

    /// Runs `work` on a new thread once one of the `limit` slots is free, and returns its result.
    /// - Throws: what `work` throws.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = "logtriage-worker"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            waiters.removeFirst().resume()  // the slot passes straight to the next waiter
        }
    }
}
