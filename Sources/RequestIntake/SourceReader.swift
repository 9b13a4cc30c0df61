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
    public static func read(_ sources: [String], limits: MailLimits = MailLimits()) throws -> [IncomingRequest] {
        var requests: [IncomingRequest] = []
        var loose: [IncomingFile] = []
        var looseKinds: [RequestSourceKind] = []
        var looseNames: [String] = []
        for source in sources {
            let url = URL(fileURLWithPath: source)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
                throw IntakeError("\(source): no such file or folder")
            }
            if isDir.boolValue {
                if Mailbox.detect(path: url) == .maildir {
                    let messages = try Mailbox.maildirMessages(in: url)
                    for m in messages {
                        requests.append(mail(try bytes(of: m.path), kind: .maildir, name: m.path, limits: limits))
                    }
                } else {
                    loose += try folderFiles(url, displayRoot: url.lastPathComponent)
                    looseKinds.append(.folder)
                    looseNames.append(source)
                }
                continue
            }
            switch Mailbox.detect(path: url) {
            case .eml?:
                requests.append(mail(try bytes(of: source), kind: .eml, name: source, limits: limits))
            case .mbox?:
                for (k, message) in Mailbox.splitMbox(try bytes(of: source)).enumerated() {
                    requests.append(mail(message, kind: .mbox, name: "\(source)#\(k + 1)", limits: limits))
                }
            default:
                loose.append(IncomingFile(name: url.lastPathComponent, path: source, content: .file(source)))
                looseKinds.append(url.pathExtension.lowercased() == "zip" ? .zip : .files)
                looseNames.append(source)
            }
        }
        if !loose.isEmpty {
            let kind: RequestSourceKind = Set(looseKinds).count == 1 ? looseKinds[0] : .files
            requests.append(
                IncomingRequest(sourceKind: kind, sourceName: looseNames.joined(separator: ", "), files: loose))
        }
        return requests
    }

    /// One e-mail as a request: its headers, what its text states, and its attachments (a pasted log body too).
    public static func mail(_ bytes: [UInt8], kind: RequestSourceKind, name: String, limits: MailLimits = MailLimits())
        -> IncomingRequest
    {
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

    static func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IntakeError("\(path): cannot read the file")
        }
        return [UInt8](data)
    }
}

/// A source that cannot be read at all (a damaged one is read as far as possible and warned about instead).
public struct IntakeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
