import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

@testable import LogTriageServer

/// A small Zendesk + Jira + callback receiver on loopback: serves a ticket with one attachment, checks the documented
/// wire format of every write, answers like the real system, and fails the first write with a 503.
actor RecordingTicketSystem {
    struct Write: Sendable {
        var system: String
        var body: String
        var tags: [String]
    }

    private(set) var writes: [Write] = []
    private(set) var violations: [String] = []
    private(set) var failedWrites = 0
    private var notes: [String: [String]] = [:]
    var base = ""
    let attachment: Data
    let failFirst: Bool
    let zendeskAuth = "Basic " + Data("agent@example.com/token:zd-api-token".utf8).base64EncodedString()
    let jiraAuth = "Basic " + Data("agent@example.com:jira-api-token".utf8).base64EncodedString()

    init(attachment: Data, failFirst: Bool) {
        self.attachment = attachment
        self.failFirst = failFirst
    }

    func setBase(_ b: String) { base = b }

    private func violation(_ s: String) { violations.append(s) }

    /// Fails the first write (503) when asked to; true when this write must fail.
    private func shouldFail() -> Bool {
        if failFirst, failedWrites == 0 {
            failedWrites += 1
            return true
        }
        return false
    }

    func zendeskComments(_ id: String, auth: String?) -> Response {
        if auth != zendeskAuth { violation("zendesk comments: wrong auth") }
        var comments: [[String: Any]] = [
            [
                "id": 1, "body": "Bookings fail since 10:00, log attached", "public": true,
                "attachments": [
                    ["file_name": "app.log", "content_url": "\(base)/attachments/app.log", "size": attachment.count]
                ],
            ]
        ]
        for (k, n) in (notes["zendesk:\(id)"] ?? []).enumerated() {
            comments.append(["id": 100 + k, "body": n, "public": false, "attachments": [[String: Any]]()])
        }
        return json(["comments": comments, "next_page": NSNull(), "count": comments.count])
    }

    func zendeskUpdate(_ id: String, auth: String?, body: Data) -> Response {
        if auth != zendeskAuth { violation("zendesk update: wrong auth") }
        guard let o = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let ticket = o["ticket"] as? [String: Any], let comment = ticket["comment"] as? [String: Any],
            let text = comment["body"] as? String, comment["public"] as? Bool == false,
            let tags = ticket["additional_tags"] as? [String], ticket["status"] == nil
        else {
            violation("zendesk update: not {ticket:{comment:{body, public:false}, additional_tags}}")
            return json(["error": "RecordInvalid"], status: .unprocessableContent)
        }
        if shouldFail() { return json(["error": "unavailable"], status: .serviceUnavailable) }
        writes.append(Write(system: "zendesk", body: text, tags: tags))
        notes["zendesk:\(id)", default: []].append(text)
        return json(["ticket": ["id": Int(id) ?? 0, "tags": tags]])
    }

    func jiraIssue(_ key: String, auth: String?) -> Response {
        if auth != jiraAuth { violation("jira issue: wrong auth") }
        return json([
            "key": key,
            "fields": [
                "attachment": [
                    ["filename": "app.log", "content": "\(base)/attachments/app.log", "size": attachment.count]
                ]
            ],
        ])
    }

    func jiraComments(_ key: String, auth: String?) -> Response {
        if auth != jiraAuth { violation("jira comments: wrong auth") }
        let values = (notes["jira:\(key)"] ?? []).map { ["body": $0, "public": false] as [String: Any] }
        return json(["size": values.count, "start": 0, "limit": 100, "isLastPage": true, "values": values])
    }

    func jiraComment(_ key: String, auth: String?, body: Data) -> Response {
        if auth != jiraAuth { violation("jira comment: wrong auth") }
        guard let o = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let text = o["body"] as? String,
            o["public"] as? Bool == false
        else {
            violation("jira comment: not {body, public:false}")
            return json(["errorMessage": "bad request"], status: .badRequest)
        }
        if shouldFail() { return json(["errorMessage": "unavailable"], status: .serviceUnavailable) }
        writes.append(Write(system: "jira", body: text, tags: []))
        notes["jira:\(key)", default: []].append(text)
        return json(["id": "10001", "body": text, "public": false], status: .created)
    }

    func jiraLabels(_ key: String, auth: String?, body: Data) -> Response {
        if auth != jiraAuth { violation("jira labels: wrong auth") }
        guard let o = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let update = o["update"] as? [String: Any], let labels = update["labels"] as? [[String: Any]],
            !labels.isEmpty, labels.allSatisfy({ $0["add"] is String })
        else {
            violation("jira labels: not {update:{labels:[{add}]}}")
            return json(["errorMessages": ["bad"]], status: .badRequest)
        }
        if let last = writes.indices.last, writes[last].system == "jira" {
            writes[last].tags += labels.compactMap { $0["add"] as? String }
        }
        return Response(status: .noContent)
    }

    func callback(_ body: Data, signature: String?) -> Response {
        let want = Signatures.hubSignature(secret: "callback-secret", body: body)
        if signature != want { violation("callback: wrong signature") }
        if shouldFail() { return json(["error": "unavailable"], status: .serviceUnavailable) }
        writes.append(Write(system: "generic", body: String(decoding: body, as: UTF8.self), tags: []))
        return json(["ok": true])
    }

    private func json(_ o: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: o)) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// The recording server's routes.
    nonisolated func makeApplication(ports: AsyncStream<Int>.Continuation) -> some ApplicationProtocol {
        let router = Router()
        @Sendable func body(_ r: Request) async throws -> Data {
            Data(try await r.body.collect(upTo: 1 << 20).readableBytesView)
        }
        router.get("api/v2/tickets/{file}/comments.json") { r, c in
            let id = try c.parameters.require("file")
            return await self.zendeskComments(id, auth: r.headers[.authorization])
        }
        router.put("api/v2/tickets/{file}") { r, c in
            let file = try c.parameters.require("file")
            let data = try await body(r)
            return await self.zendeskUpdate(
                String(file.dropLast(".json".count)),
                auth: r.headers[.authorization],
                body: data
            )
        }
        router.get("attachments/{name}") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: self.attachment)))
        }
        router.get("rest/api/3/issue/{key}") { r, c in
            let key = try c.parameters.require("key")
            return await self.jiraIssue(key, auth: r.headers[.authorization])
        }
        router.put("rest/api/3/issue/{key}") { r, c in
            let key = try c.parameters.require("key")
            let data = try await body(r)
            return await self.jiraLabels(key, auth: r.headers[.authorization], body: data)
        }
        router.get("rest/servicedeskapi/request/{key}/comment") { r, c in
            let key = try c.parameters.require("key")
            return await self.jiraComments(key, auth: r.headers[.authorization])
        }
        router.post("rest/servicedeskapi/request/{key}/comment") { r, c in
            let key = try c.parameters.require("key")
            let data = try await body(r)
            return await self.jiraComment(key, auth: r.headers[.authorization], body: data)
        }
        router.post("callback") { r, _ in
            let data = try await body(r)
            return await self.callback(data, signature: r.headers[HTTPField.Name("X-LogTriage-Signature")!])
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ports.yield($0.localAddress?.port ?? 0) }
        )
    }
}
