import Foundation
import RequestStore

/// Merges stores (for instance the shards of one archive): requests by dedupe key, their attachments' bytes copied
/// into the target's blob folder, diagnoses by (catalogue version, input digest) with the request id in their
/// JSON made the target's, findings with them, and recorded outcomes the target does not have. Running it twice
/// changes nothing the second time.
public struct StoreMerger: Sendable {
    public struct Counts: Sendable, Equatable {
        public var requestsAdded = 0
        public var requestsPresent = 0
        public var diagnosesAdded = 0
        public var blobsCopied = 0
        public var resolutionsAdded = 0
        /// Attachments whose bytes the source store does not have.
        public var blobsMissing = 0
    }

    public let target: RequestStore

    public init(target: RequestStore) { self.target = target }

    public func merge(_ source: RequestStore) throws -> Counts {
        var counts = Counts()
        for id in try source.allRequestIds() {
            guard let r = try source.request(id: id) else { continue }
            let attachments = try source.attachments(requestId: id)
            for a in attachments {
                guard let sha = a.sha256, target.blobPath(sha256: sha) == nil else { continue }
                guard let from = source.blobPath(sha256: sha) else {
                    counts.blobsMissing += 1
                    continue
                }
                try target.putBlob(fileAt: from)
                counts.blobsCopied += 1
            }
            let record = NewRequest(
                externalId: r.externalId, sourceKind: r.sourceKind, sourceName: r.sourceName, subject: r.subject,
                sender: r.sender, senderDomain: r.senderDomain, messageId: r.messageId, received: r.received,
                stand: r.stand, standSource: r.standSource, periodSince: r.periodSince, periodUntil: r.periodUntil,
                periodSource: r.periodSource, description: r.description,
                attachments: attachments.map {
                    NewAttachment(
                        name: $0.name, path: $0.path, sha256: $0.sha256, bytes: $0.bytes,
                        detectedFormat: $0.detectedFormat, parentArchive: $0.parentArchive,
                        skippedReason: $0.skippedReason)
                })
            guard record.dedupeKey == r.dedupeKey else {
                throw BatchError("request \(id) of \(source.path): its dedupe key cannot be rebuilt; not merged")
            }
            let (targetId, created) = try target.add(record)
            if created { counts.requestsAdded += 1 } else { counts.requestsPresent += 1 }
            // Oldest first, so the target's "latest" is the source's latest too.
            for d in try source.diagnoses(requestId: id).reversed() {
                let findings = try source.findings(diagnosisId: d.id).map {
                    NewFinding(
                        ruleId: $0.ruleId, side: $0.side, category: $0.category, count: $0.count,
                        firstFile: $0.firstFile, firstLine: $0.firstLine)
                }
                let json: Data
                do {
                    json = try Self.retarget(d.json, to: targetId)
                } catch {
                    throw BatchError("diagnosis \(d.id) of request \(id) in \(source.path): \(error); not merged")
                }
                let copy = NewDiagnosis(
                    catalogueVersion: d.catalogueVersion, inputDigest: d.inputDigest, createdAt: d.createdAt,
                    verdictSide: d.verdictSide, confidence: d.confidence, summary: d.summary, json: json,
                    findings: findings)
                if try target.addDiagnosis(requestId: targetId, copy).created { counts.diagnosesAdded += 1 }
            }
            if r.status == .failed, created, let reason = r.failureReason {
                try target.recordFailure(requestId: targetId, reason: reason)
            }
            if let res = try source.resolution(requestId: id), try target.resolution(requestId: targetId) == nil {
                try target.recordResolution(requestId: targetId, side: res.side, route: res.route, at: res.recordedAt)
                counts.resolutionsAdded += 1
            }
        }
        return counts
    }

    /// A diagnosis's JSON with `request.id` made the request's id in the target store (the source's numbering
    /// means nothing there: two shards both have a request 1). Nothing else in it changes.
    static func retarget(_ json: Data, to id: Int64) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw BatchError("the diagnosis is not a JSON object")
        }
        var request = object["request"] as? [String: Any] ?? [:]
        if (request["id"] as? NSNumber)?.int64Value == id { return json }
        request["id"] = id
        object["request"] = request
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
