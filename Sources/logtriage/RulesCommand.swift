import ArgumentParser
import Foundation
import LogTriage

/// `logtriage rules …`: inspect, lint, test and document the rule catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Inspect, lint, test and document the rule catalogue.",
        subcommands: [Lint.self, Test.self, List.self, Show.self, Docs.self, Run.self, Compile.self]
    )
}

/// Where rules come from: `--rules DIR`, else the built-in catalogue.
struct RulesSource: ParsableArguments {
    @Option(name: .customLong("rules"), help: "Rules directory to use instead of the built-in catalogue.")
    var directory: String?

    /// The files to lint: `--rules DIR`, else the project's `Rules/` when found, else the embedded copy.
    func filesForLint() throws -> (files: [(String, String)], root: String) {
        if let d = directory ?? RuleCatalogue.defaultDirectory() {
            return (try RuleCatalogue.readFiles(directory: d), d)
        }
        return (EmbeddedCatalogue.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, "embedded")
    }

    func catalogue() throws -> RuleCatalogue {
        do {
            if let directory { return try RuleCatalogue.load(directory: directory) }
            return try RuleCatalogue.loadBundled()
        } catch let e as RuleCatalogueError {
            FileHandle.standardError.write(Data("\(e.description)\n".utf8))
            throw ExitCode(.badInput)
        }
    }
}

