import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The service's metrics (swift-metrics API), kept in a Prometheus registry of its own and served at `/metrics`.
///
/// Every name starts with `logtriage_`. Each server has its own registry, so tests can run several in one process.
struct ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
        // Present from the start, so a scrape shows them at zero.
        queueDepth(0)
        Counter(label: "logtriage_bytes_read_total", factory: factory).increment(by: 0)
    }

    /// One HTTP request answered: `route` is the matched route pattern (`/v1/analyses/{id}`), or `unmatched`.
    func request(route: String, method: String, status: Int) {
        Counter(
            label: "logtriage_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
    }

    func analysisFinished(side: String, seconds: Double) {
        Counter(label: "logtriage_analyses_total", dimensions: [("side", side)], factory: factory).increment()
        CoreMetrics.Timer(label: "logtriage_analysis_duration_seconds", factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func analysisFailed() {
        Counter(label: "logtriage_analyses_total", dimensions: [("side", "error")], factory: factory).increment()
    }

    func bytesRead(_ n: Int) {
        Counter(label: "logtriage_bytes_read_total", factory: factory).increment(by: n)
    }

    /// Jobs queued or running.
    func queueDepth(_ n: Int) {
        Gauge(label: "logtriage_queue_depth", factory: factory).record(n)
    }

    func webhook(source: String, result: String) {
        Counter(
            label: "logtriage_webhook_deliveries_total",
            dimensions: [("source", source), ("result", result)],
            factory: factory
        ).increment()
    }

    /// One write-back try failed (`final` when no try is left).
    func writeBackFailed(system: String, final: Bool) {
        Counter(
            label: "logtriage_writeback_failures_total",
            dimensions: [("system", system), ("final", final ? "true" : "false")],
            factory: factory
        ).increment()
    }

    func writeBackDone(system: String, result: String) {
        Counter(
            label: "logtriage_writebacks_total",
            dimensions: [("system", system), ("result", result)],
            factory: factory
        ).increment()
    }

    func prometheusText() -> [UInt8] { registry.emitToBuffer() }
}
