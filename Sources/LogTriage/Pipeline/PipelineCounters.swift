import Synchronization

/// Process-wide counts of what the pipeline did: which path reads took (`analyze` prints them when `LOGTRIAGE_DEBUG`
/// is set, so an end-to-end test can tell a threaded read from a sequential one).
public enum PipelineCounters {
    private static let reads = Atomic<Int>(0)
    private static let threads = Atomic<Int>(0)

    /// Reads that went through ``ParallelIngest`` (on threads) rather than the calling thread.
    public static var parallelReads: Int { reads.load(ordering: .relaxed) }
    /// Threads the pipeline started.
    public static var threadsStarted: Int { threads.load(ordering: .relaxed) }

    static func countRead() { reads.add(1, ordering: .relaxed) }
    static func countThread() { threads.add(1, ordering: .relaxed) }
}
