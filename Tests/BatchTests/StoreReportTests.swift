import Foundation
import LogTriage
import RequestStore
import Testing

@testable import Batch

@Suite struct StoreReportTests {
    @Test func templatesMaskVariablePartsAndKeepDifferentMessagesApart() {
        var miner = TemplateMiner()
        let a = miner.add("Timeout after 30 s on order 12345 at 2026-11-18T10:00:00Z", member: 0)
        let b = miner.add("Timeout after 45 s on order 998 at 2026-11-19T11:30:00Z", member: 1)
        let c = miner.add("Connection reset by peer", member: 2)
        let d = miner.add("Offer 'ABC' for 3f2b1c4d-1111-2222-3333-444455556666 rejected", member: 3)
        let e = miner.add("Offer 'XYZ' for 9a9b1c4d-1111-2222-3333-444455556666 rejected", member: 4)
        #expect(a == b)
        #expect(c != a)
        #expect(d == e && d != a)
        #expect(miner.clusters[a].template == "Timeout after <*> s on order <*> at <*>")
        #expect(miner.clusters[d].template == "Offer <*> for <*> rejected")
        #expect(TemplateMiner.mask("OrderCreate BadRequest MIX-106001") == "OrderCreate BadRequest MIX-106001")
    }

    @Test func draftRulesPassLint() throws {
        let line =
            "2026-11-18 10:15:03.1234|ERROR|Agency.Mixvel|System.Net.Http.HttpRequestException: "
            + "Connection reset by peer (order 123456)"
        var miner = TemplateMiner()
        miner.add("System.Net.Http.HttpRequestException: Connection reset by peer (order 123456)", member: 0)
        let template = miner.clusters[0].template
        let yaml = DraftRuleText.yaml(template: template, example: line)
        #expect(yaml.contains("status: experimental"))
        let id = DraftRuleText.id(for: template)
        let problems = RuleLint.lint(files: [("draft/\(id).yaml", yaml)])
        #expect(problems.isEmpty, "\(problems.map(\.description))\n\(yaml)")
    }

    @Test func reportCountsHtmlAndDraftsFromAStore() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(16)
        let odd = try archive.unexplainedMails(3)
        let store = try RequestStore(path: archive.root.appendingPathComponent("s.sqlite").path)
        _ = try runBatch([mail.path, odd.path], store: store)
        let report = try StoreReportBuilder(store: store).build()
        #expect(report.requests == 19)
        #expect(report.analysed == 19)
        #expect(report.bySide.values.reduce(0, +) == 19)
        #expect(report.byWeek.map(\.total).reduce(0, +) == 19)
        #expect(report.byMonth.map(\.total).reduce(0, +) == 19)
        #expect(report.byWeek.count >= 2)
        let domains = Set((0..<5).map { "agency\($0).example" } + (0..<3).map { "odd\($0).example" })
        #expect(Set(report.topCustomers.map(\.domain)) == domains)
        // The three odd requests' error is one template, with its requests and a draft rule.
        let cluster = try #require(report.unexplained.first { $0.template.contains("QuotaExceeded") })
        #expect(cluster.requests.count == 3)
        #expect(cluster.firstSeen != nil && cluster.firstSeen != cluster.lastSeen)
        #expect(cluster.draftRule.contains("status: experimental"))
        #expect(!report.topRules.isEmpty)
        // Every draft rule the report proposes passes lint.
        for cluster in report.unexplained {
            let id = cluster.draftRule.split(separator: "\n")[0].dropFirst("id: ".count)
            let problems = RuleLint.lint(files: [("draft/\(id).yaml", cluster.draftRule)])
            #expect(problems.isEmpty, "\(problems.map(\.description))")
        }
        let html = ReportHTML.render(report)
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script src"))
        #expect(!html.contains("<link"))
        let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        let csv = ReportWriters.csv(report)
        #expect(csv.hasPrefix("section,key,side,count,extra\n"))
        let decoded = try JSONDecoder().decode(StoreReport.self, from: try ReportWriters.json(report))
        #expect(decoded.requests == 19)
        try renderInChromium(html, name: "report", in: archive.root)

        // The backtest page of a catalogue without the top rule opens in the same browser.
        let reduced = try catalogue(without: [try folder(of: report.topRules[0].name), "fallback"], in: archive.root)
        let backtest = try Backtester(
            store: store, candidate: try RuleCatalogue.load(directory: reduced.path), baseline: nil
        ).run()
        #expect(backtest.changed > 0)
        try renderInChromium(BacktestHTML.render(backtest), name: "backtest", in: archive.root)
    }
}
