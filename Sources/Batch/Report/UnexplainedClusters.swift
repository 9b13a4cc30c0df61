import Foundation
import LogTriage

/// The error groups no rule explained, over all requests, mined into templates with a draft rule each.
enum UnexplainedClusters {
    static func build(_ diagnoses: [(Int64, Diagnosis)], limit: Int = 30) -> [StoreReport.UnexplainedCluster] {
        var miner = TemplateMiner()
        var groups: [(request: Int64, group: Diagnosis.ErrorGroup)] = []
        for (id, d) in diagnoses {
            for g in d.unexplained {
                miner.add(g.signature, member: groups.count)
                groups.append((id, g))
            }
        }
        var out: [StoreReport.UnexplainedCluster] = []
        for cluster in miner.clusters {
            let members = cluster.members.map { groups[$0] }
            let times = members.flatMap { $0.group.evidence.compactMap(\.timestamp) }
            let example = members.lazy.compactMap { $0.group.evidence.first?.excerpt }.first ?? cluster.template
            out.append(
                StoreReport.UnexplainedCluster(
                    template: cluster.template,
                    count: members.reduce(0) { $0 + $1.group.count },
                    requests: Array(Set(members.map(\.request))).sorted(),
                    firstSeen: times.min()?.description,
                    lastSeen: times.max()?.description,
                    example: example,
                    draftRule: DraftRuleText.yaml(template: cluster.template, example: example)))
        }
        return out.sorted { ($0.requests.count, $0.count, $1.template) > ($1.requests.count, $1.count, $0.template) }
            .prefix(limit).map { $0 }
    }
}

/// A rule to start from for an unexplained template: it matches the template's longest constant part in the raw
/// record, leaves out the three documented `ErrorType`s (they have their own rules and decide the side), and carries
/// the example as its hit.
public enum DraftRuleText {
    public static func id(for template: String) -> String {
        let words = template.lowercased().split { !$0.isLetter && !$0.isNumber }.filter { $0 != "*" }
        let slug = words.prefix(5).joined(separator: "_")
        return "draft_" + (slug.isEmpty ? "unexplained" : slug)
    }

    /// The longest token of the template with no variable part that the example contains (so the example hits),
    /// else the example's longest word.
    static func anchor(_ template: String, example: String) -> String {
        let constant = template.split(separator: " ").map(String.init).filter { !$0.contains("<*>") }
            .sorted { ($0.count, $1) > ($1.count, $0) }
        if let t = constant.first(where: { $0.count >= 3 && example.contains($0) }) { return t }
        let words = example.split { !$0.isLetter && $0 != "." && $0 != "_" }.map(String.init)
        return words.max { ($0.count, $1) < ($1.count, $0) } ?? "ERROR"
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    public static func yaml(template: String, example: String) -> String {
        let anchor = anchor(template, example: example)
        let log = example.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "      " + $0 }.joined(separator: "\n")
        return """
            id: \(id(for: template))
            title: \(quoted("Draft: " + template))
            description: >
              Drafted by logtriage report from errors no rule explained (template \(quoted(template))). Decide the
              side from the MixVel documentation, tighten the match, then raise the status.
            status: experimental
            level: low
            references: []
            tags: [draft]
            side: none
            category: draft.unexplained
            confidence: 0.3
            remediation:
              en: >
                Unexplained error ({count} times); no advice yet.
              ru: >
                Необъяснённая ошибка ({count} раз); рекомендации пока нет.
              internal: Draft rule from logtriage report; review before use.
            match:
              not: {errorType: [BadRequest, InternalServerError, ProviderError]}
              text: {contains: \(quoted(anchor))}
            examples:
              - name: the clustered error
                expect: hit
                log: |
            \(log)
              - name: an unrelated line
                expect: miss
                verdict: none
                log: |
                  2026-11-18 10:00:00.0000|INFO|Agency.Mixvel|Request completed normally

            """
    }
}
