import Foundation
import Testing

@testable import LogTriage

struct ByteRegexTests {
    private func m(_ p: String, _ s: String) throws -> Bool {
        try ByteRegex(p).matches(Array(s.utf8)[...])
    }

    @Test func `literals classes and escapes`() throws {
        #expect(try m("MIX-\\d{9}", "code MIX-100100001 x"))
        #expect(try !m("MIX-\\d{9}\\b", "code MIX-1001000011"))
        #expect(try m("[A-Z]{3}-[0-9]+", "MIX-200002"))
        #expect(try m("a.c", "abc"))
        #expect(try !m("a.c", "a\nc"))
        #expect(try m("\\s\\w+\\S", " ab!"))
        #expect(try m("[^0-9]x", "ax"))
        #expect(try !m("[^0-9]x", "1x"))
        #expect(try m("\\x41B", "AB"))
        #expect(try m("a\\.b", "a.b"))
        #expect(try !m("a\\.b", "axb"))
        #expect(try m("[\\d.]+ms", "12.5ms"))
    }

    @Test func `anchors are per line`() throws {
        #expect(try m("^HTTP/1\\.1 50[234]", "> POST /\nHTTP/1.1 503 Service"))
        #expect(try !m("^HTTP", "x HTTP"))
        #expect(try m("end$", "the end\nnext"))
        #expect(try m("end$", "the end\r\nnext"))
    }

    @Test func `groups alternation quantifiers and captures`() throws {
        let r = try ByteRegex("(?<status>4\\d\\d|5\\d\\d) (?:Bad|Service)")
        let bytes = Array("HTTP/1.1 503 Service Unavailable".utf8)[...]
        let match = try #require(r.firstMatch(in: bytes))
        #expect(r.capture("status", in: match, of: bytes) == "503")
        #expect(try m("ab{2,3}c", "abbbc"))
        #expect(try !m("ab{2,3}c", "abbbbc"))
        #expect(try m("ab{2,}c", "abbbbbc"))
        #expect(try m("colou?r", "color"))
        #expect(try m("(a|b)+c", "ababc"))
        let lazy = try ByteRegex("<(.+?)>")
        let lb = Array("<a><b>".utf8)[...]
        #expect(lazy.firstMatch(in: lb)?.range == 0..<3)
    }

