import Foundation
import RequestStore
import Testing

struct RequestStoreTests {
    @Test func `a request without secrets round-trips exactly`() throws {
        try withStore { store, _ in
            let logs = attachment("a.log", content: "2026-11-18 10:00:00|ERROR|x|boom", parent: "fwd.eml!/logs.zip")
            var skipped = attachment("photo.png", content: "png")
            skipped.sha256 = nil
            skipped.detectedFormat = nil
            skipped.skippedReason = "not a log"
            let new = NewRequest(
                externalId: "ZD-4242",
                sourceKind: .eml,
                sourceName: "fwd.eml",
                subject: "Fwd: ошибка при бронировании",
                sender: "Анна К.",
                senderDomain: "agency.example",
                messageId: "<20261118.0930@mail.agency.example>",
                received: time("2026-11-18T09:30:05.250+03:00"),
                stand: "PROD",
                standSource: "body",
                periodSince: time("2026-11-18T10:00:00+03:00"),
                periodUntil: time("2026-11-18T11:30:00+03:00"),
                periodSource: "subject",
                description: "Не проходит OrderCreate,\nсм. логи во вложении.\n\tTab and \"quotes\".",
                attachments: [logs, skipped]
            )
            #expect(new.received != nil && new.periodSince != nil && new.periodUntil != nil)
            let before = Date(timeIntervalSinceNow: -1)
            let (id, created) = try store.add(new)
            #expect(created)

            let stored = try #require(try store.request(id: id))
            #expect(stored.id == id)
            #expect(stored.externalId == new.externalId)
            #expect(stored.dedupeKey == "message-id:20261118.0930@mail.agency.example")
            #expect(stored.sourceKind == new.sourceKind)
            #expect(stored.sourceName == new.sourceName)
            #expect(stored.subject == new.subject)
            #expect(stored.sender == new.sender)
            #expect(stored.senderDomain == new.senderDomain)
            #expect(stored.messageId == new.messageId)
            #expect(stored.received == new.received)
            #expect(stored.received?.text == "2026-11-18T09:30:05.250+03:00")
            #expect(stored.stand == new.stand)
            #expect(stored.standSource == new.standSource)
            #expect(stored.periodSince == new.periodSince)
            #expect(stored.periodUntil == new.periodUntil)
            #expect(stored.periodSource == new.periodSource)
            #expect(stored.description == new.description)
            #expect(stored.status == .new)
            #expect(stored.failureReason == nil)
            #expect(stored.createdAt >= before && stored.createdAt <= Date(timeIntervalSinceNow: 1))
            #expect(stored.updatedAt == stored.createdAt)

            let files = try store.attachments(requestId: id)
            #expect(files.count == 2)
            for (read, written) in zip(files, [logs, skipped]) {
                #expect(read.requestId == id)
                #expect(read.name == written.name)
                #expect(read.path == written.path)
                #expect(read.sha256 == written.sha256)
                #expect(read.bytes == written.bytes)
                #expect(read.detectedFormat == written.detectedFormat)
                #expect(read.parentArchive == written.parentArchive)
                #expect(read.skippedReason == written.skippedReason)
            }
            #expect(files[0].path == "fwd.eml!/logs.zip!/a.log")
            #expect(try store.request(externalId: "ZD-4242")?.id == id)
            #expect(try store.request(externalId: "ZD-0") == nil)
            #expect(try store.request(id: id + 100) == nil)
        }
    }

    @Test func `the same e-mail twice is one request`() throws {
        try withStore { store, _ in
            let files = [attachment("a.log", content: "1")]
            let first = try store.add(mail(messageId: "<m1@agency.example>", files: files))
            // The same Message-ID, written without brackets and read from another copy of the mail.
            let again = try store.add(mail(messageId: " m1@agency.example ", subject: "Re: другое"))
            #expect(first.created)
            #expect(!again.created)
            #expect(again.id == first.id)
            #expect(try store.allRequestIds() == [first.id])
            #expect(try store.attachments(requestId: first.id).count == 1)
            #expect(try store.request(id: first.id)?.subject == "Ошибка OrderCreate")

            let other = try store.add(mail(messageId: "<m2@agency.example>"))
            #expect(other.created && other.id != first.id)
        }
    }

