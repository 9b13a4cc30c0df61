import ArgumentParser
import LogTriage

/// The `logtriage` root command.
@main
struct LogTriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage",
        abstract: "Diagnose MixVel API logs attached to a support request: whose fault it is and what to do next.",
        version: LogTriageVersion.string,
        subcommands: [AnalyzeCommand.self, EventsCommand.self, RulesCommand.self, ExplainCommand.self]
    )
}
