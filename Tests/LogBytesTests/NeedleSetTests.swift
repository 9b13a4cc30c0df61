import Testing

@testable import LogBytes

struct NeedleSetTests {
    @Test func `first indices agree with one search per needle`() {
        let list: [(needle: [UInt8], ignoreCase: Bool)] = [
            (Array("://".utf8), false), (Array("HTTP/".utf8), false), (Array("abab".utf8), false),
            (Array("status".utf8), true), (Array("status code".utf8), true), (Array("a_b".utf8), true),
            (Array("aaa".utf8), false), (Array("x:y".utf8), true),
        ]
        let set = NeedleSet(list)
        let alphabet = Array("aAbBsStTuU _:/xyHP c o d e".utf8) + [0x0A, 0xC3, 0xA9]
        var (rng, seed) = SeededGenerator.forTest()
        for _ in 0..<3000 {
            var bytes: [UInt8] = Array("zz".utf8)
            for _ in 0..<Int.random(in: 0..<60, using: &rng) {
                if Int.random(in: 0..<8, using: &rng) == 0 {
                    bytes += list[Int.random(in: 0..<list.count, using: &rng)].needle.map {
                        Bool.random(using: &rng) && $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0
                    }
                } else {
                    bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
                }
            }
            let slice = bytes[2...]
            let got = set.firstIndices(in: slice)
            for (k, (needle, ci)) in list.enumerated() {
                let want =
                    ci
                    ? ByteSearch.firstIndexIgnoringCase(of: needle, in: slice)
                    : ByteSearch.firstIndex(of: needle, in: slice)
                #expect(
                    got[k] == (want ?? -1),
                    "needle \(k) in \(String(decoding: slice, as: UTF8.self)); replay with LOGTRIAGE_TEST_SEED=\(seed)")
            }
        }
    }

    @Test func `short and empty inputs find nothing`() {
        let set = NeedleSet([(Array("abc".utf8), false)])
        #expect(set.firstIndices(in: [][...]) == [-1])
        #expect(set.firstIndices(in: Array("ab".utf8)[...]) == [-1])
        #expect(set.firstIndices(in: Array("abc".utf8)[...]) == [0])
    }
}