    @Test func `the same set of files twice is one request, in any order`() throws {
        try withStore { store, _ in
            let a = attachment("a.log", content: "alpha")
            let b = attachment("b.log", content: "beta")
            let first = NewRequest(sourceKind: .files, sourceName: "a.log", attachments: [a, b])
            var reordered = NewRequest(sourceKind: .folder, sourceName: "copy", attachments: [b, a])
            reordered.attachments[0].sha256 = reordered.attachments[0].sha256?.uppercased()
            let added = try store.add(first)
            let again = try store.add(reordered)
            #expect(added.created && !again.created && again.id == added.id)
            #expect(try store.attachments(requestId: added.id).count == 2)

            let subset = try store.add(NewRequest(sourceKind: .files, attachments: [a]))
            #expect(subset.created && subset.id != added.id)
            #expect(try store.allRequestIds().count == 2)
        }
    }

    @Test func `requests with neither message id nor files are keyed by their text`() throws {
        try withStore { store, _ in
            let pasted = NewRequest(sourceKind: .json, subject: "ошибка", description: "лог в теле письма")
            let first = try store.add(pasted)
            let again = try store.add(pasted)
            #expect(first.created && !again.created && again.id == first.id)
            var other = pasted
            other.description = "другой лог"
            let different = try store.add(other)
            #expect(different.created && different.id != first.id)
        }
    }

    @Test func `malformed attachment values are refused before anything is written`() throws {
        try withStore { store, _ in
            var bad = attachment("a.log", content: "x")
            bad.sha256 = "not-a-digest"
            let error = try #require(throws: RequestStoreError.self) {
                try store.add(NewRequest(sourceKind: .files, attachments: [attachment("ok.log", content: "y"), bad]))
            }
            #expect(error.code == .invalidValue)
            var empty = attachment("b.log", content: "z")
            empty.path = ""
            #expect(throws: RequestStoreError.self) {
                try store.add(NewRequest(sourceKind: .files, attachments: [empty]))
            }
            #expect(try store.allRequestIds().isEmpty)
        }
    }

    @Test func `a failure is recorded with its reason and cleared by a diagnosis`() throws {
        try withStore { store, _ in
            let id = try store.add(mail(messageId: "<f@x>")).id
            try store.recordFailure(requestId: id, reason: "a.log: truncated gzip, no records")
            let failed = try #require(try store.request(id: id))
            #expect(failed.status == .failed)
            #expect(failed.failureReason == "a.log: truncated gzip, no records")
            #expect(failed.updatedAt >= failed.createdAt)

            try store.addDiagnosis(requestId: id, diagnosis(catalogue: "1"))
            let analysed = try #require(try store.request(id: id))
            #expect(analysed.status == .analysed)
            #expect(analysed.failureReason == nil)

            let error = try #require(throws: RequestStoreError.self) {
                try store.recordFailure(requestId: 999, reason: "x")
            }
            #expect(error.code == .unknownRequest)
        }
    }

    @Test func `a recorded resolution is kept and can be replaced`() throws {
        try withStore { store, _ in
            let id = try store.add(mail(messageId: "<r@x>")).id
            #expect(try store.resolution(requestId: id) == nil)
            try store.recordResolution(requestId: id, side: "customer", route: "customer-reply")
            try store.recordResolution(requestId: id, side: "provider", route: nil)
            let resolution = try #require(try store.resolution(requestId: id))
            #expect(resolution.side == "provider" && resolution.route == nil && resolution.requestId == id)
            #expect(throws: RequestStoreError.self) {
                try store.recordResolution(requestId: 77, side: "none", route: nil)
            }
        }
    }
}
