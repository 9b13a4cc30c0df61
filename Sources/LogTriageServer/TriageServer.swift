import AsyncHTTPClient
import Foundation
import Hummingbird
import LogTriage
import Logging
import NIOCore
import RequestStore
import ServiceLifecycle

/// The `logtriage serve` HTTP service: builds the routes, the job queue and the write-back, and runs them.
///
/// ```swift
/// let server = try TriageServer(configuration: config, logger: logger)
/// try await server.run(host: "127.0.0.1", port: 8080)   // until SIGTERM/SIGINT
/// ```
public struct TriageServer: Sendable {
    public let configuration: ServerConfiguration
    let repository: any AnalysisRepository
    let runner: any AnalysisRunner
    let renderer: any AnalysisRenderer
    let logger: Logger
    let spoolRoot: URL
    /// The request store, when the service runs on one (analyses, requests and spooled jobs outlive the process).
    let store: RequestStore?

    /// - Parameters:
    ///   - configuration: limits, tokens, ticket systems.
    ///   - store: the SQLite request store: analyses are kept in it (``StoreAnalysisRepository``), uploads become
    ///     stored support requests (``IntakeRunner``), and uploads are spooled beside it (`<store>.spool`) unless the
    ///     configuration names a spool folder, so queued jobs resume after a restart. Nothing outlives the process
    ///     when nil.
    ///   - repository: where analyses are kept (the store's, else ``InMemoryAnalysisRepository``, when nil).
    ///   - runner: what analyses (an ``IntakeRunner`` on the store, else a ``DiagnoserRunner``, when nil).
    ///   - renderer: renders stored diagnoses (the ``DiagnoserRunner`` when nil).
    ///   - logger: the service's logger (request lines, job events; never secrets or bodies); when nil, standard
    ///     error at the level of `LOG_LEVEL` (default `info`).
    /// - Throws: when the bundled rule catalogue does not load or the spool folder cannot be created.
    public init(
        configuration: ServerConfiguration,
        store: RequestStore? = nil,
        repository: (any AnalysisRepository)? = nil,
        runner: (any AnalysisRunner)? = nil,
        renderer: (any AnalysisRenderer)? = nil,
        logger: Logger? = nil
    ) throws {
        self.configuration = configuration
        self.store = store
        if let repository {
            self.repository = repository
        } else if let store {
            self.repository = StoreAnalysisRepository(store: store)
        } else {
            self.repository = InMemoryAnalysisRepository()
        }
        let catalogue = try RuleCatalogue.loadBundled(examples: false)
        let pool = WorkerPool(limit: configuration.workers)
        let diagnoser = DiagnoserRunner(catalogue: catalogue, pool: pool)
        if let runner {
            self.runner = runner
        } else if let store {
            self.runner = IntakeRunner(store: store, catalogue: catalogue, pool: pool)
        } else {
            self.runner = diagnoser
        }
        self.renderer = renderer ?? diagnoser
        self.logger = logger ?? Self.defaultLogger()
        let root =
            configuration.spoolDirectory.map { URL(fileURLWithPath: $0) }
            ?? store.map { URL(fileURLWithPath: $0.path + ".spool") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        self.spoolRoot = root
    }

    static func defaultLogger() -> Logger {
        var logger = Logger(label: "logtriage.serve")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    /// The Hummingbird application: routes, middleware and the services it runs (job queue, HTTP client).
    /// - Parameters:
    ///   - host: the address to listen on (`127.0.0.1` by default in the CLI).
    ///   - port: the port; 0 picks a free one, reported to `onServerRunning`.
    ///   - onServerRunning: called with the bound port once the server listens.
    func makeApplication(
        host: String,
        port: Int,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let metrics = ServiceMetrics()
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow)
        )
        let http = TicketHTTP(client: client, timeoutSeconds: configuration.writeBack.timeoutSeconds)
        let depth = DepthCounter(metrics: metrics)
        let queue = JobQueue(depth: depth)
        let writeBack = WriteBack(
            http: http,
            configuration: configuration,
            repository: repository,
            renderer: renderer,
            metrics: metrics,
            logger: logger
        )
        let coordinator = AnalysisCoordinator(
            configuration: configuration,
            repository: repository,
            runner: runner,
            metrics: metrics,
            queue: queue,
            depth: depth,
            writeBack: writeBack,
            spoolRoot: spoolRoot,
            logger: logger
        )
        let router = makeRouter(coordinator: coordinator, metrics: metrics)
        let spoolRoot = spoolRoot
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "logtriage"),
            services: [
                HTTPClientService(
                    client: client,
                    temporarySpool: configuration.spoolDirectory == nil && store == nil ? spoolRoot : nil
                ),
                queue,
                ResumeService(coordinator: coordinator),
            ],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// - Parameter methodFallbacks: add the `405` handlers for methods a path does not take (off for ``routeList()``).
    func makeRouter(
        coordinator: AnalysisCoordinator,
        metrics: ServiceMetrics,
        methodFallbacks: Bool = true
    ) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        let repository = repository
        let spoolRoot = spoolRoot
        router.get("healthz") { _, _ in try AnalysisJSON.response(["status": "ok"]) }
        router.get("readyz") { _, _ in
            let spoolOK = FileManager.default.isWritableFile(atPath: spoolRoot.path)
            let storeOK = (try? await repository.list(AnalysisQuery())) != nil
            let ok = spoolOK && storeOK
            return try AnalysisJSON.response(
                ["status": ok ? "ready" : "not ready", "store": storeOK, "spool": spoolOK],
                status: ok ? .ok : .serviceUnavailable
            )
        }
        router.get("metrics") { _, _ in
            AnalysisJSON.bytes(metrics.prometheusText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("openapi.yaml") { _, _ in
            AnalysisJSON.bytes(Array(OpenAPIDocument.yaml.utf8), contentType: "application/yaml")
        }
        let receiver = UploadReceiver(
            maxBytes: configuration.maxRequestBytes,
            maxFiles: configuration.maxFiles,
            spoolRoot: spoolRoot
        )
        AnalysesController(coordinator: coordinator, renderer: renderer, receiver: receiver, store: store)
            .addRoutes(to: router.group("v1").add(middleware: BearerAuthMiddleware(tokens: configuration.apiTokens)))
        WebhooksController(coordinator: coordinator, configuration: configuration, metrics: metrics)
            .addRoutes(to: router.group("v1/webhooks"))
        if methodFallbacks {
            MethodFallbacks.add(to: router, routes: router.routes.map { ($0.method.rawValue, "\($0.path)") })
        }
        return router
    }

    /// The routes the server answers, as `METHOD /path` with OpenAPI-style parameters (`/v1/analyses/{id}`).
    func routeList() -> [String] {
        let metrics = ServiceMetrics()
        let depth = DepthCounter(metrics: metrics)
        let http = TicketHTTP(client: HTTPClient.shared, timeoutSeconds: 1)
        let writeBack = WriteBack(
            http: http,
            configuration: configuration,
            repository: repository,
            renderer: renderer,
            metrics: metrics,
            logger: logger
        )
        let coordinator = AnalysisCoordinator(
            configuration: configuration,
            repository: repository,
            runner: runner,
            metrics: metrics,
            queue: JobQueue(depth: depth),
            depth: depth,
            writeBack: writeBack,
            spoolRoot: spoolRoot,
            logger: logger
        )
        let router = makeRouter(coordinator: coordinator, metrics: metrics, methodFallbacks: false)
        return router.routes.map { "\($0.method.rawValue) \($0.path)" }
    }

    /// Runs until SIGTERM or SIGINT, then stops taking requests and lets running jobs finish.
    /// - Throws: when the server cannot bind or a service fails.
    public func run(host: String, port: Int) async throws {
        let app = makeApplication(host: host, port: port) { [logger] bound in
            logger.info("listening", metadata: ["host": "\(host)", "port": "\(bound)"])
        }
        logger.info("configuration", metadata: ["settings": "\(configuration.redactedDescription)"])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Shuts the write-back HTTP client down after the job queue has stopped (services stop in reverse order), and
/// removes the spool folder when it was a temporary one (nothing outlives the in-memory repository anyway).
struct HTTPClientService: Service {
    let client: HTTPClient
    let temporarySpool: URL?

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
        if let temporarySpool { try? FileManager.default.removeItem(at: temporarySpool) }
    }
}

/// Queues again, once the service runs, the analyses a previous process left queued or running.
struct ResumeService: Service {
    let coordinator: AnalysisCoordinator

    func run() async throws {
        await coordinator.resume()
        try? await gracefulShutdown()
    }
}
