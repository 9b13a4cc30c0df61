import Foundation
import RequestStore

/// A support request as read from its source, before it is stored: what the customer said (headers, hints) and the
/// files to diagnose. Nothing here is redacted yet; ``RequestIntake`` redacts before anything is stored or printed.
public struct IncomingRequest: Sendable {
    public var sourceKind: RequestSourceKind
    /// The file or folder the request was read from, as given.
    public var sourceName: String
    public var externalId: String?
    public var subject: String?
    /// `From` as the mail gave it (`Name <address>`).
    public var from: String?
    public var fromAddress: String?
    public var messageId: String?
    /// When the mail was sent (`Date` header), ISO 8601 with its offset.
    public var receivedISO: String?
    /// The offset of the mail's `Date` header, used for times in the text that name no zone.
    public var dateOffsetSeconds: Int?
    /// What the customer told us in the subject and body.
    public var hints: StatedFacts
    /// The files to diagnose, in the order they were found.
    public var files: [IncomingFile]
    /// What went wrong while reading the source (a damaged mail, a skipped file).
    public var warnings: [String]

    public init(sourceKind: RequestSourceKind, sourceName: String, files: [IncomingFile] = []) {
        self.sourceKind = sourceKind
        self.sourceName = sourceName
        self.hints = StatedFacts()
        self.files = files
        self.warnings = []
    }
}

/// One file of a request: an attachment's bytes, or a file on disk.
public struct IncomingFile: Sendable {
    public enum Content: Sendable {
        case bytes([UInt8])
        case file(String)
    }

    /// The file's own name (`agency.log`).
    public var name: String
    /// Where it sits in the request (`Fwd logs.eml!/agency.log`, `logs/agency.log`): the name evidence quotes.
    public var path: String
    public var content: Content
    /// Set when the content was cut or damaged while it was read.
    public var note: String?

    public init(name: String, path: String, content: Content, note: String? = nil) {
        self.name = name
        self.path = path
        self.content = content
        self.note = note
    }
}

/// Stand, period and description as the customer stated them, each with where it came from (`subject`, `body`,
/// `Date header`); what could not be found is listed in ``missing`` so the executor knows what to ask.
public struct StatedFacts: Sendable, Equatable {
    public var stand: String?
    public var standSource: String?
    /// ISO 8601 (with an offset when the text or the mail's `Date` gave one).
    public var since: String?
    public var until: String?
    public var periodSource: String?
    /// The text the period was read from (`18.11.2026 10:00–11:30`).
    public var periodText: String?
    public var description: String?
    public var missing: [String]

    public init() { missing = [] }
}
