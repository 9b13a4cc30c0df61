/// The Teddy fingerprint in front of a ``LiteralScanner``'s byte-pair check (laid out for `CLogScan.h`).
///
/// Each literal of two bytes or more joins one of eight groups; for each of its first four bytes the group notes the
/// low and the high nibbles the byte may have (every case variant of it when the literal ignores case; any nibble past
/// a shorter literal's end). A text position can hold one of the group's literals only when, for each of the four
/// bytes from it, both nibbles are the group's at that byte: the vector kernels test 16 or 32 positions at once with
/// two byte shuffles per byte and group bits. The nibble sets are a superset (a group of `ab` and `cd` also admits
/// `ad`), so a candidate is then checked exactly; the grouping only decides how many false candidates there are.
struct LiteralFingerprints: Sendable {
    static let groups = 8
    /// Fingerprint bytes per literal.
    static let width = 4
    /// Bytes of ``masks``: per fingerprint byte, 16 entries by low nibble then 16 by high nibble.
    static let maskBytes = width * 32

    /// Per group and fingerprint byte (`g * width + k`): bit n set when the byte may have low (high) nibble n.
    private var low = [UInt16](repeating: 0, count: groups * width)
    private var high = [UInt16](repeating: 0, count: groups * width)
    private var members = [Int](repeating: 0, count: groups)
    /// Each group's estimated share of text positions it passes (0 while empty).
    private var passes = [Double](repeating: 0, count: groups)
    /// Entry `k * 32 + n`: bit g set when group g admits low nibble n at fingerprint byte k; `k * 32 + 16 + n`: high.
    private(set) var masks = [UInt8](repeating: 0, count: maskBytes)

    /// Adds a literal (two bytes or more) to the group where it admits the fewest new false candidates: the group
    /// whose estimated share of text positions it passes (``share(_:_:)``) grows least; ties go to the smaller group.
    /// Returns the group's bit.
    mutating func add(_ bytes: [UInt8], ignoreCase: Bool) -> UInt8 {
        var lo = [UInt16](repeating: 0, count: Self.width)
        var hi = [UInt16](repeating: 0, count: Self.width)
        for k in 0..<Self.width {
            guard k < bytes.count else {
                lo[k] = 0xFFFF
                hi[k] = 0xFFFF
                continue
            }
            for v in LiteralScanner.variants(bytes[k], ignoreCase: ignoreCase) {
                lo[k] |= 1 << UInt16(v & 15)
                hi[k] |= 1 << UInt16(v >> 4)
            }
        }
        var best = 0
        var bestGrowth = Double.infinity
        var bestPasses = 0.0
        for g in 0..<Self.groups {
            var after = 1.0
            for k in 0..<Self.width {
                let i = g * Self.width + k
                after *= Self.share(low[i] | lo[k], high[i] | hi[k])
            }
            let growth = after - passes[g]
            if growth < bestGrowth || (growth == bestGrowth && members[g] < members[best]) {
                best = g
                bestGrowth = growth
                bestPasses = after
            }
        }
        members[best] += 1
        passes[best] = bestPasses
        for k in 0..<Self.width {
            let i = best * Self.width + k
            low[i] |= lo[k]
            high[i] |= hi[k]
            for n in 0..<16 {
                if low[i] & (1 << UInt16(n)) != 0 { masks[k * 32 + n] |= 1 << UInt8(best) }
                if high[i] & (1 << UInt16(n)) != 0 { masks[k * 32 + 16 + n] |= 1 << UInt8(best) }
            }
        }
        return 1 << UInt8(best)
    }

    /// The estimated share of log text bytes whose low nibble is in `lo` and high nibble in `hi`: the product of the
    /// two nibbles' shares under ``weights`` (as if they were independent; cheap enough to run for every literal).
    private static func share(_ lo: UInt16, _ hi: UInt16) -> Double {
        var low = 0.0
        var high = 0.0
        for n in 0..<16 {
            if lo & (1 << UInt16(n)) != 0 { low += lowWeights[n] }
            if hi & (1 << UInt16(n)) != 0 { high += highWeights[n] }
        }
        return low * high
    }

    /// A rough frequency of each byte value in log text: lower-case letters and spaces most, then digits, upper-case
    /// letters, punctuation and line ends, UTF-8 bytes of other scripts, other control bytes almost never.
    private static let weights: [Double] = (0..<256).map { b -> Double in
        switch b {
        case 0x20: return 5
        case 0x61...0x7A: return 3
        case 0x30...0x39: return 2
        case 0x41...0x5A: return 1.5
        case 0x21...0x7E, 0x09, 0x0A, 0x0D: return 0.7
        case 0x80...0xFF: return 0.3
        default: return 0.01
        }
    }
    /// The share of each low (high) nibble under ``weights``.
    private static let lowWeights = (0..<16).map { n in (0..<16).map { weights[$0 << 4 | n] }.reduce(0, +) / totalWeight
    }
    private static let highWeights = (0..<16).map { n in
        (0..<16).map { weights[n << 4 | $0] }.reduce(0, +) / totalWeight
    }
    private static let totalWeight = weights.reduce(0, +)
}
