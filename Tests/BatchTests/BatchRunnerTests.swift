import Foundation
import LogTriage
import RequestIntake
import RequestStore
import Testing

@testable import Batch

#if canImport(Glibc)
import Glibc
#endif

/// What a store holds, independent of ids and times: dedupe key → (status, latest side, diagnoses count).
func content(_ store: RequestStore) throws -> [String: String] {
    var out: [String: String] = [:]
    for id in try store.allRequestIds() {
        let r = try #require(try store.request(id: id))
        let diagnoses = try store.diagnoses(requestId: id)
        out[r.dedupeKey] = "\(r.status.rawValue) \(diagnoses.first?.verdictSide ?? "-") \(diagnoses.count)"
    }
    return out
}

func runBatch(
    _ sources: [String], store: RequestStore, jobs: Int = 2, shard: String? = nil
) throws -> BatchProgress.Snapshot {
    var options = BatchOptions()
    options.jobs = jobs
    options.shard = shard.flatMap(ShardSpec.init)
    let runner = BatchRunner(
        intake: RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled()), options: options)
    let units = runner.select(sources.isEmpty ? try runner.storedUnits() : try UnitLister.list(sources).units)
    let progress = BatchProgress(total: units.count)
    runner.run(units, progress: progress)
    return progress.snapshot
}

@Suite struct BatchRunnerTests {
    @Test func everyRequestOnceThenRerunAddsNothing() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let sources = [
            try archive.mails(10).path, try archive.folders(3).path, try archive.export([1, 2], missing: true).path,
        ]
        let store = try RequestStore(path: archive.root.appendingPathComponent("s/store.sqlite").path)
        let first = try runBatch(sources, store: store)
        #expect(first.total == 16)
        #expect(first.added == 15)
        #expect(first.failed == 1)
        let ids = try store.allRequestIds()
        #expect(ids.count == 16)
        var failed = 0
        for id in ids {
            let r = try #require(try store.request(id: id))
            let n = try store.diagnoses(requestId: id).count
            if r.status == .failed {
                failed += 1
                #expect(n == 0)
                #expect(r.failureReason?.contains("no-such.log") == true)
            } else {
                #expect(n == 1)
            }
        }
        #expect(failed == 1)
        let before = try content(store)
        let second = try runBatch(sources, store: store)
        #expect(second.added == 0)
        #expect(second.diagnosed == 0)
        #expect(second.skipped == 15)
        #expect(try content(store) == before)
        // With no sources: every stored request already has this catalogue's diagnosis.
        let again = try runBatch([], store: store)
        #expect(again.skipped == 15 && again.diagnosed == 0 && again.failed == 1)
    }

    @Test func shardsMergeIntoTheWhole() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(12)
        let whole = try RequestStore(path: archive.root.appendingPathComponent("whole.sqlite").path)
        let a = try RequestStore(path: archive.root.appendingPathComponent("a.sqlite").path)
        let b = try RequestStore(path: archive.root.appendingPathComponent("b.sqlite").path)
        _ = try runBatch([mail.path], store: whole)
        let s1 = try runBatch([mail.path], store: a, shard: "1/2")
        let s2 = try runBatch([mail.path], store: b, shard: "2/2")
        #expect(s1.total + s2.total == 12)
        #expect(s1.total > 0 && s2.total > 0)
        let merged = try RequestStore(path: archive.root.appendingPathComponent("merged.sqlite").path)
        let merger = StoreMerger(target: merged)
        let c1 = try merger.merge(a)
        _ = try merger.merge(b)
        #expect(c1.requestsAdded == s1.total)
        #expect(try content(merged) == content(whole))
        // Blobs came along: a merged request re-analyses from its stored files.
        let again = try merger.merge(b)
        #expect(again.requestsAdded == 0 && again.diagnosesAdded == 0)
        for id in try merged.allRequestIds() {
            for att in try merged.attachments(requestId: id) {
                #expect(merged.blobPath(sha256: try #require(att.sha256)) != nil)
            }
        }
    }

    @Test func shardKeysAreStable() throws {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c (the published test vector); the origin plays no part.
        #expect(BatchUnit(origin: .eml("/x.eml"), key: "a", name: "x").stableHash == 0xaf63_dc4c_8601_ec8c)
        #expect(
            BatchUnit(origin: .eml("/x.eml"), key: "k", name: "x").stableHash
                == BatchUnit(origin: .folder("/y"), key: "k", name: "y").stableHash)
        #expect(ShardSpec("0/2") == nil)
        #expect(ShardSpec("3/2") == nil)
        #expect(ShardSpec("x") == nil)
        let spec = try #require(ShardSpec("2/3"))
        let keys = (0..<300).map { BatchUnit(origin: .eml("/\($0)"), key: "k\($0)", name: "") }
        let counts = (1...3).map { k in keys.filter { ShardSpec("\(k)/3")!.contains($0) }.count }
        #expect(counts.reduce(0, +) == 300)
        #expect(counts.allSatisfy { $0 > 50 })
        #expect(spec.index == 2)
    }
}
