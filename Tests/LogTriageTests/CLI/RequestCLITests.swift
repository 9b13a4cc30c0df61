import Foundation
import Testing

/// `request add|show|list|reanalyze` and `analyze FILE.eml` through the built binary, on a real store file.
struct RequestCLITests {
    let store = FileManager.default.temporaryDirectory
        .appendingPathComponent("request-cli-\(UUID().uuidString)/store.sqlite").path
    let mail = "SampleLogs/requests/04-ru-cp1251-qp-payment.eml"

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func `request add stores the mail, show and list read it back, a second add stores nothing`() throws {
        let added = try TestSupport.run(["request", "add", "--store", store, "--format", "json", mail])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("added as request 1"))
        let d = try json(added.stdout)
        let request = try #require(d["request"] as? [String: Any])
        #expect(request["id"] as? Int == 1)
        #expect(request["stand"] as? String == "PROD")
        #expect(request["standSource"] as? String == "body")
        #expect((request["since"] as? String)?.hasPrefix("2026-11-18T12:40:00") == true)
        let attachments = try #require(request["attachments"] as? [[String: Any]])
        #expect(attachments.map { $0["name"] as? String } == ["Журнал оплаты.log"])
        #expect((attachments.first?["sha256"] as? String)?.count == 64)
        #expect((d["verdict"] as? [String: Any])?["side"] as? String == "platform")

        let again = try TestSupport.run(["request", "add", "--store", store, "--format", "json", mail])
        #expect(again.status == 0 && again.stderr.contains("already stored as request 1"))

        let shown = try TestSupport.run(["request", "show", "--store", store, "--format", "json", "1"])
        #expect(shown.status == 0)
        #expect(((try json(shown.stdout))["verdict"] as? [String: Any])?["side"] as? String == "platform")
        let text = try TestSupport.run(["request", "show", "--store", store, "1"])
        #expect(text.stdout.contains("REQUEST 1") && text.stdout.contains("Stand: PROD (from: body)"))

        let list = try TestSupport.run(["request", "list", "--store", store, "--format", "json"])
        let rows = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect((rows[0]["verdict"] as? [String: Any])?["side"] as? String == "platform")
        #expect(rows[0]["source"] as? String == "04-ru-cp1251-qp-payment.eml")
        let csv = try TestSupport.run(["request", "list", "--store", store, "--format", "csv", "--side", "customer"])
        #expect(csv.stdout.split(separator: "\r\n").count == 1, "only the header: no customer request")

        let re = try TestSupport.run(["request", "reanalyze", "--store", store, "--all"])
        #expect(re.status == 0 && re.stdout.contains("unchanged"))
    }

    @Test func `unknown requests and unreadable stores exit 2 with a message`() throws {
        let missing = try TestSupport.run(["request", "show", "--store", store, "42"])
        #expect(missing.status == 2 && missing.stderr.contains("no request '42'"))
        let notAStore = try TestSupport.run(["request", "list", "--store", "SampleLogs/all-ok.log"])
        #expect(notAStore.status == 2 && !notAStore.stderr.isEmpty)
        let noSource = try TestSupport.run(["request", "add", "--store", store, "SampleLogs/nope.eml"])
        #expect(noSource.status == 2 && noSource.stderr.contains("nope.eml"))
    }

    @Test func `analyze reads an e-mail as its attachments, with the stand and period it states`() throws {
        let r = try TestSupport.run(["analyze", "--format", "json", "SampleLogs/requests/01-ru-zip-ordercreate.eml"])
        #expect(r.status == 0, "\(r.stderr)")
        let d = try json(r.stdout)
        #expect((d["verdict"] as? [String: Any])?["side"] as? String == "platform")
        let request = try #require(d["request"] as? [String: Any])
        #expect(request["stand"] as? String == "PROD")
        let inputs = try #require(d["inputs"] as? [[String: Any]])
        #expect(
            inputs.map { $0["file"] as? String } == [
                "SampleLogs/requests/01-ru-zip-ordercreate.eml!/logs.zip!/nlog-ordercreate-internal-error.log"
            ])
        // A flag wins over what the mail says.
        let flagged = try TestSupport.run(
            ["analyze", "--format", "json", "--stand", "TEST", "SampleLogs/requests/01-ru-zip-ordercreate.eml"])
        #expect(((try json(flagged.stdout))["request"] as? [String: Any])?["stand"] as? String == "TEST")
    }

    @Test func `a maildir is one request per message`() throws {
        let r = try TestSupport.run([
            "request", "add", "--store", store, "--format", "json", "SampleLogs/requests/maildir",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "added as request").count - 1 == 2)
    }
}
