import ArgumentParser
import Foundation
import LogTriage

/// The `logtriage` root command.
@main
struct LogTriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage",
        abstract: "Diagnose MixVel API logs attached to a support request: whose fault it is and what to do next.",
        discussion: """
            Start with `logtriage analyze FILE...`. Exit codes (all commands): 0 success; 1 internal error; \
            2 usage error, unreadable input or invalid rules; 3 `analyze --fail-on` matched the verdict or \
            `backtest --fail-on-change` was exceeded; 4 `batch`: some requests failed \
            (`rules lint`/`rules test` exit 1 when a rule is wrong).
            """,
        version: LogTriageVersion.string,
        subcommands: [
            AnalyzeCommand.self, RequestCommand.self, EventsCommand.self, RulesCommand.self, ExplainCommand.self,
            ServeCommand.self, BatchCommand.self, StoreCommand.self, StoreReportCommand.self, BacktestCommand.self,
        ]
    )

    /// Parses and runs, mapping argument-parser's usage exit code (64) to logtriage's documented 2.
    static func main() {
        do {
            var command: any ParsableCommand
            let args = Array(CommandLine.arguments.dropFirst())
            // `analyze` is the hot path: parsing it alone skips reflecting every other command (argument parsing
            // went from 32 % to 15 % of a 10 KB run's profile). Anything it does not accept (help, usage errors)
            // goes through the full parser, so messages and usage lines are the same.
            if args.first == "serve" {
                // Everything after `serve` is the service's, `--help` included.
                try ServeCommand.exec(Array(args.dropFirst()))
            }
            if args.first == "analyze", let analyze = try? AnalyzeCommand.parse(Array(args.dropFirst())) {
                command = analyze
            } else {
                command = try parseAsRoot()
            }
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
