import Foundation
import RequestStore
import Testing

struct ListTests {
    /// Four requests: received on three days (one without a time), one with a period on another day than received.
    private func fill(_ store: RequestStore) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        var early = mail(messageId: "<early@x>")
        early.received = time("2026-11-01T09:00:00Z")
        ids["early"] = try store.add(early).id

        var middle = mail(messageId: "<middle@x>")
        middle.received = time("2026-11-10T09:00:00+03:00")
        ids["middle"] = try store.add(middle).id

        // Arrived on the 20th about a failure between the 5th and the 6th.
        var late = mail(messageId: "<late@x>")
        late.received = time("2026-11-20T18:00:00Z")
        late.periodSince = time("2026-11-05T10:00:00+03:00")
        late.periodUntil = time("2026-11-06T11:30:00+03:00")
        ids["late"] = try store.add(late).id

        var undated = mail(messageId: "<undated@x>")
        undated.received = nil
        ids["undated"] = try store.add(undated).id

        try store.addDiagnosis(requestId: try #require(ids["early"]), diagnosis(catalogue: "1", side: "customer"))
        let middleId = try #require(ids["middle"])
        try store.addDiagnosis(
            requestId: middleId,
            diagnosis(catalogue: "1", side: "customer", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        )
        try store.addDiagnosis(requestId: middleId, diagnosis(catalogue: "2", side: "platform", confidence: 0.8))
        try store.recordFailure(requestId: try #require(ids["undated"]), reason: "no readable log")
        return ids
    }

    private func day(_ text: String) throws -> Date {
        try #require(time(text)).date
    }

    @Test func `lists every request newest first with its latest verdict`() throws {
        try withStore { store, _ in
            let ids = try fill(store)
            let all = try store.list()
            #expect(all.map(\.id) == [ids["late"], ids["middle"], ids["early"], ids["undated"]].compactMap { $0 })
            let middle = try #require(all.first { $0.id == ids["middle"] })
            #expect(middle.latestVerdict?.side == "platform")
            #expect(middle.latestVerdict?.confidence == 0.8)
            #expect(middle.status == .analysed)
            #expect(all.first { $0.id == ids["late"] }?.latestVerdict == nil)
            #expect(all.first { $0.id == ids["late"] }?.periodSince?.text == "2026-11-05T10:00:00+03:00")
            #expect(all.first { $0.id == ids["undated"] }?.status == .failed)
            #expect(try store.list(filter: RequestFilter(limit: 2)).map(\.id) == [ids["late"], ids["middle"]])
            #expect(try store.list(filter: RequestFilter(limit: 0)).isEmpty)
            #expect(throws: RequestStoreError.self) { try store.list(filter: RequestFilter(limit: -1)) }
        }
    }

    @Test func `filters by the side of the latest verdict and by status`() throws {
        try withStore { store, _ in
            let ids = try fill(store)
            // "middle" was customer first and platform now: only its latest verdict counts.
            #expect(try store.list(filter: RequestFilter(side: "customer")).map(\.id) == [ids["early"]])
            #expect(try store.list(filter: RequestFilter(side: "platform")).map(\.id) == [ids["middle"]])
            #expect(try store.list(filter: RequestFilter(side: "provider")).isEmpty)
            #expect(try store.list(filter: RequestFilter(status: .new)).map(\.id) == [ids["late"]])
            #expect(try store.list(filter: RequestFilter(status: .failed)).map(\.id) == [ids["undated"]])
        }
    }

    @Test func `filters by received time`() throws {
        try withStore { store, _ in
            let ids = try fill(store)
            let filter = RequestFilter(
                since: try day("2026-11-05T00:00:00Z"),
                until: try day("2026-11-30T00:00:00Z"),
                timeField: .received
            )
            #expect(try store.list(filter: filter).map(\.id) == [ids["late"], ids["middle"]])
            let edge = RequestFilter(since: try day("2026-11-10T06:00:00Z"), timeField: .received)
            #expect(try store.list(filter: edge).map(\.id) == [ids["late"], ids["middle"]])
        }
    }

    @Test func `filters by the customer's period, falling back to received`() throws {
        try withStore { store, _ in
            let ids = try fill(store)
            // The 6th: only "late" has a period overlapping it (received on the 20th).
            let sixth = RequestFilter(since: try day("2026-11-06T00:00:00Z"), until: try day("2026-11-06T23:59:59Z"))
            #expect(try store.list(filter: sixth).map(\.id) == [ids["late"]])
            // From the 15th on: "late" was received then but its period is earlier, so it is out.
            let fromFifteenth = RequestFilter(since: try day("2026-11-15T00:00:00Z"))
            #expect(try store.list(filter: fromFifteenth).isEmpty)
            // Until the 2nd: "early" by its received time; the undated request never matches a time filter.
            let untilSecond = RequestFilter(until: try day("2026-11-02T00:00:00Z"))
            #expect(try store.list(filter: untilSecond).map(\.id) == [ids["early"]])
            let combined = RequestFilter(side: "customer", since: try day("2026-11-01T00:00:00Z"))
            #expect(try store.list(filter: combined).map(\.id) == [ids["early"]])
        }
    }
}
