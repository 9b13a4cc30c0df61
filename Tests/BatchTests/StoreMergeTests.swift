import Foundation
import LogTriage
import RequestStore
import Testing

@testable import Batch

@Suite struct StoreMergeTests {
    /// Two shards number their requests from 1 each; after `store merge` every diagnosis (its row, its findings
    /// and its JSON) and every recorded outcome sits with the request it was made for, told by its Message-ID.
    @Test func mergedDiagnosesStayWithTheirRequestsWhenShardIdsOverlap() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(14)
        let a = archive.root.appendingPathComponent("a.sqlite").path
        let b = archive.root.appendingPathComponent("b.sqlite").path
        _ = try runBatch([mail.path], store: try RequestStore(path: a), shard: "1/2")
        _ = try runBatch([mail.path], store: try RequestStore(path: b), shard: "2/2")
        let shardB = try RequestStore(path: b)
        #expect(try RequestStore(path: a).allRequestIds().contains(1) && shardB.allRequestIds().contains(1))
        // An outcome recorded in shard b, on its request 1.
        let resolvedMessage = try #require(try shardB.request(id: 1)?.messageId)
        try shardB.recordResolution(requestId: 1, side: "provider", route: "mixvel")

        let target = archive.root.appendingPathComponent("merged.sqlite").path
        let cli = try Binary.run(["store", "merge", target, a, b])
        #expect(cli.status == 0)
        let merged = try RequestStore(path: target)
        let ids = try merged.allRequestIds()
        #expect(ids.count == 14)
        for id in ids {
            let r = try #require(try merged.request(id: id))
            let messageId = try #require(r.messageId)
            let k = try #require(number(in: messageId))
            #expect(r.subject == "PROD: booking error, request \(k)")
            let stored = try #require(try merged.latestDiagnosis(requestId: id))
            let d = try JSONDecoder().decode(Diagnosis.self, from: stored.json)
            #expect(d.request.id == id, "message \(k): JSON says request \(d.request.id ?? -1), row is \(id)")
            #expect(d.request.subject == r.subject)
            #expect(d.verdict.side.rawValue == stored.verdictSide)
            #expect(Set(try merged.findings(diagnosisId: stored.id).map(\.ruleId)) == Set(d.findings.map(\.ruleId)))
            // The same request diagnosed in its shard has the same verdict and rules.
            let inA = try RequestStore(path: a).requestId(dedupeKey: r.dedupeKey) != nil
            let shard = try RequestStore(path: inA ? a : b)
            let sid = try #require(try shard.requestId(dedupeKey: r.dedupeKey))
            let original = try JSONDecoder().decode(
                Diagnosis.self, from: try #require(try shard.latestDiagnosis(requestId: sid)).json)
            #expect(original.request.id == sid)
            #expect(original.verdict.side == d.verdict.side)
            #expect(original.findings.map(\.ruleId) == d.findings.map(\.ruleId))
            // Nothing else in the JSON changed.
            let mergedObject = try #require(try JSONSerialization.jsonObject(with: stored.json) as? NSDictionary)
            let shardJSON = try #require(try shard.latestDiagnosis(requestId: sid)).json
            let shardObject = try #require(try JSONSerialization.jsonObject(with: shardJSON) as? NSDictionary)
            #expect(withoutRequestId(mergedObject) == withoutRequestId(shardObject))
            let resolution = try merged.resolution(requestId: id)
            #expect((resolution?.side == "provider") == (r.messageId == resolvedMessage))
        }
    }

    func withoutRequestId(_ object: NSDictionary) -> NSDictionary {
        let copy = object.mutableCopy() as? NSMutableDictionary ?? [:]
        let request = (copy["request"] as? NSDictionary)?.mutableCopy() as? NSMutableDictionary ?? [:]
        request.removeObject(forKey: "id")
        copy["request"] = request
        return copy
    }

    func number(in messageId: String) -> Int? {
        guard messageId.hasPrefix("req-"), let at = messageId.firstIndex(of: "@") else { return nil }
        return Int(messageId[messageId.index(messageId.startIndex, offsetBy: 4)..<at])
    }
}
