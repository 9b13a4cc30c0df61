import Testing

@testable import LogBytes

struct ByteSearchTests {
    let hay = Array("xx<Code>MIX-200002</Code>".utf8)

    @Test func `finds literals with slice indices`() {
        let slice = hay[2...]
        #expect(ByteSearch.firstIndex(of: Array("MIX-".utf8), in: slice) == 8)
        #expect(ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: slice) == 2)
        #expect(ByteSearch.lastIndex(of: UInt8(ascii: "<"), in: slice) == 18)
        #expect(ByteSearch.firstIndex(of: Array("nope".utf8), in: slice) == nil)
        #expect(ByteSearch.firstIndexIgnoringCase(of: Array("<code>".utf8), in: slice) == 2)
    }

    @Test func `case-insensitive search agrees with a plain scan at every length and offset`() {
        func naive(_ needle: [UInt8], _ hay: ArraySlice<UInt8>) -> Int? {
            guard needle.count <= hay.count else { return nil }
            for p in hay.startIndex...(hay.endIndex - needle.count) {
                let ok = (0..<needle.count).allSatisfy { j in
                    var c = hay[p + j]
                    if c >= 0x41 && c <= 0x5A { c += 0x20 }
                    return c == needle[j]
                }
                if ok { return p }
            }
            return nil
        }
        var (rng, seed) = SeededGenerator.forTest()
        let alphabet = Array("sStTaAuU :_x".utf8)
        let needles = ["status", "st", "s", " status", "timeout of ", "_c", "status code"].map { Array($0.utf8) }
        for _ in 0..<400 {
            let len = Int.random(in: 0..<150, using: &rng)
            let bytes = (0..<(len + 3)).map { _ in alphabet.randomElement(using: &rng)! }
            let hay = bytes[3...]
            for n in needles {
                #expect(
                    ByteSearch.firstIndexIgnoringCase(of: n, in: hay) == naive(n, hay),
                    "replay with LOGTRIAGE_TEST_SEED=\(seed)")
            }
        }
    }
}

struct ByteSearchRangeTests {
    @Test func `range comparisons, equality and ASCII checks`() {
        let hay = Array("xxCodeCodexCoda".utf8)[2...]
        #expect(ByteSearch.rangesEqual(hay, 2, 6, count: 4))
        #expect(!ByteSearch.rangesEqual(hay, 2, 11, count: 4))
        #expect(ByteSearch.equals(hay[2..<6], Array("Code".utf8)))
        #expect(!ByteSearch.equals(hay[2..<6], Array("Cod".utf8)))
        #expect(ByteSearch.hasPrefix(hay[2...], Array("CodeC".utf8)))
        #expect(ByteSearch.rangePrecedes(hay, 11, 4, 2, 4))  // Coda < Code
        #expect(ByteSearch.rangePrecedes(hay, 2, 3, 2, 4))  // Cod < Code
        #expect(!ByteSearch.rangePrecedes(hay, 2, 4, 2, 4))
        #expect(ByteSearch.isASCII(Array("plain text, long enough for words".utf8)[...]))
        #expect(!ByteSearch.isASCII(Array("plain text, long enough: é".utf8)[...]))
        #expect(ByteSearch.isASCII([][...]))
    }
}
