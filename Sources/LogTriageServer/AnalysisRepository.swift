import Foundation

/// Where the service keeps analyses, idempotency keys, webhook delivery ids and write-back state.
///
/// ``InMemoryAnalysisRepository`` is the default; the SQLite request store plugs in here. Implementations must make
/// ``insert(_:)`` and ``recordDelivery(source:id:)`` atomic: two concurrent calls with the same key create one record.
public protocol AnalysisRepository: Sendable {
    /// Stores `record`, unless one with the same idempotency key, or the same input digest, is already stored: then
    /// that one is returned with `created == false` and nothing is written.
    ///
    /// A failed analysis with the same input digest does not count: the new one is stored.
    func insert(_ record: AnalysisRecord) async throws -> (record: AnalysisRecord, created: Bool)

    /// The analysis with this id, or nil.
    func get(id: String) async throws -> AnalysisRecord?

    /// Applies `change` to the stored analysis and returns the result, or nil when there is none with this id.
    @discardableResult
    func update(id: String, _ change: @escaping @Sendable (inout AnalysisRecord) -> Void) async throws
        -> AnalysisRecord?

    /// Analyses, newest first.
    func list(_ query: AnalysisQuery) async throws -> [AnalysisRecord]

    /// Remembers a webhook delivery; false when `(source, id)` was recorded before.
    func recordDelivery(source: String, id: String) async throws -> Bool
}

/// Filters for ``AnalysisRepository/list(_:)``.
public struct AnalysisQuery: Sendable, Equatable {
    public var status: AnalysisRecord.Status?
    public var side: String?
    public var source: AnalysisRecord.Source?
    public var externalId: String?
    public var limit: Int = 100

    public init() {}

    func matches(_ r: AnalysisRecord) -> Bool {
        if let status, r.status != status { return false }
        if let side, r.result?.side != side { return false }
        if let source, r.source != source { return false }
        if let externalId, r.externalId != externalId { return false }
        return true
    }
}

/// ``AnalysisRepository`` in memory: tests, and the service when no store is configured (lost on restart).
public actor InMemoryAnalysisRepository: AnalysisRepository {
    private var records: [String: AnalysisRecord] = [:]
    private var order: [String] = []
    private var byKey: [String: String] = [:]
    private var byDigest: [String: String] = [:]
    private var deliveries: Set<String> = []

    public init() {}

    public func insert(_ record: AnalysisRecord) -> (record: AnalysisRecord, created: Bool) {
        if let key = record.idempotencyKey, let id = byKey[key], let existing = records[id] {
            return (existing, false)
        }
        if let digest = record.inputDigest, let id = byDigest[digest], let existing = records[id],
            existing.status != .failed
        {
            if let key = record.idempotencyKey { byKey[key] = id }
            return (existing, false)
        }
        records[record.id] = record
        order.append(record.id)
        if let key = record.idempotencyKey { byKey[key] = record.id }
        if let digest = record.inputDigest { byDigest[digest] = record.id }
        return (record, true)
    }

    public func get(id: String) -> AnalysisRecord? { records[id] }

    public func update(id: String, _ change: @escaping @Sendable (inout AnalysisRecord) -> Void) -> AnalysisRecord? {
        guard var r = records[id] else { return nil }
        change(&r)
        r.updatedAt = Date()
        records[id] = r
        if let digest = r.inputDigest, byDigest[digest] == nil { byDigest[digest] = id }
        return r
    }

    public func list(_ query: AnalysisQuery) -> [AnalysisRecord] {
        var out: [AnalysisRecord] = []
        for id in order.reversed() {
            guard out.count < query.limit else { break }
            if let r = records[id], query.matches(r) { out.append(r) }
        }
        return out
    }

    public func recordDelivery(source: String, id: String) -> Bool {
        deliveries.insert(source + "\u{1F}" + id).inserted
    }
}
