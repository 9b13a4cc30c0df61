import Foundation
import Testing

@testable import LogTriageServer

/// Webhooks end to end: the real server, a recording ticket system on loopback, real HTTP both ways.
@Suite struct WebhookWriteBackTests {
    /// Computed outside Swift: base64(HMAC-SHA256("zd-secret", ts + body)) with Python's hmac module.
    static let zendeskBody = Data(#"{"ticket_id":"4217"}"#.utf8)
    static let zendeskTimestamp = "2026-11-18T10:00:00Z"
    static let zendeskSignature = "TXmTWHoYJOVPiq8fnw0T3n3KScQT3ZHwJoX2u8eSTt4="
    /// sha256=hex(HMAC-SHA256("jira-secret", body)), also from Python.
    static let jiraBody = Data(#"{"issue":{"key":"SD-42"}}"#.utf8)
    static let jiraSignature = "sha256=64a26115168962c9bc89d387b364579da6a8fbf8f874610712b41ee52d1738a5"

    static func poll(_ url: String, until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        var json: [String: Any] = [:]
        for _ in 0..<400 {
            json = try await TestHTTP.call(.GET, url).json()
            if done(json) { return json }
            try await Task.sleep(for: .milliseconds(25))
        }
        return json
    }

    static func writeBackStatus(_ json: [String: Any]) -> String? {
        (json["writeBack"] as? [String: Any])?["status"] as? String
    }

    @Test
    func `zendesk: signature checked, delivery deduplicated, note retried after a 503, marker stops a second note`()
        async throws
    {
        let recorder = RecordingTicketSystem(
            attachment: try TestHTTP.sample("nlog-ordercreate-internal-error.log"),
            failFirst: true
        )
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await TestServer.run({ recorder.makeApplication(ports: $0) }) { zendesk in
            await recorder.setBase(zendesk)
            var config = TestServer.config()
            var z = ServerConfiguration.Zendesk(baseURL: zendesk)
            z.email = "agent@example.com"
            z.apiToken = "zd-api-token"
            z.webhookSecret = "zd-secret"
            config.zendesk = z
            try await TestServer.with(config) { base in
                let url = "\(base)/v1/webhooks/zendesk"
                func send(signature: String, invocation: String) async throws -> TestHTTP.Reply {
                    try await TestHTTP.call(
                        .POST,
                        url,
                        headers: [
                            ("Content-Type", "application/json"), ("X-Zendesk-Webhook-Signature", signature),
                            ("X-Zendesk-Webhook-Signature-Timestamp", Self.zendeskTimestamp),
                            ("X-Zendesk-Webhook-Invocation-Id", invocation),
                        ],
                        body: Self.zendeskBody,
                        token: nil
                    )
                }
                let forged = try await send(
                    signature: "UXmTWHoYJOVPiq8fnw0T3n3KScQT3ZHwJoX2u8eSTt4=",
                    invocation: "i-0"
                )
                #expect(forged.status == 401)
                let unsigned = try await TestHTTP.call(.POST, url, body: Self.zendeskBody, token: nil)
                #expect(unsigned.status == 401)

                let first = try await send(signature: Self.zendeskSignature, invocation: "i-1")
                #expect(first.status == 202)
                let again = try await send(signature: Self.zendeskSignature, invocation: "i-1")
                #expect(again.status == 202)
                #expect(try again.json()["status"] as? String == "duplicate")

                let location = try #require(first.headers.first(name: "Location"))
                let done = try await Self.poll(base + location) { Self.writeBackStatus($0) ?? "pending" != "pending" }
                #expect(done["status"] as? String == "succeeded")
                #expect((done["verdict"] as? [String: Any])?["side"] as? String == "platform")
                let wb = try #require(done["writeBack"] as? [String: Any])
                #expect(wb["status"] as? String == "succeeded")
                #expect(wb["attempts"] as? Int == 2)
                #expect(wb["ticket"] as? String == "4217")

                let writes = await recorder.writes
                #expect(writes.count == 1)
                let key = try #require(done["key"] as? String)
                #expect(writes.first?.body.contains("logtriage:\(key)") == true)
                #expect(writes.first?.body.contains("PLATFORM") == true)
                #expect(writes.first?.tags.contains("logtriage_platform") == true)

                // Another delivery for the same ticket and attachments: the marker is found, nothing is posted.
                let other = try await send(signature: Self.zendeskSignature, invocation: "i-2")
                #expect(other.status == 202)
                let second = try await Self.poll(base + (other.headers.first(name: "Location") ?? "")) {
                    Self.writeBackStatus($0) ?? "pending" != "pending"
                }
                #expect(Self.writeBackStatus(second) == "alreadyPresent")
                #expect(await recorder.writes.count == 1)
                let violations = await recorder.violations
                #expect(violations.isEmpty, "\(violations)")

                let metrics = try await TestHTTP.call(.GET, "\(base)/metrics", token: nil).text
                #expect(metrics.contains(#"logtriage_writeback_failures_total{system="zendesk",final="false"} 1"#))
                #expect(metrics.contains(#"logtriage_webhook_deliveries_total{source="zendesk",result="duplicate"} 1"#))
            }
        }
    }

    @Test func `jira: signed webhook gives one internal comment and labels`() async throws {
        let recorder = RecordingTicketSystem(
            attachment: try TestHTTP.sample("log4net-auth-wrong-password.log"),
            failFirst: false
        )
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await TestServer.run({ recorder.makeApplication(ports: $0) }) { jira in
            await recorder.setBase(jira)
            var config = TestServer.config()
            var j = ServerConfiguration.Jira(baseURL: jira)
            j.email = "agent@example.com"
            j.apiToken = "jira-api-token"
            j.webhookSecret = "jira-secret"
            config.jira = j
            try await TestServer.with(config) { base in
                let headers = [
                    ("Content-Type", "application/json"), ("X-Hub-Signature", Self.jiraSignature),
                    ("X-Atlassian-Webhook-Identifier", "w-1"),
                ]
                let bad = try await TestHTTP.call(
                    .POST,
                    "\(base)/v1/webhooks/jira",
                    headers: [("X-Hub-Signature", "sha256=00")],
                    body: Self.jiraBody,
                    token: nil
                )
                #expect(bad.status == 401)
                let reply = try await TestHTTP.call(
                    .POST,
                    "\(base)/v1/webhooks/jira",
                    headers: headers,
                    body: Self.jiraBody,
                    token: nil
                )
                #expect(reply.status == 202)
                let dup = try await TestHTTP.call(
                    .POST,
                    "\(base)/v1/webhooks/jira",
                    headers: headers,
                    body: Self.jiraBody,
                    token: nil
                )
                #expect(try dup.json()["status"] as? String == "duplicate")
                let done = try await Self.poll(base + (reply.headers.first(name: "Location") ?? "")) {
                    Self.writeBackStatus($0) ?? "pending" != "pending"
                }
                #expect(Self.writeBackStatus(done) == "succeeded")
                let writes = await recorder.writes
                #expect(writes.count == 1)
                #expect(writes.first?.system == "jira")
                #expect(writes.first?.tags.contains("logtriage_customer") == true)
                let violations = await recorder.violations
                #expect(violations.isEmpty, "\(violations)")
            }
        }
    }

    @Test func `generic: bearer-authorised webhook with files, signed callback retried after a 503`() async throws {
        let recorder = RecordingTicketSystem(attachment: Data(), failFirst: true)
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await TestServer.run({ recorder.makeApplication(ports: $0) }) { receiver in
            var config = TestServer.config()
            var g = ServerConfiguration.Generic()
            g.webhookSecret = "generic-secret"
            g.callbackURL = "\(receiver)/callback"
            g.callbackSecret = "callback-secret"
            config.generic = g
            try await TestServer.with(config) { base in
                let log = try TestHTTP.sample("raw-provider-error.xml")
                let payload: [String: Any] = [
                    "externalId": "CASE-7", "files": [["name": "provider.xml", "content": log.base64EncodedString()]],
                ]
                let body = try JSONSerialization.data(withJSONObject: payload)
                let unsigned = try await TestHTTP.call(.POST, "\(base)/v1/webhooks/generic", body: body, token: nil)
                #expect(unsigned.status == 401)
                let reply = try await TestHTTP.call(
                    .POST,
                    "\(base)/v1/webhooks/generic",
                    headers: [("Content-Type", "application/json")],
                    body: body
                )
                #expect(reply.status == 202)
                let done = try await Self.poll(base + (reply.headers.first(name: "Location") ?? "")) {
                    Self.writeBackStatus($0) ?? "pending" != "pending"
                }
                #expect(Self.writeBackStatus(done) == "succeeded")
                let writes = await recorder.writes
                #expect(writes.count == 1)
                let sent =
                    try JSONSerialization.jsonObject(with: Data((writes.first?.body ?? "{}").utf8)) as? [String: Any]
                #expect(sent?["externalId"] as? String == "CASE-7")
                #expect((sent?["verdict"] as? [String: Any])?["side"] as? String == "provider")
                let violations = await recorder.violations
                #expect(violations.isEmpty, "\(violations)")
            }
        }
    }
}
