/// An e-mail read by ``MailParser``: the headers that matter, the best text body, every attachment, and what went
/// wrong while reading (never thrown: a damaged message yields what can be read, plus warnings).
public struct MailMessage: Sendable {
    /// The top-level header fields (raw values).
    public var headers: MailHeaders
    /// `Subject`, encoded-words decoded.
    public var subject: String?
    /// `From`, decoded, as `Name <address>` (or the address alone).
    public var from: String?
    /// The address part of `From`.
    public var fromAddress: String?
    /// `Message-ID` without the angle brackets.
    public var messageId: String?
    /// `In-Reply-To` without the angle brackets (the first id).
    var inReplyTo: String?
    /// The raw `Date` header.
    public var date: String?
    /// The UTC offset of the `Date` header in seconds (`+0300` → 10800), when the date parses.
    public var dateOffsetSeconds: Int?
    /// The `Date` header as ISO 8601 with its offset (`2026-11-18T12:05:00+03:00`), when it parses.
    public var dateISO: String?
    /// The best text body: the text/plain parts (else the HTML ones turned to text), then the bodies of forwarded
    /// messages, each after a `-------- Forwarded message --------` block. Line ends are LF.
    var bodyText: String
    /// Every attachment, nested ones (inside forwarded messages) included, in the order of the message.
    public var attachments: [MailAttachment]
    /// The body text as an extra log input (`body.txt`) when it holds pasted log lines, else nil.
    var pastedLog: MailAttachment?
    /// What was damaged, skipped or guessed while reading; empty for a clean message.
    public var warnings: [String]

    /// The attachments followed by the pasted log, if any: every input a log analysis should read.
    public var logInputs: [MailAttachment] {
        attachments + (pastedLog.map { [$0] } ?? [])
    }
}

/// One attachment (or a pasted log body) of a ``MailMessage``.
public struct MailAttachment: Sendable, Equatable {
    /// The decoded file name, made safe: no path separators, no leading dots, no control characters; a generated
    /// `part-N.ext` when the part has none. Unique within the message (`-2`, `-3` added before the extension).
    public var name: String
    /// Where it sits: the name, prefixed by the names of the forwarded messages it is inside
    /// (`Fwd logs.eml!/agency.log`).
    public var path: String
    /// The lower-cased media type (`application/zip`).
    public var contentType: String
    /// The decoded content.
    public var data: [UInt8]
    /// True for the pasted-log body, false for a real attachment.
    var isInlineBody: Bool
    /// True when the content was cut at ``MailLimits/maxAttachmentBytes`` or the part itself was damaged.
    public var isTruncated: Bool

    public init(
        name: String,
        path: String,
        contentType: String,
        data: [UInt8],
        isInlineBody: Bool = false,
        isTruncated: Bool = false
    ) {
        self.name = name
        self.path = path
        self.contentType = contentType
        self.data = data
        self.isInlineBody = isInlineBody
        self.isTruncated = isTruncated
    }
}

/// Bounds on what one message may cost; hitting one gives a warning, never a crash.
public struct MailLimits: Sendable {
    /// Bytes of the raw message read; the rest is ignored (the message then reads as cut).
    public var maxMessageBytes: Int
    /// Body parts (entities) read, all levels together.
    var maxParts: Int
    /// Nesting of multiparts and forwarded messages; deeper containers are kept undecoded as attachments.
    public var maxDepth: Int
    /// Bytes kept of one decoded attachment; the rest is cut and the attachment marked truncated.
    var maxAttachmentBytes: Int

    public init(
        maxMessageBytes: Int = 128 << 20,
        maxParts: Int = 1000,
        maxDepth: Int = 12,
        maxAttachmentBytes: Int = 64 << 20
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
        self.maxAttachmentBytes = maxAttachmentBytes
    }
}
