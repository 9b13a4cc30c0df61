import Foundation
internal import GRDB

/// Builds the public value types from database rows. Every read is checked (`decode` throws rather than traps).
enum StoreRows {
    static func request(_ row: Row) throws -> StoredRequest {
        StoredRequest(
            id: try row.decode(forColumn: "id"),
            externalId: try row.decode(forColumn: "external_id"),
            dedupeKey: try row.decode(forColumn: "dedupe_key"),
            sourceKind: try sourceKind(row),
            sourceName: try row.decode(forColumn: "source_name"),
            subject: try row.decode(forColumn: "subject"),
            sender: try row.decode(forColumn: "sender"),
            senderDomain: try row.decode(forColumn: "sender_domain"),
            messageId: try row.decode(forColumn: "message_id"),
            received: try time(row, "received"),
            stand: try row.decode(forColumn: "stand"),
            standSource: try row.decode(forColumn: "stand_source"),
            periodSince: try time(row, "period_since"),
            periodUntil: try time(row, "period_until"),
            periodSource: try row.decode(forColumn: "period_source"),
            description: try row.decode(forColumn: "description"),
            status: try status(row),
            failureReason: try row.decode(forColumn: "failure_reason"),
            createdAt: try date(row, "created_at"),
            updatedAt: try date(row, "updated_at")
        )
    }

    /// A row of `requests` joined with the latest diagnosis as `latest_id`, `latest_side`, `latest_confidence`.
    static func summary(_ row: Row) throws -> RequestSummary {
        var verdict: RequestSummary.Verdict?
        if let diagnosisId: Int64 = try row.decode(forColumn: "latest_id") {
            verdict = RequestSummary.Verdict(
                diagnosisId: diagnosisId,
                side: try row.decode(forColumn: "latest_side"),
                confidence: try row.decode(forColumn: "latest_confidence")
            )
        }
        return RequestSummary(
            id: try row.decode(forColumn: "id"),
            externalId: try row.decode(forColumn: "external_id"),
            sourceKind: try sourceKind(row),
            sourceName: try row.decode(forColumn: "source_name"),
            subject: try row.decode(forColumn: "subject"),
            sender: try row.decode(forColumn: "sender"),
            senderDomain: try row.decode(forColumn: "sender_domain"),
            received: try time(row, "received"),
            stand: try row.decode(forColumn: "stand"),
            periodSince: try time(row, "period_since"),
            periodUntil: try time(row, "period_until"),
            status: try status(row),
            latestVerdict: verdict
        )
    }

    static func attachment(_ row: Row) throws -> StoredAttachment {
        StoredAttachment(
            id: try row.decode(forColumn: "id"),
            requestId: try row.decode(forColumn: "request_id"),
            name: try row.decode(forColumn: "name"),
            path: try row.decode(forColumn: "path"),
            sha256: try row.decode(forColumn: "sha256"),
            bytes: try row.decode(forColumn: "bytes"),
            detectedFormat: try row.decode(forColumn: "detected_format"),
            parentArchive: try row.decode(forColumn: "parent_archive"),
            skippedReason: try row.decode(forColumn: "skipped_reason")
        )
    }

    static func diagnosis(_ row: Row) throws -> StoredDiagnosis {
        let json: String = try row.decode(forColumn: "json")
        return StoredDiagnosis(
            id: try row.decode(forColumn: "id"),
            requestId: try row.decode(forColumn: "request_id"),
            catalogueVersion: try row.decode(forColumn: "catalogue_version"),
            inputDigest: try row.decode(forColumn: "input_digest"),
            createdAt: try date(row, "created_at"),
            verdictSide: try row.decode(forColumn: "verdict_side"),
            confidence: try row.decode(forColumn: "confidence"),
            summary: try row.decode(forColumn: "summary"),
            json: Data(json.utf8)
        )
    }

    static func finding(_ row: Row) throws -> StoredFinding {
        StoredFinding(
            id: try row.decode(forColumn: "id"),
            diagnosisId: try row.decode(forColumn: "diagnosis_id"),
            ruleId: try row.decode(forColumn: "rule_id"),
            side: try row.decode(forColumn: "side"),
            category: try row.decode(forColumn: "category"),
            count: try row.decode(forColumn: "count"),
            firstFile: try row.decode(forColumn: "first_file"),
            firstLine: try row.decode(forColumn: "first_line")
        )
    }

    static func resolution(_ row: Row) throws -> Resolution {
        Resolution(
            requestId: try row.decode(forColumn: "request_id"),
            side: try row.decode(forColumn: "side"),
            route: try row.decode(forColumn: "route"),
            recordedAt: try date(row, "recorded_at")
        )
    }

    // MARK: - Columns with a shape

    private static func time(_ row: Row, _ column: String) throws -> RecordedTime? {
        guard let text: String = try row.decode(forColumn: column),
            let seconds: Int64 = try row.decode(forColumn: column + "_unix")
        else { return nil }
        return RecordedTime(storedText: text, unixSeconds: seconds)
    }

    private static func date(_ row: Row, _ column: String) throws -> Date {
        let text: String = try row.decode(forColumn: column)
        guard let date = StoreClock.date(text) else {
            throw bad(column, text)
        }
        return date
    }

    private static func sourceKind(_ row: Row) throws -> RequestSourceKind {
        let text: String = try row.decode(forColumn: "source_kind")
        guard let kind = RequestSourceKind(rawValue: text) else { throw bad("source_kind", text) }
        return kind
    }

    private static func status(_ row: Row) throws -> RequestStatus {
        let text: String = try row.decode(forColumn: "status")
        guard let status = RequestStatus(rawValue: text) else { throw bad("status", text) }
        return status
    }

    private static func bad(_ column: String, _ value: String) -> RequestStoreError {
        RequestStoreError(code: .database, path: "", message: "unreadable \(column) '\(value.prefix(40))' in the store")
    }
}
