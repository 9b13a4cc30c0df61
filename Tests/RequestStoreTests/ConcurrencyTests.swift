import Foundation
import RequestStore
import Testing

struct ConcurrencyTests {
    @Test func `several tasks adding at once store every request exactly once`() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try folder.makeStore()
        let writers = 8
        let perWriter = 25
        // Every writer adds its own requests and, in between, the same shared ones as every other writer.
        let results = try await withThrowingTaskGroup(of: [(Int64, Bool)].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var results: [(Int64, Bool)] = []
                    for index in 0..<perWriter {
                        let own = NewRequest(
                            sourceKind: .files,
                            attachments: [attachment("w\(writer)-\(index).log", content: "writer \(writer) #\(index)")]
                        )
                        let added = try store.add(own)
                        results.append((added.id, added.created))
                        let shared = try store.add(mail(messageId: "<shared-\(index)@x>"))
                        results.append((shared.id, shared.created))
                        if added.created {
                            try store.addDiagnosis(requestId: added.id, diagnosis(catalogue: "1"))
                        }
                        _ = try store.list(filter: RequestFilter(limit: 5))
                    }
                    return results
                }
            }
            var all: [(Int64, Bool)] = []
            for try await results in group { all += results }
            return all
        }
        let ids = try store.allRequestIds()
        #expect(ids.count == writers * perWriter + perWriter)
        #expect(Set(ids).count == ids.count)
        let created = results.filter(\.1).map(\.0)
        #expect(created.count == ids.count, "each request is reported created exactly once")
        #expect(Set(created) == Set(ids))
        let analysed = try store.list(filter: RequestFilter(status: .analysed))
        #expect(analysed.count == writers * perWriter)
    }

    @Test func `two stores on one file (two processes' worth) do not duplicate`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try folder.makeStore()
        let second = try folder.makeStore()
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            let store = index.isMultiple(of: 2) ? first : second
            _ = try? store.add(mail(messageId: "<m\(index / 2)@x>"))
        }
        #expect(try first.allRequestIds().count == 20)
        #expect(try second.allRequestIds() == first.allRequestIds())
    }
}
