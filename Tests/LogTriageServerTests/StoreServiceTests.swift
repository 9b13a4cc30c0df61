import Foundation
import RequestStore
import Testing

@testable import LogTriageServer

/// The server on a real SQLite request store in a temporary folder: what it stored outlives a restart.
@Suite struct StoreServiceTests {
    /// A fresh store path in its own temporary folder.
    static func storePath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("store.sqlite").path
    }

    static func mail(_ name: String) throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try Data(contentsOf: root.appendingPathComponent("SampleLogs/requests/\(name)"))
    }

    @Test func `analyses, idempotency keys and webhook deliveries survive a restart on the same store`() async throws {
        let path = try Self.storePath()
        let data = try TestHTTP.sample("nlog-token-expired.log")
        let (type, body) = TestHTTP.multipart(files: [("a.log", data)], fields: ["stand": "prod"])
        let headers = [("Content-Type", type), ("Idempotency-Key", "restart-1")]
        let webhook = try JSONSerialization.data(withJSONObject: [
            "externalId": "CASE-9", "files": [["name": "a.log", "content": data.base64EncodedString()]],
        ])
        let webhookHeaders = [("Content-Type", "application/json"), ("X-Delivery-Id", "delivery-77")]

        let (id, side, requestId) = try await TestServer.with(store: try RequestStore(path: path)) { base in
            let reply = try await TestHTTP.call(.POST, "\(base)/v1/analyses", headers: headers, body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let id = try #require(try reply.json()["id"] as? String)
            let hook = try await TestHTTP.call(
                .POST, "\(base)/v1/webhooks/generic", headers: webhookHeaders, body: webhook)
            #expect(hook.status == 202)
            #expect(try hook.json()["status"] as? String != "duplicate")
            // Let the webhook's job finish, so the next process has nothing to resume.
            let location = try #require(hook.headers.first(name: "Location"))
            for _ in 0..<200 {
                let status = try await TestHTTP.call(.GET, base + location).json()["status"] as? String
                if status == "succeeded" || status == "failed" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let shown = try await TestHTTP.call(.GET, "\(base)/v1/analyses/\(id)").json()
            let side = (shown["verdict"] as? [String: Any])?["side"] as? String
            return (id, side, shown["requestId"] as? Int)
        }
        #expect(side != nil && requestId != nil)

        try await TestServer.with(store: try RequestStore(path: path)) { base in
            let shown = try await TestHTTP.call(.GET, "\(base)/v1/analyses/\(id)")
            #expect(shown.status == 200)
            let again = try shown.json()
            #expect(again["status"] as? String == "succeeded")
            #expect((again["verdict"] as? [String: Any])?["side"] as? String == side)
            #expect(again["findings"] as? [[String: Any]] != nil)
            #expect(again["requestId"] as? Int == requestId)

            let retry = try await TestHTTP.call(.POST, "\(base)/v1/analyses", headers: headers, body: body)
            #expect(retry.status == 200)
            #expect(try retry.json()["id"] as? String == id)
            let uploads = try await TestHTTP.call(.GET, "\(base)/v1/analyses?source=upload")
            #expect(try uploads.array().map { $0["id"] as? String } == [id])
            let metrics = try await TestHTTP.call(.GET, "\(base)/metrics", token: nil)
            #expect(!metrics.text.contains("logtriage_analyses_total{side="))

            let hook = try await TestHTTP.call(
                .POST, "\(base)/v1/webhooks/generic", headers: webhookHeaders, body: webhook)
            #expect(hook.status == 202)
            #expect(try hook.json()["status"] as? String == "duplicate")
        }
    }

    @Test func `an uploaded e-mail becomes a stored request with the stand and period it states`() async throws {
        let path = try Self.storePath()
        let eml = try Self.mail("01-ru-zip-ordercreate.eml")
        try await TestServer.with(store: try RequestStore(path: path)) { base in
            let (type, body) = TestHTTP.multipart(files: [("01-ru-zip-ordercreate.eml", eml)])
            let reply = try await TestHTTP.call(
                .POST, "\(base)/v1/analyses", headers: [("Content-Type", type)], body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try reply.json()
            #expect((json["verdict"] as? [String: Any])?["side"] as? String == "platform")
            let request = try #require(json["request"] as? [String: Any])
            #expect(request["stand"] as? String == "PROD")
            #expect((request["since"] as? String)?.hasPrefix("2026-11-18T10:00") == true)
            let requestId = try #require(json["requestId"] as? Int)
            #expect(request["id"] as? Int == requestId)
            let inputs = (json["inputs"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
            #expect(inputs.contains { $0.hasPrefix("logs.zip!/") }, "\(inputs)")

            let list = try await TestHTTP.call(.GET, "\(base)/v1/requests")
            #expect(list.status == 200)
            let requests = try list.array()
            #expect(requests.count == 1)
            #expect(requests.first?["id"] as? Int == requestId)
            #expect(requests.first?["sourceKind"] as? String == "eml")
            #expect(requests.first?["stand"] as? String == "PROD")
            #expect((requests.first?["verdict"] as? [String: Any])?["side"] as? String == "platform")
            #expect(try await TestHTTP.call(.GET, "\(base)/v1/requests?status=bogus").status == 400)
        }
        // The request is in the store the CLI reads too.
        let stored = try RequestStore(path: path).list()
        #expect(stored.map(\.latestVerdict?.side) == ["platform"])
    }

    @Test func `without a store an e-mail upload is still read as its attachments`() async throws {
        let eml = try Self.mail("01-ru-zip-ordercreate.eml")
        try await TestServer.with { base in
            let (type, body) = TestHTTP.multipart(files: [("mail.eml", eml)])
            let reply = try await TestHTTP.call(
                .POST, "\(base)/v1/analyses", headers: [("Content-Type", type)], body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try reply.json()
            #expect((json["verdict"] as? [String: Any])?["side"] as? String == "platform")
            #expect((json["request"] as? [String: Any])?["stand"] as? String == "PROD")
            let inputs = (json["inputs"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
            #expect(inputs.contains { $0.hasPrefix("mail.eml!/logs.zip!/") }, "\(inputs)")
            #expect(try await TestHTTP.call(.GET, "\(base)/v1/requests").status == 409)
        }
    }

    @Test func `an analysis left queued by a stopped service is resumed on the next start`() async throws {
        let path = try Self.storePath()
        let store = try RequestStore(path: path)
        // What a killed process leaves: a queued record whose spooled file is still in <store>.spool.
        let spool = URL(fileURLWithPath: path + ".spool/left-over")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let file = spool.appendingPathComponent("0")
        let data = try TestHTTP.sample("nlog-ordercreate-internal-error.log")
        try data.write(to: file)
        var record = AnalysisRecord(id: AnalysisRecord.makeID(), source: .upload, options: AnalysisOptions())
        record.spooled = [AnalysisJob.File(path: file.path, name: "left.log", bytes: data.count)]
        record.inputBytes = data.count
        record.inputNames = ["left.log"]
        var lost = AnalysisRecord(id: AnalysisRecord.makeID(), source: .upload, options: AnalysisOptions())
        lost.status = .running
        lost.spooled = [AnalysisJob.File(path: spool.appendingPathComponent("gone").path, name: "x.log", bytes: 1)]
        let repository = StoreAnalysisRepository(store: store)
        _ = try await repository.insert(record)
        _ = try await repository.insert(lost)
        let want = try TestHTTP.expectedSide("nlog-ordercreate-internal-error.log")
        let (recordID, lostID) = (record.id, lost.id)

        try await TestServer.with(store: store) { base in
            var json: [String: Any] = [:]
            for _ in 0..<200 {
                json = try await TestHTTP.call(.GET, "\(base)/v1/analyses/\(recordID)").json()
                if json["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(json["status"] as? String == "succeeded")
            #expect((json["verdict"] as? [String: Any])?["side"] as? String == want)
            let failed = try await TestHTTP.call(.GET, "\(base)/v1/analyses/\(lostID)").json()
            #expect(failed["status"] as? String == "failed")
            #expect((failed["error"] as? String)?.contains("lost") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
