/// Several literals searched in one pass: the first occurrence of each one.
///
/// Candidates come from a shift-or over each needle's first three bytes: one 64-bit table entry per text byte says,
/// for every needle, whether the byte can be its first, second or third byte; a candidate is then checked byte by byte.
/// A needle marked `ignoreCase` must be lower-case ASCII and matches like ``ByteSearch/firstIndexIgnoringCase(of:in:)``
/// (ASCII letters of the text folded to lower case).
package struct NeedleSet: Sendable {
    /// All needles' bytes, one after the other.
    private let bytes: [UInt8]
    private let starts: [Int]
    private let counts: [Int]
    private let ignoreCase: [Bool]
    /// Per byte value: bit k clear = may be needle k's third byte, bit 21+k clear its second, bit 42+k clear its first.
    private let table: [UInt64]

    private static let width: UInt64 = 21
    private static let low: UInt64 = (1 << 21) - 1

    /// At most 21 needles of at least 3 bytes each.
    package init(_ list: [(needle: [UInt8], ignoreCase: Bool)]) {
        precondition(list.count <= 21 && list.allSatisfy { $0.needle.count >= 3 })
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for (needle, _) in list {
            starts.append(bytes.count)
            bytes.append(contentsOf: needle)
        }
        self.bytes = bytes
        self.starts = starts
        counts = list.map { $0.needle.count }
        ignoreCase = list.map { $0.ignoreCase }
        var table = [UInt64](repeating: 0, count: 256)
        for (k, (needle, ci)) in list.enumerated() {
            for b in 0..<256 {
                let folded = ci && b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                if folded == Int(needle[2]) { table[b] |= 1 << UInt64(k) }
                if folded == Int(needle[1]) { table[b] |= 1 << (Self.width + UInt64(k)) }
                if folded == Int(needle[0]) { table[b] |= 1 << (2 * Self.width + UInt64(k)) }
            }
        }
        // Shift-or form: a 0 bit means "may be"; bit 63 stays 0 so nothing is shifted into the first-byte section.
        self.table = table.map { ~$0 & ~(UInt64(1) << 63) }
    }

    package var count: Int { counts.count }

    /// For each needle (in the order given), the index of its first occurrence in `hay`, or -1.
    package func firstIndices(in hay: ArraySlice<UInt8>) -> [Int] {
        var out = [Int](repeating: -1, count: counts.count)
        var remaining: UInt64 = (1 << UInt64(counts.count)) - 1
        let start = hay.startIndex
        hay.withUnsafeBufferPointer { h in
            table.withUnsafeBufferPointer { t in
                // Invariant: h reads are at j < n; table reads at a byte value (< 256 = t.count).
                let n = h.count
                // Bit k of `state` is clear when needle k's first three bytes end at j (shift-or, as in bitap).
                var state: UInt64 = ~(UInt64(1) << 63)
                var j = 0
                while j < n {
                    state = (state >> Self.width) | t[Int(h[j])]
                    let m = ~state & Self.low & remaining
                    if m != 0 {
                        let found = verify(m, h, at: j - 2)
                        for k in 0..<counts.count where found & (1 << UInt64(k)) != 0 { out[k] = start + j - 2 }
                        remaining &= ~found
                        if remaining == 0 { return }
                    }
                    j += 1
                }
            }
        }
        return out
    }

    /// The needles among `candidates` (bits) that occur at `p`; their first three bytes are known to match.
    @inline(never)
    private func verify(_ candidates: UInt64, _ h: UnsafeBufferPointer<UInt8>, at p: Int) -> UInt64 {
        var found: UInt64 = 0
        var m = candidates
        bytes.withUnsafeBufferPointer { nb in
            // Invariant: h reads at p + q < p + len <= h.count; needle reads inside start..<start+len of nb.
            while m != 0 {
                let k = m.trailingZeroBitCount
                m &= m - 1
                let len = counts[k]
                guard p + len <= h.count else { continue }
                let s = starts[k]
                var q = 3
                if ignoreCase[k] {
                    while q < len {
                        var c = h[p + q]
                        if c >= 0x41 && c <= 0x5A { c += 0x20 }
                        if c != nb[s + q] { break }
                        q += 1
                    }
                } else {
                    while q < len, h[p + q] == nb[s + q] { q += 1 }
                }
                if q == len { found |= 1 << UInt64(k) }
            }
        }
        return found
    }
}
