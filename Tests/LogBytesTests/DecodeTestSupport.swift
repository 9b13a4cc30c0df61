import Foundation

@testable import LogBytes

/// One decoded line: its number and text bytes.
struct DecodedLine: Equatable, CustomStringConvertible {
    var number: Int
    var bytes: [UInt8]
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var description: String { "\(number): \(text)" }
}

/// Feeds `input` to a fresh decoder in chunks of `chunk` bytes and collects everything.
func decode(_ input: [UInt8], chunk: Int = 1 << 20, limits: DecodeLimits = DecodeLimits()) -> (
    lines: [DecodedLine], report: DecodeReport
) {
    let decoder = LineDecoder(limits: limits)
    var lines: [DecodedLine] = []
    let collect: (ArraySlice<UInt8>, Int) -> Void = { lines.append(DecodedLine(number: $1, bytes: Array($0))) }
    var i = 0
    while i < input.count {
        let end = min(i + chunk, input.count)
        decoder.feed(input[i..<end], onLine: collect)
        i = end
    }
    decoder.finish(onLine: collect)
    return (lines, decoder.report)
}

func texts(_ lines: [DecodedLine]) -> [String] { lines.map(\.text) }

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Deterministic SplitMix64, so generated inputs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// The generator of a randomised test: seeded from `LOGTRIAGE_TEST_SEED` when set (to replay a failure), else
    /// with a new seed each run. Put the seed in every failure message.
    static func forTest() -> (generator: SeededGenerator, seed: UInt64) {
        let seed =
            ProcessInfo.processInfo.environment["LOGTRIAGE_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        return (SeededGenerator(seed: seed), seed)
    }
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var g = SeededGenerator(seed: seed)
    var out = [UInt8]()
    out.reserveCapacity(count)
    while out.count < count {
        let v = g.next()
        for k in 0..<8 where out.count < count { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
    }
    return out
}

/// A log-like text of `count` lines.
func sampleLog(lines count: Int, prefix: String = "") -> String {
    (1...count).map {
        "\(prefix)2024-05-01T10:00:\(String(format2: $0 % 60)) INFO request \($0) <Code>MIX-\($0)</Code>\n"
    }
    .joined()
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}

/// UTF-16 encoding of `s`, with or without a BOM.
func utf16(_ s: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
    var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for u in s.utf16 {
        let hi = UInt8(u >> 8)
        let lo = UInt8(u & 0xFF)
        out += bigEndian ? [hi, lo] : [lo, hi]
    }
    return out
}

/// Windows-1251 encoding of Cyrillic/ASCII text (А..я, Ё, ё only).
func cp1251(_ s: String) -> [UInt8] {
    s.unicodeScalars.map { u -> UInt8 in
        switch u.value {
        case 0..<0x80: UInt8(u.value)
        case 0x0410...0x044F: UInt8(u.value - 0x0410 + 0xC0)
        case 0x0401: 0xA8
        case 0x0451: 0xB8
        default: UInt8(ascii: "?")
        }
    }
}
