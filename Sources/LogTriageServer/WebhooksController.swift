import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /v1/webhooks/{zendesk,jira,generic}`: verify the sender, drop repeated deliveries, queue the job, answer 202.
struct WebhooksController {
    let coordinator: AnalysisCoordinator
    let configuration: ServerConfiguration
    let metrics: ServiceMetrics

    func addRoutes(to group: RouterGroup<ServerContext>) {
        group.post("zendesk") { request, _ in try await zendesk(request) }
        group.post("jira") { request, _ in try await jira(request) }
        group.post("generic") { request, _ in try await generic(request) }
    }

    /// The fields of a payload that say what to analyse; ticket systems fill them from placeholders.
    struct Payload: Decodable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        var ticket_id: FlexibleID?
        var ticket: Ticket?
        var issue: Issue?
        var issueKey: String?
        var externalId: String?
        var stand: String?
        var since: String?
        var until: String?
        var lang: String?
        var tz: String?
        var email: String?
        var files: [UploadReceiver.JSONUpload.File]?

        struct Ticket: Decodable { var id: FlexibleID? }
        struct Issue: Decodable { var key: String? }

        var options: AnalysisOptions {
            var o = AnalysisOptions(
                stand: UploadReceiver.clean(stand)?.uppercased(),
                since: UploadReceiver.clean(since),
                until: UploadReceiver.clean(until),
                lang: UploadReceiver.clean(lang)
            )
            o.tz = UploadReceiver.clean(tz)
            return o
        }
    }

    /// A ticket id sent as a JSON number or string.
    struct FlexibleID: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int64.self) { value = String(n) } else { value = try c.decode(String.self) }
        }
    }

    func zendesk(_ request: Request) async throws -> Response {
        let body = try await collect(request)
        let signature = request.headers[HTTPField.Name("X-Zendesk-Webhook-Signature")!]
        let timestamp = request.headers[HTTPField.Name("X-Zendesk-Webhook-Signature-Timestamp")!]
        var verified = false
        if let secret = configuration.zendesk?.webhookSecret, let signature, let timestamp {
            verified = Signatures.isValidZendesk(secret: secret, timestamp: timestamp, body: body, signature: signature)
        }
        try authorize(request, verified: verified, source: "zendesk")
        let payload = try decode(body)
        // Both forms, when both are sent, must be ticket numbers; `ticket_id` wins.
        let given = [payload.ticket_id?.value, payload.ticket?.id?.value].compactMap { $0 }
        guard let id = UploadReceiver.clean(given.first),
            given.allSatisfy({ g in
                let digits = g.trimmingCharacters(in: .whitespacesAndNewlines)
                return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            })
        else { throw RequestError(.badRequest, "the payload needs a numeric ticket_id") }
        let delivery = request.headers[HTTPField.Name("X-Zendesk-Webhook-Invocation-Id")!]
        return try await accept(
            source: .zendesk,
            delivery: delivery,
            body: body,
            payload: payload,
            externalId: id,
            target: .zendesk(ticketID: id),
            spool: nil
        )
    }

    func jira(_ request: Request) async throws -> Response {
        let body = try await collect(request)
        var verified = false
        if let secret = configuration.jira?.webhookSecret,
            let header = request.headers[HTTPField.Name("X-Hub-Signature")!]
        {
            verified = Signatures.isValidHub(secret: secret, body: body, header: header)
        }
        try authorize(request, verified: verified, source: "jira")
        let payload = try decode(body)
        // Both forms, when both are sent, must be issue keys; `issue.key` wins.
        let given = [payload.issue?.key, payload.issueKey].compactMap { UploadReceiver.clean($0) }
        let isKey = { (k: String) in k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }
        guard let key = given.first, given.allSatisfy(isKey),
            [payload.issue?.key, payload.issueKey].compactMap({ $0 }).count == given.count
        else { throw RequestError(.badRequest, "the payload needs issue.key (or issueKey)") }
        let delivery = request.headers[HTTPField.Name("X-Atlassian-Webhook-Identifier")!]
        return try await accept(
            source: .jira,
            delivery: delivery,
            body: body,
            payload: payload,
            externalId: key,
            target: .jira(issueKey: key),
            spool: nil
        )
    }

    func generic(_ request: Request) async throws -> Response {
        let body = try await collect(request)
        var verified = false
        if let secret = configuration.generic?.webhookSecret,
            let header = request.headers[HTTPField.Name("X-LogTriage-Signature")!]
        {
            verified = Signatures.isValidHub(secret: secret, body: body, header: header)
        }
        try authorize(request, verified: verified, source: "generic")
        let payload = try decode(body)
        let spool = try UploadSpool(root: coordinator.spoolRoot, maxFiles: configuration.maxFiles)
        do {
            let upload = UploadReceiver.JSONUpload(email: payload.email, files: payload.files)
            try UploadReceiver.decodeFiles(upload, into: spool)
            guard !spool.files.isEmpty else { throw RequestError(.badRequest, "the payload has no files or email") }
        } catch {
            spool.remove()
            throw error
        }
        let externalId = UploadReceiver.clean(payload.externalId)
        let target: WriteBackTarget? =
            configuration.generic?.callbackURL == nil ? nil : .generic(externalID: externalId)
        let delivery =
            request.headers[HTTPField.Name("X-Delivery-Id")!] ?? request.headers[HTTPField.Name("Idempotency-Key")!]
        return try await accept(
            source: .generic,
            delivery: delivery,
            body: body,
            payload: payload,
            externalId: externalId,
            target: target,
            spool: spool
        )
    }

    private func accept(
        source: AnalysisRecord.Source,
        delivery: String?,
        body: [UInt8],
        payload: Payload,
        externalId: String?,
        target: WriteBackTarget?,
        spool: UploadSpool?
    ) async throws -> Response {
        let options = payload.options
        do {
            try AnalysisCoordinator.validate(options)
        } catch {
            spool?.remove()
            throw error
        }
        // Deliveries are told apart by the sender's delivery id, else by the body's digest.
        let deliveryID = delivery.map { "id:" + $0.prefix(200) } ?? "sha256:" + Signatures.sha256Hex(body)
        guard try await coordinator.repository.recordDelivery(source: source.rawValue, id: deliveryID) else {
            spool?.remove()
            metrics.webhook(source: source.rawValue, result: "duplicate")
            return try AnalysisJSON.response(["status": "duplicate"], status: .accepted)
        }
        var record = AnalysisRecord(id: AnalysisRecord.makeID(), source: source, options: options)
        record.idempotencyKey = "\(source.rawValue):\(deliveryID)"
        record.externalId = externalId
        record.writeBack = target.map(WriteBackState.init(target:))
        let (stored, _) = try await coordinator.submitTicketJob(record, spool: spool)
        metrics.webhook(source: source.rawValue, result: "accepted")
        coordinator.logger.info(
            "webhook accepted",
            metadata: ["source": "\(source.rawValue)", "analysis": "\(stored.id)"]
        )
        let headers: HTTPFields = [.location: "/v1/analyses/\(stored.id)"]
        return try AnalysisJSON.response(AnalysisJSON.summary(stored), status: .accepted, headers: headers)
    }

    /// The raw body (signatures are over its exact bytes), capped at `maxWebhookBytes` for Zendesk and Jira and at
    /// `maxRequestBytes` for the generic webhook, which may carry files.
    private func collect(_ request: Request) async throws -> [UInt8] {
        let limit =
            request.uri.path.hasSuffix("generic") ? configuration.maxRequestBytes : configuration.maxWebhookBytes
        var buffer = ByteBuffer()
        for try await chunk in request.body {
            guard buffer.readableBytes + chunk.readableBytes <= limit else {
                throw RequestError(.contentTooLarge, "webhook body over \(limit) bytes")
            }
            var c = chunk
            buffer.writeBuffer(&c)
        }
        return Array(buffer.readableBytesView)
    }

    /// A valid signature or a valid bearer token; 401 otherwise.
    private func authorize(_ request: Request, verified: Bool, source: String) throws {
        if verified { return }
        if let token = Signatures.bearer(request.headers[.authorization]),
            Signatures.contains(configuration.apiTokens, token)
        {
            return
        }
        metrics.webhook(source: source, result: "unauthorized")
        throw RequestError(.unauthorized, "the webhook signature (or bearer token) is missing or wrong")
    }

    private func decode(_ body: [UInt8]) throws -> Payload {
        do {
            try KnownNulls.check(Data(body))
            return try JSONDecoder().decode(Payload.self, from: Data(body))
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError(.badRequest, "the webhook body is not a JSON object of the documented form")
        }
    }
}
