import Foundation
internal import GRDB

// MARK: - The HTTP service's analyses and webhook deliveries

extension RequestStore {
    /// Stores `analysis`, unless one with the same idempotency key, or the same input digest and a status other than
    /// `failed`, is stored: then that one comes back with `created == false` and nothing is written. One IMMEDIATE
    /// transaction, so two processes or tasks inserting the same key create one analysis.
    /// - Throws: ``RequestStoreError`` (`invalidValue` for a status the table does not know or invalid JSON).
    public func insertAnalysis(_ analysis: StoredAnalysis) async throws -> (analysis: StoredAnalysis, created: Bool) {
        try Self.check(analysis, path: path)
        return try await writeImmediate { db in
            if let key = analysis.idempotencyKey,
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM analyses WHERE idempotency_key = ?", arguments: [key])
            {
                return (try Self.analysis(row), false)
            }
            if let digest = analysis.inputDigest,
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT * FROM analyses WHERE input_digest = ? AND status <> 'failed'
                        ORDER BY created_at DESC LIMIT 1
                        """,
                    arguments: [digest]
                )
            {
                return (try Self.analysis(row), false)
            }
            try Self.insertRow(analysis, db)
            return (analysis, true)
        }
    }

    /// The analysis with this id, `nil` when there is none.
    public func analysis(id: String) async throws -> StoredAnalysis? {
        try await readAsync { db in
            try Row.fetchOne(db, sql: "SELECT * FROM analyses WHERE id = ?", arguments: [id]).map(Self.analysis)
        }
    }

    /// Reads, changes and writes back one analysis in one IMMEDIATE transaction; `updated_at` becomes now.
    /// - Returns: the analysis as written, `nil` when there is none with this id.
    /// - Throws: what `change` throws, or ``RequestStoreError``.
    @discardableResult
    public func updateAnalysis(
        id: String,
        _ change: @escaping @Sendable (inout StoredAnalysis) throws -> Void
    ) async throws -> StoredAnalysis? {
        let path = path
        return try await writeImmediate { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM analyses WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var analysis = try Self.analysis(row)
            try change(&analysis)
            analysis.id = id
            analysis.updatedAt = Date()
            try Self.check(analysis, path: path)
            try db.execute(
                sql: """
                    UPDATE analyses SET idempotency_key = ?, input_digest = ?, request_id = ?, source = ?,
                        external_id = ?, status = ?, side = ?, options = ?, details = ?, result = ?, write_back = ?,
                        updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    analysis.idempotencyKey, analysis.inputDigest, analysis.requestId, analysis.source,
                    analysis.externalId, analysis.status, analysis.side, Self.text(analysis.options),
                    Self.text(analysis.details), analysis.result.map(Self.text), analysis.writeBack.map(Self.text),
                    StoreClock.text(analysis.updatedAt), id,
                ]
            )
            return analysis
        }
    }

    /// Analyses matching `filter`, newest first.
    public func analyses(_ filter: AnalysisFilter = AnalysisFilter()) async throws -> [StoredAnalysis] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let statuses = filter.statuses {
            guard !statuses.isEmpty else { return [] }
            conditions.append("status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += statuses.map { $0 as (any DatabaseValueConvertible)? }
        }
        for (column, value) in [("side", filter.side), ("source", filter.source), ("external_id", filter.externalId)] {
            if let value {
                conditions.append("\(column) = ?")
                arguments.append(value)
            }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM analyses \(whereClause) ORDER BY created_at DESC, rowid DESC LIMIT ?"
        arguments.append(max(0, filter.limit))
        let statementArguments = StatementArguments(arguments)
        return try await readAsync { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.analysis)
        }
    }

    /// Remembers a webhook delivery: `false` when `(source, deliveryId)` was recorded before (by any process).
    public func recordDelivery(source: String, deliveryId: String) async throws -> Bool {
        let now = StoreClock.text(Date())
        return try await writeImmediate { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO webhook_deliveries (source, delivery_id, received_at) VALUES (?, ?, ?)",
                arguments: [source, deliveryId, now]
            )
            return db.changesCount == 1
        }
    }

    // MARK: Rows

    private static func insertRow(_ a: StoredAnalysis, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO analyses (
                    id, idempotency_key, input_digest, request_id, source, external_id, status, side,
                    options, details, result, write_back, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                a.id, a.idempotencyKey, a.inputDigest, a.requestId, a.source, a.externalId, a.status, a.side,
                text(a.options), text(a.details), a.result.map(text), a.writeBack.map(text),
                StoreClock.text(a.createdAt), StoreClock.text(a.updatedAt),
            ]
        )
    }

    private static func analysis(_ row: Row) throws -> StoredAnalysis {
        let created: String = row["created_at"]
        let updated: String = row["updated_at"]
        var a = StoredAnalysis(
            id: row["id"],
            source: row["source"],
            status: row["status"],
            options: Data((row["options"] as String).utf8),
            details: Data((row["details"] as String).utf8),
            createdAt: StoreClock.date(created) ?? Date(timeIntervalSince1970: 0),
            updatedAt: StoreClock.date(updated) ?? Date(timeIntervalSince1970: 0)
        )
        a.idempotencyKey = row["idempotency_key"]
        a.inputDigest = row["input_digest"]
        a.requestId = row["request_id"]
        a.externalId = row["external_id"]
        a.side = row["side"]
        a.result = (row["result"] as String?).map { Data($0.utf8) }
        a.writeBack = (row["write_back"] as String?).map { Data($0.utf8) }
        return a
    }

    private static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    private static func check(_ a: StoredAnalysis, path: String) throws {
        guard statuses.contains(a.status) else {
            throw StoreErrors.invalid("analysis status '\(a.status)' is not one of \(statuses)", path: path)
        }
        for (name, data) in [
            ("options", a.options), ("details", a.details), ("result", a.result),
            ("write_back", a.writeBack),
        ] {
            guard let data else { continue }
            guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
                throw StoreErrors.invalid("analysis \(name) is not valid JSON", path: path)
            }
        }
    }

    private static let statuses = Set(StoredAnalysis.statuses)

    // MARK: Transactions

    /// Runs `body` in one IMMEDIATE write transaction (the write lock is taken at once, so a read-then-insert cannot
    /// race another writer), off the caller's thread.
    func writeImmediate<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreErrors.invalid("the transaction returned nothing", path: "") }
                return result
            }
        } catch {
            throw StoreErrors.translate(error, path: path)
        }
    }

    /// Runs `body` on a read-only snapshot, off the caller's thread.
    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreErrors.translate(error, path: path)
        }
    }
}
