import Foundation
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

    /// Calls `body` with each line's bytes (line end dropped) and its byte offset, reading 1 MiB at a time.
    static func forEachLine(path: String, _ body: ([UInt8], Int64) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BatchError("\(path): cannot read") }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var pendingOffset: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                var line = Array(pending[start..<nl])
                if line.last == 0x0D { line.removeLast() }
                try body(line, pendingOffset + Int64(start))
                start = nl + 1
            }
            pending.removeSubrange(0..<start)
            pendingOffset += Int64(start)
        }
        if !pending.isEmpty { try body(pending, pendingOffset) }
    }

    /// The bytes of the line starting at `offset`.
    static func line(path: String, offset: Int64) throws -> [UInt8] {
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
        }
        if out.last == 0x0D { out.removeLast() }
        return out
    }

    static func id(in line: [UInt8]) -> String? {
        (try? JSONDecoder().decode(Line.self, from: Data(line)))?.id?.text
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
