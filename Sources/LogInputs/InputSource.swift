/// One file to read: a path on disk (the input itself, or a temporary copy of an archive member) and the name the
/// report and the evidence give it (`logs/app.log`, `support.zip!/app/app.log`).
public struct InputSource: Sendable, Equatable {
    public var path: String
    public var displayName: String

    public init(path: String, displayName: String) {
        self.path = path
        self.displayName = displayName
    }
}

/// Caps that keep expanding archives bounded, whatever they hold (the gzip reader's decompression-bomb caps, applied
/// to zip, tar and nested gzip).
public struct ExpansionLimits: Sendable {
    /// Bytes written out of archives in all.
    var maxTotalBytes: Int64 = 8 << 30
    /// Members taken from archives (and files from directories) in all.
    var maxMembers: Int = 10_000
    /// Output/input ratio of one compressed member, enforced once it is past ``ratioCheckAfterBytes``.
    public var maxCompressionRatio: Int64 = 1_000
    public var ratioCheckAfterBytes: Int64 = 64 << 20
    /// Archives inside archives, at most this deep.
    public var maxDepth: Int = 4

    public init() {}
}
