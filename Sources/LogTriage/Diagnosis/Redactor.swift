/// Replaces secrets and personal data in text that leaves logtriage: passwords, tokens (JWT, `Bearer …`, `<Token>`),
/// card numbers (Luhn-checked), CVV, passport/document numbers, e-mails and phone numbers.
///
/// Placeholders are stable within one redactor: the same value always becomes the same `[KIND-n]`, so a reader can
/// still see that two lines carry the same token. Use one redactor per report.
public final class Redactor: @unchecked Sendable {
    public enum Kind: String, Sendable {
        case password = "PASSWORD"
        case token = "TOKEN"
        case card = "CARD"
        case cvv = "CVV"
        case document = "DOCUMENT"
        case email = "EMAIL"
        case phone = "PHONE"
    }

    /// Domains whose addresses are public contacts, never personal data.
    static let publicEmailDomains = ["mixvel.com", "sirena-travel.com"]

    private var placeholders: [String: String] = [:]
    private var counters: [Kind: Int] = [:]

    public init() {}

    /// `text` with every recognised secret replaced by its placeholder.
    public func redact(_ text: String) -> String {
        var b = Array(text.utf8)
        guard !b.isEmpty else { return text }
        b = redactTaggedValues(b)
        b = redactKeyValues(b)
        b = redactBearer(b)
        b = redactJWTs(b)
        b = redactEmails(b)
        b = redactDigitRuns(b)
        return String(decoding: b, as: UTF8.self)
    }

    /// The placeholder for `value` of `kind`, numbered in order of first sight.
    public func placeholder(for value: String, kind: Kind) -> String {
        // Numbers are the same number however they are spaced: key them by their digits.
        let normalised = kind == .phone || kind == .card ? String(value.filter(\.isNumber)) : value
        let key = kind.rawValue + "\u{0}" + normalised
        if let p = placeholders[key] { return p }
        let n = (counters[kind] ?? 0) + 1
        counters[kind] = n
        let p = "[\(kind.rawValue)-\(n)]"
        placeholders[key] = p
        return p
    }

    // MARK: - XML elements and key/value pairs

    /// Element local names (case-insensitive) whose text is secret, and the kind.
    static let secretElements: [(String, Kind)] = [
        ("password", .password), ("passwd", .password), ("pwd", .password), ("token", .token),
        ("accesstoken", .token), ("refreshtoken", .token), ("cvv", .cvv), ("cvc", .cvv), ("cvv2", .cvv),
        ("securitycode", .cvv), ("seriescode", .cvv), ("cardnumber", .card), ("cardnum", .card), ("pan", .card),
        ("identitydocid", .document), ("docid", .document), ("documentnumber", .document),
        ("passportnumber", .document), ("passport", .document), ("documentid", .document), ("docnumber", .document),
        ("emailaddress", .email), ("emailaddresstext", .email), ("email", .email), ("phone", .phone),
        ("phonenumber", .phone), ("contactnumber", .phone), ("mobile", .phone), ("phonenumbertext", .phone),
        ("secret", .password), ("clientsecret", .password), ("apikey", .token), ("api_key", .token),
        ("authorization", .token),
    ]

    private static let secretLookup: [String: Kind] = Dictionary(secretElements, uniquingKeysWith: { a, _ in a })

