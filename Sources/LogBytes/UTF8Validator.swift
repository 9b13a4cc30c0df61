/// Streaming UTF-8 validation (Unicode Table 3-7), with an 8-bytes-at-a-time ASCII fast path.
///
/// It only counts: invalid sequences are reported through a callback, the bytes are never changed.
/// A sequence split across chunks is carried over.
struct UTF8Validator {
    /// Continuation bytes still expected by the current sequence.
    private var need = 0
    /// Allowed range of the next continuation byte.
    private var lo: UInt8 = 0x80
    private var hi: UInt8 = 0xBF
    /// Length of the current sequence (lead byte included).
    private var total = 0

    /// Calls `onInvalid(index)` for each invalid sequence (index of its lead byte, or of the chunk start
    /// when the sequence began in an earlier chunk).
    mutating func validate(_ bytes: ArraySlice<UInt8>, onInvalid: (Int) -> Void) {
        var need = self.need
        var lo = self.lo
        var hi = self.hi
        var total = self.total
        let start = bytes.startIndex
        bytes.withUnsafeBufferPointer { buf in
            // Invariant: every read is at an index in 0..<buf.count (word loads need i + 8 <= count).
            guard let base = buf.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let n = buf.count
            var i = 0
            var lead = need > 0 ? 0 : -1
            while i < n {
                if need == 0 {
                    while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                    {
                        i += 8
                    }
                    if i >= n { break }
                    let b = buf[i]
                    lead = i
                    i += 1
                    switch b {
                    case 0x00...0x7F: continue
                    case 0xC2...0xDF: (need, lo, hi) = (1, 0x80, 0xBF)
                    case 0xE0: (need, lo, hi) = (2, 0xA0, 0xBF)
                    case 0xE1...0xEC, 0xEE, 0xEF: (need, lo, hi) = (2, 0x80, 0xBF)
                    case 0xED: (need, lo, hi) = (2, 0x80, 0x9F)
                    case 0xF0: (need, lo, hi) = (3, 0x90, 0xBF)
                    case 0xF1...0xF3: (need, lo, hi) = (3, 0x80, 0xBF)
                    case 0xF4: (need, lo, hi) = (3, 0x80, 0x8F)
                    default: onInvalid(start + lead)
                    }
                    total = need + 1
                } else {
                    let b = buf[i]
                    if b >= lo && b <= hi {
                        need -= 1
                        (lo, hi) = (0x80, 0xBF)
                        i += 1
                    } else {
                        // Sequence cut short: report it, then read `b` again as a lead byte.
                        onInvalid(start + max(lead, 0))
                        need = 0
                    }
                }
            }
        }
        self.need = need
        self.lo = lo
        self.hi = hi
        self.total = total
    }

    /// End of input: the number of bytes of an incomplete sequence left pending (one more invalid
    /// sequence), or nil.
    mutating func finish() -> Int? {
        defer { need = 0 }
        return need > 0 ? total - need : nil
    }

    /// Whole-buffer check; `allowIncompleteEnd` accepts a sequence cut by the end of a sample.
    static func isValid(_ bytes: ArraySlice<UInt8>, allowIncompleteEnd: Bool) -> Bool {
        var v = UTF8Validator()
        var ok = true
        v.validate(bytes) { _ in ok = false }
        if !ok { return false }
        return allowIncompleteEnd || v.finish() == nil
    }
}
