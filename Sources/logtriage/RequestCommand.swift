import ArgumentParser
import Foundation
import LogTriage
import RequestIntake
import RequestStore

/// `logtriage request …`: support requests in the store.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Support requests: add e-mails or log files to the request store, list, show and re-analyse them.",
        discussion: """
            The store is a SQLite file: --store, else $LOGTRIAGE_STORE, else $XDG_DATA_HOME/logtriage/store.sqlite \
            (~/.local/share/logtriage/store.sqlite). Attachments are kept beside it in STORE.files/ by digest; the \
            database holds only redacted text.

            Exit codes: 0 success; 1 internal error; 2 usage error, unreadable source or store, unknown request.
            """,
        subcommands: [Add.self, Show.self, List.self, Reanalyze.self, Resolve.self]
    )
}

/// `--store PATH`, shared by every command that uses the request store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The request store (SQLite file). Default: $LOGTRIAGE_STORE, else the XDG data directory.")
    var store: String?

    var path: String { store ?? RequestStore.defaultPath() }

    func open() throws -> RequestStore {
        do {
            return try RequestStore(path: path)
        } catch let e as RequestStoreError {
            Stderr.write("logtriage: \(e)")
            throw ExitCode(.badInput)
        }
    }
}

extension RequestCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a support request (e-mail or log files) to the store, diagnose it, print the diagnosis.",
            discussion: """
                SOURCE is an .eml file, an mbox file, a maildir, a folder (its files are one request), a .zip, or \
                plain log files. Every e-mail is a request of its own; all other sources named together are one \
                request. Stand and period are read from the e-mail's subject and body (Russian or English) unless \
                --stand/--since/--until are given; what could not be found is listed under `missing`. Adding the \
                same e-mail (same Message-ID) or the same files again stores nothing new.
                """
        )
        @OptionGroup var storeOptions: StoreOptions
        @Option(name: .customLong("id"), help: "The ticket system's id of the request (only with one request).")
        var externalId: String?
        @OptionGroup var period: PeriodOptions
        @Option(help: "Output format: text, json, markdown or sarif.") var format: ReportFormat = .text
        @Option(help: "Rule catalogue directory (default: the built-in catalogue).") var rules: String?
        @Option(help: "UTC offset for times written without one, e.g. +03:00.") var tz: String = "+03:00"
        @Option(help: "Language of the report and the customer-facing text: en or ru.")
        var lang: AnalysisRequest.Language = .en
        @Argument(help: "E-mails (.eml, mbox, maildir), folders, .zip archives or log files.") var sources: [String]

        func validate() throws {
            if sources.isEmpty { throw ValidationError("give at least one SOURCE: an e-mail, a folder or log files") }
            try period.validateStand()
        }

        func run() throws {
            let options = try ingestOptions(tz: tz)
            let store = try storeOptions.open()
            let intake = RequestIntake(store: store, catalogue: try loadCatalogue(rules), options: options)
            var overrides = try period.overrides(offset: options.assumedOffsetSeconds)
            overrides.externalId = externalId
            overrides.language = lang
            do {
                if externalId != nil, case let n = try SourceReader.requestCount(sources), n > 1 {
                    throw ValidationError("--id names one request, but the sources hold \(n)")
                }
                var k = 0
                // One request at a time: an mbox of any size holds one message in memory.
                try SourceReader.forEach(sources) { request in
                    let result = try perform { try intake.add(request, overrides: overrides) }
                    if k > 0, format == .text { print("") }
                    k += 1
                    let state =
                        result.created
                        ? "added as request \(result.requestId)"
                        : "already stored as request \(result.requestId)"
                    Stderr.write("logtriage: \(request.sourceName): \(state)")
                    try format.write(result.diagnosis)
                }
            } catch let e as IntakeError {
                Stderr.write("logtriage: \(e)")
                throw ExitCode(.badInput)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a stored request's latest diagnosis.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Output format: text, json, markdown or sarif.") var format: ReportFormat = .text
        @Argument(help: "The request's id in the store, or its external id.") var id: String

        func run() throws {
            let store = try storeOptions.open()
            let request = try storedRequest(id, in: store)
            guard let stored = try perform({ try store.latestDiagnosis(requestId: request.id) }) else {
                let why = request.failureReason.map { ": the last analysis failed: \($0)" } ?? ": not diagnosed yet"
                Stderr.write("logtriage: request \(request.id)\(why)")
                throw ExitCode(.badInput)
            }
            let d = try JSONDecoder().decode(Diagnosis.self, from: stored.json)
            try format.write(d)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored requests with their latest verdict, newest first.")
        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only requests whose latest verdict is this side.") var side: Side?
        @Option(help: "Only requests whose period (or received time) ends at or after this time.") var since: String?
        @Option(help: "Only requests whose period (or received time) starts at or before this time.") var until: String?
        @Option(help: "At most this many requests.") var limit: Int?
        @Option(help: "Output format: text, json or csv.") var format: ListFormat = .text

        func run() throws {
            let store = try storeOptions.open()
            var filter = RequestFilter()
            filter.side = side?.rawValue
            filter.since = try since.map {
                try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: 10800).date
            }
            filter.until = try until.map {
                try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: 10800).date
            }
            filter.limit = limit
            let rows = try perform { try store.list(filter: filter) }
            switch format {
            case .json: try RequestListing.json(rows)
            case .csv: RequestListing.csv(rows)
            case .text: RequestListing.text(rows)
            }
        }
    }

    struct Reanalyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Diagnose stored requests again (e.g. with another catalogue); the old diagnosis is kept.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Every request in the store.") var all = false
        @Option(help: "Rule catalogue directory (default: the built-in catalogue).") var rules: String?
        @Option(help: "Output format for one request: text, json, markdown or sarif.") var format: ReportFormat = .text
        @Option(help: "Language of the report and the customer-facing text: en or ru.")
        var lang: AnalysisRequest.Language = .en
        @Argument(help: "The request's id in the store.") var id: Int64?

        func validate() throws {
            if all == (id != nil) { throw ValidationError("give one request id, or --all") }
        }

        func run() throws {
            let store = try storeOptions.open()
            let intake = RequestIntake(store: store, catalogue: try loadCatalogue(rules))
            let ids = try all ? perform { try store.allRequestIds() } : [id!]
            var failed = 0
            for rid in ids {
                do {
                    let r = try intake.reanalyze(requestId: rid, language: lang)
                    if all {
                        let v = r.diagnosis.verdict
                        print(
                            "\(rid)\t\(v.side.rawValue)\t\(String(format: "%.2f", v.confidence))"
                                + "\t\(r.diagnosisCreated ? "new diagnosis" : "unchanged")")
                    } else {
                        try format.write(r.diagnosis)
                    }
                } catch let e as IntakeError {
                    failed += 1
                    Stderr.write("logtriage: request \(rid): \(e)")
                }
            }
            if failed > 0 { throw ExitCode(.badInput) }
        }
    }
}

