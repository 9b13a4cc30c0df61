import Foundation
internal import GRDB

// MARK: - Adding and reading requests

extension RequestStore {
    /// Stores a request and its attachments in one transaction, unless a request with the same
    /// ``NewRequest/dedupeKey`` is already stored: then nothing is written and that request's id comes back.
    /// - Returns: the request's id, and whether this call created it.
    /// - Throws: ``RequestStoreError`` (`invalidValue` for a malformed digest or an empty attachment path).
    @discardableResult
    public func add(_ request: NewRequest) throws -> (id: Int64, created: Bool) {
        let attachments = try request.attachments.map { try checked($0) }
        let key = request.dedupeKey
        let now = StoreClock.text(Date())
        return try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM requests WHERE dedupe_key = ?", arguments: [key]) {
                return (id, false)
            }
            try db.execute(
                sql: """
                    INSERT INTO requests (
                        external_id, dedupe_key, source_kind, source_name, subject, sender, sender_domain, message_id,
                        received, received_unix, stand, stand_source, period_since, period_since_unix,
                        period_until, period_until_unix, period_source, description, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)
                    """,
                arguments: [
                    request.externalId, key, request.sourceKind.rawValue, request.sourceName, request.subject,
                    request.sender, request.senderDomain, request.messageId,
                    request.received?.text, request.received?.unixSeconds, request.stand, request.standSource,
                    request.periodSince?.text, request.periodSince?.unixSeconds,
                    request.periodUntil?.text, request.periodUntil?.unixSeconds, request.periodSource,
                    request.description, now, now,
                ]
            )
            let id = db.lastInsertedRowID
            for attachment in attachments {
                try db.execute(
                    sql: """
                        INSERT INTO attachments (request_id, name, path, sha256, bytes, detected_format,
                                                 parent_archive, skipped_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, attachment.name, attachment.path, attachment.sha256, attachment.bytes,
                        attachment.detectedFormat, attachment.parentArchive, attachment.skippedReason,
                    ]
                )
            }
            return (id, true)
        }
    }

    /// The request with this id, `nil` when there is none.
    public func request(id: Int64) throws -> StoredRequest? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM requests WHERE id = ?", arguments: [id]).map(StoreRows.request)
        }
    }

    /// The most recently added request with this external id, `nil` when there is none.
    public func request(externalId: String) throws -> StoredRequest? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM requests WHERE external_id = ? ORDER BY id DESC LIMIT 1",
                arguments: [externalId]
            ).map(StoreRows.request)
        }
    }

    /// The attachments of a request, in the order they were added.
    public func attachments(requestId: Int64) throws -> [StoredAttachment] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM attachments WHERE request_id = ? ORDER BY id",
                arguments: [requestId]
            ).map(StoreRows.attachment)
        }
    }

    /// Every request id, ascending (for batches that walk the whole store).
    public func allRequestIds() throws -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM requests ORDER BY id") }
    }

    /// Marks a request as failed with the reason (unreadable logs, a crash of the analysis); a later diagnosis
    /// clears it.
    /// - Throws: ``RequestStoreError`` with code `unknownRequest` when there is no such request.
    public func recordFailure(requestId: Int64, reason: String) throws {
        let now = StoreClock.text(Date())
        try write { db in
            try db.execute(
                sql: "UPDATE requests SET status = 'failed', failure_reason = ?, updated_at = ? WHERE id = ?",
                arguments: [reason, now, requestId]
            )
            guard db.changesCount > 0 else { throw Self.unknown(requestId) }
        }
    }

    static func unknown(_ requestId: Int64) -> RequestStoreError {
        RequestStoreError(code: .unknownRequest, path: "", message: "no request with id \(requestId)")
    }

    private func checked(_ attachment: NewAttachment) throws -> NewAttachment {
        var attachment = attachment
        guard !attachment.path.isEmpty else {
            throw StoreErrors.invalid("attachment '\(attachment.name)' has an empty path", path: path)
        }
        guard attachment.bytes >= 0 else {
            throw StoreErrors.invalid("attachment '\(attachment.path)' has a negative size", path: path)
        }
        if let digest = attachment.sha256?.lowercased() {
            guard SHA256Digest.isValid(digest) else {
                throw StoreErrors.invalid("attachment '\(attachment.path)' has a malformed SHA-256", path: path)
            }
            attachment.sha256 = digest
        }
        return attachment
    }
}