    @Test func `case-insensitive flag`() throws {
        #expect(try m("(?i)connection refused", "Connection Refused"))
        #expect(try !m("connection refused", "Connection Refused"))
        #expect(try ByteRegex("(?i)Name or Service").requiredLiterals == [Array("name or service".utf8)])
        #expect(try ByteRegex("x(UnknownHost|NoSuchHost)Exception").requiredLiterals == [Array("Exception".utf8)])
        #expect(
            try ByteRegex("(?i)(HTTP/[\\d.]+ |status )401\\b|401 Unauthorized").requiredLiterals == [Array("401".utf8)])
        #expect(try ByteRegex("x(Unknown|NoSuch)HostException").requiredLiterals == [Array("HostException".utf8)])
        #expect(try ByteRegex("(UnknownHost|NoSuchHost)").requiredLiterals?.count == 2)
        #expect(try ByteRegex("\\d+").requiredLiterals == nil)
    }

    @Test(arguments: [
        ("(a", 0, "missing ')'"), ("a)", 1, "unbalanced"), ("[a-", 0, "missing ']'"), ("*a", 0, "nothing to repeat"),
        ("a\\q", 1, "unsupported escape"), ("(a*)*", 0, "empty"), ("a{3,1}", 1, "max below min"),
        ("a(?=b)", 1, "lookahead"), ("x[[:digit:]]", 2, "POSIX"), ("[[:alpha:]]+", 1, "POSIX"),
        ("a(?<=b)c", 1, "lookbehind"), ("(?<!b)c", 0, "lookbehind"),
        ("(a)\\1", 3, "backreference"), ("(?<n>a)\\k<n>", 7, "backreference"), ("\\p{L}", 0, "property"),
        ("a*+", 2, "possessive"), ("a{,3}", 1, "malformed quantifier"), ("a{2, 3}", 1, "malformed quantifier"),
        ("{2}", 0, "nothing to repeat"), ("[]a]", 1, "']'"), ("a]", 1, "']'"), ("[a[b]]", 2, "nested"),
        ("[a&&b]", 2, "&&"), ("(?>a)", 0, "atomic"), ("a(?s)b", 1, "unsupported group"),
        ("(?-i)a", 0, "unsupported group"), ("[:A-Z:]", 1, "property set"), ("[^:a]", 2, "property set"),
        ("я(?i)", 2, "only allowed at the start"), ("[\\d-z]", 3, "range"),
    ])
    func `bad patterns report an offset`(pattern: String, offset: Int, message: String) {
        do {
            _ = try ByteRegex(pattern)
            Issue.record("\(pattern) should not compile")
        } catch let e as ByteRegexError {
            #expect(e.offset == offset, "\(pattern): \(e)")
            #expect(e.message.contains(message), "\(pattern): \(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A search that runs out of steps says so (undecided), never "no match"; the same pattern decides where it can.
    @Test func `pathological patterns stop at the step budget and say so`() throws {
        let r = try ByteRegex("(a+)+b", maxSteps: 200_000)
        #expect(r.search(Array(String(repeating: "a", count: 5000).utf8)[...]) == .budgetExceeded)
        #expect(r.search(Array((String(repeating: "a", count: 5000) + "b").utf8)[...]) != .budgetExceeded)
        let r2 = try ByteRegex("(x|xx)+y")
        let xs = String(repeating: "x", count: 40)
        #expect(r2.search(Array(xs.utf8)[...]) == .budgetExceeded)
        #expect(r2.firstMatch(in: Array((xs + "y").utf8)[...])?.range == 0..<41)
        #expect(r2.search(Array("xx z".utf8)[...]) == .noMatch)  // short inputs are decided
    }

    /// The budget belongs to each start: a match far into a long record is found however many starts came first,
    /// each of which costs some steps.
    @Test func `the step budget is per search start`() throws {
        let r = try ByteRegex("[a-z]+[a-z]+[a-z]+=\\d", maxSteps: 10_000)
        let words = String(repeating: "abcdefghij ", count: 3_000)  // every start backtracks a little, none matches
        let found = r.firstMatch(in: Array((words + "key=7").utf8)[...])
        #expect(found?.range == 33_000..<33_005)
        #expect(r.search(Array(words.utf8)[...]) == .noMatch)
    }

    @Test func `characters are counted, not bytes`() throws {
        #expect(try m("^.{5}$", "Токен"))
        #expect(try !m("^.{10}$", "Токен"))
        #expect(try m("заказ.{0,4}не найден", "заказ 12 не найден"))
        #expect(try m("заказ.{0,40}не найден", "заказ \(String(repeating: "ы", count: 38)) не найден"))
        #expect(try !m("заказ.{0,40}не найден", "заказ \(String(repeating: "ы", count: 39)) не найден"))
        #expect(try m("^[а-яё]+$", "ёлка"))
        #expect(try !m("^[^а-я]$", "ж"))
        #expect(try m("^[^а-я]$", "Ж"))
        #expect(try m("^\\W$", "—"))
        #expect(try m("a.b", "aжb"))
        #expect(try m("^я{2}$", "яя"))
        #expect(try !m("^я{2}$", "я"))
        #expect(try m("\\x{416}", "Ж"))
        #expect(try m("\\xE9", "caf\u{E9}"))
        let r = try ByteRegex("б.")
        #expect(r.firstMatch(in: Array("аб✓".utf8)[...])?.range == 2..<7)  // the check mark is 3 bytes
        // An invalid byte is one character; a match never starts inside a character.
        #expect(try ByteRegex("a.b").matches([0x61, 0xFF, 0x62][...]))
        #expect(try ByteRegex("^.{2}$").matches([0xD0, 0x96, 0xFF][...]))
        #expect(try ByteRegex("[^a]").firstMatch(in: Array("ж".utf8)[...])?.range == 0..<2)
    }

    @Test func `non-ASCII letters are word characters`() throws {
        #expect(try m("\\bнайден\\b", "не найден."))
        #expect(try !m("\\bнайден\\b", "ненайденный"))
        #expect(try m("^\\w+$", "Ёжик_2"))
        #expect(try !m("\\w", "«—»"))
        #expect(try m("\\Bайд", "найден"))
        #expect(try m("\\s", "a\u{A0}b"))  // no-break space is white space
        let w = try ByteRegex("\\w+")
        #expect(w.firstMatch(in: Array("«Токен» x".utf8)[...])?.range == 2..<12)
    }

    @Test func `case-insensitive matching folds Cyrillic`() throws {
        #expect(try m("(?i)токен недействителен", "ТОКЕН Недействителен"))
        #expect(try m("(?i)^[а-я]+$", "жук" + "ИК"))
        #expect(try m("(?i)ёлка", "ЁЛКА"))
        #expect(try !m("токен", "Токен"))
        #expect(try ByteRegex("токен", caseInsensitive: true).matches(Array("ТоКеН".utf8)[...]))
    }

    @Test func `basic Cyrillic case variants equal the Unicode mappings`() {
        for s in UInt32(0x400)..<0x460 {
            #expect(CaseVariants.of(s) == CaseVariants.computed(s), "U+\(String(s, radix: 16))")
        }
    }
}
