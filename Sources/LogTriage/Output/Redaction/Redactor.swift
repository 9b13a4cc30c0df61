import Foundation
import Synchronization

/// Replaces secrets and personal data in text that leaves logtriage: passwords, tokens (JWT, `Bearer …`, API keys,
/// cookies, URL credentials), card numbers, CVV, passport/document numbers, e-mails and phone numbers.
///
/// It looks at the text as written and at its decoded forms (JSON string escapes, XML entities, URL
/// percent-escapes, up to three layers deep: ``DecodedView``), so a secret inside an escaped body is found too; what
/// it finds is replaced in the text as written, escapes included, by a placeholder of ASCII letters, digits and
/// `[-]`, which keeps JSON, XML and URLs valid. Cut text only after redacting it (``Excerpt``).
///
/// Placeholders are stable within one redactor: the same value always becomes the same `[KIND-n]`, so a reader can
/// still see that two lines carry the same token. Use one redactor per report; it may be shared between threads (the
/// placeholder table lives behind a `Mutex`).
public final class Redactor: Sendable {
    public enum Kind: String, Sendable {
        case password = "PASSWORD"
        case token = "TOKEN"
        case card = "CARD"
        case cvv = "CVV"
        case document = "DOCUMENT"
        case email = "EMAIL"
        case phone = "PHONE"
    }

    /// The placeholder given to each value so far, and how many of each kind.
    private struct Table {
        var placeholders: [String: String] = [:]
        var counters: [Kind: Int] = [:]
    }

    private let table = Mutex(Table())

    public init() {}

    /// `text` with every recognised secret replaced by its placeholder.
    public func redact(_ text: String) -> String {
        let b = Array(text.utf8)
        guard b.count >= 3 else { return text }
        var spans: [SecretScanner.Span] = []
        for view in DecodedView.views(of: b) {
            for var s in SecretScanner.spans(in: view.bytes) {
                s.range = view.originalRange(s.range)
                spans.append(s)
            }
        }
        guard !spans.isEmpty else { return text }
        // Overlapping finds (the same secret seen in two views, a password inside a URL) become one replacement.
        spans.sort {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound
                : $0.range.upperBound > $1.range.upperBound
        }
        var merged: [SecretScanner.Span] = []
        for s in spans {
            if let last = merged.last, s.range.lowerBound < last.range.upperBound {
                if s.range.upperBound > last.range.upperBound {
                    merged[merged.count - 1].range = last.range.lowerBound..<s.range.upperBound
                }
            } else {
                merged.append(s)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var at = 0
        for s in merged {
            out.append(contentsOf: b[at..<s.range.lowerBound])
            out.append(contentsOf: placeholder(for: s.value, kind: s.kind).utf8)
            at = s.range.upperBound
        }
        out.append(contentsOf: b[at...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The placeholder for `value` of `kind`, numbered in order of first sight.
    public func placeholder(for value: String, kind: Kind) -> String {
        // Numbers are the same number however they are spaced: key them by their digits.
        let normalised =
            kind == .phone || kind == .card || kind == .document ? String(value.filter(\.isNumber)) : value
        let key = kind.rawValue + "\u{0}" + normalised
        return table.withLock { t in
            if let p = t.placeholders[key] { return p }
            let n = (t.counters[kind] ?? 0) + 1
            t.counters[kind] = n
            let p = "[\(kind.rawValue)-\(n)]"
            t.placeholders[key] = p
            return p
        }
    }
}
