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
        #expect(try ByteRegex("(?i)(HTTP/[\\d.]+ |status )401\\b|401 Unauthorized").requiredLiterals == [Array("401".utf8)])
        #expect(try ByteRegex("x(Unknown|NoSuch)HostException").requiredLiterals == [Array("HostException".utf8)])
        #expect(try ByteRegex("(UnknownHost|NoSuchHost)").requiredLiterals?.count == 2)
        #expect(try ByteRegex("\\d+").requiredLiterals == nil)
    }

    @Test(arguments: [
        ("(a", 0, "missing ')'"), ("a)", 1, "unbalanced"), ("[a-", 0, "missing ']'"), ("*a", 0, "nothing to repeat"),
        ("a\\q", 1, "unsupported escape"), ("(a*)*", 0, "empty"), ("a{3,1}", 1, "max below min"), ("a(?=b)", 3, "unsupported"),
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

    @Test func `pathological patterns stop at the step budget`() throws {
        let r = try ByteRegex("(a+)+b", maxSteps: 200_000)
        let input = Array(String(repeating: "a", count: 5000).utf8)[...]
        let start = Date()
        #expect(r.search(input) == .budgetExceeded)
        #expect(Date().timeIntervalSince(start) < 2)
        let r2 = try ByteRegex("(x|xx)+y")
        #expect(!r2.matches(Array(String(repeating: "x", count: 40).utf8)[...]))
    }
}
