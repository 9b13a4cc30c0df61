/// One header field, unfolded (RFC 5322 §2.2.3); the value is raw: encoded-words are not decoded.
public struct MailHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header fields of a message or a body part, in order; names are looked up case-insensitively.
public struct MailHeaders: Sendable, Equatable {
    public var fields: [MailHeaderField]

    public init(fields: [MailHeaderField] = []) {
        self.fields = fields
    }

    /// The raw value of the first field with this name (any case), or nil.
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value
    }

    /// The raw values of every field with this name (any case), in order.
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name.lowercased() == key }.map(\.value)
    }
}

/// Splits an entity into its header block and body.
enum HeaderBlock {
    struct Result {
        var headers: MailHeaders
        /// Offset (in the entity's own indices) where the body starts.
        var bodyStart: Int
    }

    /// Reads header lines until the empty line; unfolds continuation lines.
    ///
    /// A line that is neither a header field nor a continuation ends the header block without the separator (with a
    /// warning when some headers were read: the blank line is missing). An entity whose first line is not a header
    /// at all has no headers (a plain-text message, or a body part written without its blank line). A first line
    /// `From ` (an mbox separator left in an .eml) is skipped.
    static func split(_ bytes: ArraySlice<UInt8>, context: String, warnings: inout [String]) -> Result {
        var fields: [MailHeaderField] = []
        var current: (name: String, value: [UInt8])?
        var index = bytes.startIndex
        var sawMboxLine = false

        func finishField() {
            guard let field = current else { return }
            let value = headerText(field.value, warnings: &warnings, context: context)
            fields.append(MailHeaderField(name: field.name, value: value.trimmingWhitespace()))
            current = nil
        }

        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if line.isEmpty {
                finishField()
                return Result(headers: MailHeaders(fields: fields), bodyStart: next)
            }
            if let first = line.first, first == 0x20 || first == 0x09 {
                if current != nil {
                    // Unfolding removes the line break only; the leading white space stays.
                    current?.value += line
                    index = next
                    continue
                }
                if fields.isEmpty, !sawMboxLine {
                    return Result(headers: MailHeaders(), bodyStart: bytes.startIndex)
                }
                // A continuation with nothing to continue: keep reading, ignore it.
                index = next
                continue
            }
            if fields.isEmpty, current == nil, !sawMboxLine, line.starts(with: Array("From ".utf8)) {
                sawMboxLine = true
                index = next
                continue
            }
            if let colon = fieldNameEnd(line) {
                finishField()
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                    .trimmingWhitespace()
                current = (name, Array(line[(colon + 1)...]))
                index = next
                continue
            }
            // Not a header line: the body starts here without the blank line.
            finishField()
            if !fields.isEmpty {
                warnings.append("\(context): no blank line between the headers and the body")
            }
            return Result(headers: MailHeaders(fields: fields), bodyStart: index)
        }
        finishField()
        return Result(headers: MailHeaders(fields: fields), bodyStart: bytes.endIndex)
    }

    /// The index of the colon ending a field name (printable ASCII without colon, RFC 5322 §3.6.8), or nil.
    private static func fieldNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: ":") {
                // Tolerate "Name :" (obsolete syntax) but not an empty name.
                return index > line.startIndex ? index : nil
            }
            if byte == 0x20 || byte == 0x09 {
                // Only trailing white space may follow the name.
                let rest = line[index...].drop { $0 == 0x20 || $0 == 0x09 }
                return rest.first == UInt8(ascii: ":") && index > line.startIndex ? rest.startIndex : nil
            }
            if byte < 33 || byte > 126 { return nil }
            index += 1
        }
        return nil
    }

    /// Header bytes as text: UTF-8 (RFC 6532) when valid, else Windows-1251 with a warning.
    static func headerText(_ bytes: [UInt8], warnings: inout [String], context: String) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) || TextDecoder.isValidUTF8(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        warnings.append("\(context): raw 8-bit header text is not UTF-8; read as windows-1251")
        return Charset.windows1251.decode(bytes)
    }
}
