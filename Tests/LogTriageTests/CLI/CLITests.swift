import Foundation
import LogBytes
import Testing
import ZIPFoundation

/// End-to-end runs of the built `logtriage` binary: exit codes, stdin, formats.
struct CLITests {
    let sample = "SampleLogs/nlog-ordercreate-internal-error.log"

    @Test func `analyze prints a verdict and exits 0`() throws {
        let r = try TestSupport.run(["analyze", sample])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("VERDICT: "))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func `usage errors and unreadable input exit 2 with a clear message`() throws {
        let badStand = try TestSupport.run(["analyze", "--stand", "QA", sample])
        #expect(badStand.status == 2)
        #expect(badStand.stderr.contains("'QA' is invalid for '--stand"))
        #expect(badStand.stderr.contains("'TEST' and 'PROD'"))
        let badSide = try TestSupport.run(["analyze", "--fail-on", "platform,vendor", sample])
        #expect(badSide.status == 2)
        #expect(badSide.stderr.contains("'platform,vendor' is invalid for '--fail-on"))
        let missing = try TestSupport.run(["analyze", "SampleLogs/does-not-exist.log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("does-not-exist.log"))
        #expect(missing.stderr.contains("No such file"))
        let badTime = try TestSupport.run(["analyze", "--since", "yesterday", sample])
        #expect(badTime.status == 2)
        #expect(badTime.stderr.contains("--since 'yesterday'"))
        #expect(badTime.stderr.contains("accepted forms"))
        #expect(badTime.stderr.contains("logtriage analyze"), "the usage shown is analyze's, not the top level's")
        let noSuchDay = try TestSupport.run(["analyze", "--since", "2026-02-30", sample])
        #expect(noSuchDay.status == 2)
        #expect(noSuchDay.stderr.contains("--since '2026-02-30'"))
        let minutes = try TestSupport.run([
            "analyze", "--since", "2026-11-18T10:00+03:00", "--until", "2026-11-18 11:00", "--format", "json", sample,
        ])
        #expect(minutes.status == 0)
        #expect(minutes.stdout.contains("\"since\" : \"2026-11-18T10:00:00.000+03:00\""))
        let badRules = try TestSupport.run(["analyze", "--rules", "/nonexistent-rules", sample])
        #expect(badRules.status == 2)
        let noThreads = try TestSupport.run(["analyze", "--threads", "0", sample])
        #expect(noThreads.status == 2)
        #expect(noThreads.stderr.contains("--threads must be at least 1"))
        // The fast path for `analyze` falls back to the full parser for what it does not accept.
        let unknown = try TestSupport.run(["analyze", "--bogus", sample])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("logtriage analyze"))
    }

    /// Above the 2 MB from which inputs are read on threads: `--threads 2` takes the threaded path (the debug line
    /// says so) and gives the same diagnosis as `--threads 1`, which does not.
    @Test func `the thread count does not change the diagnosis`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-threads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A long log: the same agency log over and over, so it has many records and errors to keep in order.
        let one = try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(sample))
        var long = Data()
        while long.count < 2_200_000 { long.append(one) }
        let big = dir.appendingPathComponent("agency-long.log")
        try long.write(to: big)
        let files = [big.path, "SampleLogs/nlog-retry-storm-provider.log", "SampleLogs/curl-gateway-504.txt"]
        let debug = ["LOGTRIAGE_DEBUG": "1"]
        let sequential = try TestSupport.run(
            ["analyze", "--format", "json", "--threads", "1"] + files, environment: debug)
        let threaded = try TestSupport.run(
            ["analyze", "--format", "json", "--threads", "2"] + files, environment: debug)
        #expect(sequential.status == 0)
        #expect(sequential.stderr.contains("parallel reads: 0"))
        #expect(threaded.stderr.contains("parallel reads: 1"))
        #expect(!threaded.stderr.contains("threads started: 0"))
        #expect(sequential.stdout.contains("\"records\" : "))
        #expect(sequential.stdout == threaded.stdout)
    }

    @Test func `--fail-on exits 3 when the verdict matches`() throws {
        let json = try TestSupport.run(["analyze", "--format", "json", sample])
        let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let side = try #require((obj?["verdict"] as? [String: Any])?["side"] as? String)
        let hit = try TestSupport.run(["analyze", "--fail-on", side, sample])
        #expect(hit.status == 3)
        let other = side == "none" ? "customer" : "none"
        let miss = try TestSupport.run(["analyze", "--fail-on", other, sample])
        #expect(miss.status == 0)
    }

    @Test func `stdin is read as -`() throws {
        let data = try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(sample))
        let r = try TestSupport.run(["analyze", "--format", "json", "-"], stdin: data)
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let inputs = try #require(obj?["inputs"] as? [[String: Any]])
        #expect(inputs.first?["file"] as? String == "-")
        #expect(inputs.first?["lines"] as? Int == 803)
    }

    @Test func `every output format is produced`() throws {
        for format in ["text", "json", "markdown", "sarif"] {
            let r = try TestSupport.run(["analyze", "--format", format, "--lang", "ru", sample])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(!r.stdout.isEmpty)
        }
        let sarif = try TestSupport.run(["analyze", "--format", "sarif", sample])
        let obj = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        #expect(obj?["version"] as? String == "2.1.0")
    }

    @Test func `events prints JSON lines and a report per input`() throws {
        let r = try TestSupport.run(["events", "--facts-only", sample])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.last?.hasPrefix("{\"input\":") == true)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    /// A folder, a zip of it, and archives that cannot be read: evidence points inside, and unreadable is never
    /// "no failure".
    @Test func `analyze reads folders and archives`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let logs = dir.appendingPathComponent("logs/app")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let source = TestSupport.repositoryRoot.appendingPathComponent(sample)
        try FileManager.default.copyItem(at: source, to: logs.appendingPathComponent("mixvel.log"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0]).write(to: dir.appendingPathComponent("logs/screen.png"))

        let folder = try TestSupport.run(["analyze", "--format", "json", dir.appendingPathComponent("logs").path])
        #expect(folder.status == 0)
        let f = try JSONSerialization.jsonObject(with: Data(folder.stdout.utf8)) as? [String: Any]
        #expect((f?["verdict"] as? [String: Any])?["side"] as? String == "platform")
        #expect(folder.stdout.contains("logs/app/mixvel.log"))
        #expect(folder.stdout.contains("screen.png"), "the skipped file is noted")

        let zipURL = dir.appendingPathComponent("support.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "app/mixvel.log", fileURL: source, compressionMethod: .deflate)
        let zipped = try TestSupport.run(["analyze", "--format", "json", zipURL.path])
        #expect(zipped.status == 0)
        #expect(zipped.stdout.contains("\"file\" : \"\(zipURL.path)!/app/mixvel.log\""))
        #expect(zipped.stdout.contains("\"side\" : \"platform\""))

        // A zip inside a gzip: read, not "binary, no failure".
        let zgz = dir.appendingPathComponent("support.zip.gz")
        try Data(GzipWriter.compress([UInt8](try Data(contentsOf: zipURL)))).write(to: zgz)
        let nested = try TestSupport.run(["analyze", "--format", "json", zgz.path])
        #expect(nested.stdout.contains("\"side\" : \"platform\""))

        // An archive it cannot read: inconclusive, and why.
        let seven = dir.appendingPathComponent("logs.7z")
        try Data([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4, 1, 2, 3]).write(to: seven)
        let healthy = TestSupport.repositoryRoot.appendingPathComponent("SampleLogs/all-ok.log").path
        let unread = try TestSupport.run(["analyze", "--format", "json", healthy, seven.path])
        #expect(unread.stdout.contains("\"side\" : \"inconclusive\""))
        #expect(unread.stdout.contains("7-Zip"))
        let alone = try TestSupport.run(["analyze", "--format", "json", healthy])
        #expect(alone.stdout.contains("\"side\" : \"none\""))

        let events = try TestSupport.run(["events", "--facts-only", dir.appendingPathComponent("logs").path])
        #expect(events.status == 0)
        #expect(events.stdout.contains("logs/app/mixvel.log"))
    }
}

extension CLITests {
    @Test func `explain of an unknown code exits 2 with a message on stderr`() throws {
        let unknown = try TestSupport.run(["explain", "MIX-999999999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("MIX-999999999 is not in the rule catalogue"))
        let known = try TestSupport.run(["explain", "MIX-200002"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("MIX-200002"))
    }
}
