import Foundation
import HTTPTypes
import Hummingbird
import RequestStore

/// `POST /v1/analyses`, `GET /v1/analyses`, `GET /v1/analyses/{id}`, `GET /v1/requests`.
struct AnalysesController {
    let coordinator: AnalysisCoordinator
    let renderer: any AnalysisRenderer
    let receiver: UploadReceiver
    let store: RequestStore?

    func addRoutes(to group: RouterGroup<ServerContext>) {
        group.post("analyses") { request, _ in try await create(request) }
        group.get("analyses") { request, _ in try await list(request) }
        group.get("analyses/{id}") { request, context in try await show(request, context) }
        group.get("requests") { request, _ in try await requests(request) }
    }

    func create(_ request: Request) async throws -> Response {
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.count > 200 { throw RequestError(.badRequest, "Idempotency-Key is longer than 200 characters") }
        let received = try await receiver.receive(request)
        let record = try await coordinator.submitUpload(
            spool: received.spool,
            options: received.options,
            externalId: received.externalId,
            idempotencyKey: key
        )
        return try answer(record)
    }

    /// 200 with the diagnosis when done, 202 with `Location` and `Retry-After` while queued or running, 422 when the
    /// inputs could not be analysed.
    func answer(_ record: AnalysisRecord) throws -> Response {
        var headers: HTTPFields = [.location: "/v1/analyses/\(record.id)"]
        switch record.status {
        case .succeeded:
            return try AnalysisJSON.response(AnalysisJSON.full(record), headers: headers)
        case .failed:
            return try AnalysisJSON.response(
                AnalysisJSON.summary(record),
                status: .unprocessableContent,
                headers: headers
            )
        case .queued, .running:
            headers[.retryAfter] = String(coordinator.configuration.retryAfterSeconds)
            return try AnalysisJSON.response(AnalysisJSON.summary(record), status: .accepted, headers: headers)
        }
    }

    func show(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await coordinator.repository.get(id: id) else {
            throw RequestError(.notFound, "no analysis \(id)")
        }
        let format = request.uri.queryParameters.get("format") ?? "json"
        guard format != "json" else {
            var headers: HTTPFields = [:]
            if record.status == .queued || record.status == .running {
                headers[.retryAfter] = String(coordinator.configuration.retryAfterSeconds)
            }
            return try AnalysisJSON.response(AnalysisJSON.full(record), headers: headers)
        }
        let types = [
            "markdown": "text/markdown; charset=utf-8", "text": "text/plain; charset=utf-8",
            "sarif": "application/sarif+json",
        ]
        guard let contentType = types[format] else {
            throw RequestError(.badRequest, "format must be json, markdown, text or sarif")
        }
        guard let result = record.result else {
            throw RequestError(.conflict, "analysis \(id) is \(record.status.rawValue): it has no report yet")
        }
        guard let data = try renderer.render(result.diagnosisJSON, format: format) else {
            throw RequestError(.badRequest, "format must be json, markdown, text or sarif")
        }
        return AnalysisJSON.bytes(data, contentType: contentType)
    }

    func list(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        var query = AnalysisQuery()
        if let s = q.get("status") {
            guard let status = AnalysisRecord.Status(rawValue: s) else {
                throw RequestError(.badRequest, "status must be queued, running, succeeded or failed")
            }
            query.status = status
        }
        if let s = q.get("source") {
            guard let source = AnalysisRecord.Source(rawValue: s) else {
                throw RequestError(.badRequest, "source must be upload, zendesk, jira or generic")
            }
            query.source = source
        }
        query.side = q.get("side")
        query.externalId = q.get("externalId")
        if let l = q.get("limit") {
            guard let n = Int(l), (1...1000).contains(n) else {
                throw RequestError(.badRequest, "limit must be a number from 1 to 1000")
            }
            query.limit = n
        }
        let records = try await coordinator.repository.list(query)
        return try AnalysisJSON.response(records.map(AnalysisJSON.summary))
    }

    /// The support requests in the store, newest first, each with its latest verdict; 409 without a store.
    func requests(_ request: Request) async throws -> Response {
        guard let store else {
            throw RequestError(.conflict, "the service runs without a request store (started with --in-memory)")
        }
        let q = request.uri.queryParameters
        var filter = RequestFilter(limit: 100)
        if let s = q.get("status") {
            guard let status = RequestStatus(rawValue: s) else {
                throw RequestError(.badRequest, "status must be new, analysed or failed")
            }
            filter.status = status
        }
        filter.side = q.get("side")
        if let l = q.get("limit") {
            guard let n = Int(l), (1...1000).contains(n) else {
                throw RequestError(.badRequest, "limit must be a number from 1 to 1000")
            }
            filter.limit = n
        }
        let requests = try store.list(filter: filter)
        return try AnalysisJSON.response(requests.map(AnalysisJSON.request))
    }
}
