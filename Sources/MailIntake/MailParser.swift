/// Reads an RFC 5322 / MIME message (RFC 2045–2049, 2047, 2231) into a ``MailMessage``.
public enum MailParser {
    /// Parses one message (CRLF or LF line ends).
    ///
    /// Never fails: a plain-text message without MIME headers gives its text as the body; a damaged one (cut base64,
    /// a missing closing boundary, no blank line after the headers) gives every part that can be read, with warnings.
    /// - Parameters:
    ///   - bytes: the raw message (an `.eml` file, or one message of an mbox).
    ///   - limits: size, count and depth bounds; see ``MailLimits``.
    /// - Returns: the message, its body text, its attachments and the warnings.
    public static func parse(_ bytes: [UInt8], limits: MailLimits = MailLimits()) -> MailMessage {
        var walker = MailWalker(limits: limits)
        var input = bytes[...]
        if bytes.count > limits.maxMessageBytes {
            walker.warnings.append(
                "message is \(bytes.count) bytes, over the limit of \(limits.maxMessageBytes): only the start is read"
            )
            input = bytes[..<limits.maxMessageBytes]
        }
        let read = walker.readMessage(input, depth: 0, pathPrefix: "")
        let meta = MessageMeta(headers: read.headers, warnings: &walker.warnings)
        let pasted = PastedLog.detect(in: read.bodyText).map {
            MailAttachment(
                name: "body.txt",
                path: "body.txt",
                contentType: "text/plain",
                data: Array($0.utf8),
                isInlineBody: true
            )
        }
        return MailMessage(
            headers: read.headers,
            subject: meta.subject,
            from: meta.from,
            fromAddress: meta.fromAddress,
            messageId: meta.messageId,
            inReplyTo: meta.inReplyTo,
            date: meta.date,
            dateOffsetSeconds: meta.dateOffsetSeconds,
            dateISO: meta.dateISO,
            bodyText: read.bodyText,
            attachments: walker.attachments,
            pastedLog: pasted,
            warnings: walker.warnings
        )
    }
}

/// The walk over one message tree: collects attachments and body texts, counts parts, enforces the limits.
struct MailWalker {
    let limits: MailLimits
    var warnings: [String] = []
    var attachments: [MailAttachment] = []
    private var partCount = 0
    private var leafCount = 0
    private var skippedParts = 0
    private var usedPaths: Set<String> = []

    init(limits: MailLimits) {
        self.limits = limits
    }

    /// Body texts found under one entity, kept apart until the message decides which to show.
    private struct Bodies {
        var plain: [String] = []
        var html: [String] = []
        var forwarded: [String] = []

        var isEmpty: Bool { plain.isEmpty && html.isEmpty && forwarded.isEmpty }
    }

    struct ReadMessage {
        var headers: MailHeaders
        var bodyText: String
    }

    /// Reads a whole message (top level or forwarded): headers, then its body as an entity.
    mutating func readMessage(_ bytes: ArraySlice<UInt8>, depth: Int, pathPrefix: String) -> ReadMessage {
        let context = pathPrefix.isEmpty ? "message" : "forwarded message \(pathPrefix.dropLast(2))"
        let split = HeaderBlock.split(bytes, context: context, warnings: &warnings)
        var bodies = Bodies()
        walk(
            headers: split.headers,
            body: bytes[split.bodyStart...],
            depth: depth,
            pathPrefix: pathPrefix,
            defaultType: "text/plain",
            into: &bodies
        )
        var text = bodies.plain.joined(separator: "\n\n")
        if text.isEmpty { text = bodies.html.map(HTMLText.toText).joined(separator: "\n\n") }
        for block in bodies.forwarded {
            text += text.isEmpty ? block : "\n\n" + block
        }
        return ReadMessage(headers: split.headers, bodyText: text)
    }

