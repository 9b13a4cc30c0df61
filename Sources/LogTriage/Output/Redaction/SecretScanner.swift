import Foundation

/// Finds secrets and personal data in UTF-8 bytes: where each one is, what kind it is, and its value (the
/// ``Redactor`` keys placeholders by value). It reads text as it is; the redactor also runs it on decoded views.
struct SecretScanner {
    struct Span {
        var range: Range<Int>
        var kind: Redactor.Kind
        var value: String
    }

    let b: [UInt8]
    private(set) var spans: [Span] = []

    static func spans(in bytes: [UInt8]) -> [Span] {
        var s = SecretScanner(b: bytes)
        s.scan()
        return s.spans
    }

    /// Public role addresses that remediation texts tell customers to write to: not personal data.
    static let publicAddresses: Set<String> = ["support@mixvel.com"]

    private mutating func scan() {
        taggedValues()
        keyValues()
        schemeTokens()
        jwts()
        urlUserinfo()
        curlUserOptions()
        emails()
        digitRuns()
        documentsByContext()
    }

    private mutating func add(_ r: Range<Int>, _ kind: Redactor.Kind) {
        var r = r
        while r.lowerBound < r.upperBound, Self.isSpace(b[r.lowerBound]) { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound, Self.isSpace(b[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
        guard !r.isEmpty else { return }
        let value = String(decoding: b[r], as: UTF8.self)
        guard !Self.isPlaceholder(value) else { return }
        spans.append(Span(range: r, kind: kind, value: value))
    }

    /// `[PASSWORD-1]`: already redacted.
    static func isPlaceholder(_ s: String) -> Bool {
        guard s.hasPrefix("["), s.hasSuffix("]"), let dash = s.lastIndex(of: "-") else { return false }
        let name = s[s.index(after: s.startIndex)..<dash]
        let n = s[s.index(after: dash)..<s.index(before: s.endIndex)]
        return Redactor.Kind(rawValue: String(name)) != nil && !n.isEmpty && n.allSatisfy(\.isNumber)
    }

    // MARK: - Names of secret fields

    /// The kind of secret a field, element, header or parameter of this name holds (case, `_` and `-` ignored).
    static func kind(ofName raw: some Collection<UInt8>) -> Redactor.Kind? {
        guard raw.count >= 2, raw.count <= 40 else { return nil }
        var n = ""
        for c in raw where c != UInt8(ascii: "_") && c != UInt8(ascii: "-") && c != UInt8(ascii: ".") {
            n.unicodeScalars.append(Unicode.Scalar(c >= 0x41 && c <= 0x5A ? c + 0x20 : c))
        }
        if let k = exactNames[n] { return k }
        if n.hasSuffix("password") || n.hasSuffix("passwd") || n.hasSuffix("secret") || n.hasSuffix("passphrase") {
            return .password
        }
        if n.hasSuffix("token") || n.hasSuffix("apikey") || n.hasSuffix("authorization") || n.hasSuffix("cookie") {
            return .token
        }
        if n.hasSuffix("cvv") || n.hasSuffix("cvc") || n.hasSuffix("cvv2") || n.hasSuffix("cvc2") { return .cvv }
        if n.hasPrefix("passport") { return .document }
        if n.hasSuffix("cardnumber") || n.hasSuffix("cardno") { return .card }
        if n.hasSuffix("email") || n.hasSuffix("emailaddress") { return .email }
        if n.hasSuffix("phonenumber") || n.hasSuffix("phone") { return .phone }
        return nil
    }

    private static let exactNames: [String: Redactor.Kind] = [
        "pwd": .password, "pass": .password, "credentials": .password,
        "securitycode": .cvv, "cardsecuritycode": .cvv, "seriescode": .cvv,
        "pan": .card, "cardnum": .card, "primaryaccountnumber": .card,
        "identitydocid": .document, "docid": .document, "documentnumber": .document, "docnumber": .document,
        "documentid": .document, "documentno": .document, "docno": .document,
        "emailaddresstext": .email, "mail": .email,
        "phonenumbertext": .phone, "contactnumber": .phone, "mobile": .phone, "tel": .phone, "telephone": .phone,
        "msisdn": .phone, "sessionid": .token, "session": .token, "jsessionid": .token, "signature": .token,
    ]

    // MARK: - XML elements

    /// `<Password>x</Password>`, `<ns:IdentityDocID>x</…>`, `<Password><![CDATA[x]]></Password>`.
    private mutating func taggedValues() {
        var i = 0
        while let lt = Self.find(UInt8(ascii: "<"), in: b, from: i) {
            i = lt + 1
            guard i < b.count, Self.isNameStart(b[i]) else { continue }
            var j = i
            var localStart = i
            while j < b.count, Self.isName(b[j]) || b[j] == UInt8(ascii: ":") {
                if b[j] == UInt8(ascii: ":") { localStart = j + 1 }
                j += 1
            }
            guard let kind = Self.kind(ofName: b[localStart..<j]) else { continue }
            var k = j
            while k < b.count, b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "<") { k += 1 }
            guard k < b.count, b[k] == UInt8(ascii: ">"), b[k - 1] != UInt8(ascii: "/") else { continue }
            var start = k + 1
            while start < b.count, Self.isSpace(b[start]) { start += 1 }
            let cdata = Array("<![CDATA[".utf8)
            if b[start...].starts(with: cdata) {
                start += cdata.count
                var e = start
                while e < b.count, !(b[e] == UInt8(ascii: "]") && b[e...].starts(with: "]]>".utf8)) { e += 1 }
                add(start..<e, kind)
                i = e
                continue
            }
            var e = start
            while e < b.count, b[e] != UInt8(ascii: "<") { e += 1 }
            add(start..<e, kind)
            i = e
        }
    }

    // MARK: - Key/value pairs, headers, query parameters

    /// `"password":"x"`, `password=x`, `Password: x`, `"cvv": 123`, `access_token=x&`, `X-Api-Key: x`,
    /// `Authorization: Bearer x` (any case), `Cookie: a=b; c=d`.
    private mutating func keyValues() {
        var i = 0
        while i < b.count {
            guard Self.isNameStart(b[i]), i == 0 || !Self.isName(b[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < b.count, Self.isName(b[j]) { j += 1 }
            guard let kind = Self.kind(ofName: b[i..<j]) else {
                i = j
                continue
            }
            let wholeLine = Self.isWholeLineHeader(b[i..<j])
            var k = j
            if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") { k += 1 }
            while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
            guard k < b.count, b[k] == UInt8(ascii: ":") || b[k] == UInt8(ascii: "=") else {
                i = j
                continue
            }
            k += 1
            if k < b.count, b[k] == UInt8(ascii: ">") { k += 1 }  // `=>`
            while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
            var quote: UInt8?
            if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                quote = b[k]
                k += 1
            }
            // After `Bearer`/`Basic`/`Token`/`ApiKey` the credential is one word (the rest of the line is prose in a
            // reply template); other schemes (`Digest a="b", c="d"`) keep the whole line.
            var oneWord = false
            if kind == .token, let scheme = Self.schemeWordLength(b, at: k) {
                oneWord = ["bearer", "basic", "token", "apikey"].contains {
                    Self.lowerEquals(b[k..<min(b.count, k + $0.utf8.count)], $0)
                }
                k += scheme
            }
            var e = k
            if let q = quote {
                while e < b.count, b[e] != q, b[e] != 0x0A {
                    if b[e] == UInt8(ascii: "\\") { e += 1 }
                    e += 1
                }
                e = min(e, b.count)
            } else if oneWord {
                while e < b.count, !Self.isSpace(b[e]), b[e] != UInt8(ascii: "\""), b[e] != UInt8(ascii: "'") { e += 1 }
            } else if wholeLine {
                while e < b.count, b[e] != 0x0A, b[e] != 0x0D, b[e] != UInt8(ascii: "'"), b[e] != UInt8(ascii: "\"") {
                    e += 1
                }
            } else {
                while e < b.count, !Self.endsBareValue(b[e]) { e += 1 }
            }
            let value = b[k..<e]
            let literal =
                quote == nil
                && (value.elementsEqual("null".utf8) || value.elementsEqual("true".utf8)
                    || value.elementsEqual("false".utf8))
            // `"phone": {` or `password: <` introduce structure, not a value; `<token>` is a placeholder in prose.
            let placeholder = value.count > 2 && value.first == UInt8(ascii: "<") && value.last == UInt8(ascii: ">")
            if !literal, !placeholder,
                !(quote == nil && (value.first == UInt8(ascii: "{") || value.first == UInt8(ascii: "[")))
            {
                add(k..<e, kind)
            }
            i = max(e, j)
        }
    }

    /// Headers whose value is the rest of the line (cookies hold `;` and `=`).
    private static func isWholeLineHeader(_ name: ArraySlice<UInt8>) -> Bool {
        let n = String(decoding: name, as: UTF8.self).lowercased()
        return n == "cookie" || n == "set-cookie" || n == "authorization" || n == "proxy-authorization"
    }

    /// `Bearer `, `Basic `, … (any case) at `k`: the length including the spaces after it.
    private static func schemeWordLength(_ b: [UInt8], at k: Int) -> Int? {
        for w in ["bearer", "basic", "digest", "negotiate", "ntlm", "token", "apikey", "oauth"] {
            let n = w.utf8.count
            guard k + n < b.count, lowerEquals(b[k..<(k + n)], w), b[k + n] == 0x20 else { continue }
            var e = k + n
            while e < b.count, b[e] == 0x20 { e += 1 }
            return e - k
        }
        return nil
    }

    /// `Bearer x` / `bearer x` anywhere (not only after an `Authorization` key).
    private mutating func schemeTokens() {
        var i = 0
        while i + 7 < b.count {
            if (b[i] | 0x20) == UInt8(ascii: "b"), Self.lowerEquals(b[i..<(i + 6)], "bearer"),
                i == 0 || !Self.isAlnum(b[i - 1]), b[i + 6] == 0x20
            {
                var s = i + 6
                while s < b.count, b[s] == 0x20 { s += 1 }
                var e = s
                while e < b.count, Self.isTokenByte(b[e]) { e += 1 }
                if e - s >= 6 { add(s..<e, .token) }
                i = max(e, i + 1)
                continue
            }
            i += 1
        }
    }

    // MARK: - Tokens

    /// `eyJ…` base64url segments joined by dots; a line break inside an unfinished one (fewer than two dots) is
    /// part of it.
    private mutating func jwts() {
        var i = 0
        while i + 3 < b.count {
            guard b[i] == UInt8(ascii: "e"), b[i + 1] == UInt8(ascii: "y"), b[i + 2] == UInt8(ascii: "J"),
                i == 0 || !Self.isBase64URL(b[i - 1])
            else {
                i += 1
                continue
            }
            var e = i
            var dots = 0
            while e < b.count {
                if Self.isBase64URL(b[e]) {
                    e += 1
                } else if b[e] == UInt8(ascii: ".") {
                    dots += 1
                    e += 1
                } else if dots < 2, let n = Self.lineBreakLength(b, at: e) ?? (b[e] == 0x20 ? 1 : nil),
                    Self.continuesJWT(b, at: e + n, dots: dots, afterLineBreak: b[e] != 0x20)
                {
                    e += n
                } else {
                    break
                }
            }
            while e > i, b[e - 1] == UInt8(ascii: ".") { e -= 1 }
            if dots >= 1, e - i >= 16 { add(i..<e, .token) }
            i = max(e, i + 1)
        }
    }

    /// Whether the run at `k` finishes an unfinished JWT: after a line break any base64url run does; after a space
    /// (a line break collapsed in an excerpt) only a run carrying the missing dots.
    private static func continuesJWT(_ b: [UInt8], at k: Int, dots: Int, afterLineBreak: Bool) -> Bool {
        var e = k
        var more = 0
        while e < b.count, isBase64URL(b[e]) || b[e] == UInt8(ascii: ".") {
            if b[e] == UInt8(ascii: ".") { more += 1 }
            e += 1
        }
        guard e - k >= 4, dots + more <= 2 else { return false }
        return afterLineBreak || (more >= 1 && dots + more == 2)
    }

    /// A line break (with the indentation after it) at `e`: its length, or nil.
    private static func lineBreakLength(_ b: [UInt8], at e: Int) -> Int? {
        var k = e
        if k < b.count, b[k] == 0x0D { k += 1 }
        guard k < b.count, b[k] == 0x0A else { return nil }
        k += 1
        while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        return k - e
    }

    // MARK: - URLs and curl options

    /// `https://agent:PASS@host/`: the password.
    private mutating func urlUserinfo() {
        var i = 0
        while let r = Self.find("://", in: b, from: i) {
            var k = r + 3
            var colon: Int?
            while k < b.count, b[k] > 0x20, b[k] != UInt8(ascii: "/"), b[k] != UInt8(ascii: "@"),
                b[k] != UInt8(ascii: "\""), b[k] != UInt8(ascii: "'"), b[k] != UInt8(ascii: "<")
            {
                if b[k] == UInt8(ascii: ":"), colon == nil { colon = k }
                k += 1
            }
            if k < b.count, b[k] == UInt8(ascii: "@"), let c = colon { add((c + 1)..<k, .password) }
            i = r + 3
        }
    }

    /// `curl -u user:pass`, `-U "DOMAIN\user:pass"`, `--user`, `--proxy-user`: the password.
    private mutating func curlUserOptions() {
        for opt in [" -u", " -U", " --user", " --proxy-user"] {
            var i = 0
            while let r = Self.find(opt, in: b, from: i) {
                var k = r + opt.utf8.count
                i = k
                guard k < b.count, b[k] == 0x20 || b[k] == UInt8(ascii: "=") else { continue }
                while k < b.count, b[k] == 0x20 || b[k] == UInt8(ascii: "=") { k += 1 }
                var quote: UInt8?
                if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                    quote = b[k]
                    k += 1
                }
                var e = k
                var colon: Int?
                while e < b.count, b[e] != 0x0A, quote.map({ b[e] != $0 }) ?? (b[e] != 0x20) {
                    if b[e] == UInt8(ascii: ":"), colon == nil { colon = e }
                    e += 1
                }
                if let c = colon { add((c + 1)..<e, .password) }
            }
        }
    }

    // MARK: - E-mails

    /// `local@domain.tld`, letters of any script (`иван@почта.рф`); MixVel's public support address stays.
    private mutating func emails() {
        var i = 0
        while let at = Self.find(UInt8(ascii: "@"), in: b, from: i) {
            i = at + 1
            var s = at
            while s > 0, Self.isEmailLocal(b[s - 1]) { s -= 1 }
            while s < at, b[s] == UInt8(ascii: ".") { s += 1 }
            var e = at + 1
            while e < b.count, Self.isHostByte(b[e]) { e += 1 }
            while e > at + 1, b[e - 1] == UInt8(ascii: ".") || b[e - 1] == UInt8(ascii: "-") { e -= 1 }
            guard s < at, e > at + 1 else { continue }
            let domain = b[(at + 1)..<e]
            guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), e - dot > 2, dot > at + 1 else { continue }
            // `scheme://user:pass@host` is userinfo, not an address.
            if s > 0, b[s - 1] == UInt8(ascii: ":"), let scheme = Self.find("://", in: b, from: max(0, s - 200)),
                scheme < s, !b[scheme..<s].contains(where: { $0 <= 0x20 })
            {
                continue
            }
            let address = String(decoding: b[s..<e], as: UTF8.self).lowercased()
            if Self.publicAddresses.contains(address) { continue }
            add(s..<e, .email)
            i = e
        }
    }

    // MARK: - Numbers

    /// Card numbers, phone numbers and CVVs written as digits, told apart from ids, timestamps and amounts by their
    /// shape and the words before them.
    private mutating func digitRuns() {
        var i = 0
        while i < b.count {
            let c = b[i]
            guard Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "(") else {
                i += 1
                continue
            }
            let run = NumberRun(b, from: i)
            guard let run, run.digits.count >= 3 else {
                i += 1
                continue
            }
            // A number followed by another (`8 912 345 67 83  32`): also try its leading groups.
            var found = classify(run)
            var n = run.groups - 1
            while !found, n >= 1 {
                found = classify(run.prefix(groups: n), whole: false)
                n -= 1
            }
            i = found ? spans.last!.range.upperBound : max(i + 1, run.firstDigitEnd)
        }
    }

