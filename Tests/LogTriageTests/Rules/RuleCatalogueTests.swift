import Foundation
import Testing

@testable import LogTriage

#if canImport(Glibc)
import Glibc
#endif

extension Rule: CustomTestStringConvertible {
    public var testDescription: String { id }
}

enum RulesTestSupport {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let rulesDirectory = projectRoot.appendingPathComponent("Rules").path
    nonisolated(unsafe) private static var loaded: RuleCatalogue?
    private static let lock = NSLock()

    /// The catalogue under `Rules/`, loaded once for all test cases.
    static func catalogue() throws -> RuleCatalogue {
        lock.lock()
        defer { lock.unlock() }
        if let c = loaded { return c }
        let c = try RuleCatalogue.load(directory: rulesDirectory)
        loaded = c
        return c
    }
}

/// Every rule of the catalogue runs its examples: one test case per rule.
struct RuleCatalogueTests {
    @Test(arguments: try RuleCatalogue.load(directory: RulesTestSupport.rulesDirectory).rules)
    func `examples behave as declared`(rule: Rule) throws {
        let cat = try RulesTestSupport.catalogue()
        let problems =
            RuleLint.policyProblems(rule) + RuleLint.exampleProblems(rule)
            + RuleLint.verdictProblems(rule, in: cat)
        for p in problems {
            Issue.record("\(p)")
        }
    }

    @Test(arguments: try RuleCatalogue.load(directory: RulesTestSupport.rulesDirectory).rules)
    func `hit examples still hit with CRLF line endings`(rule: Rule) {
        for ex in rule.examples where ex.expect == .hit {
            var crlf = ex
            crlf.log = ex.log.replacingOccurrences(of: "\n", with: "\r\n")
            let hits = RuleLint.run(rule, crlf).hits.filter { $0.ruleId == rule.id }
            #expect(!hits.isEmpty, "\(rule.id): '\(ex.name)' with CRLF")
        }
    }

    @Test func `every example log yields the same hits through the whole catalogue as alone`() throws {
        // Rules must not interfere: running the full engine gives each rule the hits it gets alone.
        let cat = try RuleCatalogue.load(directory: RulesTestSupport.rulesDirectory)
        for rule in cat.rules {
            for ex in rule.examples {
                var engine = RuleEngine(catalogue: cat)
                for rec in Ingest.records(bytes: Array(ex.log.utf8), name: ex.fileName).records { engine.consume(rec) }
                let together = engine.finish().hits.filter { $0.ruleId == rule.id }.count
                let alone = RuleLint.run(rule, ex).hits.filter { $0.ruleId == rule.id }.count
                #expect(together == alone, "\(rule.id): '\(ex.name)'")
            }
        }
    }

    // Load time is measured by the start-up benchmark (Benchmarks/), never by a wall-clock assertion here.
    @Test func `catalogue lints clean and the bundled copy loads`() throws {
        let files = try RuleCatalogue.readFiles(directory: RulesTestSupport.rulesDirectory)
        let (_, problems) = RuleCatalogue.parse(files: files)
        #expect(problems.isEmpty, "\(problems)")
        let cat = try RuleCatalogue.loadBundled()
        #expect(cat.rules.count == files.count)
        _ = RuleEngine(catalogue: cat)
    }

    @Test func `embedded catalogue is up to date (run Scripts/embed-rules.sh)`() throws {
        let files = try RuleCatalogue.readFiles(directory: RulesTestSupport.rulesDirectory)
        #expect(Dictionary(uniqueKeysWithValues: files) == EmbeddedCatalogue.files)
    }

    @Test func `docs/RULES.md is up to date (run Scripts/gen-rules-docs.sh)`() throws {
        let path = RulesTestSupport.projectRoot.appendingPathComponent("docs/RULES.md")
        let onDisk = try String(contentsOf: path, encoding: .utf8)
        let cat = try RuleCatalogue.load(directory: RulesTestSupport.rulesDirectory)
        #expect(onDisk == RuleDocs.markdown(cat))
    }

    @Test func `default directory finds Rules`() throws {
        let d = try #require(RuleCatalogue.defaultDirectory())
        #expect(d.hasSuffix("/Rules"))
    }
}
