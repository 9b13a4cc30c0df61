import Foundation
import LogTriage
import MailIntake
import RequestIntake
import RequestStore
import Testing

/// `request add` end to end on the library: sample e-mails → the real SQLite store → diagnoses read back.
struct RequestIntakeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let requests = root.appendingPathComponent("SampleLogs/requests")

    struct Expected: Sendable, CustomTestStringConvertible {
        var mail: String
        var stand: String?
        var since: String?
        var files: [String]
        var side: Side
        var testDescription: String { mail }
    }

    static let samples: [Expected] = [
        Expected(
            mail: "01-ru-zip-ordercreate.eml", stand: "PROD", since: "2026-11-18T10:00:00.000+03:00",
            files: ["logs.zip"], side: .platform),
        Expected(
            mail: "02-en-gzip-login.eml", stand: "PROD", since: "2026-11-18T14:00:00.000+03:00",
            files: ["log4net-auth-wrong-password.log.gz"], side: .customer),
        Expected(
            mail: "03-ru-forwarded-token.eml", stand: "PROD", since: "2026-11-18T09:00:00.000+03:00",
            files: ["client-request.eml!/Журнал ошибок.log"], side: .customer),
        Expected(
            mail: "04-ru-cp1251-qp-payment.eml", stand: "PROD", since: "2026-11-18T12:40:00.000+03:00",
            files: ["Журнал оплаты.log"], side: .platform),
        Expected(
            mail: "05-ru-koi8r-no-hints.eml", stand: nil, since: nil, files: ["cancel-job.log"], side: .customer),
        Expected(
            mail: "06-ru-pasted-log.eml", stand: "PROD", since: "2026-11-18T09:35:00.000+03:00",
            files: ["body.txt"], side: .platform),
    ]

    static func temporaryStore() throws -> RequestStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        return try RequestStore(path: dir.appendingPathComponent("store.sqlite").path)
    }

    static func incoming(_ mail: String) throws -> IncomingRequest {
        let requests = try SourceReader.read([Self.requests.appendingPathComponent(mail).path])
        try #require(requests.count == 1)
        return requests[0]
    }

    @Test(arguments: samples)
    func `a sample e-mail is stored with its stand, period, attachments and verdict`(_ e: Expected) throws {
        let store = try Self.temporaryStore()
        let intake = RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled())
        let result = try intake.add(try Self.incoming(e.mail))
        #expect(result.created)
        #expect(result.diagnosis.verdict.side == e.side)
        let stored = try #require(try store.request(id: result.requestId))
        #expect(stored.stand == e.stand)
        #expect(stored.periodSince?.text == e.since)
        #expect(stored.sourceKind == .eml)
        #expect(stored.status == .analysed)
        #expect(try store.attachments(requestId: result.requestId).map(\.path) == e.files)
        let latest = try #require(try store.latestDiagnosis(requestId: result.requestId))
        #expect(latest.verdictSide == e.side.rawValue)
        // The stored JSON is the printed diagnosis, request object included.
        let back = try JSONDecoder().decode(Diagnosis.self, from: latest.json)
        #expect(back.request.id == result.requestId)
        #expect(back.request.attachments?.map(\.name) == e.files)
        #expect(back.request.missing == (e.stand == nil ? ["stand", "period"] : []))
        for a in try store.attachments(requestId: result.requestId) {
            #expect(store.blobPath(sha256: try #require(a.sha256)) != nil, "the attachment's bytes are kept")
        }
    }

    @Test func `adding the same e-mail twice leaves one request and one diagnosis`() throws {
        let store = try Self.temporaryStore()
        let intake = RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled())
        let first = try intake.add(try Self.incoming("02-en-gzip-login.eml"))
        let again = try intake.add(try Self.incoming("02-en-gzip-login.eml"))
        #expect(first.created && !again.created)
        #expect(first.requestId == again.requestId)
        #expect(!again.diagnosisCreated)
        #expect(try store.allRequestIds() == [first.requestId])
        #expect(try store.diagnoses(requestId: first.requestId).count == 1)
        // The same mail inside an mbox is the same request (same Message-ID).
        let mbox = try SourceReader.read([Self.requests.appendingPathComponent("requests.mbox").path])
        #expect(mbox.count == 3)
        let fromMbox = try intake.add(mbox[0])
        #expect(fromMbox.requestId == first.requestId && !fromMbox.created)
    }

    @Test func `flags override what the e-mail says`() throws {
        let store = try Self.temporaryStore()
        let intake = RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled())
        var overrides = IntakeOverrides()
        overrides.stand = "TEST"
        overrides.since = TimestampFormat.parse("2026-11-18T14:10:00+03:00", assumedOffset: 10800)
        overrides.externalId = "ZD-4711"
        let r = try intake.add(try Self.incoming("02-en-gzip-login.eml"), overrides: overrides)
        let stored = try #require(try store.request(id: r.requestId))
        #expect(stored.stand == "TEST" && stored.standSource == "flag")
        #expect(stored.periodSource == "flag" && stored.periodUntil == nil)
        #expect(stored.externalId == "ZD-4711")
        #expect(r.diagnosis.request.stand == "TEST")
        #expect(try store.request(externalId: "ZD-4711")?.id == r.requestId)
    }

    @Test func `re-analysing with another catalogue adds a diagnosis next to the old one`() throws {
        let store = try Self.temporaryStore()
        let bundled = try RuleCatalogue.loadBundled()
        let added = try RequestIntake(store: store, catalogue: bundled).add(
            try Self.incoming("04-ru-cp1251-qp-payment.eml"))
        // The same catalogue again: nothing new.
        let same = try RequestIntake(store: store, catalogue: bundled).reanalyze(requestId: added.requestId)
        #expect(!same.diagnosisCreated)
        // A catalogue without the platform rules that fired.
        let fired = Set(added.diagnosis.findings.map(\.ruleId))
        let files = bundled.sourceFiles.filter { f in !fired.contains { f.path.hasSuffix("/\($0).yaml") } }
        #expect(files.count < bundled.sourceFiles.count)
        let smaller = try RuleCatalogue.load(files: files.map { ($0.path, $0.text) }, source: "test")
        let other = try RequestIntake(store: store, catalogue: smaller).reanalyze(requestId: added.requestId)
        #expect(other.diagnosisCreated)
        let all = try store.diagnoses(requestId: added.requestId)
        #expect(all.count == 2)
        #expect(Set(all.map(\.catalogueVersion)).count == 2)
        #expect(try store.latestDiagnosis(requestId: added.requestId)?.id == all[0].id)
    }

    @Test func `no secret of the logs or the mail reaches the database`() throws {
        let store = try Self.temporaryStore()
        let intake = RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled())
        var senders: [String] = []
        for mail in ["01-ru-zip-ordercreate.eml", "03-ru-forwarded-token.eml", "06-ru-pasted-log.eml"] {
            let incoming = try Self.incoming(mail)
            senders.append(try #require(incoming.fromAddress))
            _ = try intake.add(incoming)
        }
        // Checkpoint the WAL so every row is in the main file, then read the file's bytes.
        _ = try RequestStore(path: store.path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        if let wal = FileManager.default.contents(atPath: store.path + "-wal") { bytes += wal }
        let text = String(decoding: bytes, as: UTF8.self)
        let secrets = ["Kzn-Travel#2026", "4516302871", "anna.petrova@example.com", "+79161234567", "3r_y1_axIqWxHJ"]
        for s in secrets + senders {
            #expect(!text.contains(s), "\(s) is in the database")
        }
    }

    @Test func `a damaged e-mail still yields every attachment that can be read, with warnings`() throws {
        let store = try Self.temporaryStore()
        let r = try RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled())
            .add(try Self.incoming("07-damaged-cut.eml"))
        let names = try store.attachments(requestId: r.requestId).map(\.path)
        #expect(names == ["raw-provider-error.xml", "curl-proxy-407.txt"])
        let warnings = r.diagnosis.request.warnings ?? []
        #expect(warnings.contains { $0.contains("closing boundary") })
        #expect(r.diagnosis.verdict.side != .none, "a damaged mail never reads as 'no failure'")
    }

    @Test func `log files and folders named together are one request`() throws {
        let logs = Self.root.appendingPathComponent("SampleLogs")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: logs.appendingPathComponent("nlog-token-expired.log"), to: dir.appendingPathComponent("sub/a.log"))
        let requests = try SourceReader.read([dir.path, logs.appendingPathComponent("all-ok.log").path])
        #expect(requests.count == 1)
        #expect(requests[0].sourceKind == .files)
        #expect(
            requests[0].files.map(\.path) == [
                dir.lastPathComponent + "/sub/a.log", logs.appendingPathComponent("all-ok.log").path,
            ])
        let store = try Self.temporaryStore()
        let r = try RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled()).add(requests[0])
        #expect(r.diagnosis.request.missing == ["stand", "period"])
        #expect(r.diagnosis.verdict.side == .customer)
        // The same files again (found elsewhere) are the same request.
        let again = try RequestIntake(store: store, catalogue: try RuleCatalogue.loadBundled()).add(requests[0])
        #expect(!again.created)
    }

    @Test func `a source that does not exist is a clear error before any request is handed over`() throws {
        #expect(throws: IntakeError.self) { try SourceReader.read(["/nonexistent/mail.eml"]) }
        let mbox = Self.requests.appendingPathComponent("requests.mbox").path
        var handed = 0
        #expect(throws: IntakeError.self) {
            try SourceReader.forEach([mbox, "/nonexistent/mail.eml"]) { _ in handed += 1 }
        }
        #expect(handed == 0)
    }

    @Test func `an mbox is handed over message by message, each cut at the message limit with a warning`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-mbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ n: Int, bodyLines: Int) -> String {
            "From agent@example.com Mon Nov 30 10:00:00 2026\nFrom: agent@example.com\nSubject: case \(n)\n"
                + "Message-ID: <m\(n)@example.com>\n\n"
                + String(repeating: "2026-11-18 10:00:0\(n).000|ERROR|Agency|call failed\n", count: bodyLines) + "\n"
        }
        let path = dir.appendingPathComponent("big.mbox").path
        try (message(1, bodyLines: 2) + message(2, bodyLines: 400) + message(3, bodyLines: 2))
            .write(toFile: path, atomically: true, encoding: .utf8)
        var limits = MailLimits()
        limits.maxMessageBytes = 2_000
        var seen: [IncomingRequest] = []
        try SourceReader.forEach([path], limits: limits) { seen.append($0) }
        #expect(seen.map(\.sourceName) == ["\(path)#1", "\(path)#2", "\(path)#3"])
        #expect(seen.map(\.subject) == ["case 1", "case 2", "case 3"])
        let cut = seen[1].warnings.filter { $0.contains("over the limit of 2000") }
        #expect(cut.count == 1)
        #expect(seen[0].warnings.allSatisfy { !$0.contains("over the limit") })
        #expect(try SourceReader.requestCount([path]) == 3)
        // An e-mail file over the limit is cut the same way.
        let eml = dir.appendingPathComponent("big.eml").path
        try String(message(4, bodyLines: 400).split(separator: "\n", maxSplits: 1)[1])
            .write(toFile: eml, atomically: true, encoding: .utf8)
        let one = try SourceReader.read([eml], limits: limits)
        #expect(one.count == 1)
        #expect(one[0].warnings.contains { $0.contains("over the limit of 2000") })
        #expect(try SourceReader.requestCount([eml, path, Self.root.appendingPathComponent("SampleLogs").path]) == 5)
    }
}
