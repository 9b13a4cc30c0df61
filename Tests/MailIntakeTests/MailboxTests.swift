import Foundation
import Testing

@testable import MailIntake

struct MailboxTests {
    @Test(arguments: [false, true])
    func `an mbox splits into its messages and unquotes From lines`(crlf: Bool) {
        let mbox = """
            From ivan@agency.example Wed Nov 18 12:05:00 2026
            Subject: one

            first body
            >From the start it failed
            >>From quoted twice

            From anna@agency.example Wed Nov 18 13:00:00 2026
            Subject: two

            second body
            """
        let messages = Mailbox.splitMbox(Mail.bytes(mbox, crlf: crlf))
        #expect(messages.count == 2)
        let first = String(decoding: messages[0], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(first == "Subject: one\n\nfirst body\nFrom the start it failed\n>From quoted twice\n")
        #expect(MailParser.parse(messages[1]).subject == "two")
        #expect(MailParser.parse(messages[1]).bodyText == "second body")
    }

    @Test func `an empty mbox has no messages and From inside a paragraph does not split`() {
        #expect(Mailbox.splitMbox([]).isEmpty)
        let messages = Mailbox.splitMbox(Mail.bytes("From a Wed Nov 18 2026\nSubject: x\n\nline\nFrom here on\n"))
        #expect(messages.count == 1)
    }

    @Test func `a maildir lists new then cur, sorted, never tmp`() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(sub),
                withIntermediateDirectories: true
            )
        }
        for (sub, name) in [("cur", "2.b:2,S"), ("cur", "1.a:2,S"), ("new", "3.c"), ("tmp", "4.d")] {
            let file = root.appendingPathComponent(sub).appendingPathComponent(name)
            try Data("Subject: \(name)\n\nx".utf8).write(to: file)
        }
        let files = try Mailbox.maildirMessages(in: root)
        #expect(files.map(\.lastPathComponent) == ["3.c", "1.a:2,S", "2.b:2,S"])
        #expect(Mailbox.detect(path: root) == .maildir)
        #expect(Mailbox.detect(path: root.appendingPathComponent("cur")) == nil)
        #expect(throws: (any Error).self) { try Mailbox.maildirMessages(in: root.appendingPathComponent("none")) }
    }

    @Test(
        arguments: [
            ("Received: from mx by mx2\nFrom: a@b\nSubject: x\n\nbody", Mailbox.Kind.eml),
            ("MIME-Version: 1.0\r\nMessage-ID: <a@b>\r\n\r\n", .eml),
            ("From ivan Wed Nov 18 12:05:00 2026\nFrom: a@b\nSubject: x\n\nbody", .mbox),
            ("2026-11-18 10:00:00.0000|INFO|App|From: a@b Subject: x", nil),
            ("Subject: only one known header\n\nbody", nil),
            ("<?xml version=\"1.0\"?>\n<Envelope/>", nil),
            ("", nil),
        ] as [(String, Mailbox.Kind?)])
    func `e-mails and mboxes are told from logs by their first lines`(head: String, expected: Mailbox.Kind?) {
        #expect(Mailbox.detect(head: Array(head.utf8)) == expected)
    }

    @Test func `an .eml name is enough when the headers are unusual`() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("odd-\(UUID().uuidString).eml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("X-Custom: 1\n\nbody".utf8).write(to: file)
        #expect(Mailbox.detect(path: file) == .eml)
    }
}
