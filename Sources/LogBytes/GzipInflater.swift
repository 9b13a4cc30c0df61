import CLogZlib

/// Streaming gzip decompression with multi-member support, truncation/corruption reporting,
/// resynchronisation after corrupt data, and decompression-bomb guards.
///
/// Owns its `z_stream` through a pointer that never moves (zlib keeps a pointer back to the stream).
final class GzipInflater {
    private static let magic: [UInt8] = [0x1F, 0x8B, 0x08]
    /// Largest input handed to one inflate call (avail_in is 32-bit).
    private static let maxRun = 1 << 30

    private enum State {
        case member  // inside a gzip member, feeding zlib
        case between  // a member ended: next bytes decide (new member, zero padding, garbage)
        case padding  // zero bytes after the last member
        case garbage  // non-gzip bytes after the last member: ignored
        case resync  // after corrupt data: looking for the next member header
        case stopped  // decompression cap hit: everything else is ignored
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool
    private var out: [UInt8]
    private let log: WarningLog
    private let maxOut: Int64
    private let maxRatio: Int64
    private let ratioAfter: Int64

    private var state = State.member
    /// Members started (the first one included).
    private(set) var members = 1
    /// Decompressed bytes handed out.
    private(set) var totalOut: Int64 = 0
    /// Raw bytes received.
    private var received: Int64 = 0
    /// Bytes held back across pushes (a possible `1F` of the next header, or the resync search tail),
    /// and the raw offset of the first of them.
    private var held: [UInt8] = []
    private var heldOffset: Int64 = 0
    /// Raw offset where zero padding or garbage starts.
    private var tailStart: Int64 = 0
    /// After a resync: raw offset of the candidate header (not yet confirmed by output) and of the corruption.
    private var resyncCandidate: Int64?
    private var corruptOffset: Int64 = 0
    private var producedInMember: Int64 = 0
    /// Set when decoding resumes after corrupt data, until the decoder takes it (see `takeLineBreak`).
    private var lineBreakPending = false

    init(limits: DecodeLimits, log: WarningLog) {
        self.log = log
        maxOut = max(0, limits.maxDecompressedBytes)
        maxRatio = Int64(max(1, limits.maxCompressionRatio))
        ratioAfter = limits.ratioCheckAfterBytes
        out = [UInt8](repeating: 0, count: 256 << 10)
        stream = .allocate(capacity: 1)
        // Invariant: a zeroed z_stream (Z_NULL allocators) is what inflateInit2 expects; the pointer is
        // owned by this object, never moves, and is released only in deinit.
        stream.initialize(to: z_stream())
        ready = czlib_inflateInit2(stream, 15 + 32) == Z_OK
        if !ready {
            state = .stopped
            log.add(
                InputWarning(
                    kind: .gzipCorrupt, offset: 0,
                    message: "zlib could not be initialised; the gzip data was not decoded"))
        }
    }

