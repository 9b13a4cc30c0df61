import Foundation

/// Mailbox containers: mbox files and maildir folders, and telling an e-mail from a log file.
public enum Mailbox {
    /// What an input path holds.
    public enum Kind: String, Sendable {
        /// One RFC 5322 message (`.eml`, or a file whose first lines are mail headers).
        case eml
        /// An mbox file: messages each after a `From ` separator line.
        case mbox
        /// A maildir: a folder with `cur/`, `new/` and `tmp/`.
        case maildir
    }

    /// Splits an mbox (mboxo or mboxrd) into its messages, without their `From ` separator lines.
    ///
    /// A separator is a line starting with `From ` at the start of the file or after an empty line; the empty line
    /// before a separator belongs to the separator. Quoted body lines (`>From `, `>>From `) lose one `>`. Line ends
    /// (LF or CRLF) are kept as they are. Bytes before the first separator, if any, make a message of their own when
    /// they are not blank.
    /// - Complexity: O(n) in the size of the file. ``MboxReader`` reads a file message by message instead.
    public static func splitMbox(_ bytes: [UInt8]) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var splitter = MboxSplitter()
        splitter.feed(bytes) { messages.append($0.bytes) }
        splitter.finish { messages.append($0.bytes) }
        return messages
    }

    /// The message files of a maildir (`new/` then `cur/`, each sorted by file name; `tmp/` is never read).
    ///
    /// - Parameter directory: the maildir folder.
    /// - Returns: the file URLs, in a stable order.
    /// - Throws: when neither `cur/` nor `new/` can be listed.
    public static func maildirMessages(in directory: URL) throws -> [URL] {
        let manager = FileManager.default
        var files: [URL] = []
        var listed = false
        var lastError: (any Error)?
        for sub in ["new", "cur"] {
            let folder = directory.appendingPathComponent(sub, isDirectory: true)
            do {
                let names = try manager.contentsOfDirectory(atPath: folder.path)
                listed = true
                for name in names.sorted() where !name.hasPrefix(".") {
                    var isDirectory: ObjCBool = false
                    let url = folder.appendingPathComponent(name)
                    if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        files.append(url)
                    }
                }
            } catch {
                lastError = error
            }
        }
        if !listed, let lastError { throw lastError }
        return files
    }

    /// What the path holds: a maildir, an mbox, an e-mail, or nil for anything else (a log, an archive).
    ///
    /// Files are judged by their first 8 KB: a `From ` first line is an mbox; an `.eml` name or a first line that is a
    /// header field, with at least two well-known mail header names among the first lines, is an e-mail.
    public static func detect(path: URL) -> Kind? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let hasAll = ["cur", "new", "tmp"].allSatisfy { sub in
                var subIsDirectory: ObjCBool = false
                return manager.fileExists(atPath: path.appendingPathComponent(sub).path, isDirectory: &subIsDirectory)
                    && subIsDirectory.boolValue
            }
            return hasAll ? .maildir : nil
        }
        guard let handle = try? FileHandle(forReadingFrom: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8192)).map { [UInt8]($0) } ?? []
        if let kind = detect(head: head) { return kind }
        return path.pathExtension.lowercased() == "eml" ? .eml : nil
    }

    private static let knownHeaders: Set<String> = [
        "from", "to", "cc", "subject", "date", "received", "return-path", "mime-version", "message-id",
        "content-type", "delivered-to", "reply-to", "in-reply-to", "references", "x-mailer", "user-agent",
        "dkim-signature", "authentication-results", "x-originating-ip", "thread-topic", "sender",
    ]

    /// What the first bytes of a file say: `.mbox` for a `From ` first line, `.eml` for mail headers, else nil.
    public static func detect(head: [UInt8]) -> Kind? {
        var lines: [Substring] = []
        let text = String(decoding: head.prefix(8192), as: UTF8.self)
        // "\r\n" is one Character in Swift.
        let split = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for line in split.prefix(60) {
            if line.isEmpty { break }
            lines.append(line)
        }
        guard let first = lines.first else { return nil }
        if first.hasPrefix("From "), lines.count > 1 {
            return headerCount(lines.dropFirst()) >= 2 ? .mbox : nil
        }
        guard isField(first) else { return nil }
        return headerCount(lines[...]) >= 2 ? .eml : nil
    }

    private static func isField(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return false }
        return line[..<colon].allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != ":" }
    }

    private static func headerCount(_ lines: ArraySlice<Substring>) -> Int {
        Set(
            lines.compactMap { line -> String? in
                guard isField(line), let colon = line.firstIndex(of: ":") else { return nil }
                let name = line[..<colon].lowercased()
                return knownHeaders.contains(name) ? name : nil
            }
        ).count
    }
}
