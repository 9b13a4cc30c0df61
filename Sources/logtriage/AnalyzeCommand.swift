import ArgumentParser
import Foundation
import LogInputs
import LogTriage
import MailIntake
import RequestIntake

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
    var stand: Stand?

    @Option(
        help: """
            Start of the problem period: ISO-8601 / RFC 3339 (2026-11-18T10:00+03:00; seconds, fraction and offset \
            optional, T or space), a bare date, an HTTP date or Unix epoch seconds/milliseconds; a time without an \
            offset is read in --tz.
            """
    )
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
        help: """
            Exit with 3 when the verdict is one of these sides (comma-separated: \
            customer,platform,provider,none,inconclusive).
            """
    )
    var failOn: SideSet?

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        // Checked here, not only in run(), so a bad value is reported with `analyze`'s usage.
        _ = try period(offset: try input.ingestOptions().assumedOffsetSeconds)
    }

    /// `--since` and `--until` read in the `--tz` offset.
    func period(offset: Int) throws -> (since: Timestamp?, until: Timestamp?) {
        let s = try since.map { try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: offset) }
        let u = try until.map { try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: offset) }
        if let s, let u, u < s { throw ValidationError("--until (\(u)) is before --since (\(s))") }
        return (s, u)
    }

    func run() throws {
        let options = try input.ingestOptions()
        var request = AnalysisRequest()
        request.ticket = ticket
        request.stand = stand?.rawValue
        request.language = lang
        request.explain = explain
        (request.since, request.until) = try period(offset: options.assumedOffsetSeconds)
        // An e-mail is read as its attachments; what its text states is the default for --stand/--since/--until.
        let mails = try perform { try MailInputs(input.files) }
        defer { withExtendedLifetime(mails) {} }
        if let stated = mails.stated {
            if request.stand == nil { request.stand = stated.stand }
            if request.since == nil, request.until == nil {
                let offset = options.assumedOffsetSeconds
                request.since = stated.since.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
                request.until = stated.until.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
            }
        }

        let catalogue = try loadCatalogue(rules)
        let diagnoser = Diagnoser(catalogue: catalogue, request: request)
        let threads = ReadThreads.clamped(self.threads)
        if threads < self.threads {
            Stderr.write(
                "logtriage: note: --threads \(self.threads) is more than this machine can use; using \(threads)")
        }
        #if os(Linux)
        // One malloc arena per reading thread keeps each thread's freed blocks to itself (measured: ~2.5 MB of peak
        // RSS a thread); as many arenas as cores is enough for the threads not to contend. -8 is M_ARENA_MAX.
        if threads > 1 { _ = glibcMallopt(-8, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount))) }
        #endif
        let progress = Progress()
        // Directories and archives become the files they hold (temporary copies for archive members).
        let expanded = InputExpander.expand(attachments: mails.sources, chosen: mails.chosen)
        defer { expanded.removeTemporaryFiles() }
        diagnoser.noteExpansion(notes: mails.notes + expanded.notes, unreadable: expanded.unreadable)
        do {
            // Inputs are read in parallel (one thread per input, up to --threads) and reach the engine in order.
            try diagnoser.read(
                paths: expanded.sources.map(\.path), names: expanded.sources.map(\.displayName), options: options,
                threads: threads
            ) { progress.reading($0) }
        } catch let e as IngestError {
            progress.clear()
            Stderr.write("logtriage: \(e.description)")
            throw ExitCode(.badInput)
        }
        progress.clear()
        #if os(Linux)
        // The reading threads are done: give their arenas' free pages back before the timeline merge allocates its
        // buffers (freed blocks otherwise stay resident and the merge comes on top of them).
        if threads > 1 { _ = glibcMallocTrim(0) }
        #endif
        let d = diagnoser.finish()
        if ProcessInfo.processInfo.environment["LOGTRIAGE_DEBUG"] != nil {
            let (reads, threads) = (PipelineCounters.parallelReads, PipelineCounters.threadsStarted)
            Stderr.write("logtriage: debug: parallel reads: \(reads), threads started: \(threads)")
        }
        // A search that ran out of steps counts as no match: say so rather than pass over it.
        for note in RegexBudgetLog.shared.notes() { Stderr.write("logtriage: note: \(note)") }
        try format.write(d)
        if failOn?.sides.contains(d.verdict.side) == true { throw ExitCode(.thresholdMet) }
    }
}

extension AnalysisRequest.Language: ExpressibleByArgument {}

/// Reads `--since`/`--until` values.
enum PeriodBound {
    /// The forms accepted, as shown in the error message.
    static let forms = """
        accepted forms: a date 2026-11-18 (--until: the end of that day); a local time read in --tz \
        2026-11-18T10:15, 2026-11-18 10:15:30, 2026-11-18T10:15:30.123456; with an offset \
        2026-11-18T10:15+03:00, 2026-11-18T07:15:30Z, 2026-11-18T10:15:30+0300, 2026-11-18T10:15:30+03; \
        an HTTP date "Wed, 18 Nov 2026 07:15:30 GMT"; Unix epoch seconds 1794986130 or milliseconds 1794986130000
        """

    static func parse(_ text: String, option: String, endOfDay: Bool, offset: Int) throws -> Timestamp {
        let t = text.trimmingCharacters(in: .whitespaces)
        let b = Array(t.utf8)
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") {
            if let day = TimestampFormat.parse(t + (endOfDay ? "T23:59:59.999" : "T00:00:00"), assumedOffset: offset) {
                return day
            }
        } else if let v = TimestampFormat.parseValue(t, assumedOffset: offset) {
            return v
        }
        throw ValidationError("\(option) '\(text)' is not a valid date and time; \(forms)")
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

/// glibc's `malloc_trim`: returns free memory of every arena to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
