import Foundation

/// The `key=value` parameters of a header like `form-data; name="file"; filename="a.log"` (quoted strings with
/// backslash escapes, and RFC 5987 `filename*=UTF-8''…`, which wins over `filename`).
struct HeaderParameters {
    private var values: [String: String] = [:]

    init(_ header: String) {
        var chars = Substring(header)
        // Skip the leading token (`form-data`).
        if let semi = chars.firstIndex(of: ";") { chars = chars[chars.index(after: semi)...] } else { return }
        while !chars.isEmpty {
            chars = chars.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let eq = chars.firstIndex(of: "=") else { break }
            let key = chars[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            chars = chars[chars.index(after: eq)...].drop { $0 == " " }
            var value = ""
            if chars.first == "\"" {
                chars = chars.dropFirst()
                var escaped = false
                while let c = chars.first {
                    chars = chars.dropFirst()
                    if escaped {
                        value.append(c)
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        break
                    } else {
                        value.append(c)
                    }
                }
                chars = chars.drop { $0 != ";" }
            } else {
                let end = chars.firstIndex(of: ";") ?? chars.endIndex
                value = chars[..<end].trimmingCharacters(in: .whitespaces)
                chars = chars[end...]
            }
            if !key.isEmpty { values[key] = value }
        }
    }

    subscript(key: String) -> String? { values[key] }

    /// `filename*` decoded (charset'lang'percent-encoded, UTF-8 assumed), else `filename`.
    var filename: String? {
        if let extended = values["filename*"] {
            let pieces = extended.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if pieces.count == 3, let decoded = String(pieces[2]).removingPercentEncoding { return decoded }
        }
        return values["filename"]
    }
}
