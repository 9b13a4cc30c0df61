import ArgumentParser
import Foundation
import LogTriage
import LogTriageServer
import RequestStore
import Synchronization

/// `logtriage serve`: the HTTP service ticket systems call (see Sources/LogTriageServer/README.md). A program of its
/// own, so `analyze` does not load the HTTP stack: `logtriage serve ARGS` runs `logtriage-server ARGS`.
@main
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage serve",
        abstract: "Run the HTTP service: upload logs or receive ticket webhooks, diagnose, write the result back.",
        discussion: """
            API tokens come from LOGTRIAGE_API_TOKENS (comma-separated) or the config file's apiTokens; ticket \
            systems and webhook secrets from the config file or ZENDESK_*/JIRA_* variables. The API is described \
            at /openapi.yaml. Stops on SIGTERM or SIGINT after running jobs finish.

            Analyses, idempotency keys, webhook deliveries and write-back state are kept in the request store \
            (--store, default $LOGTRIAGE_STORE, else $XDG_DATA_HOME/logtriage/store.sqlite, else \
            ~/.local/share/logtriage/store.sqlite: the same store as `logtriage request`), uploads become its \
            support requests, and jobs a stopped service left queued resume on the next start. --in-memory keeps \
            nothing after the process ends.
            """,
        version: LogTriageVersion.string
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "JSON configuration file (limits, tokens, ticket systems); the environment overrides it.")
    var config: String?

    @Option(help: "SQLite request store (default: $LOGTRIAGE_STORE or the XDG data folder's logtriage/store.sqlite).")
    var store: String?

    @Flag(help: "Keep analyses in memory only: nothing survives a restart, GET /v1/requests answers 409.")
    var inMemory = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if store != nil, inMemory { throw ValidationError("--store and --in-memory exclude each other") }
    }

    func run() throws {
        let settings: ServerConfiguration
        do {
            settings = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            standardError("logtriage: \(error)")
            throw ExitCode(ServerExit.badInput)
        }
        if settings.apiTokens.isEmpty {
            standardError("logtriage: warning: no API token configured (LOGTRIAGE_API_TOKENS): /v1 uploads refuse all")
        }
        var requestStore: RequestStore?
        if !inMemory {
            let path = store ?? RequestStore.defaultPath()
            do {
                requestStore = try RequestStore(path: path)
            } catch {
                standardError("logtriage: \(error)")
                throw ExitCode(ServerExit.badInput)
            }
        }
        let server = try TriageServer(configuration: settings, store: requestStore)
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
            standardError("logtriage: serve: \(error)")
            throw ExitCode(ServerExit.failure)
        }
    }

    /// Parses and runs, mapping argument-parser's usage exit code (64) to logtriage's documented 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ServerExit.badInput)
            }
            exit(withError: error)
        }
    }

    /// The server task's error, read after it ended.
    private final class Outcome: Sendable {
        private let stored = Mutex<(any Error)?>(nil)
        func set(_ e: any Error) { stored.withLock { $0 = e } }
        var error: (any Error)? { stored.withLock { $0 } }
    }
}

/// The exit statuses of `logtriage serve`: the `logtriage` command's `ExitStatus` values it uses.
enum ServerExit {
    /// The service stopped on an error.
    static let failure: Int32 = 1
    /// A usage error, an unreadable configuration or store.
    static let badInput: Int32 = 2
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
