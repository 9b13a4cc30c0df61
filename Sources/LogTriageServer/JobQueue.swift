import Logging
import ServiceLifecycle

/// Runs queued jobs (large uploads, webhook deliveries) as a swift-service-lifecycle `Service`.
///
/// On graceful shutdown (SIGTERM/SIGINT) it stops taking jobs and waits for the running ones; jobs not yet started
/// stay `queued` in the repository, with their files, for a store that outlives the process to resume.
final class JobQueue: Service, Sendable {
    typealias Job = @Sendable () async -> Void
    private let stream: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    private let depth: DepthCounter

    init(depth: DepthCounter) {
        (stream, continuation) = AsyncStream.makeStream(of: Job.self)
        self.depth = depth
    }

    /// Queues a job; it runs as soon as the queue's service is running (analyses then wait for a worker thread).
    func enqueue(_ job: @escaping Job) async {
        await depth.add(1)
        continuation.yield(job)
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in stream.cancelOnGracefulShutdown() {
                let depth = depth
                group.addTask {
                    await job()
                    await depth.add(-1)
                }
            }
        }
        continuation.finish()
    }
}

/// Jobs queued or running, reported as the `logtriage_queue_depth` gauge.
actor DepthCounter {
    private var value = 0
    private let metrics: ServiceMetrics

    init(metrics: ServiceMetrics) { self.metrics = metrics }

    func add(_ n: Int) {
        value += n
        metrics.queueDepth(value)
    }

    var current: Int { value }
}
