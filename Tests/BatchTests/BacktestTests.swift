import Foundation
import LogTriage
import RequestStore
import Testing

@testable import Batch

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

@Suite struct BacktestTests {
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

        let page = archive.root.appendingPathComponent("backtest.html")
        let html = try Binary.run([
            "backtest", "--store", path, "--rules", reduced.path, "--format", "html", "--output", page.path,
        ])
        #expect(html.status == 0)
        #expect(html.stdout.isEmpty)
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(text.contains("\(result.changed) verdicts changed"))
        #expect(text.contains("<tr><td>\(top.name)</td><td class=\"n\">\(top.requests)</td><td class=\"n\">0</td>"))
        let kept = result.matrix["none"]?["none"] ?? 0
        #expect(text.contains("<title>none → none: \(kept)</title>"))
        try expectSelfContained(text)
    }

    /// A result with hostile rule ids, sides, versions, outcomes and failure text: all of it shows as text.
    @Test func htmlEscapesEverythingItIsGiven() throws {
        let json = #"""
            {"baseline": "<b>base</b>", "candidate": "cand\"'&", "requests": 3, "changed": 2, "changeRatio": 0.667,
             "matrix": {"platform": {"customer": 2}, "none": {"none": 1}, "<svg onload=alert(1)>": {"none": 0}},
             "rules": [{"rule": "<script>alert('x')</script>", "before": 2, "after": 0},
                       {"rule": "a&b\"c", "before": 0, "after": 1}, {"rule": "same", "before": 1, "after": 1}],
             "becameUnexplained": [7], "becameExplained": [],
             "agreement": {"withOutcome": 1, "before": 0, "after": 1},
             "changes": [{"request": 7, "before": "platform", "after": "customer",
                          "outcome": "<img src=x onerror=alert(2)>"}],
             "failures": ["request 9: <iframe src=\"https://evil.example/x.js\">"]}
            """#
        let result = try JSONDecoder().decode(BacktestResult.self, from: Data(json.utf8))
        let html = BacktestHTML.render(result)
        #expect(html.components(separatedBy: "<script").count == 2, "only the table-sorting script")
        for raw in ["<img", "<iframe", "<svg onload", "<b>base", "cand\"'&", "a&b"] { #expect(!html.contains(raw)) }
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("a&amp;b&quot;c"))
        #expect(html.contains("&lt;svg onload=alert(1)&gt;"))
        #expect(html.contains("<title>platform → customer: 2</title>"))
        // Six sides (five and the stranger): a 6 × 6 grid, and two bars for each of the two rules that moved.
        #expect(html.components(separatedBy: "<rect").count - 1 == 36 + 4)
        #expect(html.contains("1 request: 7"))
        #expect(html.contains("<td>after (candidate)</td><td class=\"n\">1</td><td class=\"n\">100.0 %</td>"))
        try expectSelfContained(html)

        let empty = try JSONDecoder().decode(
            BacktestResult.self,
            from: Data(
                #"""
                {"baseline": "stored", "candidate": "c", "requests": 0, "changed": 0, "changeRatio": 0, "matrix": {},
                 "rules": [], "becameUnexplained": [], "becameExplained": [],
                 "agreement": {"withOutcome": 0, "before": 0, "after": 0}, "changes": [], "failures": []}
                """#.utf8))
        let quiet = BacktestHTML.render(empty)
        #expect(quiet.contains("No verdict changed."))
        #expect(quiet.contains("No recorded outcomes"))
        try expectSelfContained(quiet)
    }

    /// Every tag is one of the page's own, none fetches anything or runs a handler, and the containers close.
    func expectSelfContained(_ html: String) throws {
        let allowed: Set<String> = [
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "b", "i", "span", "code",
            "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "svg", "rect", "text", "script",
        ]
        let tag = try Regex(#"<(/?)([!A-Za-z][A-Za-z0-9]*)([^>]*)>"#)
        var depth: [String: Int] = [:]
        for m in html.matches(of: tag) {
            let name = String(m.output[2].substring ?? "")
            let attributes = String(m.output[3].substring ?? "").lowercased()
            #expect(allowed.contains(name), "tag \(name)")
            for bad in ["src=", "href=", " on", "url("] { #expect(!attributes.contains(bad), "\(name)\(attributes)") }
            if m.output[1].substring == "/" { depth[name, default: 0] -= 1 } else { depth[name, default: 0] += 1 }
        }
        for name in ["table", "tr", "td", "svg", "rect", "text", "title", "h2", "p", "script"] {
            #expect(depth[name, default: 0] == 0, "unbalanced <\(name)>")
        }
        let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http://"))
    }
}
