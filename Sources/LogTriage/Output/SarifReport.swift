import Foundation

/// SARIF 2.1.0, so findings open in any SARIF viewer: one result per evidence line.
public struct SarifReport {
    public init() {}

    public func render(_ d: Diagnosis) throws -> Data {
        var rules: [[String: Any]] = []
        var results: [[String: Any]] = []
        for f in d.findings {
            rules.append([
                "id": f.ruleId,
                "name": f.ruleId,
                "shortDescription": ["text": f.title],
                "fullDescription": ["text": f.remediation.internal.isEmpty ? f.title : f.remediation.internal],
                "help": ["text": f.remediation.customer],
                "properties": [
                    "side": f.side.rawValue, "category": f.category, "route": f.route ?? "",
                    "confidence": f.confidence,
                ] as [String: Any],
            ])
            let level: String
            switch f.level {
            case .critical, .high: level = "error"
            case .medium: level = "warning"
            case .low, .informational: level = "note"
            }
            for e in f.evidence {
                results.append([
                    "ruleId": f.ruleId,
                    "level": f.side == .none ? "note" : level,
                    "message": ["text": "\(f.title) [\(f.side.rawValue)]: \(e.excerpt)"],
                    "locations": [
                        [
                            "physicalLocation": [
                                "artifactLocation": ["uri": e.file],
                                "region": ["startLine": e.line],
                            ] as [String: Any]
                        ]
                    ],
                    "properties": ["side": f.side.rawValue, "ticketIds": f.ticketIds] as [String: Any],
                ])
            }
        }
        let run: [String: Any] = [
            "tool": [
                "driver": [
                    "name": "logtriage",
                    "version": LogTriageVersion.string,
                    "rules": rules,
                ] as [String: Any]
            ],
            "results": results,
            "properties": [
                "verdict": d.verdict.side.rawValue,
                "confidence": d.verdict.confidence,
                "summary": d.verdict.summary,
                "platformTicketIds": d.platformTicketIds,
            ] as [String: Any],
        ]
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]
        return try JSONSerialization.data(withJSONObject: sarif, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }
}
