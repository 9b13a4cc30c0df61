import CLogScan

/// Every prefilter literal of a catalogue, found in one pass over a record instead of one memmem per literal.
///
/// Literals are bucketed by their first two bytes (under every case variant when the literal ignores case); a text
/// position is checked by testing its byte pair in an 8 KB bitmap and comparing only the literals of a non-empty
/// bucket. In front of that check, where the CPU has SSSE3 or AVX2, a Teddy fingerprint of the literals' first four
/// bytes (``LiteralFingerprints``) picks the candidate positions 16 or 32 at a time (`CLogScan`, C with intrinsics);
/// elsewhere every position is checked. The result is a bit set of the literal ids that occur, which the rule engine's
/// literal prefilters test (through ``LiteralScan``). ``referenceScan(_:into:)`` is the plain Swift scan, the reference
/// the kernels are tested against.
package struct LiteralScanner: Sendable {
    private struct Literal: Sendable {
        var bytes: [UInt8]
        var ignoreCase: Bool
    }

    private var literals: [Literal] = []
    /// Raw first-byte-pair (`b0 << 8 | b1`) to bucket number + 1; 0: no literal starts so.
    private var pairTable = [UInt16](repeating: 0, count: 1 << 16)
    /// One bit per pair with a bucket: 8 KB, so the scan's per-byte test stays in L1 (the 128 KB table does not).
    private var pairBits = [UInt64](repeating: 0, count: (1 << 16) / 64)
    private var buckets: [[Int]] = []
    /// `buckets` flattened for the scan: bucket `b`'s ids are `bucketIds[bucketStart[b]..<bucketStart[b + 1]]`.
    private var bucketStart: [Int32] = [0]
    private var bucketIds: [Int32] = []
    /// Every literal's bytes, concatenated, and where each starts (literal `i` is `literalStart[i]..<[i + 1]`).
    private var literalBytes: [UInt8] = []
    private var literalStart: [Int32] = [0]
    /// 1 when the literal ignores case.
    private var literalIgnoresCase: [UInt8] = []
    private var fingerprints = LiteralFingerprints()
    /// Each literal's fingerprint group bit (0 for the short ones).
    private var literalGroups: [UInt8] = []
    /// Literals shorter than two bytes, searched on their own.
    private var short: [Int] = []

    /// The widest kernel this CPU runs (2: AVX2, 1: SSSE3, 0: the scalar loop), which ``scan(_:into:)`` uses.
    package static let vectorLevel = Int(clogscan_vector_level())

    package init() {}

    package var count: Int { literals.count }
    /// Words of a ``Found`` bit set.
    package var wordCount: Int { (literals.count + 63) / 64 }

    /// The id of `bytes` (lower-case when `ignoreCase`), added when new.
    package mutating func id(of bytes: [UInt8], ignoreCase: Bool) -> Int {
        let ic = ignoreCase && bytes.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        if let i = literals.firstIndex(where: { $0.bytes == bytes && $0.ignoreCase == ic }) { return i }
        let id = literals.count
        literals.append(Literal(bytes: bytes, ignoreCase: ic))
        literalBytes += bytes
        literalStart.append(Int32(literalBytes.count))
        literalIgnoresCase.append(ic ? 1 : 0)
        if bytes.count < 2 {
            literalGroups.append(0)
            short.append(id)
            return id
        }
        literalGroups.append(fingerprints.add(bytes, ignoreCase: ic))
        // Keyed by the raw first two bytes: every case variant of them for a case-insensitive literal.
        for b0 in Self.variants(bytes[0], ignoreCase: ic) {
            for b1 in Self.variants(bytes[1], ignoreCase: ic) {
                let key = Int(b0) << 8 | Int(b1)
                if pairTable[key] == 0 {
                    buckets.append([])
                    pairTable[key] = UInt16(buckets.count)
                    pairBits[key >> 6] |= 1 << UInt64(key & 63)
                    bucketStart.append(bucketStart[bucketStart.count - 1])
                }
                let b = Int(pairTable[key]) - 1
                buckets[b].append(id)
                // The flattened form gains the id at its bucket's end (rebuilding it on every insert was quadratic).
                bucketIds.insert(Int32(id), at: Int(bucketStart[b + 1]))
                for k in (b + 1)..<bucketStart.count { bucketStart[k] += 1 }
            }
        }
        return id
    }

    /// The id of `bytes` (lower-case when `ignoreCase`), nil when it has none.
    package func existingId(of bytes: [UInt8], ignoreCase: Bool) -> Int? {
        let ic = ignoreCase && bytes.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        return literals.firstIndex { $0.bytes == bytes && $0.ignoreCase == ic }
    }

    /// The same literals with the same ids in storage of its own (nothing shared with this scanner).
    package func isolatedCopy() -> LiteralScanner {
        var copy = LiteralScanner()
        for l in literals { _ = copy.id(of: l.bytes.map { $0 }, ignoreCase: l.ignoreCase) }
        return copy
    }

    /// `b` and, when ignoring case and `b` is an ASCII letter, its other case.
    static func variants(_ b: UInt8, ignoreCase: Bool) -> [UInt8] {
        guard ignoreCase, (b | 0x20) >= 0x61, (b | 0x20) <= 0x7A else { return [b] }
        return [b | 0x20, b & ~0x20]
    }

    /// Sets in `found` (``wordCount`` words, cleared by the caller) the bit of every literal that occurs in `bytes`.
    package func scan(_ bytes: ArraySlice<UInt8>, into found: UnsafeMutableBufferPointer<UInt64>) {
        scan(bytes, into: found, level: Self.vectorLevel)
    }

    /// ``scan(_:into:)`` with the kernel `level` (at most ``vectorLevel``; 0 is the scalar C loop).
    package func scan(_ bytes: ArraySlice<UInt8>, into found: UnsafeMutableBufferPointer<UInt64>, level: Int) {
        precondition(level >= 0 && level <= Self.vectorLevel && found.count >= wordCount)
        scanShort(bytes, into: found)
        guard !buckets.isEmpty, bytes.count >= 2 else { return }
        bytes.withUnsafeBufferPointer { h in
            withTables { tables in
                clogscan_scan(&tables, Int32(level), h.baseAddress, h.count, found.baseAddress)
            }
        }
    }

    /// Calls `body` with the C view of the scanner's tables (valid only inside `body`).
    private func withTables<R>(_ body: (inout clogscan_tables) -> R) -> R {
        pairBits.withUnsafeBufferPointer { bits in
            pairTable.withUnsafeBufferPointer { table in
                bucketStart.withUnsafeBufferPointer { bStart in
                    bucketIds.withUnsafeBufferPointer { ids in
                        literalBytes.withUnsafeBufferPointer { lit in
                            literalStart.withUnsafeBufferPointer { lStart in
                                literalIgnoresCase.withUnsafeBufferPointer { lIC in
                                    fingerprints.masks.withUnsafeBufferPointer { masks in
                                        literalGroups.withUnsafeBufferPointer { groups in
                                            var tables = clogscan_tables(
                                                pair_bits: bits.baseAddress, pair_table: table.baseAddress,
                                                bucket_start: bStart.baseAddress, bucket_ids: ids.baseAddress,
                                                literal_bytes: lit.baseAddress, literal_start: lStart.baseAddress,
                                                literal_ignores_case: lIC.baseAddress, masks: masks.baseAddress,
                                                literal_groups: groups.baseAddress)
                                            return body(&tables)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The plain Swift scan: every byte pair tested in the bitmap. The reference for the kernels' tests.
    package func referenceScan(_ bytes: ArraySlice<UInt8>, into found: UnsafeMutableBufferPointer<UInt64>) {
        scanShort(bytes, into: found)
        guard !buckets.isEmpty, bytes.count >= 2 else { return }
        bytes.withUnsafeBufferPointer { h in
            withTables { t in
                Self.scan(
                    h, found, bits: UnsafeBufferPointer(start: t.pair_bits, count: pairBits.count),
                    table: UnsafeBufferPointer(start: t.pair_table, count: pairTable.count),
                    bStart: UnsafeBufferPointer(start: t.bucket_start, count: bucketStart.count),
                    ids: UnsafeBufferPointer(start: t.bucket_ids, count: bucketIds.count),
                    lit: UnsafeBufferPointer(start: t.literal_bytes, count: literalBytes.count),
                    lStart: UnsafeBufferPointer(start: t.literal_start, count: literalStart.count),
                    lIC: UnsafeBufferPointer(start: t.literal_ignores_case, count: literalIgnoresCase.count))
            }
        }
    }

    /// The literals shorter than two bytes (the empty one occurs everywhere).
    private func scanShort(_ bytes: ArraySlice<UInt8>, into found: UnsafeMutableBufferPointer<UInt64>) {
        for id in short {
            let l = literals[id]
            if l.bytes.isEmpty || Self.find(l, in: bytes) { found[id >> 6] |= 1 << UInt64(id & 63) }
        }
    }

    /// The scan proper, on raw buffers. Invariants: `i + 1 < n`, so `h[i]`, `h[i + 1]` are in bounds; a literal is
    /// compared only when it fits in `h` from `i`.
    private static func scan(
        _ h: UnsafeBufferPointer<UInt8>,
        _ found: UnsafeMutableBufferPointer<UInt64>,
        bits: UnsafeBufferPointer<UInt64>,
        table: UnsafeBufferPointer<UInt16>,
        bStart: UnsafeBufferPointer<Int32>,
        ids: UnsafeBufferPointer<Int32>,
        lit: UnsafeBufferPointer<UInt8>,
        lStart: UnsafeBufferPointer<Int32>,
        lIC: UnsafeBufferPointer<UInt8>
    ) {
        let n = h.count
        var key = Int(h[0])
        var i = 0
        while i + 1 < n {
            key = (key << 8 | Int(h[i + 1])) & 0xFFFF
            if bits[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                let b = Int(table[key]) - 1
                var k = Int(bStart[b])
                let e = Int(bStart[b + 1])
                while k < e {
                    let id = Int(ids[k])
                    k += 1
                    if found[id >> 6] & (1 << UInt64(id & 63)) != 0 { continue }
                    let s = Int(lStart[id])
                    let m = Int(lStart[id + 1]) - s
                    guard i + m <= n else { continue }
                    var j = 2  // the first two bytes are the bucket's pair (a case variant of it when ignoring case)
                    if lIC[id] != 0 {
                        while j < m {
                            let c = h[i + j]
                            guard (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) == lit[s + j] else { break }
                            j += 1
                        }
                    } else {
                        while j < m, h[i + j] == lit[s + j] { j += 1 }
                    }
                    if j == m { found[id >> 6] |= 1 << UInt64(id & 63) }
                }
            }
            i += 1
        }
    }

    private static func find(_ l: Literal, in bytes: ArraySlice<UInt8>) -> Bool {
        l.ignoreCase
            ? ByteSearch.firstIndexIgnoringCase(of: l.bytes, in: bytes) != nil : ByteSearch.contains(l.bytes, in: bytes)
    }
}

/// One record's bytes and, once asked for, which ``LiteralScanner`` literals occur in them.
package struct LiteralScan {
    package let scanner: LiteralScanner
    package let bytes: ArraySlice<UInt8>
    /// ``LiteralScanner/wordCount`` words, owned by the caller and reused across records.
    package let found: UnsafeMutableBufferPointer<UInt64>
    @usableFromInline var scanned = false

    package init(scanner: LiteralScanner, bytes: ArraySlice<UInt8>, found: UnsafeMutableBufferPointer<UInt64>) {
        self.scanner = scanner
        self.bytes = bytes
        self.found = found
    }

    /// Takes the literals found by an earlier scan of the same bytes (ids as in ``scanner``; bits past its words are
    /// ignored) instead of scanning.
    @inlinable
    package mutating func preset(_ words: SIMD4<UInt64>) {
        scanned = true
        for i in found.indices { found[i] = i < 4 ? words[i] : 0 }
    }

    @inlinable
    package mutating func has(_ id: Int) -> Bool {
        if !scanned {
            scanned = true
            for i in found.indices { found[i] = 0 }
            scanner.scan(bytes, into: found)
        }
        return found[id >> 6] & (1 << UInt64(id & 63)) != 0
    }
}