extension RulesCommand {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check every rule file: schema, unknown keys, regexes, policy, and that examples behave as declared.",
            discussion:
                "Prints file:line:column: error: … per problem. Exit codes: 0 clean; 1 problems found; 2 unreadable."
        )
        @OptionGroup var source: RulesSource

        func run() throws {
            let (files, root) = try source.filesForLint()
            let problems = RuleLint.lint(files: files)
            let prefix = root == "embedded" ? "" : root + "/"
            for p in problems {
                var q = p
                q.file = prefix + p.file
                print(q.description)
            }
            let n = files.count
            if problems.isEmpty {
                print("\(n) rule files: no problems")
            } else {
                print("\(n) rule files: \(problems.count) problem(s)")
                throw ExitCode(.failure)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples (the rules' tests).",
            discussion: "Exit codes: 0 all examples behave as declared; 1 failures; 2 catalogue does not load."
        )
        @OptionGroup var source: RulesSource
        @Option(help: "Only rules whose id contains this text.") var filter: String?

        func run() throws {
            let cat = try source.catalogue()
            var failed = 0
            var ran = 0
            for r in cat.rules where filter.map({ r.id.contains($0) }) ?? true {
                let problems = RuleLint.exampleProblems(r) + RuleLint.verdictProblems(r, in: cat)
                ran += 1
                if problems.isEmpty {
                    print("PASS \(r.id) (\(r.examples.count) examples)")
                } else {
                    failed += 1
                    print("FAIL \(r.id)")
                    for p in problems { print("  \(p.description)") }
                }
            }
            print("\(ran - failed)/\(ran) rules pass")
            if failed > 0 { throw ExitCode(.failure) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules (table or JSON).")
        @OptionGroup var source: RulesSource
        @Option(help: "text or json.") var format: String = "text"

        func run() throws {
            let cat = try source.catalogue()
            let rules = cat.rules.sorted { ($0.file, $0.id) < ($1.file, $1.id) }
            switch format {
            case "json":
                let rows = rules.map(RuleSummary.init)
                let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                print(String(decoding: try enc.encode(rows), as: UTF8.self))
            case "text":
                let w = (rules.map(\.id.count).max() ?? 2) + 2
                print("ID".padding(toLength: w, withPad: " ", startingAt: 0) + "SIDE      LEVEL         CONF  TITLE")
                for r in rules {
                    let side = r.side.rawValue + (r.isFallback ? "*" : "")
                    print(
                        r.id.padding(toLength: w, withPad: " ", startingAt: 0)
                            + side.padding(toLength: 10, withPad: " ", startingAt: 0)
                            + r.level.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                            + String(format: "%.2f  ", r.confidence) + r.title
                    )
                }
                print("\(rules.count) rules (* = fallback)")
            default:
                throw ValidationError("--format must be text or json")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one rule: metadata, conditions, remediation.")
        @OptionGroup var source: RulesSource
        @Argument(help: "Rule id.") var id: String

        func run() throws {
            let cat = try source.catalogue()
            guard let r = cat.rule(id: id) else {
                FileHandle.standardError.write(Data("logtriage: no rule '\(id)'\n".utf8))
                throw ExitCode(.badInput)
            }
            print("\(r.id): \(r.title)")
            print("file:        Rules/\(r.file)")
            print(
                "side:        \(r.side.rawValue)\(r.isFallback ? " (fallback)" : "")   category: \(r.category)"
                    + (r.route.map { "   route: \($0)" } ?? ""))
            print(
                "level:       \(r.level.rawValue)   status: \(r.status.rawValue)   confidence: \(r.confidence)   "
                    + "priority: \(r.priority)"
            )
            if !r.codes.isEmpty { print("codes:       \(r.codes.joined(separator: ", "))") }
            print("match:       \(r.match.description)")
            print("prefilter:   \(r.prefilterDescription)")
            if let c = r.correlation { print("correlation: \(c.kindName): \(RuleDocs.describe(c))") }
            print("\n\(r.description)\n")
            print("en: \(r.remediation.en)\n")
            print("ru: \(r.remediation.ru)\n")
            print("internal: \(r.remediation.internal)")
            if !r.references.isEmpty {
                print("\nreferences:\n" + r.references.map { "  \($0)" }.joined(separator: "\n"))
            }
            print(
                "\nexamples: \(r.examples.filter { $0.expect == .hit }.count) hit, "
                    + "\(r.examples.filter { $0.expect == .miss }.count) miss"
            )
        }
    }

    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the catalogue as Markdown (logtriage rules docs > docs/RULES.md)."
        )
        @OptionGroup var source: RulesSource

        func run() throws {
            print(RuleDocs.markdown(try source.catalogue()), terminator: "")
        }
    }
}

extension RulesCommand {
    /// For `Scripts/embed-rules.sh`: the bundled rules in their compact form, as the Swift file it writes.
    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print Generated/CompiledCatalogue.swift for the bundled rules (Scripts/embed-rules.sh).",
            shouldDisplay: false
        )

        func run() throws {
            print(try RuleCatalogue.compiledCatalogueSource(), terminator: "")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match log files against the catalogue and print the rule hits as JSON lines (for rule authors).",
            discussion: """
                All files go through one engine, so correlations see them together. With --explain, near misses \
                (prefilter passed, a condition failed) follow the hits. A summary line ends the output.
                """
        )
        @OptionGroup var source: RulesSource
        @OptionGroup var input: InputOptions
        @Flag(help: "Also print near misses: which condition failed for rules that almost matched.") var explain = false

        func run() throws {
            let cat = try source.catalogue()
            var opts = RuleEngine.Options()
            opts.keepNearMisses = explain
            var engine = RuleEngine(catalogue: cat, options: opts)
            let ingest = try input.ingestOptions()
            let start = Date()
            var bytes: Int64 = 0
            for path in input.files {
                do {
                    let report = try Ingest.read(path: path, displayName: path, options: ingest) { engine.consume($0) }
                    bytes += report.bytesOut
                } catch let e as IngestError {
                    FileHandle.standardError.write(Data("logtriage: \(e.description)\n".utf8))
                    throw ExitCode(.badInput)
                }
            }
            let result = engine.finish()
            let elapsed = Date().timeIntervalSince(start)
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let out = StandardOutput()
            for h in result.hits { out.write(try enc.encode(h)) }
            for n in result.nearMisses { out.write(try enc.encode(["nearMiss": n])) }
            let summary = RunSummary(
                records: result.recordsSeen,
                hits: result.hits.count,
                matchCounts: result.matchCounts,
                correlationEventsDropped: result.correlationEventsDropped,
                bytes: bytes,
                seconds: (elapsed * 1000).rounded() / 1000
            )
            out.write(try enc.encode(["summary": summary]))
            out.flush()
        }
    }

    struct RunSummary: Encodable {
        var records, hits: Int
        var matchCounts: [String: Int]
        var correlationEventsDropped: Int
        var bytes: Int64
        var seconds: Double
    }
}

/// The JSON row of `rules list --format json`.
struct RuleSummary: Encodable {
    var id, title, side, category, level, status, file: String
    var route: String?
    var confidence: Double
    var priority: Int
    var fallback: Bool
    var codes: [String]
    var correlation: String?

    init(_ r: Rule) {
        id = r.id
        title = r.title
        side = r.side.rawValue
        category = r.category
        level = r.level.rawValue
        status = r.status.rawValue
        file = r.file
        route = r.route
        confidence = r.confidence
        priority = r.priority
        fallback = r.isFallback
        codes = r.codes
        correlation = r.correlation?.kindName
    }
}
