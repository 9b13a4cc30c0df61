import Foundation
import GRDB
import RequestStore
import Testing

/// The HTTP service's tables ("v2-service"): analyses and webhook deliveries, on a real file.
struct AnalysesTableTests {
    static func analysis(_ id: String, key: String? = nil, digest: String? = nil, status: String = "queued")
        -> StoredAnalysis
    {
        var a = StoredAnalysis(
            id: id,
            source: "upload",
            status: status,
            options: Data(#"{"stand":"PROD"}"#.utf8),
            details: Data(#"{"inputBytes":3}"#.utf8),
            createdAt: Date(),
            updatedAt: Date()
        )
        a.idempotencyKey = key
        a.inputDigest = digest
        return a
    }

    @Test func `the migration adds the tables and is recorded by name`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/store.sqlite"
        _ = try RequestStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let (tables, migrations) = try queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            )
        }
        #expect(tables.contains("analyses") && tables.contains("webhook_deliveries"))
        #expect(migrations.contains("v2-service"))
    }

    @Test func `concurrent inserts with one idempotency key store one analysis, across two handles`() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = try RequestStore(path: folder.path + "/store.sqlite")
        let b = try RequestStore(path: folder.path + "/store.sqlite")
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                let store = i.isMultiple(of: 2) ? a : b
                group.addTask { try await store.insertAnalysis(Self.analysis("an_\(i)", key: "k-1")).created }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        #expect(try await a.analyses().count == 1)
    }

    @Test func `the same input digest returns the stored analysis unless it failed`() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try RequestStore(path: folder.path + "/store.sqlite")
        #expect(try await store.insertAnalysis(Self.analysis("an_1", digest: "d", status: "failed")).created)
        let second = try await store.insertAnalysis(Self.analysis("an_2", digest: "d"))
        #expect(second.created)
        let third = try await store.insertAnalysis(Self.analysis("an_3", digest: "d"))
        #expect(!third.created && third.analysis.id == "an_2")
    }

    @Test func `an update is read back, and bad values are refused with a clear error`() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try RequestStore(path: folder.path + "/store.sqlite")
        _ = try await store.insertAnalysis(Self.analysis("an_1"))
        try await store.updateAnalysis(id: "an_1") {
            $0.status = "succeeded"
            $0.side = "platform"
            $0.result = Data(#"{"verdict":{"side":"platform"}}"#.utf8)
        }
        let back = try #require(try await store.analysis(id: "an_1"))
        #expect(back.status == "succeeded" && back.side == "platform")
        #expect(back.result.map { String(decoding: $0, as: UTF8.self) } == #"{"verdict":{"side":"platform"}}"#)
        #expect(try await store.analyses(AnalysisFilter(statuses: ["queued", "running"])).isEmpty)
        #expect(try await store.analyses(AnalysisFilter(side: "platform")).map(\.id) == ["an_1"])
        #expect(try await store.updateAnalysis(id: "an_missing") { $0.status = "failed" } == nil)
        await #expect(throws: RequestStoreError.self) {
            try await store.updateAnalysis(id: "an_1") { $0.status = "exploded" }
        }
        await #expect(throws: RequestStoreError.self) {
            var bad = Self.analysis("an_2")
            bad.details = Data("{not json".utf8)
            _ = try await store.insertAnalysis(bad)
        }
        #expect(try await store.analysis(id: "an_1")?.status == "succeeded")
    }

    @Test func `a webhook delivery is recorded once, also when the store is opened again`() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/store.sqlite"
        #expect(try await RequestStore(path: path).recordDelivery(source: "zendesk", deliveryId: "id:1"))
        #expect(try await RequestStore(path: path).recordDelivery(source: "jira", deliveryId: "id:1"))
        #expect(try await RequestStore(path: path).recordDelivery(source: "zendesk", deliveryId: "id:1") == false)
    }
}
