import Foundation

/// What the customer told support, which frames the diagnosis.
public struct AnalysisRequest: Sendable {
    /// The support ticket's id, echoed back.
    public var ticket: String?
    /// `TEST` or `PROD`, as stated in the request.
    public var stand: String?
    /// The period of the problem; events inside it decide, events outside are context.
    public var since: Timestamp?
    public var until: Timestamp?
    /// Language of the customer-facing text.
    public var language: Language = .en
    /// Keep near misses (rules that almost matched) in the diagnosis.
    public var explain = false

    public init() {}

    public enum Language: String, Codable, Sendable, CaseIterable {
        case en
        case ru
    }
}

/// One support request's diagnosis: a versioned, deterministic, `Codable` value shared by the CLI, the ticket store
/// and the HTTP service. Every string in it has been redacted.
public struct Diagnosis: Codable, Sendable {
    /// Bumped when a field changes meaning or disappears; additions keep the version.
    static let currentSchemaVersion = 1
    /// Bumped when fields or values are added (``schemaMinor``). 1: `coverage.unreadable`; input formats `leveled`,
    /// `logfmt`, `har`; warning kinds `unrecognisedLayout`, `encodingSwitch`; `archive!/member` file names.
    static let currentSchemaMinor = 1

    public var schemaVersion: Int
    /// Additions since ``schemaVersion`` (absent in output written before minor versions existed).
    var schemaMinor: Int?
    public var tool: String
    public var ticket: String?
    public var request: RequestEcho
    public var verdict: Verdict
    public var findings: [Finding]
    /// Error groups that no rule explains.
    public var unexplained: [ErrorGroup]
    /// Every MixVel incident `TicketId` seen in the decisive events, in order of first sight.
    public var platformTicketIds: [String]
    public var reply: Reply
    public var inputs: [InputReport]
    public var coverage: Coverage
    /// Rules that almost matched (only with `--explain`).
    public var nearMisses: [NearMissNote]?

    public struct RequestEcho: Codable, Sendable {
        public var stand: String?
        public var since: Timestamp?
        public var until: Timestamp?
        public var language: AnalysisRequest.Language
        // What follows is set only when the logs came with a support request (an e-mail, the request store);
        // plain `analyze` on log files leaves it out of the JSON.
        /// The request's id in the store.
        public var id: Int64?
        /// The ticket system's id of the request.
        public var externalId: String?
        /// The e-mail's subject and sender (redacted: the sender keeps only its mail domain).
        public var subject: String?
        public var from: String?
        /// When the e-mail was sent.
        public var received: String?
        /// Where ``stand`` and the period came from: `flag`, `subject`, `body`, `store`; absent when not stated.
        public var standSource: String?
        public var periodSource: String?
        /// The customer's own words for the period (`18.11.2026 10:00–11:30`).
        public var periodText: String?
        /// What the customer did not state and the executor should ask for (`stand`, `period`).
        public var missing: [String]?
        /// The files of the request.
        public var attachments: [AttachmentEcho]?
        /// Problems met reading the request itself (a damaged e-mail, a file that could not be read).
        public var warnings: [String]?

        public init(stand: String?, since: Timestamp?, until: Timestamp?, language: AnalysisRequest.Language) {
            self.stand = stand
            self.since = since
            self.until = until
            self.language = language
        }
    }

    /// One file of a support request.
    public struct AttachmentEcho: Codable, Sendable {
        /// Where it sits in the request (`Fwd logs.eml!/agency.log`): the name evidence quotes.
        public var name: String
        public var sha256: String
        public var bytes: Int64
        /// The layout the analysis detected (`text`, `jsonl`, ...), when it was read.
        public var format: String?

        public init(name: String, sha256: String, bytes: Int64, format: String?) {
            self.name = name
            self.sha256 = sha256
            self.bytes = bytes
            self.format = format
        }
    }

    public struct Verdict: Codable, Sendable {
        public var side: Side
        /// 0…1: how strongly the evidence points at ``side``.
        public var confidence: Double
        public var summary: String
        /// Other sides the evidence also points at, strongest first.
        var alternatives: [Alternative]
        /// Why the ranking came out this way, when more than one side has evidence.
        var ranking: String?
    }

    public struct Alternative: Codable, Sendable {
        public var side: Side
        public var confidence: Double
        public var findings: [String]
    }

    public struct Finding: Codable, Sendable {
        public var ruleId: String
        public var title: String
        public var side: Side
        public var category: String
        public var level: Level
        /// The rule's own confidence in its side.
        public var confidence: Double
        public var count: Int
        public var firstSeen: Timestamp?
        public var lastSeen: Timestamp?
        public var methods: [String]
        public var evidence: [Evidence]
        public var remediation: FindingRemediation
        public var route: String?
        public var references: [String]
        public var ticketIds: [String]
        /// False when every event of this finding lies outside the ticket's period (context only).
        public var inPeriod: Bool
        /// True for ErrorType fallbacks (used only when no specific rule explains the same events).
        public var fallback: Bool
        /// The rule's priority: the more specific explanation of a side's evidence leads (fallbacks are low).
        public var priority: Int
    }

    public struct Evidence: Codable, Sendable {
        /// The input as given on the command line.
        public var file: String
        /// 1-based line in the decompressed input of the decisive element or status line.
        public var line: Int
        public var timestamp: Timestamp?
        public var excerpt: String
    }

    public struct FindingRemediation: Codable, Sendable {
        /// Customer-facing text in the requested language.
        public var customer: String
        public var `internal`: String
    }

    public struct ErrorGroup: Codable, Sendable {
        /// e.g. `OrderCreate BadRequest MIX-999999`, `HTTP 500`, `System.Net.Http.HttpRequestException`.
        public var signature: String
        public var count: Int
        public var methods: [String]
        public var evidence: [Evidence]
    }

    public struct Reply: Codable, Sendable {
        /// Text to send to the customer, in the requested language.
        public var customer: String
        /// Note for the executor and the team the request is routed to.
        public var `internal`: String
        /// The team that owns the problem, for platform and provider verdicts.
        public var route: String?
    }

    public struct Coverage: Codable, Sendable {
        var rulesEvaluated: Int
        /// Rules (or groups of rules) that could not apply, and why.
        var notApplicable: [NotApplicable]
        public var records: Int
        public var events: Int
        var errorEvents: Int
        var logsFrom: Timestamp?
        var logsUntil: Timestamp?
        /// Whether the logs overlap the ticket's period; nil when no period was given or no timestamps were read.
        var periodOverlap: Bool?
        /// Stands seen in the logs with their event counts, e.g. `{"PROD": 12}`.
        var standsSeen: [String: Int]
        public var notes: [String]
        /// Inputs or archive members that could not be read in full (damaged, truncated, binary, unsupported
        /// archive); absent when every input was read.
        public var unreadable: [String]?
    }

    public struct NotApplicable: Codable, Sendable {
        public var rules: [String]
        public var reason: String
    }

    public struct NearMissNote: Codable, Sendable {
        public var ruleId: String
        public var file: String
        public var line: Int
        var failedCondition: String
    }

    /// Stable JSON: sorted keys, ISO timestamps, pretty-printed.
    public func jsonData(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
