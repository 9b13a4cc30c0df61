/// Every prefilter literal of a catalogue, found in one pass over a record instead of one memmem per literal.
///
/// Literals are bucketed by their first two bytes (under every case variant when the literal ignores case); the scan
/// looks each byte pair of the record up in a 64 K table and checks only the literals of a non-empty bucket. The result is a
/// bit set of the literal ids that occur, which ``Prefilter/literalIds(_:)`` tests.
struct LiteralScanner: Sendable {
    private struct Literal: Sendable {
        var bytes: [UInt8]
        var ignoreCase: Bool
    }

    private var literals: [Literal] = []
    /// Folded first-byte-pair (`b0 << 8 | b1`) to bucket number + 1; 0: no literal starts so.
    private var pairTable = [UInt16](repeating: 0, count: 1 << 16)
    private var buckets: [[Int]] = []
    /// Literals shorter than two bytes, searched on their own.
    private var short: [Int] = []

    static let fold: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for b in 0..<256 { t[b] = UInt8(truncatingIfNeeded: b) }
        for b in 0x41...0x5A { t[b] = UInt8(b + 0x20) }
        return t
    }()

    var count: Int { literals.count }
    /// Words of a ``Found`` bit set.
    var wordCount: Int { (literals.count + 63) / 64 }

    /// The id of `bytes` (lower-case when `ignoreCase`), added when new.
    mutating func id(of bytes: [UInt8], ignoreCase: Bool) -> Int {
        let ic = ignoreCase && bytes.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        if let i = literals.firstIndex(where: { $0.bytes == bytes && $0.ignoreCase == ic }) { return i }
        let id = literals.count
        literals.append(Literal(bytes: bytes, ignoreCase: ic))
        if bytes.count < 2 {
            short.append(id)
            return id
        }
        // Keyed by the raw first two bytes: every case variant of them for a case-insensitive literal.
        for b0 in Self.variants(bytes[0], ignoreCase: ic) {
            for b1 in Self.variants(bytes[1], ignoreCase: ic) {
                let key = Int(b0) << 8 | Int(b1)
                if pairTable[key] == 0 {
                    buckets.append([])
                    pairTable[key] = UInt16(buckets.count)
                }
                buckets[Int(pairTable[key]) - 1].append(id)
            }
        }
        return id
    }

    private static func variants(_ b: UInt8, ignoreCase: Bool) -> [UInt8] {
        guard ignoreCase, (b | 0x20) >= 0x61, (b | 0x20) <= 0x7A else { return [b] }
        return [b | 0x20, b & ~0x20]
    }

    /// Sets in `found` (``wordCount`` words, cleared by the caller) the bit of every literal that occurs in `bytes`.
    func scan(_ bytes: ArraySlice<UInt8>, into found: UnsafeMutableBufferPointer<UInt64>) {
        for id in short {
            let l = literals[id]
            if l.bytes.isEmpty || Self.find(l, in: bytes) { found[id >> 6] |= 1 << UInt64(id & 63) }
        }
        guard !buckets.isEmpty, bytes.count >= 2 else { return }
        bytes.withUnsafeBufferPointer { h in
            pairTable.withUnsafeBufferPointer { table in
                Self.fold.withUnsafeBufferPointer { fold in
                    // Invariant: i + 1 < n, so h[i], h[i + 1] are in bounds; `matches` checks its own length.
                    let n = h.count
                    var key = Int(h[0])
                    var i = 0
                    while i + 1 < n {
                        key = (key << 8 | Int(h[i + 1])) & 0xFFFF
                        let b = table[key]
                        if b != 0 {
                            for id in buckets[Int(b) - 1] where found[id >> 6] & (1 << UInt64(id & 63)) == 0 {
                                if Self.matches(literals[id], h, at: i, fold: fold) { found[id >> 6] |= 1 << UInt64(id & 63) }
                            }
                        }
                        i += 1
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func matches(
        _ l: Literal,
        _ h: UnsafeBufferPointer<UInt8>,
        at p: Int,
        fold: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let m = l.bytes.count
        guard p + m <= h.count else { return false }
        return l.bytes.withUnsafeBufferPointer { nd in
            var j = 2  // the first two bytes are the bucket's pair (a case variant of it when ignoring case)
            if !l.ignoreCase {
                while j < m {
                    if h[p + j] != nd[j] { return false }
                    j += 1
                }
            } else {
                while j < m {
                    if fold[Int(h[p + j])] != nd[j] { return false }
                    j += 1
                }
            }
            return true
        }
    }

    private static func find(_ l: Literal, in bytes: ArraySlice<UInt8>) -> Bool {
        Condition.containsLiteral(l.bytes, bytes, ignoreCase: l.ignoreCase)
    }
}
