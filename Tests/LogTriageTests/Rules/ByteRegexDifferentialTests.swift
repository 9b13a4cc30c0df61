import Foundation
import Testing

@testable import LogTriage

/// ByteRegex against `NSRegularExpression` (ICU) on generated patterns from the supported subset and generated
/// ASCII, Cyrillic and mixed inputs: both must agree on whether there is a match and on the leftmost match's range.
struct ByteRegexDifferentialTests {
    /// The seeded generator of the redaction property test (SplitMix64): a failure names a case that replays.
    typealias Random = RedactionPropertyTests.Random

    enum Alphabet: CaseIterable {
        case ascii, cyrillic, mixed

        var chars: [String] {
            switch self {
            case .ascii: return ["a", "b", "c", "A", "B", "x", "0", "7", " ", "-", ".", "_", ":"]
            case .cyrillic: return ["а", "б", "я", "А", "Б", "Я", "ё", "Ё", "ж", "0", " ", "-", "."]
            case .mixed: return ["a", "b", "A", "x", "а", "б", "Б", "ё", "Ё", "ж", "0", " ", "-", "—", "«"]
            }
        }
    }

    /// A pattern generator over the supported subset.
    struct Patterns {
        var rng: Random
        let chars: [String]

        mutating func pick<T>(_ xs: [T]) -> T { rng.pick(xs) }
        mutating func chance(_ p: Double) -> Bool { Double(rng.int(0...999)) < p * 1000 }

        mutating func literal() -> String {
            let c = pick(chars)
            return [".", "-"].contains(c) ? (c == "." ? "\\." : "-") : c
        }

        mutating func classMember() -> String {
            switch rng.int(0...5) {
            case 0: return pick(["a-c", "а-я", "А-Я", "0-9", "A-Z", "б-ж"])
            case 1: return pick(["\\d", "\\w", "\\s", "\\W", "\\S", "\\D"])
            default:
                let c = pick(chars)
                return c == "-" || c == ":" ? "\\" + c : c  // `[:` opens a property set in ICU
            }
        }

        mutating func atom(depth: Int) -> (String, quantifiable: Bool) {
            switch rng.int(0...11) {
            case 0: return (".", true)
            case 1:
                let members = (0..<rng.int(1...3)).map { _ in classMember() }.joined()
                return ("[" + (chance(0.3) ? "^" : "") + members + "]", true)
            case 2: return (pick(["\\d", "\\w", "\\s", "\\W", "\\S", "\\D"]), true)
            case 3: return (pick(["^", "$", "\\b", "\\B"]), false)
            case 4 where depth < 2, 5 where depth < 2:
                return ("(" + (chance(0.5) ? "?:" : "") + alternation(depth: depth + 1) + ")", true)
            default: return (literal(), true)
            }
        }

        mutating func quantifier() -> String {
            guard chance(0.4) else { return "" }
            let q = pick(["*", "+", "?", "{2}", "{1,}", "{0,2}", "{1,3}"])
            return q + (chance(0.3) ? "?" : "")
        }

        mutating func sequence(depth: Int) -> String {
            var out = ""
            for _ in 0..<rng.int(1...4) {
                let (a, q) = atom(depth: depth)
                out += a + (q ? quantifier() : "")
            }
            return out
        }

        mutating func alternation(depth: Int) -> String {
            (0..<(chance(0.3) ? 2 : 1)).map { _ in sequence(depth: depth) }.joined(separator: "|")
        }
    }

    @Test(arguments: Alphabet.allCases)
    func `generated patterns agree with NSRegularExpression`(alphabet: Alphabet) throws {
        var gen = Patterns(
            rng: Random(state: 0x5EED_0000 + UInt64(Alphabet.allCases.firstIndex(of: alphabet) ?? 0)),
            chars: alphabet.chars)
        var compared = 0
        var undecided = 0
        var matched = 0
        for _ in 0..<400 {
            let pattern = gen.alternation(depth: 0)
            let ci = gen.chance(0.3)
            let ours: ByteRegex
            do {
                ours = try ByteRegex(pattern, caseInsensitive: ci)
            } catch let e as ByteRegexError where e.message.contains("empty string") {
                continue  // `(a*)*` and the like: rejected by design (see the type's documentation)
            } catch {
                Issue.record("/\(pattern)/ from the supported subset did not compile: \(error)")
                continue
            }
            // Nested repetitions (`(a+)+`) backtrack exponentially in both engines; lint rejects them in rules.
            if ours.hasNestedQuantifier { continue }
            var options: NSRegularExpression.Options = [.anchorsMatchLines]
            if ci { options.insert(.caseInsensitive) }
            let theirs = try NSRegularExpression(pattern: pattern, options: options)
            for _ in 0..<25 {
                var input = (0..<gen.rng.int(0...24)).map { _ in gen.pick(alphabet.chars) }
                    .joined()
                if gen.chance(0.2) { input.insert("\n", at: input.index(input.startIndex, offsetBy: input.count / 2)) }
                let bytes = Array(input.utf8)
                let expected = theirs.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count))
                    .map { $0.range.location..<($0.range.location + $0.range.length) }
                switch ours.search(bytes[...]) {
                case .budgetExceeded:
                    undecided += 1
                case .noMatch:
                    #expect(expected == nil, "/\(pattern)/\(ci ? "i" : "") on \(input.debugDescription)")
                case .match(let m):
                    let lo = String(decoding: bytes[..<m.range.lowerBound], as: UTF8.self).utf16.count
                    let hi = String(decoding: bytes[..<m.range.upperBound], as: UTF8.self).utf16.count
                    #expect(expected == lo..<hi, "/\(pattern)/\(ci ? "i" : "") on \(input.debugDescription)")
                    matched += 1
                }
                compared += 1
            }
        }
        #expect(compared > 3_000)
        #expect(matched > compared / 5)  // the generators are not so far apart that nothing matches
        #expect(undecided == 0)
    }
}
