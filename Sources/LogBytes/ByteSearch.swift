import CLogZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches over `ArraySlice<UInt8>`, backed by `memchr`/`memmem`.
///
/// Every function returns indices of the slice it was given (slices keep their parent's indices).
package enum ByteSearch {
    /// Index of the first `byte` in `hay`, or nil.
    @inline(__always)
    package static func firstIndex(of byte: UInt8, in hay: ArraySlice<UInt8>) -> Int? {
        hay.withUnsafeBufferPointer { buf -> Int? in
            // Invariant: memchr reads only the `buf.count` bytes that the slice owns.
            guard let base = buf.baseAddress, !buf.isEmpty,
                let hit = memchr(base, Int32(byte), buf.count)
            else { return nil }
            return hay.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
        }
    }

    /// Index of the first occurrence of `needle` in `hay`, or nil. An empty needle is found at the start.
    @inline(__always)
    package static func firstIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        if needle.isEmpty { return hay.startIndex }
        if needle.count > hay.count { return nil }
        return hay.withUnsafeBufferPointer { buf -> Int? in
            needle.withUnsafeBufferPointer { nbuf -> Int? in
                // Invariant: both lengths are the buffers' own counts.
                guard let base = buf.baseAddress, let nbase = nbuf.baseAddress,
                    let hit = memmem(base, buf.count, nbase, nbuf.count)
                else { return nil }
                return hay.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
            }
        }
    }

    /// True when `hay` contains `needle`.
    @inline(__always)
    package static func contains(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Bool {
        firstIndex(of: needle, in: hay) != nil
    }

    /// Index of the first occurrence of `needle` ignoring ASCII letter case; `needle` must be lower-case ASCII.
    ///
    /// Candidates are found 8 bytes at a time by their first two bytes (case-folded), then checked one by one.
    package static func firstIndexIgnoringCase(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first else { return hay.startIndex }
        let n = needle.count
        if n > hay.count { return nil }
        return hay.withUnsafeBufferPointer { h -> Int? in
            needle.withUnsafeBufferPointer { nd -> Int? in
                // Invariant: reads stay below h.count (a candidate p <= last = h.count - n, offsets < n; a block's
                // two 8-byte loads end at i + 9 <= last + 2 <= h.count because n >= 2) and below nd.count.
                let last = h.count - n
                @inline(__always) func matches(_ p: Int) -> Bool {
                    var j = 0
                    while j < n {
                        var c = h[p + j]
                        if c >= 0x41 && c <= 0x5A { c += 0x20 }
                        if c != nd[j] { return false }
                        j += 1
                    }
                    return true
                }
                var i = 0
                if n >= 2, let base = UnsafeRawPointer(h.baseAddress) {
                    // Eight candidates at a time: a zero byte in `(w | fold) ^ x` marks a byte equal to x (either case
                    // when x is a lower-case letter); `zeros` may over-report but never misses, and `matches` decides.
                    let lo: UInt64 = 0x0101_0101_0101_0101
                    let hi: UInt64 = 0x8080_8080_8080_8080
                    @inline(__always) func zeros(_ v: UInt64) -> UInt64 { (v &- lo) & ~v & hi }
                    let f0 = UInt64(isLower(first) ? 0x20 : 0) &* lo
                    let c0 = UInt64(first) &* lo
                    let f1 = UInt64(isLower(nd[1]) ? 0x20 : 0) &* lo
                    let c1 = UInt64(nd[1]) &* lo
                    while i + 7 <= last {
                        let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        let b = base.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self)
                        if zeros((a | f0) ^ c0) & zeros((b | f1) ^ c1) != 0 {
                            for k in 0..<8 where matches(i + k) { return hay.startIndex + i + k }
                        }
                        i += 8
                    }
                }
                while i <= last {
                    if matches(i) { return hay.startIndex + i }
                    i += 1
                }
                return nil
            }
        }
    }

    @inline(__always) private static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

    /// Index of the last `byte` in `hay`, or nil.
    package static func lastIndex(of byte: UInt8, in hay: ArraySlice<UInt8>) -> Int? {
        hay.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, !buf.isEmpty,
                let hit = memrchr(base, Int32(byte), buf.count)
            else { return nil }
            return hay.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
        }
    }
}

extension ByteSearch {
    /// True when `hay[a..<a+count]` and `hay[b..<b+count]` hold the same bytes (indices of the slice).
    @inline(__always)
    package static func rangesEqual(_ hay: ArraySlice<UInt8>, _ a: Int, _ b: Int, count: Int) -> Bool {
        precondition(
            a >= hay.startIndex && b >= hay.startIndex && count >= 0
                && a + count <= hay.endIndex && b + count <= hay.endIndex)
        if a == b || count == 0 { return true }
        return hay.withUnsafeBufferPointer { buf -> Bool in
            // Invariant: both ranges lie inside the slice (checked above), so memcmp reads only its bytes.
            guard let base = buf.baseAddress else { return true }
            let o = hay.startIndex
            return memcmp(base + (a - o), base + (b - o), count) == 0
        }
    }
}

extension ByteSearch {
    /// True when `hay` holds exactly the bytes of `word`.
    @inline(__always)
    package static func equals(_ hay: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
        guard hay.count == word.count else { return false }
        return hay.withUnsafeBufferPointer { h -> Bool in
            word.withUnsafeBufferPointer { w -> Bool in
                // Invariant: both buffers hold `w.count` bytes (equal counts checked above).
                guard let hb = h.baseAddress, let wb = w.baseAddress else { return true }
                return memcmp(hb, wb, w.count) == 0
            }
        }
    }

    /// True when `hay` starts with the bytes of `word`.
    @inline(__always)
    package static func hasPrefix(_ hay: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
        guard hay.count >= word.count else { return false }
        return equals(hay[hay.startIndex..<(hay.startIndex + word.count)], word)
    }
}

extension ByteSearch {
    /// Byte-wise lexicographic order of `hay[a..<a+aCount]` and `hay[b..<b+bCount]` (indices of the slice).
    @inline(__always)
    package static func rangePrecedes(_ hay: ArraySlice<UInt8>, _ a: Int, _ aCount: Int, _ b: Int, _ bCount: Int)
        -> Bool
    {
        precondition(
            a >= hay.startIndex && b >= hay.startIndex && aCount >= 0 && bCount >= 0
                && a + aCount <= hay.endIndex && b + bCount <= hay.endIndex)
        let n = min(aCount, bCount)
        let c = hay.withUnsafeBufferPointer { buf -> Int32 in
            // Invariant: both ranges lie inside the slice (checked above).
            guard n > 0, let base = buf.baseAddress else { return 0 }
            let o = hay.startIndex
            return memcmp(base + (a - o), base + (b - o), n)
        }
        return c != 0 ? c < 0 : aCount < bCount
    }
}

extension ByteSearch {
    /// True when every byte of `hay` is below 0x80 (eight bytes at a time).
    package static func isASCII(_ hay: ArraySlice<UInt8>) -> Bool {
        hay.withUnsafeBufferPointer { buf -> Bool in
            // Invariant: word loads need i + 8 <= count, byte reads i < count.
            guard let base = buf.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            let n = buf.count
            var i = 0
            var acc: UInt64 = 0
            while i + 8 <= n {
                acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < n {
                acc |= UInt64(buf[i])
                i += 1
            }
            return acc & 0x8080_8080_8080_8080 == 0
        }
    }
}
