/// A structured header value such as `Content-Type` or `Content-Disposition`: a main value and parameters.
struct HeaderValue {
    /// The main value, lower-cased (`multipart/mixed`, `attachment`).
    var value: String
    /// Parameters by lower-cased name, fully decoded (RFC 2231 sections joined, encoded-words decoded).
    var parameters: [String: String]

    /// Parses `value; name=token; name="quoted \"string\""; name*=utf-8''%D0%90; name*0*=...; name*1=...`.
    ///
    /// Tolerant of what mail clients send: unquoted values with spaces, a missing closing quote, RFC 2047
    /// encoded-words inside quoted values, stray semicolons.
    init(parsing text: String, warnings: inout [String]) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var main = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != ";" {
            main.append(scalars[index])
            index += 1
        }
        value = String(main).trimmingWhitespace().lowercased()
        var raw: [(name: String, value: String)] = []
        while index < scalars.count {
            index += 1  // the ';'
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            var name = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "=", scalars[index] != ";" {
                name.append(scalars[index])
                index += 1
            }
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            var parameterValue = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    // A backslash quotes only `"` and `\`: Windows paths keep theirs.
                    if scalars[index] == "\\", index + 1 < scalars.count,
                        scalars[index + 1] == "\"" || scalars[index + 1] == "\\"
                    {
                        index += 1
                    }
                    parameterValue.append(scalars[index])
                    index += 1
                }
                if index < scalars.count { index += 1 }  // closing quote
                while index < scalars.count, scalars[index] != ";" { index += 1 }
            } else {
                while index < scalars.count, scalars[index] != ";" {
                    parameterValue.append(scalars[index])
                    index += 1
                }
                parameterValue = String(parameterValue).trimmingWhitespace().unicodeScalars
            }
            let key = String(name).trimmingWhitespace().lowercased()
            if !key.isEmpty { raw.append((key, String(parameterValue))) }
        }
        parameters = HeaderValue.assemble(raw, warnings: &warnings)
    }

    /// Joins RFC 2231 sections (`name*0*`, `name*1`, …) and extended values; an RFC 2231 value wins over a plain one.
    private static func assemble(_ raw: [(name: String, value: String)], warnings: inout [String]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [(number: Int, extended: Bool, value: String)]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = EncodedWords.decode(value, warnings: &warnings) }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            if rest.isEmpty {
                sections[base, default: []].append((0, true, value))
            } else {
                let extended = rest.hasSuffix("*")
                let digits = extended ? rest.dropLast() : rest
                guard let number = Int(digits), number >= 0, number < 1000 else { continue }
                sections[base, default: []].append((number, extended, value))
            }
        }
        var result = plain
        for (base, parts) in sections {
            let ordered = parts.sorted { $0.number < $1.number }
            var bytes: [UInt8] = []
            var charset: String?
            for (position, part) in ordered.enumerated() {
                var text = part.value
                if part.extended, position == 0 {
                    // charset'language'value
                    let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        text = String(pieces[2])
                    }
                }
                bytes += part.extended ? percentDecoded(text) : Array(text.utf8)
            }
            let decoded = TextDecoder.decode(
                bytes,
                charsetName: charset?.isEmpty == false ? charset : "utf-8",
                context: "parameter \(base)",
                warnings: &warnings
            )
            result[base] = decoded
        }
        return result
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = TransferDecoding.hexValue(bytes[index + 1]),
                let low = TransferDecoding.hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}
