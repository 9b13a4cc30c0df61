/// The part of the SARIF 2.1.0 object model logtriage writes (``SarifReport``); property names as the standard spells
/// them, logtriage's own facts in `properties` bags.
struct SarifLog: Encodable {
    var schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var version = "2.1.0"
    var runs: [Run]

    private enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var properties: RunProperties
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [ReportingDescriptor]
    }

    /// A rule, as SARIF calls it.
    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var properties: RuleProperties
    }

    struct RuleProperties: Encodable {
        var side: Side
        var category: String
        var route: String
        var confidence: Double
    }

    struct Message: Encodable {
        var text: String
    }

    enum Level: String, Encodable {
        case error, warning, note
    }

    struct Result: Encodable {
        var ruleId: String
        var level: Level
        var message: Message
        var locations: [Location]
        var properties: ResultProperties
    }

    struct ResultProperties: Encodable {
        var side: Side
        var ticketIds: [String]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    struct Region: Encodable {
        var startLine: Int
    }

    struct RunProperties: Encodable {
        var verdict: Side
        var confidence: Double
        var summary: String
        var platformTicketIds: [String]
    }
}
