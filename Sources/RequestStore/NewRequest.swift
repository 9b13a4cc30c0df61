import Foundation

/// A support request to add to the store. Every text is stored as given: the caller redacts first.
public struct NewRequest: Hashable, Sendable {
    /// The ticket system's id (`ZD-12345`, `--id`), if any.
    public var externalId: String?
    public var sourceKind: RequestSourceKind
    /// The file the request was read from (`mail.eml`, `archive.mbox`, a folder name).
    public var sourceName: String?
    public var subject: String?
    /// Who sent it, in the form the caller chose to keep (for instance a display name or a masked address).
    public var sender: String?
    /// The sender's mail domain (`agency.example`), for counts by customer.
    public var senderDomain: String?
    /// The `Message-ID` header, with or without angle brackets.
    public var messageId: String?
    public var received: RecordedTime?
    /// `PROD`, `TEST`, or whatever the caller read.
    public var stand: String?
    /// Where the stand came from (`flag`, `subject`, `body`, ...).
    public var standSource: String?
    public var periodSince: RecordedTime?
    public var periodUntil: RecordedTime?
    /// Where the period came from (`flag`, `subject`, `body`, `date-header`, ...).
    public var periodSource: String?
    public var description: String?
    /// The files of the request, in the order they were found.
    public var attachments: [NewAttachment]

    public init(
        externalId: String? = nil,
        sourceKind: RequestSourceKind,
        sourceName: String? = nil,
        subject: String? = nil,
        sender: String? = nil,
        senderDomain: String? = nil,
        messageId: String? = nil,
        received: RecordedTime? = nil,
        stand: String? = nil,
        standSource: String? = nil,
        periodSince: RecordedTime? = nil,
        periodUntil: RecordedTime? = nil,
        periodSource: String? = nil,
        description: String? = nil,
        attachments: [NewAttachment] = []
    ) {
        self.externalId = externalId
        self.sourceKind = sourceKind
        self.sourceName = sourceName
        self.subject = subject
        self.sender = sender
        self.senderDomain = senderDomain
        self.messageId = messageId
        self.received = received
        self.stand = stand
        self.standSource = standSource
        self.periodSince = periodSince
        self.periodUntil = periodUntil
        self.periodSource = periodSource
        self.description = description
        self.attachments = attachments
    }

    /// The key that makes two adds of one request the same request:
    /// - `message-id:<id>` when there is a message id (angle brackets and surrounding blanks dropped);
    /// - else `files:<sha256>` of the sorted, distinct attachment digests joined by line feeds;
    /// - else `text:<sha256>` of the source kind, subject, sender, external id and description.
    public var dedupeKey: String {
        if let id = Self.normalizedMessageId(messageId) {
            return "message-id:" + id
        }
        let digests = Set(attachments.compactMap { $0.sha256?.lowercased() }).sorted()
        if !digests.isEmpty {
            return "files:" + SHA256Digest.hex(of: Data(digests.joined(separator: "\n").utf8))
        }
        let parts = [sourceKind.rawValue, subject ?? "", sender ?? "", externalId ?? "", description ?? ""]
        return "text:" + SHA256Digest.hex(of: Data(parts.joined(separator: "\u{0}").utf8))
    }

    static func normalizedMessageId(_ raw: String?) -> String? {
        guard var id = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else { return nil }
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 {
            id = String(id.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        return id.isEmpty ? nil : id
    }
}
