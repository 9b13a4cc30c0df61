/// A file of a request to add. Its bytes are not in the database: put them with ``RequestStore/putBlob(_:)`` or
/// ``RequestStore/putBlob(fileAt:)`` and pass the digest here.
public struct NewAttachment: Hashable, Sendable {
    /// The file name as the customer sent it (`logs.zip`, `a.log`).
    public var name: String
    /// Where it sits inside the source, archive steps joined by `!/`: `fwd.eml!/logs.zip!/a.log`.
    public var path: String
    /// Lower-case hex SHA-256 of the bytes; `nil` when they could not be read (see ``skippedReason``).
    public var sha256: String?
    /// Size of the bytes (after leaving the archive, before any gzip is inflated).
    public var bytes: Int64
    /// What the reader made of it (`text`, `jsonl`, `gzip`, `zip`, `eml`, ...).
    public var detectedFormat: String?
    /// The archive or message it came out of (`fwd.eml!/logs.zip`), `nil` at the top level.
    public var parentArchive: String?
    /// Why it was not read (`too large`, `not a log`, `corrupt zip entry`), `nil` when it was.
    public var skippedReason: String?

    public init(
        name: String,
        path: String,
        sha256: String?,
        bytes: Int64,
        detectedFormat: String? = nil,
        parentArchive: String? = nil,
        skippedReason: String? = nil
    ) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.detectedFormat = detectedFormat
        self.parentArchive = parentArchive
        self.skippedReason = skippedReason
    }
}

/// A file of a stored request, as read back.
public struct StoredAttachment: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var requestId: Int64
    public var name: String
    public var path: String
    public var sha256: String?
    public var bytes: Int64
    public var detectedFormat: String?
    public var parentArchive: String?
    public var skippedReason: String?
}

/// Bytes kept beside the database, named by their digest.
public struct StoredBlob: Hashable, Sendable {
    /// Lower-case hex SHA-256 of the bytes.
    public var sha256: String
    public var bytes: Int64
    /// The file that holds them: `<store>.files/<first two hex digits>/<sha256>`.
    public var path: String
}