    deinit {
        // Invariant: `stream` was initialised in init and is not used after this point.
        if ready { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Feeds raw (compressed) bytes; decompressed bytes go to `sink`.
    func push(_ input: ArraySlice<UInt8>, sink: (ArraySlice<UInt8>) -> Void) {
        let rawStart = received
        received += Int64(input.count)
        process(input, rawStart: rawStart, sink: sink)
    }

    /// End of input: report a truncated member, padding or trailing data.
    func finish() {
        switch state {
        case .member:
            log.truncated = true
            log.add(
                InputWarning(
                    kind: .gzipTruncated, offset: received,
                    message:
                        "gzip stream ends after \(received) compressed bytes in member \(members): the rest of the "
                        + "file is missing (truncated download?)"
                ))
        case .between:
            if !held.isEmpty { trailingGarbage(from: heldOffset) }
        case .padding:
            let n = received - tailStart
            log.add(
                InputWarning(
                    kind: .gzipTrailingData, offset: tailStart,
                    message: "\(n) zero bytes of padding after gzip member \(members) were ignored"))
        case .garbage:
            trailingGarbage(from: tailStart)
        case .resync, .stopped:
            break
        }
        state = .stopped
    }

    private func trailingGarbage(from offset: Int64) {
        let n = received - offset
        log.add(
            InputWarning(
                kind: .gzipTrailingData, offset: offset,
                message: "\(n) bytes of non-gzip data after gzip member \(members), from byte \(offset), were ignored"))
    }

    /// Runs `slice` (whose first byte is at raw offset `rawStart`) through the state machine.
    private func process(_ slice: ArraySlice<UInt8>, rawStart: Int64, sink: (ArraySlice<UInt8>) -> Void) {
        let base = rawStart - Int64(slice.startIndex)  // raw offset of slice[i] is base + i
        let end = slice.endIndex
        var i = slice.startIndex
        while i < end {
            switch state {
            case .member:
                let stop = i + min(end - i, Self.maxRun)
                let consumed = runMember(slice[i..<stop], rawStart: base + Int64(i), sink: sink)
                if consumed == 0, state == .member {
                    // zlib accepted nothing and reported no error: never spin, treat it as corrupt data.
                    corrupt(at: base + Int64(i), reason: "zlib made no progress")
                }
                i += consumed
            case .between:
                let b = slice[i]
                if held.isEmpty {
                    if b == 0x1F {
                        held = [b]
                        heldOffset = base + Int64(i)
                        i += 1
                    } else if b == 0 {
                        state = .padding
                        tailStart = base + Int64(i)
                    } else {
                        state = .garbage
                        tailStart = base + Int64(i)
                    }
                } else if b == 0x8B {
                    // `1F 8B`: the next member. Replay the held 1F, then go on with this byte.
                    startMember()
                    let h = held
                    held = []
                    process(h[...], rawStart: heldOffset, sink: sink)
                } else {
                    state = .garbage
                    tailStart = heldOffset
                    held = []
                }
            case .padding:
                var j = i
                while j < end, slice[j] == 0 { j += 1 }
                if j < end {
                    state = .garbage
                    tailStart = base + Int64(j)
                }
                i = j
            case .garbage, .stopped:
                i = end
            case .resync:
                let rest = slice[i...]
                if !held.isEmpty {
                    var combo = held
                    combo.append(contentsOf: rest.prefix(2))
                    if let k = ByteSearch.firstIndex(of: Self.magic, in: combo[...]), k < held.count {
                        let h = Array(held[k...])
                        let at = heldOffset + Int64(k)
                        held = []
                        beginResync(at: at)
                        process(h[...], rawStart: at, sink: sink)
                        continue
                    }
                }
                if let j = ByteSearch.firstIndex(of: Self.magic, in: rest) {
                    held = []
                    beginResync(at: base + Int64(j))
                    i = j
                    continue
                }
                // Keep the last two bytes: a header may straddle the next push.
                var tail = held
                tail.append(contentsOf: rest.suffix(2))
                held = Array(tail.suffix(2))
                heldOffset = base + Int64(end) - Int64(held.count)
                i = end
            }
        }
    }

    private func startMember() {
        inflateReset(stream)
        members += 1
        producedInMember = 0
        state = .member
    }

    private func beginResync(at offset: Int64) {
        startMember()
        resyncCandidate = offset
        lineBreakPending = true
    }

    /// True once, right before the first output after a resynchronisation: the text before the gap
    /// should end its line there, so the resumed member starts on a line of its own.
    func takeLineBreak() -> Bool {
        defer { lineBreakPending = false }
        return lineBreakPending
    }

    /// Inflates `input` (first byte at raw offset `rawStart`); returns the bytes consumed and updates the state.
    private func runMember(_ input: ArraySlice<UInt8>, rawStart: Int64, sink: (ArraySlice<UInt8>) -> Void) -> Int {
        var consumed = 0
        var rc = Z_OK
        var capMessage: String?
        input.withUnsafeBufferPointer { inBuf in
            guard let inBase = inBuf.baseAddress else { return }
            // Invariant: zlib only reads `avail_in` bytes from `next_in` (never writes through it) and only
            // during inflate(); both are cleared before `inBuf` goes out of scope.
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase)
            stream.pointee.avail_in = UInt32(inBuf.count)
            defer {
                consumed = inBuf.count - Int(stream.pointee.avail_in)
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            while true {
                var produced = 0
                out.withUnsafeMutableBufferPointer { ob in
                    // Invariant: zlib writes at most `avail_out` bytes at `next_out`, only during inflate();
                    // both are cleared before `ob` goes out of scope.
                    stream.pointee.next_out = ob.baseAddress
                    stream.pointee.avail_out = UInt32(ob.count)
                    rc = inflate(stream, Z_NO_FLUSH)
                    produced = ob.count - Int(stream.pointee.avail_out)
                    stream.pointee.next_out = nil
                    stream.pointee.avail_out = 0
                }
                if produced > 0 {
                    let rawConsumed = rawStart + Int64(inBuf.count - Int(stream.pointee.avail_in))
                    capMessage = emit(produced, rawConsumed: rawConsumed, sink: sink)
                    if capMessage != nil { return }
                }
                if rc != Z_OK { return }  // Z_STREAM_END, Z_BUF_ERROR (no progress possible) or an error
                if stream.pointee.avail_in == 0 && produced < out.count { return }
            }
        }
        if let capMessage {
            state = .stopped
            log.truncated = true
            log.add(InputWarning(kind: .decompressionCap, offset: rawStart + Int64(consumed), message: capMessage))
            return input.count
        }
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            break
        case Z_STREAM_END:
            confirmResync()
            state = .between
        default:
            let at = rawStart + Int64(consumed)
            if resyncCandidate != nil && producedInMember == 0 {
                // A false header found while resynchronising: keep looking, quietly.
                members -= 1
                resyncCandidate = nil
                lineBreakPending = false
            } else {
                confirmResync()
                corrupt(at: at, reason: zlibMessage(rc))
            }
            state = .resync
            held = []
        }
        return consumed
    }

    /// Hands out `count` bytes of `out`, enforcing the caps; returns a warning message when a cap is hit.
    private func emit(_ count: Int, rawConsumed: Int64, sink: (ArraySlice<UInt8>) -> Void) -> String? {
        var n = Int64(count)
        var message: String?
        if totalOut + n > maxOut {
            n = maxOut - totalOut
            message =
                "decompression stopped after \(maxOut) bytes of output: the limit of \(maxOut) decompressed bytes was "
                + "reached (decompression bomb?); the rest of the file was not decoded"
        }
        if n > 0 {
            sink(out[0..<Int(n)])
            totalOut += n
            producedInMember += n
            confirmResync()
        }
        if message == nil, totalOut > ratioAfter, totalOut / max(1, rawConsumed) > maxRatio {
            message =
                "decompression stopped after \(totalOut) bytes of output from \(rawConsumed) compressed bytes: the "
                + "ratio exceeds \(maxRatio):1 (decompression bomb?); the rest of the file was not decoded"
        }
        return message
    }

    private func corrupt(at offset: Int64, reason: String) {
        corruptOffset = offset
        log.truncated = true  // the bytes up to the next member are lost, even when decoding resumes there
        state = .resync
        held = []
        log.add(
            InputWarning(
                kind: .gzipCorrupt, offset: offset,
                message:
                    "gzip data is corrupt at byte \(offset) in member \(members) (\(reason)): the \(totalOut) bytes "
                    + "decoded before it are kept, the rest is skipped up to the next gzip member header, if any"
            ))
    }

    private func confirmResync() {
        guard let at = resyncCandidate else { return }
        resyncCandidate = nil
        log.add(
            InputWarning(
                kind: .gzipCorrupt, offset: at,
                message:
                    "decoding resumed at a gzip member header found at byte \(at), \(at - corruptOffset) bytes after "
                    + "the corrupt data"
            ))
    }

    private func zlibMessage(_ rc: Int32) -> String {
        // Invariant: zlib's `msg` is nil or a NUL-terminated static string.
        if let msg = stream.pointee.msg { return String(cString: msg) }
        return "zlib error \(rc)"
    }
}
