import LogBytes

/// What a tolerant single pass over the XML in a record found.
///
/// The scan never builds a tree: it walks the tags with a small stack of local names, so it copes with any namespace
/// prefix (`View:`, `Shop:`, `auth:`, none), with XML embedded in log text, and with bodies cut short.
struct XMLFacts {
    var rootMessage: String?
    var messageId: String?
    var timeSent: String?
    var replyTo: String?

    var errorLevel: Int?
    var errorType: String?
    var code: String?
    var descText: String?
    var canRetry: Bool?
    var retryAfter: Int?
    var ticketId: String?
    /// Byte range of the first `<Error>` element (or of the first `<Warning>` when there is no error).
    var decisiveStart: Int?
    var decisiveEnd: Int?

    var warningCodes: [String] = []
    var warningTexts: [String] = []
    var operationStatuses: [String] = []
    var responseAfterTimeout: Int?
    var retransmission: Bool?
    /// Distinct local names of the opened elements, sorted.
    var elements: [String] = []
    var namespaces: Set<String> = []
    var sawTag = false
    var sawHTML = false
    /// Start of the first `<OperationStatus>Failure</OperationStatus>` (a partial failure inside a response).
    var failureStart: Int?
}

enum XMLScanner {
    private static let maxDepth = 256

    /// Scans every tag in `bytes`: everything ``XMLFacts`` holds.
    static func scan(_ bytes: ArraySlice<UInt8>) -> XMLFacts {
        var walk = FullWalk()
        var i = bytes.startIndex
        while let tag = nextTag(bytes, from: &i, facts: &walk.facts) {
            let local = walk.names.id(bytes, start: tag.localStart, count: tag.nameEnd - tag.localStart)
            if tag.closing {
                walk.close(local, tag, bytes)
                i = skipPastGT(bytes, from: tag.nameEnd)
            } else {
                walk.facts.sawTag = true
                let (attributesEnd, selfClosing) = readAttributes(
                    bytes, from: tag.nameEnd, traits: walk.names.traits[local], facts: &walk.facts)
                let tagEnd = min(attributesEnd + 1, bytes.endIndex)
                walk.open(local, tag, selfClosing: selfClosing, tagEnd: tagEnd, bytes)
                i = tagEnd
            }
        }
        return walk.finish(bytes)
    }

    /// The same walk for only the facts that name a call: ``XMLFacts/rootMessage``, the `MessageInfo` ids,
    /// ``XMLFacts/namespaces``, ``XMLFacts/sawTag``, ``XMLFacts/sawHTML`` (the others stay empty). Equal to those
    /// of ``scan(_:)`` on any input: the tags are found the same way; no name table, stack or captured text.
    static func scanCallFacts(_ bytes: ArraySlice<UInt8>) -> XMLFacts {
        var facts = XMLFacts()
        var i = bytes.startIndex
        while let tag = nextTag(bytes, from: &i, facts: &facts) {
            if tag.closing {
                i = skipPastGT(bytes, from: tag.nameEnd)
                continue
            }
            facts.sawTag = true
            let traits = XMLNameTable.classify(bytes[tag.localStart..<tag.nameEnd]).0
            let (attributesEnd, _) = readAttributes(bytes, from: tag.nameEnd, traits: traits, facts: &facts)
            noteOpened(traits, tag, bytes, facts: &facts)
            i = min(attributesEnd + 1, bytes.endIndex)
        }
        return facts
    }

    // MARK: - Steps of the walk

    /// An element tag's name: `<name` or `</name` at `start`, local part (after the last `:`) from `localStart`.
    struct Tag {
        var start: Int
        var closing: Bool
        var localStart: Int
        var nameEnd: Int
    }

