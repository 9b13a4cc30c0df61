import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import RequestStore
import ServiceLifecycle
import Testing

@testable import LogTriageServer

/// Runs the real server on a free 127.0.0.1 port for the duration of `body`, then shuts it down gracefully.
enum TestServer {
    static let token = "test-token-5b1f"

    static func config() -> ServerConfiguration {
        var c = ServerConfiguration()
        c.apiTokens = [token]
        c.workers = 2
        c.writeBack.initialDelayMillis = 20
        c.writeBack.maxDelayMillis = 50
        c.writeBack.timeoutSeconds = 5
        return c
    }

    static var logger: Logger {
        var l = Logger(label: "logtriage.test")
        l.logLevel = .warning
        return l
    }

    static func with<T: Sendable>(
        _ configuration: ServerConfiguration = config(),
        repository: (any AnalysisRepository)? = nil,
        store: RequestStore? = nil,
        _ body: @Sendable (_ base: String) async throws -> T
    ) async throws -> T {
        let server = try TriageServer(
            configuration: configuration,
            store: store,
            repository: repository,
            logger: logger
        )
        return try await run(
            { ports in
                server.makeApplication(host: "127.0.0.1", port: 0) { port in ports.yield(port) }
            },
            body
        )
    }

    /// Runs an application (the recording ticket system too) and gives `body` its base URL; `makeApp` must yield
    /// the bound port to the continuation it gets.
    static func run<T: Sendable, App: ApplicationProtocol>(
        _ makeApp: (AsyncStream<Int>.Continuation) -> App,
        _ body: @Sendable (_ base: String) async throws -> T
    ) async throws -> T {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = makeApp(continuation)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = stream.makeAsyncIterator()
            guard let port = await ports.next() else { throw TestServerError.noPort }
            let result: Result<T, any Error>
            do {
                result = .success(try await body("http://127.0.0.1:\(port)"))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}

enum TestServerError: Error { case noPort }