    /// `whole` is false for the leading groups of a longer number: they are never a card by their grouping alone.
    private mutating func classify(_ run: NumberRun, whole: Bool = true) -> Bool {
        let d = run.digits
        let before = run.range.lowerBound
        // Part of an id, a path, a version or a GUID: `-1234`, `a.1234`, `/1234`.
        if before >= 2,
            [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "_")]
                .contains(b[before - 1]), Self.isAlnum(b[before - 2])
        {
            return false
        }
        let context = contextWords(before: before)
        // A leading `+` or `(` already stands apart from what precedes it.
        let gluedBefore = Self.isDigit(b[before]) && before > 0 && Self.isAlnum(b[before - 1])
        let gluedAfter = run.range.upperBound < b.count && Self.isAlnum(b[run.range.upperBound])
        let cardContext = context.hasCard && !gluedAfter || context.gluedCard
        if (13...19).contains(d.count), Self.luhn(d), !run.plus,
            cardContext || ((whole || run.cutAtOtherSeparator) && !gluedBefore && !gluedAfter && run.groupedLikeCard)
        {
            add(run.range, .card)
            return true
        }
        if context.hasCVV || context.gluedCVV, (3...4).contains(d.count), !gluedAfter, run.groups == 1 {
            add(run.range, .cvv)
            return true
        }
        guard !gluedBefore, !gluedAfter else { return false }
        if run.plus, (10...15).contains(d.count) {
            add(run.range, .phone)
            return true
        }
        let first = d.first!
        let russian = d.count == 11 && (first == UInt8(ascii: "7") || first == UInt8(ascii: "8"))
        if russian, run.groups > 1 || d[1] == UInt8(ascii: "9") || context.hasPhone {
            add(run.range, .phone)
            return true
        }
        if context.hasPhone, (10...12).contains(d.count) {
            add(run.range, .phone)
            return true
        }
        return false
    }

    /// What the words just before `at` (same line, up to 32 bytes) say about a number there.
    private func contextWords(before at: Int) -> (
        hasCard: Bool, gluedCard: Bool, hasCVV: Bool, gluedCVV: Bool, hasPhone: Bool
    ) {
        var s = at
        while s > 0, at - s < 32, b[s - 1] != 0x0A, b[s - 1] != UInt8(ascii: ">") { s -= 1 }
        let text = String(decoding: b[s..<at], as: UTF8.self).lowercased()
        let near = String(text.suffix(14))
        func hasWord(_ words: [String], in text: String) -> Bool {
            words.contains { w in
                var rest = text[...]
                while let r = rest.range(of: w) {
                    let atWordStart =
                        r.lowerBound == text.startIndex || !text[text.index(before: r.lowerBound)].isLetter
                    if atWordStart { return true }
                    rest = rest[r.upperBound...]
                }
                return false
            }
        }
        let cardWords = ["card", "pan", "карт", "visa", "mastercard", "maestro", "amex", "credit", "debit"]
        let cvvWords = ["cvv", "cvc", "security code", "код безопасности"]
        let phoneWords = ["phone", "тел", "моб", "mobile", "contact", "whatsapp", "sms", "смс"]
        let gluedWord = String(String(text.reversed().prefix { $0.isLetter }).reversed())
        return (
            hasCard: hasWord(cardWords, in: text),
            gluedCard: gluedWord == "cc" || gluedWord.hasSuffix("pan") || gluedWord.hasSuffix("card")
                || gluedWord.hasSuffix("cardno"),
            hasCVV: hasWord(cvvWords, in: near), gluedCVV: gluedWord.hasSuffix("cvv") || gluedWord.hasSuffix("cvc"),
            hasPhone: hasWord(phoneWords, in: text)
        )
    }

    /// `паспорт 4511 112233`, `passport: 4511112233`, `серия 4511 номер 112233`.
    private mutating func documentsByContext() {
        let text = b
        for word in ["паспорт", "passport", "серия", "series"] {
            let w = Array(word.utf8)
            var i = 0
            while let r = Self.findLower(w, in: text, from: i) {
                i = r + w.count
                var k = i
                // Up to 24 bytes of words and punctuation before the first digit (`РФ`, `№`, `серия`).
                while k < text.count, k - i < 24, !Self.isDigit(text[k]), text[k] != 0x0A, text[k] != UInt8(ascii: "<"),
                    text[k] != UInt8(ascii: "\""), text[k] != UInt8(ascii: ",")
                {
                    k += 1
                }
                guard k < text.count, Self.isDigit(text[k]) else { continue }
                let start = k
                var end = k
                var digits = 0
                var gap = 0
                while k < text.count, digits < 12 {
                    if Self.isDigit(text[k]) {
                        digits += 1
                        gap = 0
                        k += 1
                        end = k
                    } else if gap < 12, text[k] != 0x0A, text[k] != UInt8(ascii: "<"), text[k] != UInt8(ascii: ","),
                        text[k] != UInt8(ascii: "\""), digits < 10
                    {
                        gap += 1
                        k += 1
                    } else {
                        break
                    }
                }
                if (6...12).contains(digits), end >= text.count || !Self.isAlnum(text[end]) {
                    add(start..<end, .document)
                }
            }
        }
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            var v = Int(d - 0x30)
            if k % 2 == 1 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return sum % 10 == 0 && digits.contains { $0 != 0x30 }
    }

    // MARK: - Byte helpers

    static func find(_ c: UInt8, in b: [UInt8], from: Int) -> Int? {
        guard from < b.count else { return nil }
        return b[from...].firstIndex(of: c)
    }

    static func find(_ s: String, in b: [UInt8], from: Int) -> Int? {
        let n = Array(s.utf8)
        var i = from
        while i + n.count <= b.count {
            guard let f = find(n[0], in: b, from: i) else { return nil }
            if f + n.count <= b.count, b[f..<(f + n.count)].elementsEqual(n) { return f }
            i = f + 1
        }
        return nil
    }

    /// `w` (lower-case) from `from`, ASCII letters compared ignoring case, Cyrillic in either case; at a word start.
    static func findLower(_ w: [UInt8], in b: [UInt8], from: Int) -> Int? {
        var i = from
        let cyrillic = w[0] >= 0x80
        while i + w.count <= b.count {
            let c = b[i]
            let candidate = cyrillic ? (c == 0xD0 || c == 0xD1) : (c | 0x20) == w[0]
            if candidate, i == 0 || (!isAlpha(b[i - 1]) && b[i - 1] < 0x80),
                Array(String(decoding: b[i..<(i + w.count)], as: UTF8.self).lowercased().utf8) == w
            {
                return i
            }
            i += 1
        }
        return nil
    }

    static func lowerEquals(_ s: ArraySlice<UInt8>, _ w: String) -> Bool {
        s.count == w.utf8.count && zip(s, w.utf8).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool { isAlpha(c) || c == UInt8(ascii: "_") }
    @inline(__always) static func isName(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }
    @inline(__always) static func isBase64URL(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }
    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isBase64URL(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "/")
            || c == UInt8(ascii: "=") || c == UInt8(ascii: "~")
    }
    /// Local part of an address; bytes of non-ASCII letters count as letters.
    @inline(__always) static func isEmailLocal(_ c: UInt8) -> Bool {
        isAlnum(c) || c >= 0x80 || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "%")
    }
    @inline(__always) static func isHostByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c >= 0x80 || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
    }
    /// Where an unquoted value ends.
    @inline(__always) static func endsBareValue(_ c: UInt8) -> Bool {
        isSpace(c) || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == UInt8(ascii: "&")
            || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == UInt8(ascii: "<") || c == UInt8(ascii: "'")
            || c == UInt8(ascii: "\"") || c == UInt8(ascii: ")")
    }
}

