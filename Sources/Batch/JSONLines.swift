import Foundation
import MailIntake
import RequestIntake
import RequestStore

/// The JSON-lines export: one request per line,
/// `{"id", "subject", "body", "stand", "period": {"since", "until"}, "files": [paths], "from", "received"}`; every
/// field optional; relative file paths are relative to the export's folder.
enum JSONLines {
    struct Line: Decodable {
        struct Period: Decodable {
            var since: String?
            var until: String?
        }

        var id: FlexibleId?
        var subject: String?
        var body: String?
        var stand: String?
        var period: Period?
        var files: [String]?
        var from: String?
        var received: String?
    }

    /// A string or a number.
    struct FlexibleId: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                text = s
            } else {
                text = String(try c.decode(Int64.self))
            }
        }
    }

    /// The longest line read: a request's metadata and its body text (its files are paths), so the mail size limit.
    static let maxLineBytes = MailLimits().maxMessageBytes

    /// Calls `body` with each line's bytes (line end dropped), its byte offset, and whether it is whole: of a line
    /// longer than `limit` only the first `limit` bytes are passed. Reads 1 MiB at a time and holds at most one
    /// line (up to the limit) and one chunk.
    static func forEachLine(
        path: String, limit: Int = maxLineBytes, chunkSize: Int = 1 << 20, _ body: ([UInt8], Int64, Bool) throws -> Void
    ) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BatchError("\(path): cannot read") }
        defer { try? handle.close() }
        var line: [UInt8] = []
        var lineOffset: Int64 = 0
        var overflow = false
        var offset: Int64 = 0
        func end() throws {
            if !overflow, line.last == 0x0D { line.removeLast() }
            try body(Array(line.prefix(limit)), lineOffset, !overflow && line.count <= limit)
            line = []
            overflow = false
        }
        while let chunk = try handle.read(upToCount: max(1, chunkSize)).map([UInt8].init), !chunk.isEmpty {
            var start = 0
            while start < chunk.count {
                let nl = chunk[start...].firstIndex(of: 0x0A)
                let stop = nl ?? chunk.count
                // Up to one byte over the limit: a CR then tells a line of `limit` bytes from a longer one.
                let room = max(0, limit + 1 - line.count)
                if stop - start > room { overflow = true }
                line += chunk[start..<min(stop, start + room)]
                guard nl != nil else { break }
                try end()
                start = stop + 1
                lineOffset = offset + Int64(start)
            }
            offset += Int64(chunk.count)
        }
        if !line.isEmpty || overflow { try end() }
    }

    /// The bytes of the line starting at `offset`; throws for a line longer than `limit`.
    static func line(path: String, offset: Int64, limit: Int = maxLineBytes) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BatchError("\(path): cannot read") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var out: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            if let nl = chunk.firstIndex(of: 0x0A) {
                out.append(contentsOf: chunk[chunk.startIndex..<nl])
                break
            }
            out.append(contentsOf: chunk)
            if out.count > limit + 1 { break }
        }
        if out.last == 0x0D { out.removeLast() }
        if out.count > limit {
            throw BatchError("the line is longer than \(limit) bytes (the size limit of one request); not read")
        }
        return out
    }

    /// Whether a file starting with `head` is an export rather than a JSON-lines log (pino and Serilog lines carry
    /// `body` and `msg` too): its first line is an object with a `files` list, or a `subject` and none of the
    /// usual log keys.
    static func looksLikeExport(_ head: [UInt8]) -> Bool {
        guard let start = head.firstIndex(where: { $0 > 0x20 }), head[start] == UInt8(ascii: "{") else { return false }
        let end = head[start...].firstIndex(of: 0x0A) ?? head.endIndex
        guard let object = try? JSONSerialization.jsonObject(with: Data(head[start..<end])) as? [String: Any] else {
            // A first line longer than the head: its start tells.
            let text = String(decoding: head[start...], as: UTF8.self)
            return text.contains("\"files\":") || text.contains("\"files\" :")
        }
        if object["files"] is [Any] { return true }
        let logKeys = ["level", "msg", "message", "@t", "@mt", "time", "timestamp", "severity"]
        return object["subject"] is String && !logKeys.contains { object[$0] != nil }
    }

    /// A line's id, and the folders directly inside `exportFolder` that its files are in.
    static func idAndFolders(in line: [UInt8], exportFolder: URL) -> (id: String?, folders: Set<String>)? {
        guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line)) else { return nil }
        let base = exportFolder.standardizedFileURL.path
        var folders: Set<String> = []
        for f in parsed.files ?? [] {
            let full = f.hasPrefix("/") ? f : exportFolder.appendingPathComponent(f).standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let parts = full.dropFirst(base.count + 1).split(separator: "/")
            if parts.count > 1 { folders.insert(base + "/" + parts[0]) }
        }
        return (parsed.id?.text, folders)
    }

    /// The request a line describes. Throws ``BatchError`` for a line that is not a JSON object of this shape.
    static func request(_ bytes: [UInt8], path: String, number: Int) throws -> (IncomingRequest, String?) {
        let line: Line
        do {
            line = try JSONDecoder().decode(Line.self, from: Data(bytes))
        } catch {
            throw BatchError("\(path):\(number): not a request object: \(error)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let files = (line.files ?? []).map { f -> IncomingFile in
            let full = f.hasPrefix("/") ? f : folder.appendingPathComponent(f).standardizedFileURL.path
            return IncomingFile(name: URL(fileURLWithPath: f).lastPathComponent, path: f, content: .file(full))
        }
        var r = IncomingRequest(sourceKind: .json, sourceName: "\(path):\(number)", files: files)
        r.subject = line.subject
        r.from = line.from
        r.fromAddress = line.from
        r.receivedISO = line.received
        var hints = StatedFacts()
        hints.stand = line.stand
        hints.standSource = line.stand == nil ? nil : "export"
        hints.since = line.period?.since
        hints.until = line.period?.until
        if hints.since != nil || hints.until != nil { hints.periodSource = "export" }
        let body = line.body?.trimmingCharacters(in: .whitespacesAndNewlines)
        hints.description = body?.isEmpty == false ? body : nil
        if hints.stand == nil { hints.missing.append("stand") }
        if hints.since == nil && hints.until == nil { hints.missing.append("period") }
        r.hints = hints
        return (r, line.id?.text)
    }
}
