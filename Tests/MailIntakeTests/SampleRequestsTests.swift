import Foundation
import Testing

@testable import MailIntake

/// The e-mails of SampleLogs/requests (written by Scripts/make_requests.py with Python's `email` package).
struct SampleRequestsTests {
    static let folder = Mail.repository.appendingPathComponent("SampleLogs/requests")

    static func load(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func sampleLog(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Mail.repository.appendingPathComponent("SampleLogs").appendingPathComponent(name)))
    }

    static func parse(_ name: String) throws -> (MailMessage, RequestHints) {
        let message = MailParser.parse(try load(name))
        return (message, HintExtractor.extract(from: message))
    }

    @Test func `01: Russian mail with a zip of an NLog file`() throws {
        let (message, hints) = try Self.parse("01-ru-zip-ordercreate.eml")
        #expect(message.subject == "Ошибка при создании заказа (OrderCreate)")
        #expect(message.fromAddress == "ivan.petrov@agency.example")
        #expect(message.attachments.map(\.path) == ["logs.zip"])
        let zip = try #require(message.attachments.first)
        #expect(zip.contentType == "application/zip")
        #expect(zip.data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(String(decoding: zip.data.prefix(80), as: UTF8.self).contains("nlog-ordercreate-internal-error.log"))
        #expect(hints.stand == StandHint(value: "PROD", source: .body, text: "Стенд ПРОД"))
        #expect(hints.period?.since == "2026-11-18T10:00:00+03:00")
        #expect(hints.period?.until == "2026-11-18T11:30:00+03:00")
        #expect(hints.period?.zoneSource == .dateHeader)
        #expect(hints.description.hasPrefix("Добрый день!"))
        #expect(!hints.description.contains("Иван Петров"))  // the signature is not the description
        #expect(hints.messageId == "ru-zip-1@agency.example")
        #expect(message.warnings.isEmpty && hints.missing.isEmpty)
    }

    @Test func `02: English mail with alternative bodies and a gzip attachment`() throws {
        let (message, hints) = try Self.parse("02-en-gzip-login.eml")
        #expect(message.bodyText.hasPrefix("Hello,\n\nAfter our service restart"))
        #expect(!message.bodyText.contains("<p>"))
        let gz = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(gz.name == "log4net-auth-wrong-password.log.gz")
        #expect(gz.data.starts(with: [0x1F, 0x8B]))
        #expect(hints.stand?.value == "PROD")
        #expect(hints.period?.since == "2026-11-18T14:00:00+03:00")
        #expect(hints.period?.until == "2026-11-18T14:30:00+03:00")
        #expect(hints.period?.zoneSource == .body)  // "Moscow time"
        #expect(message.warnings.isEmpty)
    }

    @Test func `03: forwarded mail carries the attachment, RFC 2047 Cyrillic name, and the client's hints`() throws {
        let (message, hints) = try Self.parse("03-ru-forwarded-token.eml")
        #expect(message.subject == "Fwd: Ошибка авторизации MixVel")
        let log = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(log.name == "Журнал ошибок.log")
        #expect(log.path == "client-request.eml!/Журнал ошибок.log")
        #expect(log.data == (try Self.sampleLog("nlog-token-expired.log")))
        #expect(message.bodyText.contains("Subject: Ошибка авторизации MixVel"))
        #expect(hints.stand == StandHint(value: "PROD", source: .body, text: "боевом стенде"))
        #expect(hints.period?.since == "2026-11-18T09:00:00+03:00")
        #expect(hints.period?.until == "2026-11-18T09:30:00+03:00")
        #expect(hints.period?.zoneSource == .body)
        #expect(hints.description.hasPrefix("Коллеги, пересылаю письмо кассы"))
        #expect(!hints.description.contains("kassa@agency.example"))  // forwarded header block kept out
        #expect(message.warnings.isEmpty)
    }

    @Test func `04: windows-1251 quoted-printable body and an RFC 2231 Cyrillic name`() throws {
        let (message, hints) = try Self.parse("04-ru-cp1251-qp-payment.eml")
        #expect(message.subject == "Ошибка оплаты заказа")
        #expect(message.bodyText.contains("При оплате заказа картой MixVel ответил внутренней ошибкой."))
        let log = try #require(message.attachments.first)
        #expect(log.name == "Журнал оплаты.log")
        #expect(log.data == (try Self.sampleLog("log4net-cp1251-internal-error.log")))
        #expect(hints.stand?.value == "PROD")
        #expect(hints.period?.isApproximate == true)
        #expect(hints.period?.since == "2026-11-18T12:40:00+03:00")
        #expect(hints.period?.until == "2026-11-18T13:40:00+03:00")
        #expect(message.warnings.isEmpty)
    }

    @Test func `05: koi8-r mail that names neither stand nor period`() throws {
        let (message, hints) = try Self.parse("05-ru-koi8r-no-hints.eml")
        #expect(message.subject == "Не отменяется заказ")
        #expect(message.bodyText.hasPrefix("Здравствуйте."))
        #expect(message.attachments.map(\.name) == ["cancel-job.log"])
        #expect(message.attachments.first?.data == (try Self.sampleLog("nlog-order-cancel-nothing-left.log")))
        #expect(hints.stand == nil && hints.period == nil)
        #expect(hints.missing == ["stand", "period"])
        #expect(message.warnings.isEmpty)
    }

    @Test func `06: a log pasted into a quoted-printable body becomes body.txt`() throws {
        let (message, hints) = try Self.parse("06-ru-pasted-log.eml")
        #expect(message.attachments.isEmpty)
        let pasted = try #require(message.pastedLog)
        let text = String(decoding: pasted.data, as: UTF8.self)
        let original = String(decoding: try Self.sampleLog("nlog-ordercreate-internal-error.log"), as: UTF8.self)
        let excerpt = original.split(separator: "\n", omittingEmptySubsequences: false)[505..<520]
            .joined(separator: "\n")
        #expect(text.contains(excerpt))
        #expect(hints.stand?.value == "PROD")
        #expect(hints.period?.isApproximate == true)
        #expect(hints.period?.since == "2026-11-18T09:35:00+03:00")
        #expect(!hints.description.contains("MIX-200002"))
    }

    @Test func `07: a damaged mail gives the intact attachment and the readable part of the cut one`() throws {
        let (message, hints) = try Self.parse("07-damaged-cut.eml")
        #expect(message.attachments.map(\.name) == ["raw-provider-error.xml", "curl-proxy-407.txt"])
        #expect(message.attachments[0].data == (try Self.sampleLog("raw-provider-error.xml")))
        let full = try Self.sampleLog("curl-proxy-407.txt")
        let cut = message.attachments[1].data
        #expect(cut.count > full.count / 2 && cut.count < full.count)
        #expect(full.starts(with: cut))
        #expect(message.warnings.contains { $0.contains("closing boundary") })
        #expect(hints.stand?.value == "PROD")
        #expect(hints.period?.until == "2026-11-18T12:00:00+03:00")
    }

    @Test func `the mbox holds three of the mails, From lines unquoted`() throws {
        let messages = Mailbox.splitMbox(try Self.load("requests.mbox"))
        #expect(messages.count == 3)
        let parsed = messages.map { MailParser.parse($0) }
        let ids = ["en-gz-1@agency.example", "cp1251-qp-1@agency.example", "koi8r-1@agency.example"]
        #expect(parsed.map(\.messageId) == ids)
        #expect(parsed[0].bodyText.contains("\nFrom 14:00 to 14:30"))
        #expect(
            parsed[0].attachments.first?.data
                == MailParser.parse(try Self.load("02-en-gzip-login.eml"))
                .attachments.first?.data)
        #expect(Mailbox.detect(path: Self.folder.appendingPathComponent("requests.mbox")) == .mbox)
    }

    @Test func `the maildir lists new then cur and every file is an e-mail`() throws {
        let maildir = Self.folder.appendingPathComponent("maildir")
        #expect(Mailbox.detect(path: maildir) == .maildir)
        let files = try Mailbox.maildirMessages(in: maildir)
        #expect(files.count == 2)
        let ids = try files.map { MailParser.parse([UInt8](try Data(contentsOf: $0))).messageId }
        #expect(ids == ["ru-zip-1@agency.example", "pasted-1@agency.example"])
        for file in files { #expect(Mailbox.detect(path: file) == .eml) }
    }

    @Test func `every sample .eml is detected as an e-mail, and the sample logs are not`() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".eml") }
        #expect(names.count == 7)
        for name in names {
            #expect(Mailbox.detect(head: try Self.load(name)) == .eml, "\(name)")
        }
        let logs = Mail.repository.appendingPathComponent("SampleLogs")
        for name in try FileManager.default.contentsOfDirectory(atPath: logs.path) where name.contains(".") {
            #expect(Mailbox.detect(path: logs.appendingPathComponent(name)) == nil, "\(name)")
        }
    }
}
