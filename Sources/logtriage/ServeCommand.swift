import ArgumentParser
import Foundation
import LogTriageServer

/// `logtriage serve`: the HTTP service ticket systems call (see Sources/LogTriageServer/README.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service: upload logs or receive ticket webhooks, diagnose, write the result back.",
        discussion: """
            API tokens come from LOGTRIAGE_API_TOKENS (comma-separated) or the config file's apiTokens; ticket \
            systems and webhook secrets from the config file or ZENDESK_*/JIRA_* variables. The API is described \
            at /openapi.yaml. Stops on SIGTERM or SIGINT after running jobs finish.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "JSON configuration file (limits, tokens, ticket systems); the environment overrides it.")
    var config: String?

    @Option(help: "SQLite request store (not in this build yet: analyses are kept in memory).")
    var store: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if store != nil {
            throw ValidationError("--store needs the request store, which this build does not have yet")
        }
    }

    func run() throws {
        let settings: ServerConfiguration
        do {
            settings = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            Stderr.write("logtriage: \(error)")
            throw ExitCode(2)
        }
        if settings.apiTokens.isEmpty {
            Stderr.write("logtriage: warning: no API token configured (LOGTRIAGE_API_TOKENS): /v1 uploads refuse all")
        }
        let server = try TriageServer(configuration: settings)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let (host, port) = (host, port)
        Task {
            do {
                try await server.run(host: host, port: port)
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            Stderr.write("logtriage: serve: \(error)")
            throw ExitCode(1)
        }
    }

    /// The server task's error, read after it ended.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        func set(_ e: any Error) { lock.withLock { stored = e } }
        var error: (any Error)? { lock.withLock { stored } }
    }
}
