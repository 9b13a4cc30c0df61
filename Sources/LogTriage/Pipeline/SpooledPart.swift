import Dispatch
import Synchronization

/// One input (or part of one) as its reading thread leaves it: a ``TimelineSpool`` the thread writes on its own, and
/// once it is done the input's report or why it could not be read. The consumer waits for the end (``report()``) and
/// only then touches the spool, so the spool is never shared while it is written.
///
/// Nothing here waits for the consumer: a reading thread goes on at its own pace, and what it keeps is bounded by the
/// spools' store (memory up to its budget, the rest in its temporary file).
final class SpooledPart: @unchecked Sendable {
    /// Written by the reading thread until ``finish(_:)``; read by the consumer after ``report()`` returned.
    let spool: TimelineSpool
    private let end = Mutex<Result<InputReport, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(spool: TimelineSpool) { self.spool = spool }

    /// Ends the part. Only the first call counts.
    func finish(_ r: Result<InputReport, any Error>) {
        let first = end.withLock { e in
            if e != nil { return false }
            e = r
            return true
        }
        if first { done.signal() }
    }

    /// Waits for the end; the part's report, or what reading it threw.
    func report() throws -> InputReport {
        done.wait()
        done.signal()  // later calls return at once
        return try end.withLock { $0! }.get()
    }
}