extension RequestCommand {
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the outcome a person decided for a request (compared with verdicts by backtest).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Whose fault it was: customer, platform, provider, none or inconclusive.") var side: Side
        @Option(help: "The team the request was routed to.") var route: String?
        @Argument(help: "The request's id in the store, or its external id.") var id: String

        func run() throws {
            let store = try storeOptions.open()
            let request = try storedRequest(id, in: store)
            try perform { try store.recordResolution(requestId: request.id, side: side.rawValue, route: route) }
            print("request \(request.id): resolved as \(side.rawValue)" + (route.map { ", routed to \($0)" } ?? ""))
        }
    }
}

/// `--stand`, `--since`, `--until` of the commands that add requests.
struct PeriodOptions: ParsableArguments {
    @Option(help: "The stand: TEST or PROD (default: what the e-mail says).") var stand: String?
    @Option(help: "Start of the problem period (default: what the e-mail says).") var since: String?
    @Option(help: "End of the problem period (default: what the e-mail says).") var until: String?

    func validateStand() throws {
        if let s = stand, !["TEST", "PROD"].contains(s.uppercased()) {
            throw ValidationError("--stand must be TEST or PROD, not '\(s)'")
        }
    }

    func overrides(offset: Int) throws -> IntakeOverrides {
        var o = IntakeOverrides()
        o.stand = stand?.uppercased()
        o.since = try since.map { try PeriodBound.parse($0, option: "--since", endOfDay: false, offset: offset) }
        o.until = try until.map { try PeriodBound.parse($0, option: "--until", endOfDay: true, offset: offset) }
        return o
    }
}

func ingestOptions(tz: String) throws -> IngestOptions {
    var o = IngestOptions()
    guard let offset = TimestampFormat.parseOffset(tz) else {
        throw ValidationError("--tz '\(tz)' is not a UTC offset; use a form like +03:00, -0500, UTC+3 or Z")
    }
    o.assumedOffsetSeconds = offset
    return o
}

func loadCatalogue(_ rules: String?) throws -> RuleCatalogue {
    do {
        return try rules.map { try RuleCatalogue.load(directory: $0) } ?? RuleCatalogue.loadBundled(examples: false)
    } catch {
        Stderr.write("logtriage: invalid rules: \(error)")
        throw ExitCode(.badInput)
    }
}

/// The request a user named by its store id or its external id; exit code 2 with a message when there is none.
func storedRequest(_ id: String, in store: RequestStore) throws -> StoredRequest {
    let request = try perform {
        try Int64(id).flatMap { try store.request(id: $0) } ?? store.request(externalId: id)
    }
    guard let request else {
        Stderr.write("logtriage: no request '\(id)' in \(store.path)")
        throw ExitCode(.badInput)
    }
    return request
}

/// Runs a store or intake step, turning its errors into a message and exit code 2.
func perform<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as RequestStoreError {
        Stderr.write("logtriage: \(e)")
        throw ExitCode(.badInput)
    } catch let e as IntakeError {
        Stderr.write("logtriage: \(e)")
        throw ExitCode(.badInput)
    }
}
