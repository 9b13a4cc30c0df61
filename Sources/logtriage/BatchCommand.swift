import ArgumentParser
import Batch
import Foundation
import LogTriage
import RequestIntake
import RequestStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `logtriage batch`: many requests imported and diagnosed in parallel, resumable.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Import and diagnose many support requests in parallel (resumable), or re-diagnose the store.",
        discussion: """
            SOURCE: folders of e-mails, mbox files, maildirs, a folder whose sub-folders are one request each, \
            .eml files, or a JSON-lines export (one request per line: {"id","subject","body","stand",\
            "period":{"since","until"},"files":[paths relative to the export],"from","received"}). With no SOURCE, \
            every request in the store is diagnosed with the catalogue (those already diagnosed with it are \
            skipped).

            Each request is committed on its own. A request already stored with a diagnosis from this catalogue \
            is skipped, so a batch that was stopped (even with kill -9) is resumed by running it again. \
            --shard K/N processes a stable 1/N of the requests (by Message-ID, export id or path); shards merge \
            with `logtriage store merge`. --since/--until keep requests received in that window (requests \
            without a date are kept).

            Exit codes: 0 every request stored or skipped; 2 usage error, unreadable source or store; 4 some \
            requests failed (each is stored as failed with its reason; `request list` shows them).
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Worker threads (default: the number of cores).") var jobs: Int?
    @Option(help: "Process only shard K of N: K/N, e.g. 1/4.") var shard: String?
    @Option(help: "Rule catalogue directory (default: the built-in catalogue).") var rules: String?
    @Option(help: "Only requests received at or after this time.") var since: String?
    @Option(help: "Only requests received at or before this time.") var until: String?
    @Option(help: "UTC offset for times written without one, e.g. +03:00.") var tz: String = "+03:00"
    @Option(help: "Language of the stored diagnoses: en or ru.") var lang: AnalysisRequest.Language = .en
    @Argument(help: "Folders, mbox files, maildirs, e-mails or JSON-lines exports.") var sources: [String] = []

    func validate() throws {
        if let j = jobs, j < 1 || j > 256 { throw ValidationError("--jobs must be between 1 and 256") }
        if let s = shard, ShardSpec(s) == nil {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4, not '\(s)'")
        }
    }

    func run() throws {
        let ingest = try ingestOptions(tz: tz)
        let offset = ingest.assumedOffsetSeconds
        var options = BatchOptions()
        options.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        options.shard = shard.flatMap(ShardSpec.init)
        options.since = try since.map {
            try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: offset).date
        }
        options.until = try until.map {
            try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: offset).date
        }
        options.language = lang
        let store = try storeOptions.open()
        let intake = RequestIntake(store: store, catalogue: try loadCatalogue(rules), options: ingest)
        let runner = BatchRunner(intake: intake, options: options)
        let all: [BatchUnit]
        do {
            if sources.isEmpty {
                all = try runner.storedUnits()
            } else {
                let listed = try UnitLister.list(sources)
                for w in listed.warnings { Stderr.write("logtriage: \(w)") }
                all = listed.units
            }
        } catch let e as BatchError {
            Stderr.write("logtriage: \(e)")
            throw ExitCode(.badInput)
        } catch let e as RequestStoreError {
            Stderr.write("logtriage: \(e)")
            throw ExitCode(.badInput)
        }
        let units = runner.select(all)
        let shardNote = options.shard.map { " (shard \($0) of \(all.count))" } ?? ""
        Stderr.write("logtriage: \(units.count) requests\(shardNote), \(options.jobs) jobs, store \(store.path)")
        let progress = BatchProgress(total: units.count)
        let printer = ProgressPrinter(progress: progress, terminal: isatty(2) == 1)
        printer.start()
        runner.run(units, progress: progress)
        printer.stop()
        let s = progress.snapshot
        Stderr.write(
            "logtriage: batch done in \(String(format: "%.1f", s.elapsed)) s: \(s.added) added, "
                + "\(s.diagnosed) diagnosed again, \(s.skipped) skipped (done before), "
                + "\(s.outOfPeriod) outside the period, \(s.failed) failed; "
                + String(format: "%.1f requests/s, %.1f MB/s", s.rate, Double(s.bytes) / 1e6 / max(s.elapsed, 1e-3)))
        for f in progress.failureReasons { Stderr.write("  failed: \(f.unit): \(f.reason)") }
        if s.failed > 0 { throw ExitCode(.someFailed) }
    }
}

/// Redraws a bar on a terminal (5 times a second), or writes one line every 5 s otherwise.
final class ProgressPrinter: Sendable {
    let progress: BatchProgress
    let terminal: Bool
    private let done = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(progress: BatchProgress, terminal: Bool) {
        self.progress = progress
        self.terminal = terminal
    }

    func start() {
        let thread = Thread { [self] in
            let interval: TimeInterval = terminal ? 0.2 : 5
            while done.wait(timeout: .now() + interval) == .timedOut {
                draw()
            }
            if terminal {
                draw()
                FileHandle.standardError.write(Data("\n".utf8))
            }
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        done.signal()
        finished.wait()
    }

    private func draw() {
        let s = progress.snapshot
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + BatchProgress.bar(s)).utf8))
        } else {
            Stderr.write("logtriage: " + BatchProgress.line(s))
        }
    }
}
