import Foundation
import MailIntake
import RequestStore

/// Turns the SOURCE arguments of `request add` (and `analyze`'s e-mail inputs) into requests.
///
/// - every e-mail is a request of its own: an `.eml` file, each message of an mbox file, each message of a maildir;
/// - everything else named in one call (log files, folders, `.zip` archives) is one request together: a folder
///   contributes its files (recursively, in a stable order), an archive is kept whole and expanded when it is read.
public enum SourceReader {
    /// Reads every source; throws ``IntakeError`` for a source that does not exist or cannot be read.
    /// Holds every request at once: ``forEach(_:limits:_:)`` hands them over one by one instead.
    public static func read(_ sources: [String], limits: MailLimits = MailLimits()) throws -> [IncomingRequest] {
        var requests: [IncomingRequest] = []
        try forEach(sources, limits: limits) { requests.append($0) }
        return requests
    }

    /// Calls `body` with each request of the sources in order (e-mails as they are read, then the loose files as one
    /// request), so memory holds one message at a time (at most `limits.maxMessageBytes` of it) however large an
    /// mbox or maildir is. Every source is checked to exist before the first request is handed over.
    public static func forEach(
        _ sources: [String], limits: MailLimits = MailLimits(), _ body: (IncomingRequest) throws -> Void
    ) throws {
        let kinds = try sources.map(kind(of:))
        var loose: [IncomingFile] = []
        var looseKinds: [RequestSourceKind] = []
        var looseNames: [String] = []
        for (source, kind) in zip(sources, kinds) {
            let url = URL(fileURLWithPath: source)
            switch kind {
            case .maildir:
                for m in try Mailbox.maildirMessages(in: url) {
                    try body(try mailFile(m.path, kind: .maildir, limits: limits))
                }
            case .eml:
                try body(try mailFile(source, kind: .eml, limits: limits))
            case .mbox:
                do {
                    try MboxReader.forEachMessage(path: source, budget: { _ in limits.maxMessageBytes }) { m in
                        let name = "\(source)#\(m.index + 1)"
                        try body(mail(m.bytes, dropped: m.droppedBytes, kind: .mbox, name: name, limits: limits))
                    }
                } catch let e as CocoaError {
                    throw IntakeError("\(source): cannot read the mbox (\(e.localizedDescription))")
                }
            case .folder:
                loose += try folderFiles(url, displayRoot: url.lastPathComponent)
                looseKinds.append(.folder)
                looseNames.append(source)
            default:
                loose.append(IncomingFile(name: url.lastPathComponent, path: source, content: .file(source)))
                looseKinds.append(kind)
                looseNames.append(source)
            }
        }
        if !loose.isEmpty {
            let kind: RequestSourceKind = Set(looseKinds).count == 1 ? looseKinds[0] : .files
            try body(IncomingRequest(sourceKind: kind, sourceName: looseNames.joined(separator: ", "), files: loose))
        }
    }

    /// How many requests ``forEach(_:limits:_:)`` hands over for these sources (an mbox is read through, keeping
    /// nothing of its messages).
    public static func requestCount(_ sources: [String]) throws -> Int {
        var count = 0
        var hasLoose = false
        for source in sources {
            switch try kind(of: source) {
            case .maildir: count += try Mailbox.maildirMessages(in: URL(fileURLWithPath: source)).count
            case .eml: count += 1
            case .mbox:
                do {
                    try MboxReader.forEachMessage(path: source, budget: { _ in 0 }) { _ in count += 1 }
                } catch let e as CocoaError {
                    throw IntakeError("\(source): cannot read the mbox (\(e.localizedDescription))")
                }
            default: hasLoose = true
            }
        }
        return count + (hasLoose ? 1 : 0)
    }

    /// What a source is: an e-mail (eml, mbox, maildir), a folder of files, a zip archive or a file.
    static func kind(of source: String) throws -> RequestSourceKind {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
            throw IntakeError("\(source): no such file or folder")
        }
        let url = URL(fileURLWithPath: source)
        if isDir.boolValue { return Mailbox.detect(path: url) == .maildir ? .maildir : .folder }
        switch Mailbox.detect(path: url) {
        case .eml?: return .eml
        case .mbox?: return .mbox
        default: return url.pathExtension.lowercased() == "zip" ? .zip : .files
        }
    }

    /// One e-mail file as a request: its first `limits.maxMessageBytes`, with a warning when there is more.
    static func mailFile(_ path: String, kind: RequestSourceKind, limits: MailLimits) throws -> IncomingRequest {
        let (head, dropped) = try readHead(path, limit: limits.maxMessageBytes)
        return mail(head, dropped: dropped, kind: kind, name: path, limits: limits)
    }

    /// The first `limit` bytes of a file, and how many it has beyond them: from its size, or, for what cannot seek
    /// (a pipe), by reading the rest through without keeping it.
    public static func readHead(_ path: String, limit: Int) throws -> (bytes: [UInt8], dropped: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IntakeError("\(path): cannot read the file")
        }
        defer { try? handle.close() }
        do {
            let head = [UInt8](try handle.read(upToCount: max(0, limit)) ?? Data())
            if let end = try? handle.seekToEnd() { return (head, max(0, Int(end) - head.count)) }
            var dropped = 0
            while let more = try handle.read(upToCount: 1 << 20), !more.isEmpty { dropped += more.count }
            return (head, dropped)
        } catch {
            throw IntakeError("\(path): cannot read the file (\(error.localizedDescription))")
        }
    }

    /// One e-mail as a request: its headers, what its text states, and its attachments (a pasted log body too).
    /// `dropped`: how many bytes of the message were not read (over `limits.maxMessageBytes`); they are warned about.
    public static func mail(
        _ bytes: [UInt8], dropped: Int = 0, kind: RequestSourceKind, name: String, limits: MailLimits = MailLimits()
    ) -> IncomingRequest {
        let message = MailParser.parse(bytes, limits: limits)
        var r = IncomingRequest(sourceKind: kind, sourceName: name)
        r.subject = message.subject
        r.from = message.from
        r.fromAddress = message.fromAddress
        r.messageId = message.messageId
        r.receivedISO = message.dateISO
        r.dateOffsetSeconds = message.dateOffsetSeconds
        r.hints = StatedFacts(mail: message)
        r.files = message.logInputs.map { a in
            IncomingFile(
                name: a.name, path: a.path, content: .bytes(a.data),
                note: a.isTruncated ? "cut or damaged in the e-mail" : nil)
        }
        r.warnings = message.warnings
        if dropped > 0 {
            r.warnings.append(
                "the message is \(bytes.count + dropped) bytes, over the limit of \(limits.maxMessageBytes): "
                    + "only the start is read")
        }
        if r.files.isEmpty { r.warnings.append("the e-mail has no attachments and no pasted log lines") }
        return r
    }

    /// The files under a folder, recursively, sorted by path; hidden files and folders are left out.
    static func folderFiles(_ root: URL, displayRoot: String) throws -> [IncomingFile] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isHiddenKey]
        guard
            let e = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { throw IntakeError("\(root.path): cannot read the folder") }
        let base = root.standardizedFileURL.path
        var out: [IncomingFile] = []
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            let rel = full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : url.lastPathComponent
            out.append(IncomingFile(name: url.lastPathComponent, path: displayRoot + "/" + rel, content: .file(full)))
        }
        return out.sorted { $0.path < $1.path }
    }
}

/// A source that cannot be read at all (a damaged one is read as far as possible and warned about instead).
public struct IntakeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
