/// RFC 2047 encoded-words (`=?charset?B|Q?text?=`) in header text.
enum EncodedWords {
    /// Decodes every encoded-word in `text`; text around them is kept as it is.
    ///
    /// White space between two adjacent encoded-words is dropped (RFC 2047 §6.2). Adjacent words in the same charset
    /// are joined before decoding, so a multi-byte character split across two words survives. Encoded-words glued to
    /// other text or inside quotes (as mail clients write `filename="=?UTF-8?B?...?="`) are decoded too; anything
    /// that does not parse as an encoded-word stays literal.
    static func decode(_ text: String, warnings: inout [String]) -> String {
        guard text.contains("=?") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        var gap = String.UnicodeScalarView()  // white space seen since the last encoded-word

        func flushPending() {
            guard let charset = pendingCharset else { return }
            let decoded = TextDecoder.decode(
                pendingBytes,
                charsetName: charset,
                context: "encoded-word",
                warnings: &warnings
            )
            out.append(contentsOf: decoded.unicodeScalars)
            pendingCharset = nil
            pendingBytes = []
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "=", index + 1 < scalars.count, scalars[index + 1] == "?",
                let word = parseWord(scalars, at: index)
            {
                // `gap` holds only white space here: it is dropped between two encoded-words.
                if pendingCharset != word.charset { flushPending() }
                pendingCharset = word.charset
                pendingBytes += word.bytes
                gap = String.UnicodeScalarView()
                index = word.end
                continue
            }
            if pendingCharset == nil {
                out.append(scalar)
            } else if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                gap.append(scalar)
            } else {
                flushPending()
                out.append(contentsOf: gap)
                gap = String.UnicodeScalarView()
                out.append(scalar)
            }
            index += 1
        }
        flushPending()
        out.append(contentsOf: gap)
        return String(out)
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses `=?charset?X?text?=` starting at `start`, or nil.
    private static func parseWord(_ scalars: [Unicode.Scalar], at start: Int) -> Word? {
        var index = start + 2
        var charset = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "?" {
            if scalars[index].properties.isWhitespace || charset.count > 40 { return nil }
            charset.append(scalars[index])
            index += 1
        }
        guard index + 2 < scalars.count, scalars[index + 2] == "?", !charset.isEmpty else { return nil }
        let encoding = scalars[index + 1]
        index += 3
        var payload: [UInt8] = []
        while index + 1 < scalars.count, !(scalars[index] == "?" && scalars[index + 1] == "=") {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || !scalar.isASCII { return nil }
            payload.append(UInt8(scalar.value))
            index += 1
        }
        guard index + 1 < scalars.count else { return nil }
        var name = String(charset)
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }  // RFC 2231 language suffix
        let bytes: [UInt8]
        switch encoding {
        case "B", "b":
            var ignored: [String] = []
            bytes = TransferDecoding.base64(payload[...], warnings: &ignored, context: "encoded-word")
        case "Q", "q":
            bytes = TransferDecoding.qEncoding(payload)
        default:
            return nil
        }
        return Word(charset: name.lowercased(), bytes: bytes, end: index + 2)
    }
}
