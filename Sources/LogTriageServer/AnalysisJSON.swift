import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RequestStore

/// The JSON the API answers with: an analysis's summary, or its diagnosis with `id` and `status` added.
enum AnalysisJSON {
    /// Id, status, source, times, inputs, verdict, error and write-back: what `GET /v1/requests` lists.
    static func summary(_ r: AnalysisRecord) -> [String: Any] {
        var o: [String: Any] = [
            "id": r.id, "status": r.status.rawValue, "source": r.source.rawValue, "key": r.key,
            "createdAt": iso(r.createdAt), "updatedAt": iso(r.updatedAt), "inputBytes": r.inputBytes,
            "inputs": r.inputNames,
        ]
        if let e = r.externalId { o["externalId"] = e }
        if let id = r.requestId { o["requestId"] = id }
        if let e = r.error { o["error"] = e }
        if let res = r.result {
            o["verdict"] = ["side": res.side, "confidence": res.confidence, "summary": res.summary]
            o["durationSeconds"] = res.durationSeconds
        }
        if let w = r.writeBack { o["writeBack"] = writeBack(w) }
        return o
    }

    /// The diagnosis JSON of `analyze` plus `id`, `status` and `writeBack`; the summary while there is no result.
    static func full(_ r: AnalysisRecord) throws -> [String: Any] {
        guard let res = r.result,
            var object = try JSONSerialization.jsonObject(with: res.diagnosisJSON) as? [String: Any]
        else { return summary(r) }
        object["id"] = r.id
        object["status"] = r.status.rawValue
        object["key"] = r.key
        if let id = r.requestId { object["requestId"] = id }
        if let w = r.writeBack { object["writeBack"] = writeBack(w) }
        return object
    }

    /// A stored support request as `GET /v1/requests` lists it (no sender: its domain only).
    static func request(_ r: RequestSummary) -> [String: Any] {
        var o: [String: Any] = ["id": r.id, "sourceKind": r.sourceKind.rawValue, "status": r.status.rawValue]
        if let v = r.externalId { o["externalId"] = v }
        if let v = r.sourceName { o["sourceName"] = v }
        if let v = r.subject { o["subject"] = v }
        if let v = r.senderDomain { o["senderDomain"] = v }
        if let v = r.received { o["received"] = v.text }
        if let v = r.stand { o["stand"] = v }
        if let v = r.periodSince { o["since"] = v.text }
        if let v = r.periodUntil { o["until"] = v.text }
        if let v = r.latestVerdict {
            o["verdict"] = ["side": v.side, "confidence": v.confidence, "diagnosisId": v.diagnosisId]
        }
        return o
    }

    static func writeBack(_ w: WriteBackState) -> [String: Any] {
        var o: [String: Any] = ["system": w.target.system, "status": w.status.rawValue, "attempts": w.attempts]
        switch w.target {
        case .zendesk(let id): o["ticket"] = id
        case .jira(let key): o["ticket"] = key
        case .generic(let id): if let id { o["ticket"] = id }
        }
        if let e = w.lastError { o["lastError"] = e }
        if let n = w.nextAttemptAt { o["nextAttemptAt"] = iso(n) }
        return o
    }

    static func response(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        let data = try JSONSerialization.data(
            withJSONObject: object,
            options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        )
        return bytes(data, contentType: "application/json", status: status, headers: headers)
    }

    static func bytes(
        _ data: some Sequence<UInt8>,
        contentType: String,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
