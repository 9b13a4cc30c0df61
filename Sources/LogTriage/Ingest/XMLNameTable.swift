import LogBytes

/// The distinct element local names met by one ``XMLScanner`` pass, each with a small id and the properties the scan
/// asks about, computed once per name instead of once per tag.
///
/// Names are kept as byte ranges of the scanned slice (no copies, no `Set` hashing): an open-addressing table keyed by
/// a cheap hash of the name's length and edge bytes.
struct XMLNameTable {
    /// Properties of a name (bit set).
    struct Traits: OptionSet {
        let rawValue: UInt16
        static let error = Traits(rawValue: 1 << 0)
        static let warning = Traits(rawValue: 1 << 1)
        static let response = Traits(rawValue: 1 << 2)
        static let body = Traits(rawValue: 1 << 3)
        static let mixvel = Traits(rawValue: 1 << 4)  // starts with `Mixvel_`
        static let auth = Traits(rawValue: 1 << 5)
        static let authResponse = Traits(rawValue: 1 << 6)
        static let html = Traits(rawValue: 1 << 7)
        static let messageInfo = Traits(rawValue: 1 << 8)
        static let operationStatus = Traits(rawValue: 1 << 9)
    }

    /// Elements whose text the scan captures.
    enum Captured: UInt8 {
        case none, errorType, canRetry, retryAfter, ticketId, code, descText, operationStatus, responseAfterTimeout,
            retransmissionInd
    }

    private(set) var starts: [Int] = []
    private(set) var counts: [Int] = []
    private var hashes: [UInt32] = []
    private(set) var traits: [Traits] = []
    private(set) var captured: [Captured] = []
    /// True once the name was seen in an opening (or self-closing) tag.
    var opened: [Bool] = []
    private var slots: [Int32]
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    /// A cheap hash of a name: its length and its first two and last two bytes (equal hashes are compared in full).
    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>, start: Int, count: Int) -> UInt32 {
        let last = start + count - 1
        let edges =
            UInt32(bytes[start]) | UInt32(bytes[min(start + 1, last)]) << 8
            | UInt32(bytes[max(last - 1, start)]) << 16 | UInt32(bytes[last]) << 24
        var h = UInt32(truncatingIfNeeded: count) &* 0x9E37_79B1 ^ edges &* 0x85EB_CA6B
        h ^= h >> 15
        return h
    }

    /// The id of `bytes[start..<start+count]` (count >= 1), added on first sight.
    @inline(__always)
    mutating func id(_ bytes: ArraySlice<UInt8>, start: Int, count: Int) -> Int {
        let hash = Self.hash(bytes, start: start, count: count)
        var slot = Int(hash) & mask
        while true {
            let e = Int(slots[slot])
            if e < 0 { break }
            if hashes[e] == hash, counts[e] == count,
                ByteSearch.rangesEqual(bytes, starts[e], start, count: count)
            {
                return e
            }
            slot = (slot + 1) & mask
        }
        let e = starts.count
        starts.append(start)
        counts.append(count)
        hashes.append(hash)
        let (t, c) = Self.classify(bytes[start..<(start + count)])
        traits.append(t)
        captured.append(c)
        opened.append(false)
        slots[slot] = Int32(e)
        if starts.count * 2 > mask + 1 { grow() }
        return e
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for e in 0..<hashes.count {
            var slot = Int(hashes[e]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e)
        }
    }

    /// The names seen in opening tags, sorted (byte order, which is `String` order for these ASCII names).
    func openedNames(in bytes: ArraySlice<UInt8>) -> [String] {
        var ids: [Int] = []
        ids.reserveCapacity(starts.count)
        for e in 0..<starts.count where opened[e] { ids.append(e) }
        let starts = self.starts
        let counts = self.counts
        ids.sort { ByteSearch.rangePrecedes(bytes, starts[$0], counts[$0], starts[$1], counts[$1]) }
        return ids.map { String(decoding: bytes[starts[$0]..<(starts[$0] + counts[$0])], as: UTF8.self) }
    }

    /// Traits and capture kind of a new name: candidates by first byte, then one exact compare.
    static func classify(_ name: ArraySlice<UInt8>) -> (Traits, Captured) {
        guard let first = name.first else { return ([], .none) }
        @inline(__always) func eq(_ w: [UInt8]) -> Bool { ByteSearch.equals(name, w) }
        switch first {
        case UInt8(ascii: "E"):
            if eq(W.error) { return (.error, .none) }
            if eq(W.errorType) { return ([], .errorType) }
        case UInt8(ascii: "W"):
            if eq(W.warning) { return (.warning, .none) }
        case UInt8(ascii: "R"):
            if eq(W.response) { return (.response, .none) }
            if eq(W.retryAfter) { return ([], .retryAfter) }
            if eq(W.responseAfterTimeout) || eq(W.responceAfterTimeout) { return ([], .responseAfterTimeout) }
            if eq(W.retransmissionInd) { return ([], .retransmissionInd) }
        case UInt8(ascii: "B"):
            if eq(W.body) { return (.body, .none) }
        case UInt8(ascii: "A"):
            if eq(W.auth) { return (.auth, .none) }
            if eq(W.authResponse) { return (.authResponse, .none) }
        case UInt8(ascii: "h"):
            if eq(W.html) { return (.html, .none) }
        case UInt8(ascii: "M"):
            if ByteSearch.hasPrefix(name, W.mixvel) { return (.mixvel, .none) }
            if eq(W.messageInfo) { return (.messageInfo, .none) }
        case UInt8(ascii: "O"):
            if eq(W.operationStatus) { return (.operationStatus, .operationStatus) }
        case UInt8(ascii: "C"):
            if eq(W.canRetry) { return ([], .canRetry) }
            if eq(W.code) { return ([], .code) }
        case UInt8(ascii: "T"):
            if eq(W.ticketId) { return ([], .ticketId) }
        case UInt8(ascii: "D"):
            if eq(W.descText) { return ([], .descText) }
        default:
            break
        }
        return ([], .none)
    }

    /// The words compared against.
    private enum W {
        static let error = Array("Error".utf8)
        static let errorType = Array("ErrorType".utf8)
        static let warning = Array("Warning".utf8)
        static let response = Array("Response".utf8)
        static let retryAfter = Array("RetryAfter".utf8)
        static let responseAfterTimeout = Array("ResponseAfterTimeout".utf8)
        static let responceAfterTimeout = Array("ResponceAfterTimeout".utf8)
        static let retransmissionInd = Array("RetransmissionInd".utf8)
        static let body = Array("Body".utf8)
        static let auth = Array("Auth".utf8)
        static let authResponse = Array("AuthResponse".utf8)
        static let html = Array("html".utf8)
        static let mixvel = Array("Mixvel_".utf8)
        static let messageInfo = Array("MessageInfo".utf8)
        static let operationStatus = Array("OperationStatus".utf8)
        static let canRetry = Array("CanRetry".utf8)
        static let code = Array("Code".utf8)
        static let ticketId = Array("TicketId".utf8)
        static let descText = Array("DescText".utf8)
    }
}
