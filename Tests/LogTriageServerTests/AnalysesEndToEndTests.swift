import AsyncHTTPClient
import Foundation
import Testing

@testable import LogTriageServer

/// The real server on loopback, called with a real HTTP client.
@Suite struct AnalysesEndToEndTests {
    @Test(arguments: [
        "nlog-ordercreate-internal-error.log", "log4net-auth-wrong-password.log", "raw-provider-error.xml",
    ])
    func `a multipart upload answers 200 with the expected verdict`(sample: String) async throws {
        let data = try TestHTTP.sample(sample)
        let want = try TestHTTP.expectedSide(sample)
        try await TestServer.with { base in
            let (type, body) = TestHTTP.multipart(files: [(sample, data)], fields: ["stand": "prod", "lang": "en"])
            let reply = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type)],
                body: body
            )
            #expect(reply.status == 200, "\(reply.text)")
            let json = try reply.json()
            #expect(json["status"] as? String == "succeeded")
            let id = try #require(json["id"] as? String)
            #expect(id.hasPrefix("an_"))
            #expect((json["verdict"] as? [String: Any])?["side"] as? String == want)
            #expect((json["request"] as? [String: Any])?["stand"] as? String == "PROD")
            let inputs = json["inputs"] as? [[String: Any]] ?? []
            #expect(inputs.first?["path"] as? String == sample || reply.text.contains(sample))
            #expect(reply.headers.first(name: "Location") == "/v1/analyses/\(id)")

            let markdown = try await TestHTTP.call(.GET, "\(base)/v1/analyses/\(id)?format=markdown")
            #expect(markdown.status == 200)
            #expect(markdown.headers.first(name: "Content-Type")?.hasPrefix("text/markdown") == true)
            #expect(markdown.text.lowercased().contains(want))
        }
    }

    @Test func `the same Idempotency-Key or the same inputs give the same analysis, run once`() async throws {
        let data = try TestHTTP.sample("nlog-token-expired.log")
        try await TestServer.with { base in
            let (type, body) = TestHTTP.multipart(files: [("a.log", data)])
            let headers = [("Content-Type", type), ("Idempotency-Key", "retry-1")]
            let first = try await TestHTTP.call(.POST, "\(base)/v1/analyses", headers: headers, body: body)
            let second = try await TestHTTP.call(.POST, "\(base)/v1/analyses", headers: headers, body: body)
            #expect(first.status == 200 && second.status == 200)
            let id = try #require(try first.json()["id"] as? String)
            #expect(try second.json()["id"] as? String == id)
            // Same files under another name, no key: still the same inputs.
            let (type2, body2) = TestHTTP.multipart(files: [("renamed.log", data)])
            let third = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type2)],
                body: body2
            )
            #expect(try third.json()["id"] as? String == id)
            // The key with other inputs is refused.
            let (type3, body3) = TestHTTP.multipart(files: [
                ("b.log", Data("2026-11-18 10:00:00.000|INFO|x|hello\n".utf8))
            ])
            let clash = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type3), ("Idempotency-Key", "retry-1")],
                body: body3
            )
            #expect(clash.status == 422)

            let list = try await TestHTTP.call(.GET, "\(base)/v1/analyses")
            #expect(list.status == 200)
            #expect(try list.array().map { $0["id"] as? String } == [id])
            let metrics = try await TestHTTP.call(.GET, "\(base)/metrics", token: nil)
            #expect(metrics.text.contains("logtriage_analyses_total{side=\"customer\"} 1"))
        }
    }

    @Test func `a large upload answers 202 and is polled until done`() async throws {
        var config = TestServer.config()
        config.syncThresholdBytes = 1024
        let data = try TestHTTP.sample("nlog-ordercreate-internal-error.log")
        try await TestServer.with(config) { base in
            let (type, body) = TestHTTP.multipart(files: [("big.log", data)])
            let reply = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type)],
                body: body
            )
            #expect(reply.status == 202)
            #expect(reply.headers.first(name: "Retry-After") == "2")
            let location = try #require(reply.headers.first(name: "Location"))
            var status = ""
            var json: [String: Any] = [:]
            for _ in 0..<200 {
                json = try await TestHTTP.call(.GET, base + location).json()
                status = json["status"] as? String ?? ""
                if status == "succeeded" || status == "failed" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(status == "succeeded")
            #expect((json["verdict"] as? [String: Any])?["side"] as? String == "platform")
        }
    }

    @Test func `a JSON upload with base64 files is analysed like a multipart one`() async throws {
        let data = try TestHTTP.sample("log4net-auth-wrong-password.log")
        try await TestServer.with { base in
            let payload: [String: Any] = [
                "files": [["name": "auth.log", "content": data.base64EncodedString()]], "stand": "TEST",
                "externalId": "ZD-1",
            ]
            let body = try JSONSerialization.data(withJSONObject: payload)
            let reply = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", "application/json")],
                body: body
            )
            #expect(reply.status == 200, "\(reply.text)")
            #expect((try reply.json()["verdict"] as? [String: Any])?["side"] as? String == "customer")
            let list = try await TestHTTP.call(.GET, "\(base)/v1/analyses?externalId=ZD-1")
            #expect(try list.array().count == 1)
        }
    }

    @Test func `requests without a valid bearer token are refused`() async throws {
        try await TestServer.with { base in
            let (type, body) = TestHTTP.multipart(files: [("a.log", Data("x\n".utf8))])
            let none = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type)],
                body: body,
                token: nil
            )
            #expect(none.status == 401)
            #expect(none.headers.first(name: "WWW-Authenticate") == "Bearer")
            let wrong = try await TestHTTP.call(.GET, "\(base)/v1/requests", token: "test-token-5b1e")
            #expect(wrong.status == 401)
            let health = try await TestHTTP.call(.GET, "\(base)/healthz", token: nil)
            #expect(health.status == 200)
            let ready = try await TestHTTP.call(.GET, "\(base)/readyz", token: nil)
            #expect(ready.status == 200)
        }
    }

    @Test func `bodies past the limit get 413, too many files too`() async throws {
        var config = TestServer.config()
        config.maxRequestBytes = 4096
        config.maxFiles = 2
        try await TestServer.with(config) { base in
            let (type, body) = TestHTTP.multipart(files: [
                ("big.log", Data(repeating: UInt8(ascii: "a"), count: 64 * 1024))
            ])
            let big = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type)],
                body: body
            )
            #expect(big.status == 413)
            let small = Data("2026-11-18 10:00:00.000|INFO|x|hello\n".utf8)
            let (type3, three) = TestHTTP.multipart(files: [("1.log", small), ("2.log", small), ("3.log", small)])
            let many = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", type3)],
                body: three
            )
            #expect(many.status == 413)
            #expect(many.text.contains("more than 2 files"))
            let plain = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", "text/plain")],
                body: small
            )
            #expect(plain.status == 415)
            let (typeBad, bad) = TestHTTP.multipart(files: [("1.log", small)], fields: ["stand": "STAGE"])
            let badStand = try await TestHTTP.call(
                .POST,
                "\(base)/v1/analyses",
                headers: [("Content-Type", typeBad)],
                body: bad
            )
            #expect(badStand.status == 400)
        }
    }

    @Test func `metrics and the OpenAPI document are served`() async throws {
        try await TestServer.with { base in
            _ = try await TestHTTP.call(.GET, "\(base)/healthz", token: nil)
            let metrics = try await TestHTTP.call(.GET, "\(base)/metrics", token: nil)
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("logtriage_queue_depth 0"))
            #expect(metrics.text.contains("logtriage_bytes_read_total 0"))
            #expect(
                metrics.text.contains(#"logtriage_http_requests_total{route="/healthz",method="GET",status="200"} 1"#)
            )
            let spec = try await TestHTTP.call(.GET, "\(base)/openapi.yaml", token: nil)
            #expect(spec.status == 200)
            #expect(spec.text == OpenAPIDocument.yaml)
            #expect(spec.text.hasPrefix("openapi: 3.1"))
        }
    }
}
