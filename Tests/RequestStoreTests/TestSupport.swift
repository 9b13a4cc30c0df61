import Foundation
import RequestStore

/// A fresh folder under the system temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/logtriage-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var storePath: String { path + "/store.sqlite" }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func makeStore() throws -> RequestStore {
        try RequestStore(path: storePath)
    }
}

/// Runs `body` with a store in a fresh folder, then removes the folder.
func withStore<T>(_ body: (RequestStore, TemporaryFolder) throws -> T) throws -> T {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    return try body(try folder.makeStore(), folder)
}

func time(_ text: String) -> RecordedTime? {
    RecordedTime(iso8601: text)
}

func digest(_ text: String) -> String {
    SHA256Digest.hex(of: Data(text.utf8))
}

func attachment(_ name: String, content: String, parent: String? = nil) -> NewAttachment {
    NewAttachment(
        name: name,
        path: (parent.map { $0 + "!/" } ?? "") + name,
        sha256: digest(content),
        bytes: Int64(content.utf8.count),
        detectedFormat: "text",
        parentArchive: parent
    )
}

func mail(messageId: String?, subject: String = "Ошибка OrderCreate", files: [NewAttachment] = []) -> NewRequest {
    NewRequest(
        externalId: nil,
        sourceKind: .eml,
        sourceName: "mail.eml",
        subject: subject,
        sender: "Ivan P.",
        senderDomain: "agency.example",
        messageId: messageId,
        received: time("2026-11-18T12:00:00+03:00"),
        stand: "PROD",
        standSource: "subject",
        attachments: files
    )
}

func diagnosis(
    catalogue: String,
    input: String = "input-1",
    side: String = "platform",
    confidence: Double = 0.9,
    createdAt: Date = Date(),
    findings: [NewFinding] = []
) -> NewDiagnosis {
    NewDiagnosis(
        catalogueVersion: catalogue,
        inputDigest: input,
        createdAt: createdAt,
        verdictSide: side,
        confidence: confidence,
        summary: "\(side) fault",
        json: Data(#"{"verdict":{"side":"\#(side)","confidence":\#(confidence)},"catalogue":"\#(catalogue)"}"#.utf8),
        findings: findings
    )
}