    private mutating func walk(
        headers: MailHeaders,
        body: ArraySlice<UInt8>,
        depth: Int,
        pathPrefix: String,
        defaultType: String,
        into bodies: inout Bodies
    ) {
        partCount += 1
        if partCount > limits.maxParts {
            skippedParts += 1
            if skippedParts == 1 {
                warnings.append("more than \(limits.maxParts) body parts: the rest are skipped")
            }
            return
        }
        var contentType = HeaderValue(parsing: headers["Content-Type"] ?? defaultType, warnings: &warnings)
        if !contentType.value.contains("/") {
            if headers["Content-Type"] != nil {
                warnings.append("unreadable Content-Type \"\(contentType.value)\": read as \(defaultType)")
            }
            let fallback = HeaderValue(parsing: defaultType, warnings: &warnings)
            contentType.value = fallback.value
        }
        let disposition = HeaderValue(parsing: headers["Content-Disposition"] ?? "", warnings: &warnings)
        let fileName = disposition.parameters["filename"] ?? contentType.parameters["name"]
        let encoding = (headers["Content-Transfer-Encoding"] ?? "").trimmingWhitespace().lowercased()
        let type = contentType.value

        if type.hasPrefix("multipart/") {
            guard depth < limits.maxDepth else {
                warnings.append("\(type) nested deeper than \(limits.maxDepth) levels: kept undecoded")
                addAttachment(fileName: fileName, type: type, data: Array(body), pathPrefix: pathPrefix)
                return
            }
            walkMultipart(
                contentType: contentType,
                body: body,
                depth: depth,
                pathPrefix: pathPrefix,
                into: &bodies
            )
            return
        }

        let data = decodeTransfer(body, encoding: encoding, context: fileName ?? type)
        if type == "message/rfc822" || type == "message/global" {
            let name = safeName(fileName) ?? nestedMessageName(data)
            guard depth < limits.maxDepth else {
                warnings.append(
                    "forwarded message \(name) nested deeper than \(limits.maxDepth) levels: kept as a file"
                )
                addAttachment(fileName: name, type: type, data: data, pathPrefix: pathPrefix)
                return
            }
            let unique = uniqueName(name, pathPrefix: pathPrefix)
            let nested = readMessage(data[...], depth: depth + 1, pathPrefix: pathPrefix + unique + "!/")
            bodies.forwarded.append(forwardBlock(nested))
            return
        }

        let isBodyText =
            (type == "text/plain" || type == "text/html") && fileName == nil
            && disposition.value != "attachment"
        if isBodyText {
            let charset = contentType.parameters["charset"] ?? (type == "text/html" ? HTMLText.metaCharset(data) : nil)
            let text = TextDecoder.decode(
                data,
                charsetName: charset,
                context: "\(type) body",
                warnings: &warnings
            )
            let normalized = text.replacingLineEnds()
            if type == "text/plain" { bodies.plain.append(normalized) } else { bodies.html.append(normalized) }
            return
        }
        addAttachment(fileName: fileName, type: type, data: data, pathPrefix: pathPrefix)
    }

    private mutating func walkMultipart(
        contentType: HeaderValue,
        body: ArraySlice<UInt8>,
        depth: Int,
        pathPrefix: String,
        into bodies: inout Bodies
    ) {
        let type = contentType.value
        var boundary = contentType.parameters["boundary"] ?? ""
        if boundary.isEmpty {
            guard let guessed = MultipartSplitter.guessBoundary(body) else {
                warnings.append("\(type) without a boundary: read as text")
                bodies.plain.append(TextDecoder.decode(body, charsetName: nil, context: type, warnings: &warnings))
                return
            }
            warnings.append("\(type) without a boundary parameter: guessed \"\(guessed)\" from the body")
            boundary = guessed
        }
        let split = MultipartSplitter.split(body, boundary: boundary)
        if !split.foundDelimiter {
            warnings.append("\(type): boundary \"\(boundary)\" never occurs; body read as text")
            bodies.plain.append(
                TextDecoder.decode(body, charsetName: nil, context: type, warnings: &warnings).replacingLineEnds()
            )
            return
        }
        if !split.closed {
            warnings.append("\(type): closing boundary \"--\(boundary)--\" missing (message cut?); read to the end")
        }
        let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
        var children: [Bodies] = []
        for part in split.parts {
            let context = "part of \(type)"
            let partSplit = HeaderBlock.split(part, context: context, warnings: &warnings)
            var child = Bodies()
            walk(
                headers: partSplit.headers,
                body: part[partSplit.bodyStart...],
                depth: depth + 1,
                pathPrefix: pathPrefix,
                defaultType: childDefault,
                into: &child
            )
            children.append(child)
        }
        if type == "multipart/alternative" {
            // One rendering of the same content: the first with plain text, else the first with HTML.
            let chosen = children.first { !$0.plain.isEmpty } ?? children.first { !$0.html.isEmpty }
            if let chosen {
                bodies.plain += chosen.plain
                bodies.html += chosen.html
            }
            for child in children { bodies.forwarded += child.forwarded }
            return
        }
        for child in children where !child.isEmpty {
            bodies.plain += child.plain
            bodies.html += child.html
            bodies.forwarded += child.forwarded
        }
    }

