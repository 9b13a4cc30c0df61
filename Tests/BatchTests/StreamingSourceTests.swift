import Foundation
import LogTriage
import RequestIntake
import RequestStore
import Testing

@testable import Batch

@Suite struct StreamingSourceTests {
    /// An mbox of the archive's e-mails and one e-mail over the batch's message budget: every message is imported,
    /// the large one cut at the budget with a warning, and the listing keys are the messages' ids.
    @Test func anMboxLargerThanTheMessageBudgetIsImportedMessageByMessage() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mails = try archive.mails(12)
        var mbox: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: mails.path).sorted() {
            mbox += Array("From agent@agency.example Mon Nov 16 12:00:00 2026\n".utf8)
            mbox += [UInt8](try Data(contentsOf: mails.appendingPathComponent(name))) + [0x0A]
        }
        let budget = 32 << 10
        let big = """
            From ops@big.example Mon Nov 16 12:00:00 2026\r
            From: Ops <ops@big.example>\r
            Subject: PROD: a very long log\r
            Message-ID: <big@archive.test>\r
            \r
            2026-11-18 10:00:00.000|ERROR|Agency.Mixvel|Response https://api.mixvel.com/api/Order/Create\r

            """ + String(repeating: "2026-11-18 10:00:01.000|INFO|Agency.Mixvel|padding line\r\n", count: 4_000)
        mbox += Array(big.utf8)
        #expect(mbox.count > 4 * budget)
        let file = archive.root.appendingPathComponent("archive.mbox")
        try Data(mbox).write(to: file)

        let units = try UnitLister.list([file.path]).units
        #expect(units.count == 13)
        #expect(units.filter { $0.key.hasPrefix("message-id:req-") }.count == 12)
        #expect(units.last?.key == "message-id:big@archive.test")

        let store = try RequestStore(path: archive.root.appendingPathComponent("s.sqlite").path)
        var options = BatchOptions()
        options.jobs = 2
        options.maxMessageBytes = budget
        let runner = BatchRunner(
            intake: RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled()), options: options)
        let progress = BatchProgress(total: units.count)
        runner.run(units, progress: progress)
        #expect(progress.snapshot.added == 13)
        #expect(progress.snapshot.failed == 0)
        let bigId = try #require(try store.requestId(dedupeKey: "message-id:big@archive.test"))
        let stored = try #require(try store.latestDiagnosis(requestId: bigId))
        let diagnosis = try JSONDecoder().decode(Diagnosis.self, from: stored.json)
        #expect((diagnosis.request.warnings ?? []).contains { $0.contains("over the limit of \(budget)") })
        // A shard reads the same mbox and takes only its own messages.
        let shard = try RequestStore(path: archive.root.appendingPathComponent("shard.sqlite").path)
        options.shard = ShardSpec("2/3")
        let sharded = BatchRunner(
            intake: RequestIntake(store: shard, catalogue: try RuleCatalogue.loadBundled()), options: options)
        let mine = sharded.select(units)
        let shardProgress = BatchProgress(total: mine.count)
        sharded.run(mine, progress: shardProgress)
        #expect(shardProgress.snapshot.added == mine.count)
        #expect(
            Set(try shard.allRequestIds().compactMap { try shard.request(id: $0)?.dedupeKey })
                == Set(mine.map(\.key)))
    }

    @Test func jsonLinesAreReadWithinTheLineLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = "{\"id\": \"long\", \"body\": \"" + String(repeating: "b", count: 5_000) + "\"}"
        let exact = "{\"id\": \"x\", \"body\": \"" + String(repeating: "c", count: 100 - 23) + "\"}"
        #expect(exact.utf8.count == 100)
        let text = "{\"id\": 1}\r\n" + long + "\n" + exact + "\r\n\n{\"id\": \"last\"}"
        let path = folder.appendingPathComponent("export.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var lines: [(String, Int64, Bool)] = []
        try JSONLines.forEachLine(path: path, limit: 100, chunkSize: 7) { bytes, offset, whole in
            #expect(bytes.count <= 100)
            lines.append((String(decoding: bytes, as: UTF8.self), offset, whole))
        }
        #expect(lines.map(\.2) == [true, false, true, true, true])
        #expect(lines[0].0 == "{\"id\": 1}" && lines[2].0 == exact && lines[3].0.isEmpty)
        #expect(lines[4].0 == "{\"id\": \"last\"}")
        let starts = lines.map(\.1)
        for (k, offset) in starts.enumerated() where k > 0 {
            #expect(Array(text.utf8)[Int(offset) - 1] == 0x0A)
        }
        #expect(try JSONLines.line(path: path, offset: starts[2], limit: 100) == Array(exact.utf8))
        #expect(throws: BatchError.self) { try JSONLines.line(path: path, offset: starts[1], limit: 100) }
    }
}
