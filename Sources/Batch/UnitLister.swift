import Foundation
import MailIntake
import RequestIntake

/// Expands SOURCE arguments into request units:
/// - an `.eml` file (or any file whose first lines are mail headers): one request;
/// - an mbox file: one request per message;
/// - a maildir: one request per message;
/// - a JSON-lines export (`.jsonl`, `.ndjson` or `.json` whose first line has a `files` list, or a `subject` and no
///   log keys; other JSON lines are logs): one request per line;
/// - a folder holding e-mails, mboxes, maildirs, exports or sub-folders: each of those as above, and each other
///   sub-folder one request (its files, recursively);
/// - a folder holding only log files: one request.
///
/// Only names and keys are kept (an mbox is streamed once, message by message, to count its messages and read their
/// ids from their first 64 KiB), so listing a large archive takes little memory.
public enum UnitLister {
    public static func list(_ sources: [String]) throws -> (units: [BatchUnit], warnings: [String]) {
        var units: [BatchUnit] = []
        var warnings: [String] = []
        for source in sources {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
                throw BatchError("\(source): no such file or folder")
            }
            let root = URL(fileURLWithPath: source).standardizedFileURL
            let base = root.deletingLastPathComponent().path
            if isDir.boolValue {
                try folder(root, base: base, into: &units, warnings: &warnings)
            } else {
                try file(root, base: base, into: &units, warnings: &warnings, strict: true)
            }
        }
        return (units, warnings)
    }

    static func relative(_ url: URL, base: String) -> String {
        let p = url.standardizedFileURL.path
        return p.hasPrefix(base + "/") ? String(p.dropFirst(base.count + 1)) : p
    }

    static func folder(
        _ url: URL, base: String, into units: inout [BatchUnit], warnings: inout [String]
    ) throws {
        if Mailbox.detect(path: url) == .maildir {
            for m in try Mailbox.maildirMessages(in: url) {
                let key = keyOfMail(m.path) ?? ("path:" + relative(m, base: base))
                units.append(BatchUnit(origin: .maildirMessage(m.path), key: key, name: m.path))
            }
            return
        }
        let entries = try FileManager.default.contentsOfDirectory(
            at: url, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
        ).sorted { $0.path < $1.path }
        var subfolders: [URL] = []
        var mailFiles: [URL] = []
        var logFiles: [URL] = []
        for entry in entries {
            if (try? entry.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                subfolders.append(entry)
            } else if kind(of: entry) != nil {
                mailFiles.append(entry)
            } else {
                logFiles.append(entry)
            }
        }
        if subfolders.isEmpty && mailFiles.isEmpty {
            // A folder of log files: one request.
            if logFiles.isEmpty {
                warnings.append("\(url.path): empty folder, nothing to import")
            } else {
                let key = "path:" + relative(url, base: base)
                units.append(BatchUnit(origin: .folder(url.path), key: key, name: url.path))
            }
            return
        }
        // A JSON-lines export beside the folders of its files: those folders are its attachments, not requests.
        var referenced: Set<String> = []
        for m in mailFiles {
            referenced.formUnion(try file(m, base: base, into: &units, warnings: &warnings, strict: false))
        }
        for s in subfolders where !referenced.contains(s.standardizedFileURL.path) {
            if Mailbox.detect(path: s) == .maildir || holdsMail(s) {
                try folder(s, base: base, into: &units, warnings: &warnings)
            } else {
                let key = "path:" + relative(s, base: base)
                units.append(BatchUnit(origin: .folder(s.path), key: key, name: s.path))
            }
        }
        if !logFiles.isEmpty {
            warnings.append(
                "\(url.path): \(logFiles.count) loose file(s) beside e-mails or request folders left out "
                    + "(put a request's files in a sub-folder of their own)")
        }
    }

    enum FileKind { case eml, mbox, jsonl }

    /// Whether a folder directly holds e-mails, mboxes, exports or maildirs (then it is a folder of requests, not
    /// one request).
    static func holdsMail(_ url: URL) -> Bool {
        let entries =
            (try? FileManager.default.contentsOfDirectory(
                at: url, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
        return entries.contains { e in
            if (try? e.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                return Mailbox.detect(path: e) == .maildir
            }
            return kind(of: e) != nil
        }
    }

    static func kind(of url: URL) -> FileKind? {
        let ext = url.pathExtension.lowercased()
        if ["jsonl", "ndjson", "json"].contains(ext) {
            // A JSON-lines log (pino, Serilog's compact JSON) beside the others of a request is a log, not an export.
            let head = try? SourceReader.readHead(url.path, limit: 65536).bytes
            return head.map(JSONLines.looksLikeExport) == true ? .jsonl : nil
        }
        switch Mailbox.detect(path: url) {
        case .eml?: return .eml
        case .mbox?: return .mbox
        default: return nil
        }
    }

    /// Lists the units of one file; returns the folders beside it that an export's lines take files from.
    @discardableResult
    static func file(
        _ url: URL, base: String, into units: inout [BatchUnit], warnings: inout [String], strict: Bool
    ) throws -> Set<String> {
        var referenced: Set<String> = []
        switch kind(of: url) {
        case .eml?:
            let key = keyOfMail(url.path) ?? ("path:" + relative(url, base: base))
            units.append(BatchUnit(origin: .eml(url.path), key: key, name: url.path))
        case .mbox?:
            // Message by message, keeping only each one's head (for its Message-ID).
            do {
                try MboxReader.forEachMessage(path: url.path, budget: { _ in 65536 }) { m in
                    let k = m.index
                    let key =
                        HeaderScan.messageId(in: m.bytes).map { "message-id:" + $0 }
                        ?? "path:\(relative(url, base: base))#\(k + 1)"
                    units.append(
                        BatchUnit(
                            origin: .mboxMessage(path: url.path, index: k), key: key, name: "\(url.path)#\(k + 1)"))
                }
            } catch {
                throw BatchError("\(url.path): cannot read the mbox: \(error.localizedDescription)")
            }
        case .jsonl?:
            var number = 0
            try JSONLines.forEachLine(path: url.path) { line, offset, whole in
                number += 1
                guard line.contains(where: { $0 > 0x20 }) else { return }
                let parsed =
                    whole
                    ? JSONLines.idAndFolders(in: line, exportFolder: url.deletingLastPathComponent())
                    : nil
                referenced.formUnion(parsed?.folders ?? [])
                let id = parsed?.id
                let key = id.map { "json-id:" + $0 } ?? "path:\(relative(url, base: base)):\(number)"
                let origin = BatchUnit.Origin.jsonLine(path: url.path, line: number, offset: offset)
                units.append(BatchUnit(origin: origin, key: key, name: "\(url.path):\(number)"))
            }
        case nil:
            if strict {
                throw BatchError(
                    "\(url.path): not an e-mail, an mbox or a JSON-lines export (an export's first line has a "
                        + "\"files\" list or a \"subject\"; a folder of log files is one request: give the folder)")
            }
            warnings.append("\(url.path): not an e-mail or an export, left out")
        }
        return referenced
    }

    static func keyOfMail(_ path: String) -> String? {
        guard let head = try? SourceReader.readHead(path, limit: 65536).bytes else { return nil }
        return HeaderScan.messageId(in: head).map { "message-id:" + $0 }
    }
}

/// A batch that cannot start (a missing source, a bad argument) or a unit that cannot be read.
public struct BatchError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
