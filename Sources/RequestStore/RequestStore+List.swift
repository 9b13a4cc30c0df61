import Foundation
internal import GRDB

// MARK: - Listing

extension RequestStore {
    /// Requests matching `filter`, each with its latest verdict; newest received first, requests without a
    /// received time last, ties newest added first.
    /// - Throws: ``RequestStoreError`` (`invalidValue` for a negative limit).
    public func list(filter: RequestFilter = RequestFilter()) throws -> [RequestSummary] {
        var conditions: [String] = []
        var values: [DatabaseValue] = []
        if let side = filter.side {
            conditions.append("d.verdict_side = ?")
            values.append(side.databaseValue)
        }
        if let status = filter.status {
            conditions.append("r.status = ?")
            values.append(status.rawValue.databaseValue)
        }
        let (start, end) =
            switch filter.timeField {
            case .received:
                ("r.received_unix", "r.received_unix")
            case .periodOrReceived:
                (
                    "COALESCE(r.period_since_unix, r.period_until_unix, r.received_unix)",
                    "COALESCE(r.period_until_unix, r.period_since_unix, r.received_unix)"
                )
            }
        if let since = filter.since {
            conditions.append("\(end) >= ?")
            values.append(Int64(since.timeIntervalSince1970.rounded(.down)).databaseValue)
        }
        if let until = filter.until {
            conditions.append("\(start) <= ?")
            values.append(Int64(until.timeIntervalSince1970.rounded(.down)).databaseValue)
        }
        var sql = """
            SELECT r.*, d.id AS latest_id, d.verdict_side AS latest_side, d.confidence AS latest_confidence
            FROM requests r
            LEFT JOIN diagnoses d ON d.id = (
                SELECT id FROM diagnoses WHERE request_id = r.id ORDER BY created_at DESC, id DESC LIMIT 1)
            """
        if !conditions.isEmpty {
            sql += "\nWHERE " + conditions.joined(separator: " AND ")
        }
        sql += "\nORDER BY r.received_unix IS NULL, r.received_unix DESC, r.id DESC"
        if let limit = filter.limit {
            guard limit >= 0 else { throw StoreErrors.invalid("limit \(limit) is negative", path: path) }
            sql += "\nLIMIT ?"
            values.append(limit.databaseValue)
        }
        let query = sql
        let bound = values
        return try read { db in
            try Row.fetchAll(db, sql: query, arguments: StatementArguments(bound)).map(StoreRows.summary)
        }
    }
}
