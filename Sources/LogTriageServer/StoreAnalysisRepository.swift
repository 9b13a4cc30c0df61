import Foundation
import RequestStore

/// ``AnalysisRepository`` on the SQLite request store: analyses, idempotency keys, webhook delivery ids and
/// write-back state survive restarts. The store keeps plain values; this type maps ``AnalysisRecord`` to them (the
/// diagnosis JSON goes to `result` as it is, already redacted; options, write-back and the rest as JSON objects).
public struct StoreAnalysisRepository: AnalysisRepository {
    public let store: RequestStore

    public init(store: RequestStore) { self.store = store }

    public func insert(_ record: AnalysisRecord) async throws -> (record: AnalysisRecord, created: Bool) {
        let (stored, created) = try await store.insertAnalysis(try Self.stored(record))
        return (created ? record : try Self.record(stored), created)
    }

    public func get(id: String) async throws -> AnalysisRecord? {
        try await store.analysis(id: id).map(Self.record)
    }

    @discardableResult
    public func update(id: String, _ change: @escaping @Sendable (inout AnalysisRecord) -> Void) async throws
        -> AnalysisRecord?
    {
        try await store.updateAnalysis(id: id) { row in
            var record = try Self.record(row)
            change(&record)
            row = try Self.stored(record)
        }.map(Self.record)
    }

    public func list(_ query: AnalysisQuery) async throws -> [AnalysisRecord] {
        let filter = AnalysisFilter(
            statuses: query.status.map { [$0.rawValue] },
            side: query.side,
            source: query.source?.rawValue,
            externalId: query.externalId,
            limit: query.limit
        )
        return try await store.analyses(filter).map(Self.record)
    }

    public func recordDelivery(source: String, id: String) async throws -> Bool {
        try await store.recordDelivery(source: source, deliveryId: id)
    }

    // MARK: Mapping

    /// What the store keeps in `details`: everything but the columns and the diagnosis.
    private struct Details: Codable {
        var inputBytes: Int
        var inputNames: [String]
        var error: String?
        var verdict: Verdict?
        var spooled: [AnalysisJob.File]?

        struct Verdict: Codable {
            var side: String
            var confidence: Double
            var summary: String
            var durationSeconds: Double
        }
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    static func stored(_ r: AnalysisRecord) throws -> StoredAnalysis {
        let details = Details(
            inputBytes: r.inputBytes,
            inputNames: r.inputNames,
            error: r.error,
            verdict: r.result.map {
                .init(
                    side: $0.side, confidence: $0.confidence, summary: $0.summary,
                    durationSeconds: $0.durationSeconds)
            },
            spooled: r.spooled
        )
        var s = StoredAnalysis(
            id: r.id,
            source: r.source.rawValue,
            status: r.status.rawValue,
            options: try encoder.encode(r.options),
            details: try encoder.encode(details),
            createdAt: r.createdAt,
            updatedAt: r.updatedAt
        )
        s.idempotencyKey = r.idempotencyKey
        s.inputDigest = r.inputDigest
        s.requestId = r.requestId
        s.externalId = r.externalId
        s.side = r.result?.side
        s.result = r.result?.diagnosisJSON
        s.writeBack = try r.writeBack.map { try encoder.encode($0) }
        return s
    }

    static func record(_ s: StoredAnalysis) throws -> AnalysisRecord {
        guard let source = AnalysisRecord.Source(rawValue: s.source),
            let status = AnalysisRecord.Status(rawValue: s.status)
        else { throw AnalysisInputError(message: "analysis \(s.id) has an unknown source or status in the store") }
        let details = try decoder.decode(Details.self, from: s.details)
        var r = AnalysisRecord(
            id: s.id,
            source: source,
            options: try decoder.decode(AnalysisOptions.self, from: s.options),
            createdAt: s.createdAt
        )
        r.status = status
        r.updatedAt = s.updatedAt
        r.idempotencyKey = s.idempotencyKey
        r.inputDigest = s.inputDigest
        r.externalId = s.externalId
        r.requestId = s.requestId
        r.inputBytes = details.inputBytes
        r.inputNames = details.inputNames
        r.error = details.error
        r.spooled = details.spooled
        if let v = details.verdict, let json = s.result {
            r.result = AnalysisResult(
                side: v.side,
                confidence: v.confidence,
                summary: v.summary,
                diagnosisJSON: json,
                durationSeconds: v.durationSeconds
            )
        }
        r.writeBack = try s.writeBack.map { try decoder.decode(WriteBackState.self, from: $0) }
        return r
    }
}
