import CZlib

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
    package static func firstIndexIgnoringCase(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first else { return hay.startIndex }
        if needle.count > hay.count { return nil }
        let upperFirst = (first >= 0x61 && first <= 0x7A) ? first - 0x20 : first
        var i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            let b = hay[i]
            if b == first || b == upperFirst {
                var j = 1
                while j < needle.count {
                    var c = hay[i + j]
                    if c >= 0x41 && c <= 0x5A { c += 0x20 }
                    if c != needle[j] { break }
                    j += 1
                }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

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
