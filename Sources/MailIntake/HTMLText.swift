import Foundation

/// HTML bodies turned into plain text, enough to read a customer's message: tags dropped, block ends as line breaks,
/// `script`/`style`/`head` contents removed, entities decoded, blank-line runs collapsed.
enum HTMLText {
    private static let blockTags: Set<String> = [
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "hr", "ul",
        "ol", "title",
    ]
    private static let hiddenTags: Set<String> = ["script", "style", "head"]
    private static let entities: [String: String] = [
        "nbsp": " ", "lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'", "laquo": "«", "raquo": "»",
        "mdash": "—", "ndash": "–", "hellip": "…", "copy": "©", "shy": "",
    ]

    static func toText(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        var hiddenUntil: String?
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if scalars[index...].starts(with: "<!--".unicodeScalars) {
                    index = find("-->", in: scalars, from: index + 4).map { $0 + 3 } ?? scalars.count
                    continue
                }
                let close = scalars[index...].firstIndex(of: ">") ?? scalars.count
                let tag = tagName(scalars, from: index + 1, to: close)
                index = min(close + 1, scalars.count)
                if let hidden = hiddenUntil {
                    if tag.closing && tag.name == hidden { hiddenUntil = nil }
                    continue
                }
                if !tag.closing, hiddenTags.contains(tag.name) {
                    hiddenUntil = tag.name
                } else if tag.name == "br" || (blockTags.contains(tag.name) && out.last != "\n") {
                    out.append("\n")
                } else if tag.name == "td" || tag.name == "th" {
                    out.append(" ")
                }
                continue
            }
            if hiddenUntil != nil {
                index += 1
                continue
            }
            if scalar == "&", let (text, next) = entity(scalars, at: index) {
                out.append(contentsOf: text.unicodeScalars)
                index = next
                continue
            }
            out.append(scalar == "\u{A0}" ? " " : scalar)
            index += 1
        }
        return tidy(String(out))
    }

    /// The `charset` of a `<meta>` tag in the first kilobytes, for an HTML part without a charset parameter.
    static func metaCharset(_ data: [UInt8]) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let value = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    private static func tagName(_ scalars: [Unicode.Scalar], from: Int, to: Int) -> (name: String, closing: Bool) {
        var index = from
        var closing = false
        if index < to, scalars[index] == "/" {
            closing = true
            index += 1
        }
        var name = ""
        while index < to, scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        return (name.lowercased(), closing)
    }

    private static func entity(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        var name = ""
        while index < scalars.count, index - start < 12, scalars[index] != ";" {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < scalars.count, scalars[index] == ";" else { return nil }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16)
                : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar == "\u{A0}" ? " " : String(Character(scalar)), index + 1)
        }
        guard let text = entities[name.lowercased()] else { return nil }
        return (text, index + 1)
    }

    private static func find(_ needle: String, in scalars: [Unicode.Scalar], from: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        var index = from
        while index + pattern.count <= scalars.count {
            if scalars[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    /// Lines trimmed of trailing spaces, runs of blank lines collapsed to one, ends trimmed.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            if trimmed.isEmpty {
                blank += 1
                if blank == 1, !lines.isEmpty { lines.append("") }
            } else {
                blank = 0
                lines.append(trimmed)
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
