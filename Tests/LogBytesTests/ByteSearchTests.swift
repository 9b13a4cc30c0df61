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
}
