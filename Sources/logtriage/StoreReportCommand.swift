import ArgumentParser
import Batch
import Foundation
import LogTriage
import RequestStore

/// `logtriage report`: the store-wide report.
struct StoreReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report over the store: verdicts by side and week/month, top rules, customers, unexplained "
            + "errors with draft rules, incidents across customers.",
        discussion: """
            Uses each request's latest diagnosis. --since/--until keep requests whose period (or received time) \
            overlaps the window. html is one self-contained file (inline SVG charts, sortable tables, no network). \
            Exit codes: 0 written; 2 usage error or unreadable store.
            """
    )
    enum Format: String, ExpressibleByArgument, CaseIterable { case html, json, csv }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only requests whose period (or received time) ends at or after this time.") var since: String?
    @Option(help: "Only requests whose period (or received time) starts at or before this time.") var until: String?
    @Option(help: "Output format: html, json or csv.") var format: Format = .html
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Incident window in minutes (same signature, different customers).") var incidentWindow: Int = 120

    func run() throws {
        let store = try storeOptions.open()
        var builder = StoreReportBuilder(store: store)
        builder.since = try since.map {
            try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: 10800).date
        }
        builder.until = try until.map {
            try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: 10800).date
        }
        builder.incidentWindow = TimeInterval(max(1, incidentWindow) * 60)
        let report = try perform { try builder.build() }
        let data: Data
        switch format {
        case .json: data = try ReportWriters.json(report)
        case .csv: data = Data(ReportWriters.csv(report).utf8)
        case .html: data = Data(ReportHTML.render(report).utf8)
        }
        try writeOutput(data, to: output, what: "report of \(report.requests) requests")
    }
}

/// Writes a report to `output` (atomically; exit 2 when it cannot) or to standard output.
func writeOutput(_ data: Data, to output: String?, what: String) throws {
    guard let output else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
        Stderr.write("logtriage: cannot write \(output): \(error.localizedDescription)")
        throw ExitCode(.badInput)
    }
    Stderr.write("logtriage: \(what) written to \(output)")
}

/// `logtriage backtest`: what another catalogue would do to the stored verdicts.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Re-diagnose stored requests with another catalogue (storing nothing) and compare the verdicts.",
        discussion: """
            The baseline is each request's stored latest diagnosis (--baseline stored, the default) or a diagnosis \
            with the catalogue in DIR. Reports the old side → new side matrix, how often each rule fired before and \
            after, requests that became unexplained or explained, and agreement with outcomes recorded by \
            `request resolve`. html is one self-contained file like the report's (inline SVG, no network). \
            Exit codes: 0 done; 2 usage error, invalid rules or unreadable store; 3 the share of changed verdicts \
            exceeds --fail-on-change.
            """
    )
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The candidate rule catalogue directory.") var rules: String
    @Option(help: "stored (the stored latest diagnoses) or a rule catalogue directory.") var baseline = "stored"
    @Option(help: "Output format: text, json or html.") var format: Format = .text
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Exit 3 when more than this share (0…1) of verdicts changed.") var failOnChange: Double?
    @Option(help: "Worker threads (default: the number of cores).") var jobs: Int?

    func validate() throws {
        if let f = failOnChange, !(0...1).contains(f) { throw ValidationError("--fail-on-change must be within 0…1") }
    }

    func run() throws {
        let store = try storeOptions.open()
        let base = baseline == "stored" ? nil : try loadCatalogue(baseline)
        var tester = Backtester(store: store, candidate: try loadCatalogue(rules), baseline: base)
        tester.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let result = try perform { try tester.run() }
        let data: Data
        switch format {
        case .text: data = Data(result.text.utf8)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            data = try encoder.encode(result) + Data("\n".utf8)
        case .html: data = Data(BacktestHTML.render(result).utf8)
        }
        try writeOutput(data, to: output, what: "backtest of \(result.requests) requests")
        if let f = failOnChange, result.changeRatio > f {
            Stderr.write(
                String(
                    format: "logtriage: %.1f %% of verdicts changed (limit %.1f %%)",
                    result.changeRatio * 100, f * 100))
            throw ExitCode(.thresholdMet)
        }
    }
}
