import Foundation

/// A diagnosis to attach to a request. ``json`` is the full diagnosis as the caller serialised it, already redacted:
/// the store keeps it byte for byte and never looks inside.
public struct NewDiagnosis: Hashable, Sendable {
    /// The rule catalogue version that produced it.
    public var catalogueVersion: String
    /// A digest of everything the diagnosis was computed from (attachment digests, stand, period, options), chosen
    /// by the caller; with ``catalogueVersion`` it identifies the diagnosis.
    public var inputDigest: String
    public var createdAt: Date
    /// `customer`, `platform`, `provider`, `none` or `inconclusive`.
    public var verdictSide: String
    /// 0...1.
    public var confidence: Double
    /// One line for lists.
    public var summary: String
    public var json: Data
    public var findings: [NewFinding]

    public init(
        catalogueVersion: String,
        inputDigest: String,
        createdAt: Date = Date(),
        verdictSide: String,
        confidence: Double,
        summary: String,
        json: Data,
        findings: [NewFinding] = []
    ) {
        self.catalogueVersion = catalogueVersion
        self.inputDigest = inputDigest
        self.createdAt = createdAt
        self.verdictSide = verdictSide
        self.confidence = confidence
        self.summary = summary
        self.json = json
        self.findings = findings
    }
}

/// A diagnosis as read back.
public struct StoredDiagnosis: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var requestId: Int64
    public var catalogueVersion: String
    public var inputDigest: String
    public var createdAt: Date
    public var verdictSide: String
    public var confidence: Double
    public var summary: String
    public var json: Data
}

/// One rule's finding inside a diagnosis to add.
public struct NewFinding: Hashable, Sendable {
    public var ruleId: String
    public var side: String
    public var category: String?
    /// How many times the rule fired.
    public var count: Int
    /// The first evidence: file (as in ``NewAttachment/path``) and 1-based line.
    public var firstFile: String?
    public var firstLine: Int?

    public init(
        ruleId: String,
        side: String,
        category: String? = nil,
        count: Int,
        firstFile: String? = nil,
        firstLine: Int? = nil
    ) {
        self.ruleId = ruleId
        self.side = side
        self.category = category
        self.count = count
        self.firstFile = firstFile
        self.firstLine = firstLine
    }
}

/// A finding as read back.
public struct StoredFinding: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var diagnosisId: Int64
    public var ruleId: String
    public var side: String
    public var category: String?
    public var count: Int
    public var firstFile: String?
    public var firstLine: Int?
}

/// The outcome a person recorded for a request (`request resolve ID --side S --route R`), to compare verdicts with.
public struct Resolution: Hashable, Sendable {
    public var requestId: Int64
    public var side: String
    public var route: String?
    public var recordedAt: Date
}
