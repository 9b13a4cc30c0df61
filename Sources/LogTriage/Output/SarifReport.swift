import Foundation

/// SARIF 2.1.0, so findings open in any SARIF viewer: one result per evidence line.
public struct SarifReport {
    public init() {}

    public func render(_ d: Diagnosis) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(Self.log(d))
    }

    static func log(_ d: Diagnosis) -> SarifLog {
        var rules: [SarifLog.ReportingDescriptor] = []
        var results: [SarifLog.Result] = []
        for f in d.findings {
            rules.append(
                SarifLog.ReportingDescriptor(
                    id: f.ruleId,
                    name: f.ruleId,
                    shortDescription: .init(text: f.title),
                    fullDescription: .init(text: f.remediation.internal.isEmpty ? f.title : f.remediation.internal),
                    help: .init(text: f.remediation.customer),
                    properties: .init(
                        side: f.side, category: f.category, route: f.route ?? "", confidence: f.confidence)
                ))
            let level: SarifLog.Level =
                switch f.level {
                case .critical, .high: .error
                case .medium: .warning
                case .low, .informational: .note
                }
            for e in f.evidence {
                let place = SarifLog.PhysicalLocation(
                    artifactLocation: .init(uri: e.file), region: .init(startLine: e.line))
                results.append(
                    SarifLog.Result(
                        ruleId: f.ruleId,
                        level: f.side == .none ? .note : level,
                        message: .init(text: "\(f.title) [\(f.side.rawValue)]: \(e.excerpt)"),
                        locations: [.init(physicalLocation: place)],
                        properties: .init(side: f.side, ticketIds: f.ticketIds)
                    ))
            }
        }
        let run = SarifLog.Run(
            tool: .init(driver: .init(name: "logtriage", version: LogTriageVersion.string, rules: rules)),
            results: results,
            properties: .init(
                verdict: d.verdict.side, confidence: d.verdict.confidence, summary: d.verdict.summary,
                platformTicketIds: d.platformTicketIds)
        )
        return SarifLog(runs: [run])
    }
}