    private mutating func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String, context: String) -> [UInt8] {
        switch encoding {
        case "base64":
            return TransferDecoding.base64(body, warnings: &warnings, context: context)
        case "quoted-printable":
            return TransferDecoding.quotedPrintable(body, warnings: &warnings, context: context)
        case "", "7bit", "8bit", "binary":
            return Array(body)
        default:
            warnings.append("\(context): unknown Content-Transfer-Encoding \"\(encoding)\"; kept as is")
            return Array(body)
        }
    }

    private mutating func addAttachment(fileName: String?, type: String, data: [UInt8], pathPrefix: String) {
        leafCount += 1
        let name = safeName(fileName) ?? "part-\(leafCount).\(MailWalker.defaultExtension(type))"
        let unique = uniqueName(name, pathPrefix: pathPrefix)
        var kept = data
        var truncated = false
        if data.count > limits.maxAttachmentBytes {
            warnings.append(
                "attachment \(pathPrefix + unique) is \(data.count) bytes, over the limit of "
                    + "\(limits.maxAttachmentBytes): cut"
            )
            kept = Array(data.prefix(limits.maxAttachmentBytes))
            truncated = true
        }
        attachments.append(
            MailAttachment(
                name: unique,
                path: pathPrefix + unique,
                contentType: type,
                data: kept,
                isTruncated: truncated
            )
        )
    }

    /// A name not yet used at this level: `a.log`, then `a-2.log`, `a-3.log`, …
    private mutating func uniqueName(_ name: String, pathPrefix: String) -> String {
        var candidate = name
        var counter = 1
        while usedPaths.contains(pathPrefix + candidate) {
            counter += 1
            if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                candidate = "\(name[..<dot])-\(counter)\(name[dot...])"
            } else {
                candidate = "\(name)-\(counter)"
            }
        }
        usedPaths.insert(pathPrefix + candidate)
        return candidate
    }

    private mutating func nestedMessageName(_ data: [UInt8]) -> String {
        leafCount += 1
        var scratch: [String] = []
        let headers = HeaderBlock.split(data[...], context: "", warnings: &scratch).headers
        if let subject = headers["Subject"].map({ EncodedWords.decode($0, warnings: &scratch) }),
            let name = safeName(subject + ".eml")
        {
            return name
        }
        return "message-\(leafCount).eml"
    }

    private func forwardBlock(_ nested: ReadMessage) -> String {
        var scratch: [String] = []
        var lines = ["-------- Forwarded message --------"]
        for field in ["From", "Date", "Subject"] {
            if let value = nested.headers[field] {
                lines.append("\(field): \(EncodedWords.decode(value, warnings: &scratch))")
            }
        }
        return lines.joined(separator: "\n") + "\n\n" + nested.bodyText
    }

    /// A file name safe to write anywhere: the last path component, without control characters, characters
    /// Windows forbids, leading dots or trailing dots and spaces; nil when nothing is left.
    func safeName(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String.UnicodeScalarView()
        for scalar in lastComponent.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || "<>:\"|?*".unicodeScalars.contains(scalar) {
                cleaned.append("_")
            } else {
                cleaned.append(scalar)
            }
        }
        var name = String(cleaned).trimmingWhitespace()
        while name.hasPrefix(".") { name.removeFirst() }
        while name.hasSuffix(".") || name.hasSuffix(" ") { name.removeLast() }
        name = name.trimmingWhitespace()
        guard !name.isEmpty else { return nil }
        if name.unicodeScalars.count > 200 {
            let scalars = Array(name.unicodeScalars)
            let dot = scalars.lastIndex(of: ".").flatMap { scalars.count - $0 <= 16 ? $0 : nil }
            let tail = dot.map { Array(scalars[$0...]) } ?? []
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.prefix(200 - tail.count))
            view.append(contentsOf: tail)
            name = String(view)
        }
        return name
    }

    static func defaultExtension(_ type: String) -> String {
        switch type {
        case "text/plain": "txt"
        case "text/html": "html"
        case "text/csv": "csv"
        case "application/zip", "application/x-zip-compressed", "application/x-zip": "zip"
        case "application/gzip", "application/x-gzip": "gz"
        case "application/json", "text/json": "json"
        case "application/xml", "text/xml": "xml"
        case "message/rfc822", "message/global": "eml"
        default: type.hasPrefix("multipart/") ? "mime" : "bin"
        }
    }
}

extension String {
    /// CRLF and lone CR turned into LF.
    func replacingLineEnds() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(scalar)
        }
        return String(out)
    }
}
