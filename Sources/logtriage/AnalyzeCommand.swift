import ArgumentParser
import Foundation
import LogTriage

/// `logtriage analyze`: one verdict for the logs attached to one support request.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Diagnose the logs of one support request: whose fault it is, the evidence, and what to reply.",
        discussion: """
            All FILEs belong to the same support request: they are read through one rule engine, so correlations \
            (retry storms, void window, token lifetime) can span files. Secrets and personal data are redacted in \
            every output format.

            Exit codes:
              0  diagnosis produced
              1  internal error
              2  usage error, unreadable input, or invalid rules
              3  the verdict's side is one of --fail-on
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "The stand named in the support request: TEST or PROD.")
    var stand: String?

    @Option(help: "Start of the problem period: ISO-8601 (2026-11-18T10:00:00+03:00), a bare date, or a local time read in --tz.")
    var since: String?

    @Option(help: "End of the problem period (same forms as --since; a bare date means the end of that day).")
    var until: String?

    @Option(help: "The support ticket's id, echoed in the report.")
    var ticket: String?

    @Option(help: "Language of the customer-facing text: en or ru.")
    var lang: AnalysisRequest.Language = .en

    @Option(help: "Output format: text, json, markdown or sarif.")
    var format: ReportFormat = .text

    @Option(help: "Rule catalogue directory (default: the catalogue built into logtriage).")
    var rules: String?

    @Flag(help: "Also report near misses: rules that almost matched, and which condition failed.")
    var explain = false

    @Option(
        help: """
            Threads to use (default: the number of cores). Several files are read in parallel; one large plain file \
            is split into parts; one .gz is read and matched in two stages. The diagnosis is the same for any \
            count; 1 runs everything on one core. At most 2 per core (and 64) are used.
            """
    )
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .customLong("fail-on"),
        help: "Exit with 3 when the verdict is one of these sides (comma-separated: customer,platform,provider,none,inconclusive)."
    )
    var failOn: String?

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, sarif
    }

    func validate() throws {
        if let s = stand, !["TEST", "PROD"].contains(s.uppercased()) {
            throw ValidationError("--stand must be TEST or PROD, not '\(s)'")
        }
        _ = try failSides()
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func failSides() throws -> Set<Side> {
        guard let f = failOn else { return [] }
        var out: Set<Side> = []
        for part in f.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let s = Side(rawValue: name) else {
                throw ValidationError("--fail-on: unknown side '\(name)'; use customer, platform, provider, none or inconclusive")
            }
            out.insert(s)
        }
        return out
    }

    func run() throws {
        let options = try input.ingestOptions()
        var request = AnalysisRequest()
        request.ticket = ticket
        request.stand = stand?.uppercased()
        request.language = lang
        request.explain = explain
        request.since = try since.map { try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: options.assumedOffsetSeconds) }
        request.until = try until.map { try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: options.assumedOffsetSeconds) }
        if let s = request.since, let u = request.until, u < s {
            throw ValidationError("--until (\(u)) is before --since (\(s))")
        }

        let catalogue: RuleCatalogue
        do {
            catalogue = try rules.map { try RuleCatalogue.load(directory: $0) } ?? RuleCatalogue.loadBundled()
        } catch {
            Stderr.write("logtriage: invalid rules: \(error)")
            throw ExitCode(2)
        }
        let diagnoser = Diagnoser(catalogue: catalogue, request: request)
        let threads = ReadThreads.clamped(self.threads)
        if threads < self.threads {
            Stderr.write("logtriage: note: --threads \(self.threads) is more than this machine can use; using \(threads)")
        }
        #if os(Linux)
        // One malloc arena per reading thread keeps each thread's freed blocks to itself (measured: ~2.5 MB of peak
        // RSS a thread); as many arenas as cores is enough for the threads not to contend. -8 is M_ARENA_MAX.
        if threads > 1 { _ = glibcMallopt(-8, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount))) }
        #endif
        let progress = Progress()
        do {
            // Inputs are read in parallel (one thread per input, up to --threads) and reach the engine in order.
            try diagnoser.read(paths: input.files, options: options, threads: threads) { progress.reading($0) }
        } catch let e as IngestError {
            progress.clear()
            Stderr.write("logtriage: \(e.description)")
            throw ExitCode(2)
        }
        progress.clear()
        let d = diagnoser.finish()
        // A search that ran out of steps counts as no match: say so rather than pass over it.
        for note in RegexBudgetLog.shared.notes() { Stderr.write("logtriage: note: \(note)") }
        let out = FileHandle.standardOutput
        switch format {
        case .text:
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            out.write(Data(TextReport(color: color).render(d).utf8))
        case .json:
            out.write(try d.jsonData())
            out.write(Data("\n".utf8))
        case .markdown:
            out.write(Data(MarkdownReport().render(d).utf8))
        case .sarif:
            out.write(try SarifReport().render(d))
            out.write(Data("\n".utf8))
        }
        if try failSides().contains(d.verdict.side) { throw ExitCode(3) }
    }
}

extension AnalysisRequest.Language: ExpressibleByArgument {}

/// Reads `--since`/`--until` values.
enum PeriodBound {
    static func parse(_ text: String, option: String, endOfDay: Bool, offset: Int) throws -> Timestamp {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 10, let day = TimestampFormat.parse(t + (endOfDay ? "T23:59:59.999" : "T00:00:00"), assumedOffset: offset) {
            return day
        }
        if t.count == 16, let m = TimestampFormat.parse(t + ":00", assumedOffset: offset) { return m }  // 2026-11-18T10:15
        if let full = TimestampFormat.parse(t, assumedOffset: offset) { return full }
        throw ValidationError("\(option) '\(text)' is not a time; use 2026-11-18, 2026-11-18T10:15 or 2026-11-18T10:15:00+03:00")
    }
}

/// One-line progress on standard error while inputs are read (only when standard error is a terminal).
final class Progress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    func reading(_ path: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kreading \(path)…".utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

enum Stderr {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

#if os(Linux)
/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
