import Batch
import Foundation
import LogTriage
import RequestStore
import Testing

@Suite struct BacktestTests {
    /// A copy of Rules/ without the folders named.
    func catalogue(without folders: Set<String>, in root: URL) throws -> URL {
        let source = ArchiveMaker.repositoryRoot.appendingPathComponent("Rules")
        let target = root.appendingPathComponent("rules-\(folders.sorted().joined(separator: "-"))")
        try FileManager.default.copyItem(at: source, to: target)
        for f in folders { try FileManager.default.removeItem(at: target.appendingPathComponent(f)) }
        return target
    }

    /// The folder of Rules/ that holds the rule with this id.
    func folder(of ruleId: String) throws -> String {
        let rules = ArchiveMaker.repositoryRoot.appendingPathComponent("Rules")
        for f in try FileManager.default.contentsOfDirectory(atPath: rules.path)
        where FileManager.default.fileExists(atPath: rules.appendingPathComponent("\(f)/\(ruleId).yaml").path) {
            return f
        }
        throw BatchError("no rule file for \(ruleId)")
    }

    @Test func sameCatalogueChangesNothingAndARemovedRuleShows() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(16)
        let path = archive.root.appendingPathComponent("s.sqlite").path
        let store = try RequestStore(path: path)
        _ = try runBatch([mail.path], store: store)
        let unchanged = try Backtester(
            store: store, candidate: try RuleCatalogue.load(directory: ArchiveMaker.repositoryRoot.path + "/Rules"),
            baseline: nil
        ).run()
        #expect(unchanged.requests == 16)
        #expect(unchanged.changed == 0)
        #expect(unchanged.failures.isEmpty)

        let top = try #require(try StoreReportBuilder(store: store).build().topRules.first)
        let first = try #require(try store.latestDiagnosis(requestId: 1))
        try store.recordResolution(requestId: 1, side: first.verdictSide, route: nil)
        let reduced = try catalogue(without: [try folder(of: top.name), "fallback"], in: archive.root)
        let result = try Backtester(
            store: store, candidate: try RuleCatalogue.load(directory: reduced.path), baseline: nil
        ).run()
        let delta = try #require(result.rules.first { $0.rule == top.name })
        #expect(delta.before == top.requests)
        #expect(delta.after == 0)
        #expect(result.matrix.values.flatMap(\.values).reduce(0, +) == 16)
        #expect(result.changed > 0)
        #expect(result.agreement.withOutcome == 1 && result.agreement.before == 1)
        // Nothing was stored: every request still has its one diagnosis.
        for id in try store.allRequestIds() { #expect(try store.diagnoses(requestId: id).count == 1) }

        let cli = try Binary.run(["backtest", "--store", path, "--rules", reduced.path, "--fail-on-change", "0"])
        #expect(cli.status == 3)
        #expect(cli.stdout.contains("Changed verdicts: \(result.changed)"))
        let lenient = try Binary.run(["backtest", "--store", path, "--rules", reduced.path, "--fail-on-change", "1"])
        #expect(lenient.status == 0)
    }
}
