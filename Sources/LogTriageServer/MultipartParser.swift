import Foundation

/// A push parser for `multipart/form-data` (RFC 7578) that never holds more than one chunk and one delimiter.
///
/// Feed it the body as it arrives; it returns what it found: part headers, body bytes and part ends. A part's body
/// bytes are handed out as soon as they cannot be the start of the next delimiter, so a 200 MB file passes through in
/// chunk-sized pieces.
struct MultipartParser {
    enum Event: Equatable {
        case partBegin(PartHeaders)
        case body([UInt8])
        case partEnd
    }

    /// What `Content-Disposition` said about a part.
    struct PartHeaders: Equatable {
        var name: String
        var filename: String?
    }

    private enum State {
        case preamble, afterDelimiter, headers, body, done
    }

    private let delimiter: [UInt8]
    private var buffer: [UInt8] = []
    private var start = 0
    private var state = State.preamble
    static let maxHeaderBytes = 16 * 1024

    /// Reads the boundary from a `Content-Type` value; nil when it is not `multipart/form-data` with a boundary.
    init?(contentType: String) {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        var boundary: String?
        for p in parts.dropFirst() {
            guard let eq = p.firstIndex(of: "=") else { continue }
            if p[..<eq].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" {
                var v = p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
                boundary = v
            }
        }
        guard let boundary, !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }
        delimiter = Array("\r\n--\(boundary)".utf8)
        buffer = Array("\r\n".utf8)  // so a delimiter at the very start is found like any other
    }

    var isComplete: Bool { state == .done }

    /// Parses what can be parsed of `bytes` (and what was kept from before).
    /// - Throws: ``MultipartError`` on malformed part headers.
    mutating func feed(_ bytes: some Collection<UInt8>) throws -> [Event] {
        if state == .done { return [] }
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        loop: while true {
            switch state {
            case .preamble:
                guard let i = find(delimiter, from: start) else {
                    start = max(start, buffer.count - delimiter.count + 1)
                    break loop
                }
                start = i + delimiter.count
                state = .afterDelimiter
            case .afterDelimiter:
                guard buffer.count - start >= 2 else { break loop }
                if buffer[start] == UInt8(ascii: "-"), buffer[start + 1] == UInt8(ascii: "-") {
                    state = .done
                    break loop
                }
                guard let eol = find(Array("\r\n".utf8), from: start) else {
                    if buffer.count - start > 256 { throw MultipartError.malformed("no line end after a boundary") }
                    break loop
                }
                start = eol + 2  // transport padding after the boundary is ignored
                state = .headers
            case .headers:
                guard let end = find(Array("\r\n\r\n".utf8), from: start) else {
                    if buffer.count - start > Self.maxHeaderBytes {
                        throw MultipartError.malformed("part headers too long")
                    }
                    // A part with no headers at all starts straight with the blank line.
                    if buffer.count - start >= 2, buffer[start] == 13, buffer[start + 1] == 10 {
                        throw MultipartError.malformed("a part has no Content-Disposition")
                    }
                    break loop
                }
                let headers = try Self.parseHeaders(buffer[start..<end])
                events.append(.partBegin(headers))
                start = end + 4
                state = .body
            case .body:
                if let i = find(delimiter, from: start) {
                    let after = i + delimiter.count
                    switch closesPart(at: after) {
                    case nil:  // cannot tell yet: keep the candidate for the next chunk
                        if i > start { events.append(.body(Array(buffer[start..<i]))) }
                        start = i
                        break loop
                    case false?:  // `--boundary` followed by other text is content (RFC 2046 delimiters end a line)
                        events.append(.body(Array(buffer[start..<after])))
                        start = after
                    case true?:
                        if i > start { events.append(.body(Array(buffer[start..<i]))) }
                        events.append(.partEnd)
                        start = after
                        state = .afterDelimiter
                    }
                } else {
                    let safe = buffer.count - (delimiter.count - 1)
                    if safe > start {
                        events.append(.body(Array(buffer[start..<safe])))
                        start = safe
                    }
                    break loop
                }
            case .done:
                break loop
            }
        }
        compact()
        return events
    }

    /// Whether a delimiter candidate ending at `after` is one: followed by `--`, or by spaces and CRLF. Nil when the
    /// bytes that tell have not arrived.
    private func closesPart(at after: Int) -> Bool? {
        guard buffer.count - after >= 2 else { return nil }
        if buffer[after] == UInt8(ascii: "-"), buffer[after + 1] == UInt8(ascii: "-") { return true }
        var j = after
        while j < buffer.count, buffer[j] == UInt8(ascii: " ") || buffer[j] == UInt8(ascii: "\t") {
            j += 1
            if j - after > 256 { return false }
        }
        guard buffer.count - j >= 2 else { return nil }
        return buffer[j] == 13 && buffer[j + 1] == 10
    }

    /// Checks the body ended with the closing delimiter.
    /// - Throws: ``MultipartError/truncated`` when it did not.
    func finish() throws {
        if state != .done { throw MultipartError.truncated }
    }

    private mutating func compact() {
        if start > 0, start >= buffer.count / 2 || state == .done {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, buffer.count - from >= needle.count else { return nil }
        var i = from
        let last = buffer.count - needle.count
        while i <= last {
            guard let j = buffer[i...last].firstIndex(of: first) else { return nil }
            var k = 1
            while k < needle.count, buffer[j + k] == needle[k] { k += 1 }
            if k == needle.count { return j }
            i = j + 1
        }
        return nil
    }

    static func parseHeaders(_ bytes: ArraySlice<UInt8>) throws -> PartHeaders {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            guard line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else {
                continue
            }
            let params = HeaderParameters(String(line[line.index(after: colon)...]))
            guard let name = params["name"] else { throw MultipartError.malformed("a part has no name") }
            return PartHeaders(name: name, filename: params.filename)
        }
        throw MultipartError.malformed("a part has no Content-Disposition")
    }
}

/// The body is not well-formed `multipart/form-data`.
enum MultipartError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case truncated

    var description: String {
        switch self {
        case .malformed(let why): "malformed multipart body: \(why)"
        case .truncated: "multipart body ends before its closing boundary"
        }
    }
}