/// Digits written as one number: groups separated by one of ` -.` (or a bracket with a space: `8 (912) 345`), an
/// optional leading `+`.
struct NumberRun {
    var range: Range<Int>
    var digits: [UInt8]
    var plus: Bool
    var groupSizes: [Int]
    var separators: [[UInt8]]
    /// Byte offset just after each group.
    var groupEnds: [Int]
    var firstDigitEnd: Int

    var groups: Int { groupSizes.count }
    /// For the leading groups of a longer number: the separator after them differs from theirs (`4111-…-1111 2`).
    var cutAtOtherSeparator = false

    /// Groups of 3–6 digits all separated by the same single character (`4111 1111 1111 1111`, `4111.1111…`).
    var groupedLikeCard: Bool {
        let oneSeparator =
            Set(separators).count == 1 && separators.first?.count == 1
            && separators.first.map { $0 != [UInt8(ascii: "(")] && $0 != [UInt8(ascii: ")")] } == true
        return groups >= 3 && oneSeparator && groupSizes.allSatisfy { (3...6).contains($0) }
    }

    init?(_ b: [UInt8], from start: Int) {
        var i = start
        plus = b[i] == UInt8(ascii: "+")
        if plus || b[i] == UInt8(ascii: "(") { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "(") { i += 1 }
        guard i < b.count, SecretScanner.isDigit(b[i]) else { return nil }
        digits = []
        groupSizes = []
        separators = []
        groupEnds = []
        var current = 0
        var end = i
        firstDigitEnd = i
        let separatorBytes: [UInt8] = [
            0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
        ]
        while i < b.count {
            if SecretScanner.isDigit(b[i]) {
                digits.append(b[i])
                current += 1
                i += 1
                end = i
                if groupSizes.isEmpty { firstDigitEnd = i }
                continue
            }
            // One separator byte, or two when one is a bracket, followed by a digit continue the number.
            var k = i
            while k < b.count, k - i < 2, separatorBytes.contains(b[k]) { k += 1 }
            if k - i == 2, !b[i..<k].contains(UInt8(ascii: "(")) && !b[i..<k].contains(UInt8(ascii: ")")) { break }
            guard k > i, k < b.count, SecretScanner.isDigit(b[k]), digits.count < 19 else { break }
            groupSizes.append(current)
            groupEnds.append(end)
            separators.append(Array(b[i..<k]))
            current = 0
            i = k
        }
        groupSizes.append(current)
        groupEnds.append(end)
        range = start..<end
    }

    /// The number made of its first `n` groups.
    func prefix(groups n: Int) -> NumberRun {
        var r = self
        r.groupSizes = Array(groupSizes.prefix(n))
        r.separators = Array(separators.prefix(n - 1))
        r.groupEnds = Array(groupEnds.prefix(n))
        r.digits = Array(digits.prefix(r.groupSizes.reduce(0, +)))
        r.range = range.lowerBound..<groupEnds[n - 1]
        r.cutAtOtherSeparator = n >= 2 && separators[n - 1] != separators[0]
        return r
    }
}
