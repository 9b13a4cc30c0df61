import Foundation
import Testing

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
        #expect(badStand.stderr.contains("--stand must be TEST or PROD"))
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
        let minutes = try TestSupport.run(["analyze", "--since", "2026-11-18T10:00+03:00", "--until", "2026-11-18 11:00",
                                           "--format", "json", sample])
        #expect(minutes.status == 0)
        #expect(minutes.stdout.contains("\"since\" : \"2026-11-18T10:00:00.000+03:00\""))
        let badRules = try TestSupport.run(["analyze", "--rules", "/nonexistent-rules", sample])
        #expect(badRules.status == 2)
        let directory = try TestSupport.run(["events", "SampleLogs"])
        #expect(directory.status == 2)
        let noThreads = try TestSupport.run(["analyze", "--threads", "0", sample])
        #expect(noThreads.status == 2)
        #expect(noThreads.stderr.contains("--threads must be at least 1"))
        // The fast path for `analyze` falls back to the full parser for what it does not accept.
        let unknown = try TestSupport.run(["analyze", "--bogus", sample])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("logtriage analyze"))
    }

    @Test func `the thread count does not change the diagnosis`() throws {
        let files = [sample, "SampleLogs/nlog-retry-storm-provider.log", "SampleLogs/curl-gateway-504.txt"]
        let one = try TestSupport.run(["analyze", "--format", "json", "--threads", "1"] + files)
        let two = try TestSupport.run(["analyze", "--format", "json", "--threads", "2"] + files)
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
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
}
