import Testing

@testable import LogBytes

struct LiteralScannerTests {
    /// The literal ids `scanner` finds in `text` with `kernel` (nil: the Swift reference scan).
    static func found(_ scanner: LiteralScanner, _ text: ArraySlice<UInt8>, kernel: Int?) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: max(scanner.wordCount, 1))
        words.withUnsafeMutableBufferPointer { found in
            if let kernel {
                scanner.scan(text, into: found, level: kernel)
            } else {
                scanner.referenceScan(text, into: found)
            }
        }
        return words
    }

    static func ids(_ words: [UInt64]) -> [Int] {
        (0..<(words.count * 64)).filter { words[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }

    @Test func `finds literals by case rule, short ones and Cyrillic bytes`() {
        var s = LiteralScanner()
        let error = s.id(of: Array("error".utf8), ignoreCase: true)
        let mix = s.id(of: Array("MIX-".utf8), ignoreCase: false)
        let ab = s.id(of: Array("ab".utf8), ignoreCase: false)
        let x = s.id(of: Array("x".utf8), ignoreCase: false)
        let cyrillic = s.id(of: Array("недейств".utf8), ignoreCase: true)
        let text = Array("-- xx ERROR in mix-1 aB; Недействителен, недействителен".utf8)
        for kernel in [nil] + Array(0...LiteralScanner.vectorLevel) {
            let got = Set(Self.ids(Self.found(s, text[...], kernel: kernel)))
            // Case is folded for ASCII letters only (Cyrillic case variants are literals of their own in the engine).
            #expect(got == [error, x, cyrillic], "kernel \(String(describing: kernel))")
            #expect(!got.contains(mix) && !got.contains(ab))
        }
    }

    /// Random literal sets (any case rule, one-byte and empty ones, Cyrillic and other UTF-8 bytes) over random texts
    /// with literals planted at random offsets, many of them at or across the kernels' 16- and 32-byte block edges
    /// and at the text's end: every kernel finds the same ids as the reference scan.
    @Test func `every kernel finds what the reference scan finds`() {
        var (rng, seed) = SeededGenerator.forTest()
        let alphabet = Array("aAbBeErRoOsStTxX09 -_:<>/\n".utf8) + Array("ДдНнеЕ".utf8) + [0x00, 0x80, 0xFF, 0xC3]
        func randomBytes(_ count: Int) -> [UInt8] {
            (0..<count).map { _ in
                Int.random(in: 0..<8, using: &rng) == 0
                    ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
            }
        }
        for round in 0..<100 {
            var scanner = LiteralScanner()
            var literals: [(bytes: [UInt8], ignoreCase: Bool)] = []
            for _ in 0..<Int.random(in: 1...(round % 4 == 0 ? 200 : 24), using: &rng) {
                let length =
                    Int.random(in: 0..<20, using: &rng) == 0
                    ? Int.random(in: 0...1, using: &rng)
                    : Int.random(in: 2...12, using: &rng)
                var bytes = randomBytes(length)
                let ignoreCase = Bool.random(using: &rng)
                if ignoreCase, Int.random(in: 0..<4, using: &rng) != 0 {
                    bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                }
                _ = scanner.id(of: bytes, ignoreCase: ignoreCase)
                literals.append((bytes, ignoreCase))
            }
            for _ in 0..<20 {
                var text = randomBytes(
                    Int.random(in: 0..<(Int.random(in: 0..<4, using: &rng) == 0 ? 400 : 70), using: &rng))
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    var planted = literals.randomElement(using: &rng)!.bytes
                    if Bool.random(using: &rng) {
                        planted = planted.map { $0 >= 0x61 && $0 <= 0x7A && Bool.random(using: &rng) ? $0 & ~0x20 : $0 }
                    }
                    guard planted.count <= text.count else { continue }
                    let edges = [0, 14, 15, 16, 17, 30, 31, 32, 33, 34, text.count - planted.count]
                    let at = min(
                        Bool.random(using: &rng)
                            ? edges.randomElement(using: &rng)! : Int.random(in: 0...text.count, using: &rng),
                        text.count - planted.count)
                    text.replaceSubrange(at..<(at + planted.count), with: planted)
                }
                let skip = Int.random(in: 0...3, using: &rng)
                text = randomBytes(skip) + text
                let slice = text[skip...]
                let want = Self.found(scanner, slice, kernel: nil)
                for kernel in 0...LiteralScanner.vectorLevel {
                    let got = Self.found(scanner, slice, kernel: kernel)
                    #expect(
                        got == want,
                        """
                        kernel \(kernel) found \(Self.ids(got)), reference \(Self.ids(want)) in \(Array(slice)), \
                        literals \(literals); replay with LOGTRIAGE_TEST_SEED=\(seed)
                        """)
                    if got != want { return }
                }
            }
        }
    }
}
