import Foundation
internal import GRDB

// MARK: - Diagnoses, findings, resolutions

extension RequestStore {
    /// Stores a diagnosis of a request with its findings in one transaction, and marks the request analysed.
    /// A diagnosis with the same catalogue version and input digest is never stored twice: then its id comes back and
    /// nothing of it changes. Another catalogue version or input digest adds a diagnosis next to the old ones.
    /// - Returns: the diagnosis id, and whether this call created it.
    /// - Throws: ``RequestStoreError`` with code `unknownRequest`, or `invalidValue` (confidence outside 0...1,
    ///   JSON that is not UTF-8 JSON, an empty catalogue version or input digest).
    @discardableResult
    public func addDiagnosis(requestId: Int64, _ diagnosis: NewDiagnosis) throws -> (id: Int64, created: Bool) {
        guard diagnosis.confidence.isFinite, (0...1).contains(diagnosis.confidence) else {
            throw StoreErrors.invalid("confidence \(diagnosis.confidence) is outside 0...1", path: path)
        }
        guard let json = String(validating: diagnosis.json, as: UTF8.self) else {
            throw StoreErrors.invalid("the diagnosis JSON is not UTF-8", path: path)
        }
        let now = StoreClock.text(Date())
        let created = StoreClock.text(diagnosis.createdAt)
        return try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM requests WHERE id = ?", arguments: [requestId]) != nil
            else { throw Self.unknown(requestId) }
            try db.execute(
                sql: "UPDATE requests SET status = 'analysed', failure_reason = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, requestId]
            )
            if let id = try Int64.fetchOne(
                db,
                sql: "SELECT id FROM diagnoses WHERE request_id = ? AND catalogue_version = ? AND input_digest = ?",
                arguments: [requestId, diagnosis.catalogueVersion, diagnosis.inputDigest]
            ) {
                return (id, false)
            }
            try db.execute(
                sql: """
                    INSERT INTO diagnoses (request_id, catalogue_version, input_digest, created_at, verdict_side,
                                           confidence, summary, json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    requestId, diagnosis.catalogueVersion, diagnosis.inputDigest, created, diagnosis.verdictSide,
                    diagnosis.confidence, diagnosis.summary, json,
                ]
            )
            let id = db.lastInsertedRowID
            for finding in diagnosis.findings {
                try db.execute(
                    sql: """
                        INSERT INTO findings (diagnosis_id, rule_id, side, category, count, first_file, first_line)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, finding.ruleId, finding.side, finding.category, finding.count, finding.firstFile,
                        finding.firstLine,
                    ]
                )
            }
            return (id, true)
        }
    }

    /// The diagnoses of a request, newest first (by creation time, then by id).
    public func diagnoses(requestId: Int64) throws -> [StoredDiagnosis] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM diagnoses WHERE request_id = ? ORDER BY created_at DESC, id DESC",
                arguments: [requestId]
            ).map(StoreRows.diagnosis)
        }
    }

    /// The newest diagnosis of a request, `nil` when it has none.
    public func latestDiagnosis(requestId: Int64) throws -> StoredDiagnosis? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM diagnoses WHERE request_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                arguments: [requestId]
            ).map(StoreRows.diagnosis)
        }
    }

    /// The findings of a diagnosis, in the order they were added.
    public func findings(diagnosisId: Int64) throws -> [StoredFinding] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM findings WHERE diagnosis_id = ? ORDER BY id",
                arguments: [diagnosisId]
            ).map(StoreRows.finding)
        }
    }

    /// Records (or replaces) the outcome a person decided for a request.
    /// - Throws: ``RequestStoreError`` with code `unknownRequest` when there is no such request.
    public func recordResolution(requestId: Int64, side: String, route: String?, at date: Date = Date()) throws {
        let recorded = StoreClock.text(date)
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM requests WHERE id = ?", arguments: [requestId]) != nil
            else { throw Self.unknown(requestId) }
            try db.execute(
                sql: "INSERT OR REPLACE INTO resolutions (request_id, side, route, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [requestId, side, route, recorded]
            )
        }
    }

    /// The recorded outcome of a request, `nil` when none was recorded.
    public func resolution(requestId: Int64) throws -> Resolution? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM resolutions WHERE request_id = ?", arguments: [requestId])
                .map(StoreRows.resolution)
        }
    }
}
