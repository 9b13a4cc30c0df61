import Foundation

/// The top-level header values a support request needs, decoded.
struct MessageMeta {
    var subject: String?
    var from: String?
    var fromAddress: String?
    var messageId: String?
    var inReplyTo: String?
    var date: String?
    var dateOffsetSeconds: Int?
    var dateISO: String?

    init(headers: MailHeaders, warnings: inout [String]) {
        subject = headers["Subject"].map { EncodedWords.decode($0, warnings: &warnings).collapsingWhitespace() }
        if let raw = headers["From"] {
            let address = MessageMeta.address(EncodedWords.decode(raw, warnings: &warnings))
            from = address.display
            fromAddress = address.address
        }
        messageId = headers["Message-ID"].flatMap(MessageMeta.firstId)
        inReplyTo = headers["In-Reply-To"].flatMap(MessageMeta.firstId)
        date = headers["Date"]
        if let raw = date {
            if let parsed = MailDate(parsing: raw) {
                dateOffsetSeconds = parsed.offsetSeconds
                dateISO = parsed.iso
            } else {
                // A header can be kilobytes (folded lines): quote only its start (found by fuzz-mime).
                let shown =
                    raw.unicodeScalars.count > 80
                    ? String(String.UnicodeScalarView(raw.unicodeScalars.prefix(80))) + "…" : raw
                warnings.append("unreadable Date header \"\(shown)\"")
            }
        }
    }

    /// `Name <addr>` (quotes around the name removed) and the address; a bare address gives both the same.
    static func address(_ text: String) -> (display: String?, address: String?) {
        let trimmed = text.collapsingWhitespace()
        guard !trimmed.isEmpty else { return (nil, nil) }
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
            let address = String(trimmed[trimmed.index(after: open)..<close]).trimmingWhitespace()
            var name = String(trimmed[..<open]).trimmingWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            if name.isEmpty { return (address, address) }
            return (address.isEmpty ? name : "\(name) <\(address)>", address.isEmpty ? nil : address)
        }
        // "addr (Comment)" or a bare address.
        let word = trimmed.split(separator: " ").first { $0.contains("@") }.map(String.init)
        return (trimmed, word ?? (trimmed.contains("@") ? trimmed : nil))
    }

    /// The first `<id>` of a header, without the brackets; a bare token when there are no brackets.
    static func firstId(_ text: String) -> String? {
        if let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            let id = String(text[text.index(after: open)..<close]).trimmingWhitespace()
            return id.isEmpty ? nil : id
        }
        let token = text.trimmingWhitespace().split(separator: " ").first.map(String.init)
        return token?.isEmpty == false ? token : nil
    }
}

extension String {
    /// Runs of white space (line breaks included) turned into one space, ends trimmed.
    func collapsingWhitespace() -> String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
