import Foundation

@testable import MailIntake

/// Test helpers: messages written as text with LF line ends, optionally turned into CRLF.
enum Mail {
    /// The message bytes; `crlf` turns every LF into CRLF (as on the wire).
    static func bytes(_ text: String, crlf: Bool = false) -> [UInt8] {
        let lf = Array(text.utf8)
        guard crlf else { return lf }
        var out: [UInt8] = []
        for byte in lf {
            if byte == 0x0A { out.append(0x0D) }
            out.append(byte)
        }
        return out
    }

    static func parse(_ text: String, crlf: Bool = false, limits: MailLimits = MailLimits()) -> MailMessage {
        MailParser.parse(bytes(text, crlf: crlf), limits: limits)
    }

    static func base64(_ bytes: [UInt8], lineLength: Int = 76) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [String] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(lineLength)))
            rest = rest.dropFirst(lineLength)
        }
        return lines.joined(separator: "\n")
    }

    static func base64(_ text: String) -> String { base64(Array(text.utf8)) }

    /// The repository root, found from this file's path.
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ attachment: MailAttachment) -> String { String(decoding: attachment.data, as: UTF8.self) }
}