    /// The next element tag at or after `i`, stepping over processing instructions, comments, CDATA, doctypes and
    /// `<` that starts no name (noting an HTML doctype); nil at the end. `i` is left where the walk goes on when the
    /// caller does not move it.
    private static func nextTag(_ bytes: ArraySlice<UInt8>, from i: inout Int, facts: inout XMLFacts) -> Tag? {
        let end = bytes.endIndex
        while i < end, let lt = ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: bytes[i..<end]) {
            var j = lt + 1
            guard j < end else { return nil }
            let c = bytes[j]
            if c == UInt8(ascii: "?") || c == UInt8(ascii: "!") {
                i = skipMarkup(bytes, at: j, facts: &facts)
                continue
            }
            let closing = c == UInt8(ascii: "/")
            if closing { j += 1 }
            // Element name: letters, digits, _ - . : ; must start with a letter or _.
            guard j < end, isNameStart(bytes[j]) else {
                i = lt + 1
                continue
            }
            var localStart = j
            while j < end {
                let b = bytes[j]
                guard isNameByte(b) else { break }
                j += 1
                if b == UInt8(ascii: ":") { localStart = j }
            }
            if localStart == j {  // `<prefix:` with no local name
                i = j
                continue
            }
            return Tag(start: lt, closing: closing, localStart: localStart, nameEnd: j)
        }
        return nil
    }

    /// Past a `<?…?>`, `<!--…-->`, `<![CDATA[…]]>` or `<!…>` whose `?`/`!` is at `j`.
    private static func skipMarkup(_ bytes: ArraySlice<UInt8>, at j: Int, facts: inout XMLFacts) -> Int {
        if bytes[j] == UInt8(ascii: "?") { return skip(past: Self.piEnd, in: bytes, from: j) }
        if bytes[j...].starts(with: Self.commentOpen) { return skip(past: Self.commentEnd, in: bytes, from: j) }
        // Captured text keeps the CDATA, decoded by `decodeText`.
        if bytes[j...].starts(with: Self.cdataOpen) { return skip(past: Self.cdataEnd, in: bytes, from: j) }
        if bytes[j...].prefix(9).lowercased() == "!doctype " && bytes[j...].prefix(14).lowercased().hasSuffix("html") {
            facts.sawHTML = true
        }
        return skipPastGT(bytes, from: j)
    }

    /// Reads an opening tag's attributes from `k` up to its `>` (or a `<` that breaks it): namespace declarations and
    /// `MessageInfo` ids go to `facts`. Returns where the tag ends (the `>`, the `>` of `/>`, or the breaking `<`)
    /// and whether it closes itself.
    private static func readAttributes(
        _ bytes: ArraySlice<UInt8>,
        from start: Int,
        traits: XMLNameTable.Traits,
        facts: inout XMLFacts
    ) -> (end: Int, selfClosing: Bool) {
        let end = bytes.endIndex
        var k = start
        while k < end {
            let b = bytes[k]
            if b == UInt8(ascii: ">") { break }
            if b == UInt8(ascii: "/"), k + 1 < end, bytes[k + 1] == UInt8(ascii: ">") { return (k + 1, true) }
            if b == UInt8(ascii: "<") { break }  // broken tag: stop here
            guard isNameStart(b) else {
                k += 1
                continue
            }
            let an = k
            while k < end, isNameByte(bytes[k]) { k += 1 }
            let attrEnd = k
            while k < end, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A { k += 1 }
            guard k < end, bytes[k] == UInt8(ascii: "=") else { continue }
            k += 1
            while k < end, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A { k += 1 }
            guard k < end, bytes[k] == 0x22 || bytes[k] == 0x27 else { continue }
            let q = bytes[k]
            let vs = k + 1
            let ve = ByteSearch.firstIndex(of: q, in: bytes[vs..<end]) ?? end
            noteAttribute(bytes[an..<attrEnd], value: bytes[vs..<ve], traits: traits, facts: &facts)
            k = min(ve + 1, end)
        }
        return (k, false)
    }

    /// What an opened element says by its name alone: the first MixVel (or auth) message, HTML.
    @inline(__always)
    private static func noteOpened(
        _ traits: XMLNameTable.Traits, _ tag: Tag, _ bytes: ArraySlice<UInt8>, facts: inout XMLFacts
    ) {
        if facts.rootMessage == nil, !traits.isDisjoint(with: [.mixvel, .auth, .authResponse]) {
            facts.rootMessage = String(decoding: bytes[tag.localStart..<tag.nameEnd], as: UTF8.self)
        }
        if traits.contains(.html) { facts.sawHTML = true }
    }

    /// The state of a full walk: the open elements, the first error, an open warning, the text being captured.
    private struct FullWalk {
        var facts = XMLFacts()
        var names = XMLNameTable()
        /// Ids of the open elements' local names.
        var stack: [Int] = []
        /// Stack depth of the open first `<Error>`, of an open `<Warning>`.
        var errorDepth: Int?
        var warningDepth: Int?
        var warningCode: String?
        var warningText: String?
        /// Id of the element whose text is being captured (-1: none), and where its text starts.
        var captureName = -1
        var captureStart = 0

        init() { stack.reserveCapacity(32) }

        /// An opening or self-closing tag whose attributes end at `tagEnd`.
        mutating func open(_ local: Int, _ tag: Tag, selfClosing: Bool, tagEnd: Int, _ bytes: ArraySlice<UInt8>) {
            let traits = names.traits[local]
            names.opened[local] = true
            noteOpened(traits, tag, bytes, facts: &facts)
            if traits.contains(.error), errorDepth == nil, facts.errorLevel == nil || facts.errorLevel == 3 {
                facts.errorLevel = errorLevel(parents: stack, names: names)  // 1 or 2: an <Error> is never a warning
                facts.decisiveStart = tag.start
                facts.decisiveEnd = nil
                if !selfClosing { errorDepth = stack.count }
            } else if traits.contains(.warning), warningDepth == nil,
                stack.contains(where: { !names.traits[$0].isDisjoint(with: [.response, .mixvel]) })
            {
                if facts.errorLevel == nil {
                    facts.errorLevel = 3
                    facts.decisiveStart = tag.start
                }
                if !selfClosing {
                    warningDepth = stack.count
                } else {
                    facts.warningCodes.append("")
                    facts.warningTexts.append("")
                }
            }
            if !selfClosing {
                if captureName < 0, names.captured[local] != .none {
                    captureName = local
                    captureStart = tagEnd
                }
                if stack.count < maxDepth { stack.append(local) }
            }
        }

        /// A closing tag: ends the captured text, and the open elements down to the one it names.
        mutating func close(_ local: Int, _ tag: Tag, _ bytes: ArraySlice<UInt8>) {
            if captureName >= 0, captureName == local { endCapture(local, at: tag.start, bytes) }
            guard let k = stack.lastIndex(of: local) else { return }
            if let d = errorDepth, k <= d {
                errorDepth = nil
                facts.decisiveEnd = facts.decisiveEnd ?? skipPastGT(bytes, from: tag.nameEnd)
            }
            if let d = warningDepth, k <= d {
                warningDepth = nil
                facts.warningCodes.append(warningCode ?? "")
                facts.warningTexts.append(warningText ?? "")
                warningCode = nil
                warningText = nil
                if facts.errorLevel == 3, facts.decisiveEnd == nil {
                    facts.decisiveEnd = skipPastGT(bytes, from: tag.nameEnd)
                }
            }
            stack.removeSubrange(k...)
        }

        private mutating func endCapture(_ local: Int, at lt: Int, _ bytes: ArraySlice<UInt8>) {
            let text = decodeText(bytes[captureStart..<lt])
            if facts.failureStart == nil, names.traits[local].contains(.operationStatus),
                text.lowercased() == "failure"
            {
                facts.failureStart = bytes[..<captureStart].lastIndex(of: UInt8(ascii: "<"))
            }
            assign(
                text, to: names.captured[local], facts: &facts, inError: errorDepth != nil,
                inWarning: warningDepth != nil, warningCode: &warningCode, warningText: &warningText)
            captureName = -1
        }

        /// The facts once every tag is read.
        mutating func finish(_ bytes: ArraySlice<UInt8>) -> XMLFacts {
            if errorDepth != nil, facts.decisiveEnd == nil { facts.decisiveEnd = bytes.endIndex }
            // A partial failure outranks a warning as the decisive element (an error outranks both).
            if let f = facts.failureStart, facts.errorLevel == nil || facts.errorLevel == 3 {
                facts.decisiveStart = f
                facts.decisiveEnd = nil
            }
            facts.elements = names.openedNames(in: bytes)
            return facts
        }
    }

    // MARK: - Element handling

    /// An attribute with a quoted value: namespace declarations anywhere, the ids of `MessageInfo`.
    @inline(__always)
    private static func noteAttribute(
        _ name: ArraySlice<UInt8>,
        value: ArraySlice<UInt8>,
        traits: XMLNameTable.Traits,
        facts: inout XMLFacts
    ) {
        if name.count >= 5,
            name.starts(with: Self.xmlnsName) && (name.count == 5 || name[name.startIndex + 5] == UInt8(ascii: ":"))
        {
            facts.namespaces.insert(String(decoding: value, as: UTF8.self))
        } else if traits.contains(.messageInfo) {
            let attrLocal = name.split(separator: UInt8(ascii: ":")).last ?? name
            if attrLocal.elementsEqual("MessageId".utf8) {
                facts.messageId = String(decoding: value, as: UTF8.self)
            } else if attrLocal.elementsEqual("TimeSent".utf8) {
                facts.timeSent = String(decoding: value, as: UTF8.self)
            } else if attrLocal.elementsEqual("ReplyTo".utf8) {
                facts.replyTo = String(decoding: value, as: UTF8.self)
            }
        }
    }

    private static func assign(
        _ text: String,
        to kind: XMLNameTable.Captured,
        facts: inout XMLFacts,
        inError: Bool,
        inWarning: Bool,
        warningCode: inout String?,
        warningText: inout String?
    ) {
        switch kind {
        case .errorType where inError: facts.errorType = facts.errorType ?? text
        case .canRetry where inError: facts.canRetry = facts.canRetry ?? (text.lowercased() == "true" || text == "1")
        case .retryAfter where inError: facts.retryAfter = facts.retryAfter ?? Int(text)
        case .ticketId where inError: facts.ticketId = facts.ticketId ?? text
        case .code where inError: facts.code = facts.code ?? text
        case .descText where inError:
            facts.descText = facts.descText.map { $0 + " " + text } ?? text
        case .code where inWarning: warningCode = warningCode ?? text
        case .descText where inWarning: warningText = warningText.map { $0 + " " + text } ?? text
        case .ticketId: facts.ticketId = facts.ticketId ?? text
        case .operationStatus: facts.operationStatuses.append(text)
        case .responseAfterTimeout:
            facts.responseAfterTimeout = facts.responseAfterTimeout ?? Int(text)
        case .retransmissionInd: facts.retransmission = text.lowercased() == "true" || text == "1"
        default: break
        }
    }

    /// Level 1 when the error sits directly in the envelope's `Body`, 2 under a response message.
    private static func errorLevel(parents: [Int], names: XMLNameTable) -> Int {
        for p in parents.reversed() {
            let t = names.traits[p]
            if !t.isDisjoint(with: [.authResponse, .mixvel]) { return 2 }
            if t.contains(.body) { return 1 }
        }
        return parents.isEmpty ? 1 : 2
    }

    // MARK: - Text

    /// Trims, unwraps CDATA and decodes the five named entities and numeric references.
    static func decodeText(_ raw: ArraySlice<UInt8>) -> String {
        var s = raw
        while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0A || f == 0x0D { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D { s = s.dropLast() }
        if s.starts(with: Self.cdataOpenFull), s.count >= 12, s.suffix(3).elementsEqual(Self.cdataEnd) {
            return String(decoding: s.dropFirst(9).dropLast(3), as: UTF8.self)
        }
        guard ByteSearch.firstIndex(of: UInt8(ascii: "&"), in: s) != nil else {
            return String(decoding: s, as: UTF8.self)
        }
        return decodeEntities(String(decoding: s, as: UTF8.self))
    }

    static func decodeEntities(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semi]
            var replacement: String?
            switch entity {
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16),
                    let u = Unicode.Scalar(v)
                {
                    replacement = String(Character(u))
                } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                    replacement = String(Character(u))
                }
            }
            if let r = replacement {
                out += r
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        out += rest
        return out
    }

    // MARK: - Bytes

    @inline(__always)
    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    @inline(__always)
    private static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x3A
    }

    /// Index after the first `>` at or after `from`, else the end.
    @inline(__always)
    private static func skipPastGT(_ bytes: ArraySlice<UInt8>, from: Int) -> Int {
        guard let at = ByteSearch.firstIndex(of: UInt8(ascii: ">"), in: bytes[from..<bytes.endIndex]) else {
            return bytes.endIndex
        }
        return at + 1
    }

    private static func skip(past needle: [UInt8], in bytes: ArraySlice<UInt8>, from: Int) -> Int {
        guard let at = ByteSearch.firstIndex(of: needle, in: bytes[from..<bytes.endIndex]) else {
            return bytes.endIndex
        }
        return at + needle.count
    }

    private static let piEnd = Array("?>".utf8)
    private static let commentOpen = Array("!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let cdataOpen = Array("![CDATA[".utf8)
    private static let cdataOpenFull = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
    private static let xmlnsName = Array("xmlns".utf8)
}

extension ArraySlice where Element == UInt8 {
    /// ASCII-lower-cased copy as a String (for short prefixes only).
    fileprivate func lowercased() -> String { String(decoding: self, as: UTF8.self).lowercased() }
}