    /// `<Password>x</Password>`, `<ns:IdentityDocID>x</ns:IdentityDocID>`.
    private func redactTaggedValues(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "<"), i + 1 < b.count, b[i + 1] != UInt8(ascii: "/") else {
                out.append(b[i])
                i += 1
                continue
            }
            var j = i + 1
            var localStart = j
            while j < b.count, Self.isName(b[j]) {
                if b[j] == UInt8(ascii: ":") { localStart = j + 1 }
                j += 1
            }
            guard j < b.count, j > i + 1 else {
                out.append(b[i])
                i += 1
                continue
            }
            let local = String(decoding: b[localStart..<j], as: UTF8.self).lowercased()
            // Skip attributes to the end of the start tag.
            var k = j
            while k < b.count, b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "<") { k += 1 }
            guard let kind = Self.secretLookup[local], k < b.count, b[k] == UInt8(ascii: ">"),
                k > 0, b[k - 1] != UInt8(ascii: "/")
            else {
                out.append(b[i])
                i += 1
                continue
            }
            let valueStart = k + 1
            var e = valueStart
            while e < b.count, b[e] != UInt8(ascii: "<") { e += 1 }
            out.append(contentsOf: b[i...k])
            let value = String(decoding: b[valueStart..<e], as: UTF8.self)
            if !value.allSatisfy({ $0.isWhitespace }) {
                out.append(contentsOf: Array(placeholder(for: value, kind: kind).utf8))
            } else {
                out.append(contentsOf: b[valueStart..<e])
            }
            i = e
        }
        return out
    }

    /// `"password":"x"`, `password=x`, `Password: x`, `"cvv": 123` (keys case-insensitive, quotes optional).
    private func redactKeyValues(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            let prevIsName = i > 0 && Self.isName(b[i - 1])
            guard !prevIsName, Self.isNameStart(c) else {
                out.append(c)
                i += 1
                continue
            }
            var j = i
            while j < b.count, Self.isName(b[j]) && b[j] != UInt8(ascii: ":") { j += 1 }
            let key = String(decoding: b[i..<j], as: UTF8.self).lowercased()
            guard let kind = Self.secretLookup[key] else {
                out.append(contentsOf: b[i..<j])
                i = j
                continue
            }
            // After the key: optional closing quote, spaces, then ':' or '='.
            var k = j
            if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") { k += 1 }
            while k < b.count, b[k] == 0x20 { k += 1 }
            guard k < b.count, b[k] == UInt8(ascii: ":") || b[k] == UInt8(ascii: "=") else {
                out.append(contentsOf: b[i..<j])
                i = j
                continue
            }
            k += 1
            while k < b.count, b[k] == 0x20 { k += 1 }
            var quote: UInt8?
            if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                quote = b[k]
                k += 1
            }
            // `Authorization: Bearer x` keeps the scheme word.
            if kind == .token, b[k...].starts(with: "Bearer ".utf8) || b[k...].starts(with: "Basic ".utf8) {
                k += b[k...].starts(with: "Bearer ".utf8) ? 7 : 6
            }
            var e = k
            if let q = quote {
                while e < b.count, b[e] != q {
                    if b[e] == UInt8(ascii: "\\") { e += 1 }
                    e += 1
                }
                e = min(e, b.count)
            } else {
                while e < b.count, b[e] != 0x20, b[e] != UInt8(ascii: ","), b[e] != UInt8(ascii: ";"),
                    b[e] != UInt8(ascii: "&"), b[e] != UInt8(ascii: "}"), b[e] != 0x0A, b[e] != 0x0D,
                    b[e] != UInt8(ascii: "<"), b[e] != UInt8(ascii: "'"), b[e] != UInt8(ascii: "\"")
                {
                    e += 1
                }
            }
            out.append(contentsOf: b[i..<k])
            if e > k {
                let value = String(decoding: b[k..<e], as: UTF8.self)
                out.append(contentsOf: Array(placeholder(for: value, kind: kind).utf8))
            }
            i = e
        }
        return out
    }

    // MARK: - Tokens

    private func redactBearer(_ b: [UInt8]) -> [UInt8] {
        replaceAfter(marker: Array("Bearer ".utf8), in: b, kind: .token)
    }

    private func replaceAfter(marker: [UInt8], in b: [UInt8], kind: Kind) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == marker[0], b[i...].starts(with: marker) {
                out.append(contentsOf: marker)
                var e = i + marker.count
                let s = e
                while e < b.count, Self.isTokenByte(b[e]) { e += 1 }
                if e > s, b[s] != UInt8(ascii: "[") {
                    out.append(contentsOf: Array(placeholder(for: String(decoding: b[s..<e], as: UTF8.self), kind: kind).utf8))
                } else {
                    out.append(contentsOf: b[s..<e])
                }
                i = e
                continue
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    /// `eyJ…` three base64url segments.
    private func redactJWTs(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "e"), i + 3 < b.count, b[i + 1] == UInt8(ascii: "y"), b[i + 2] == UInt8(ascii: "J"),
                i == 0 || !Self.isBase64URL(b[i - 1])
            {
                var e = i
                var dots = 0
                while e < b.count, Self.isBase64URL(b[e]) || b[e] == UInt8(ascii: ".") {
                    if b[e] == UInt8(ascii: ".") { dots += 1 }
                    e += 1
                }
                if dots >= 1, e - i >= 16 {
                    out.append(contentsOf: Array(placeholder(for: String(decoding: b[i..<e], as: UTF8.self), kind: .token).utf8))
                    i = e
                    continue
                }
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    // MARK: - E-mails

    private func redactEmails(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        var flushed = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "@") else {
                i += 1
                continue
            }
            var s = i
            while s > flushed, Self.isEmailLocal(b[s - 1]) { s -= 1 }
            var e = i + 1
            var dot = false
            while e < b.count, Self.isHostByte(b[e]) {
                if b[e] == UInt8(ascii: ".") { dot = true }
                e += 1
            }
            while e > i + 1, b[e - 1] == UInt8(ascii: ".") || b[e - 1] == UInt8(ascii: "-") { e -= 1 }
            // MixVel's own public addresses (support@mixvel.com in remediation texts) are not personal data.
            let domain = String(decoding: b[(i + 1)..<e], as: UTF8.self).lowercased()
            let isPublic = Self.publicEmailDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
            if s < i, dot, e > i + 3, !isPublic {
                out.append(contentsOf: b[flushed..<s])
                out.append(contentsOf: Array(placeholder(for: String(decoding: b[s..<e], as: UTF8.self), kind: .email).utf8))
                flushed = e
                i = e
            } else {
                i += 1
            }
        }
        out.append(contentsOf: b[flushed..<b.count])
        return out
    }

    // MARK: - Card and phone numbers

    /// Runs of 13–19 digits (spaces or dashes allowed between groups) that pass the Luhn check become `[CARD-n]`;
    /// `+` followed by 10–15 digits (with common separators) becomes `[PHONE-n]`.
    private func redactDigitRuns(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        var flushed = 0
        while i < b.count {
            let isPlus = b[i] == UInt8(ascii: "+")
            guard Self.isDigit(b[i]) || isPlus, i == 0 || !Self.isAlnum(b[i - 1]) else {
                i += 1
                continue
            }
            var e = isPlus ? i + 1 : i
            var digits: [UInt8] = []
            var lastDigitEnd = e
            while e < b.count {
                let c = b[e]
                if Self.isDigit(c) {
                    digits.append(c)
                    e += 1
                    lastDigitEnd = e
                } else if c == 0x20 || c == UInt8(ascii: "-") || (isPlus && (c == UInt8(ascii: "(") || c == UInt8(ascii: ")"))),
                    e + 1 < b.count, Self.isDigit(b[e + 1]) || b[e + 1] == UInt8(ascii: "(") || b[e + 1] == 0x20
                {
                    e += 1
                } else {
                    break
                }
            }
            let end = lastDigitEnd
            let followedByAlnum = end < b.count && Self.isAlnum(b[end])
            if !followedByAlnum, isPlus, (10...15).contains(digits.count) {
                out.append(contentsOf: b[flushed..<i])
                out.append(contentsOf: Array(placeholder(for: String(decoding: digits, as: UTF8.self), kind: .phone).utf8))
                flushed = end
                i = end
                continue
            }
            if !followedByAlnum, !isPlus, (13...19).contains(digits.count), Self.luhn(digits) {
                out.append(contentsOf: b[flushed..<i])
                out.append(contentsOf: Array(placeholder(for: String(decoding: digits, as: UTF8.self), kind: .card).utf8))
                flushed = end
                i = end
                continue
            }
            i = max(i + 1, end)
        }
        out.append(contentsOf: b[flushed..<b.count])
        return out
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

    // MARK: - Byte classes

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool { isAlpha(c) || c == UInt8(ascii: "_") }
    @inline(__always) static func isName(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
    }
    @inline(__always) static func isBase64URL(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }
    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isBase64URL(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
            || c == UInt8(ascii: "~")
    }
    @inline(__always) static func isEmailLocal(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
            || c == UInt8(ascii: "%")
    }
    @inline(__always) static func isHostByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
    }
}
