import Foundation
internal import GRDB

// MARK: - Lookups for batches (resume, skip what is done)

extension RequestStore {
    /// The id of the request stored under this dedupe key (see ``NewRequest/dedupeKey``), `nil` when none is.
    public func requestId(dedupeKey: String) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM requests WHERE dedupe_key = ?", arguments: [dedupeKey])
        }
    }

    /// Whether the request has a diagnosis made with this catalogue version (whatever its input digest).
    public func hasDiagnosis(requestId: Int64, catalogueVersion: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM diagnoses WHERE request_id = ? AND catalogue_version = ? LIMIT 1",
                arguments: [requestId, catalogueVersion]
            ) != nil
        }
    }
}
