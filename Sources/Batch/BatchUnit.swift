import Foundation

/// One request to import: where its bytes are, and the key that places it in a shard. Small: the bytes are read
/// only when a worker takes the unit.
public struct BatchUnit: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// An `.eml` file.
        case eml(String)
        /// A message file of a maildir.
        case maildirMessage(String)
        /// The `index`-th message (0-based) of an mbox file.
        case mboxMessage(path: String, index: Int)
        /// A folder whose files make one request.
        case folder(String)
        /// Line `line` (1-based) of a JSON-lines export, starting at byte `offset`.
        case jsonLine(path: String, line: Int, offset: Int64)
        /// A request already in the store (re-diagnosis).
        case stored(Int64)
    }

    public var origin: Origin
    /// The stable key: `message-id:<id>` when the message has one (the store's dedupe key), else the export's id
    /// or the path below the SOURCE argument (`archive/REQ-1`).
    public var key: String
    /// A name for messages (`archive.mbox#3`, `export.jsonl:12`).
    public var name: String

    public init(origin: Origin, key: String, name: String) {
        self.origin = origin
        self.key = key
        self.name = name
    }

    /// FNV-1a 64 of the key: the same on every machine and every run (Swift's `hashValue` is not).
    var stableHash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}

/// `--shard K/N`: the units whose stable hash modulo N is K − 1.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `K/N` with 1 ≤ K ≤ N; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            return nil
        }
        index = k
        count = n
    }

    public func contains(_ unit: BatchUnit) -> Bool {
        unit.stableHash % UInt64(count) == UInt64(index - 1)
    }

    public var description: String { "\(index)/\(count)" }
}
