import Foundation
import Testing

@testable import LogTriage

/// The prefix-literal skip of ``ByteRegex/search(_:)`` (``PrefixFilter``) changes nothing but speed: generated
/// patterns that begin with literal alternations give the same result with and without it, and agree with
/// `NSRegularExpression`.
struct ByteRegexPrefixFilterTests {
    typealias Random = RedactionPropertyTests.Random

    /// Prefix words: mixed case, Cyrillic, different lengths, some the start of another (`co`/`code`).
    static let words = [
        "co", "code", "CoDe", "status", "Stat", "HTTP/", "http ", "re", "responded", "ош", "Ошибка", "ок", "5x",
        "a-", "ab", "aB", "abc", "xa", "—a", "«o",
    ]
    /// Text pieces: the words in other cases and cut short, single characters between them.
    static let pieces = [
        "co", "CO", "cOD", "code", "CODE", "stat", "STATUS", "http", "HTTP/", "Http ", "re", "RESPONDED", "Ош",
        "ОШИБКА", "ошибка", "ок", "ОК", "5x", "5X", "a-", "A-", "ab", "AB", "abc", "xa", "XA", "—a", "«o", "«O", "a",
        "b", "c", "x", "5", "0", " ", "-", ":", "\n", "я", "ж", "ё",
    ]

    @Test func `generated prefix-literal patterns match the same with and without the skip`() throws {
        var rng = Random(state: 0x5EED_7F1F)
        var tails = ByteRegexDifferentialTests.Patterns(rng: Random(state: 0x5EED_7F20), chars: ["a", "b", "5", " "])
        var compared = 0
        var matched = 0
        var filtered = 0
        for _ in 0..<600 {
            let alternatives = (0..<rng.int(1...4)).map { _ in rng.pick(Self.words) }
            var pattern = "(" + (rng.int(0...1) == 0 ? "?:" : "") + alternatives.joined(separator: "|") + ")"
            if rng.int(0...3) == 0 { pattern = rng.pick(["\\b", "^"]) + pattern }
            if rng.int(0...2) > 0 { pattern += tails.sequence(depth: 1) }
            if rng.int(0...3) == 0 { pattern += rng.pick(["xyz", "5\\d\\d\\b", "\\d+"]) }
            let ci = rng.int(0...1) == 0
            let with: ByteRegex
            do {
                with = try ByteRegex(pattern, caseInsensitive: ci)
            } catch let e as ByteRegexError where e.message.contains("empty string") {
                continue
            }
            if with.hasNestedQuantifier { continue }
            if with.prefixFilter != nil { filtered += 1 }
            var without = with
            without.usesPrefixFilter = false
            var options: NSRegularExpression.Options = [.anchorsMatchLines]
            if ci { options.insert(.caseInsensitive) }
            let theirs = try NSRegularExpression(pattern: pattern, options: options)
            for _ in 0..<20 {
                let input = (0..<rng.int(0...30)).map { _ in rng.pick(Self.pieces) }.joined()
                let bytes = Array(input.utf8)
                let a = with.search(bytes[...])
                let b = without.search(bytes[...])
                #expect(a == b, "/\(pattern)/\(ci ? "i" : "") on \(input.debugDescription)")
                // Also the slice not starting at 0, as rule conditions pass sub-ranges.
                let cut = bytes.count / 3
                #expect(with.search(bytes[cut...]) == without.search(bytes[cut...]))
                let expected = theirs.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count))
                    .map { $0.range.location..<($0.range.location + $0.range.length) }
                if case .match(let m) = a {
                    let lo = String(decoding: bytes[..<m.range.lowerBound], as: UTF8.self).utf16.count
                    let hi = String(decoding: bytes[..<m.range.upperBound], as: UTF8.self).utf16.count
                    #expect(expected == lo..<hi, "/\(pattern)/\(ci ? "i" : "") on \(input.debugDescription)")
                    matched += 1
                } else {
                    let what = "/\(pattern)/\(ci ? "i" : "") on \(input.debugDescription)"
                    #expect(a == .noMatch && expected == nil, "\(what)")
                }
                compared += 1
            }
        }
        #expect(compared > 10_000)
        #expect(matched > compared / 10)
        #expect(filtered > 150)  // the skip is really exercised, not left to the literal plan
    }

    @Test func `a prefix filter is built only where it is exact and useful`() throws {
        // Starts come from the `50` plan: the filter keeps the machine off every other `h` and `s` of the line.
        let gateway = try ByteRegex("(?i)(HTTP |status )50[234]\\b")
        #expect(gateway.prefixFilter?.literals == [Array("http ".utf8), Array("status ".utf8)])
        // Overlapping literals: `co` implies `code`.
        #expect(try ByteRegex("(?i)(code|co)[=:]\\d\\d").prefixFilter?.literals == [Array("co".utf8)])
        // Non-ASCII bytes under case-insensitivity: not built (a case-variant letter would not be bytes anyway).
        #expect(try ByteRegex("(?i)(—a|xy)\\d\\d\\d").prefixFilter == nil)
        #expect(try ByteRegex("(—a|xy)\\d\\d\\d").prefixFilter != nil)
        // A one-byte alternative or no literal start: nothing to check.
        #expect(try ByteRegex("(a|xy)\\d\\d\\d").prefixFilter == nil)
        #expect(try ByteRegex("\\d+ms").prefixFilter == nil)
        // The literal plan already starts only at the prefix literals: no second check.
        #expect(try ByteRegex("(?i)Read timed out").prefixFilter == nil)
    }

    @Test func `the skip respects case folding, slice bounds and the end of the input`() throws {
        var r = try ByteRegex("(?i)(HTTP |status )50[234]\\b")
        let text = Array("sss hhh STATUS 503 x".utf8)
        #expect(r.firstMatch(in: text[...])?.range == 8..<18)
        #expect(r.firstMatch(in: text[9...]) == nil)  // "TATUS 503": no literal at any start
        #expect(r.firstMatch(in: Array("status 50".utf8)[...]) == nil)
        r.usesPrefixFilter = false
        #expect(r.firstMatch(in: text[...])?.range == 8..<18)
        // `(?i)` folds ASCII letters to their ASCII pair only, as the machine does: `@` is not `` ` ``.
        let at = try ByteRegex("(?i)(@x|yz)\\d\\d\\d")
        #expect(at.firstMatch(in: Array("`x123 @X123".utf8)[...])?.range == 6..<11)
    }
}
