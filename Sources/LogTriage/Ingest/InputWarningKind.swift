import LogBytes

extension InputReport.Warning {
    /// What kind of problem a warning reports. In the JSON, its raw value; a kind this build does not know (written
    /// by a newer one) is kept as it is.
    public struct Kind: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A gzip stream ends before its end (the data before was read).
        public static let gzipTruncated = Kind(rawValue: "gzipTruncated")
        public static let gzipCorrupt = Kind(rawValue: "gzipCorrupt")
        public static let gzipTrailingData = Kind(rawValue: "gzipTrailingData")
        /// Inflating stopped at the decompression-bomb cap.
        public static let decompressionCap = Kind(rawValue: "decompressionCap")
        /// Bytes that are not valid in the input's encoding (``InputReport/Warning/count`` of them).
        public static let invalidEncoding = Kind(rawValue: "invalidEncoding")
        public static let lineCut = Kind(rawValue: "lineCut")
        public static let readError = Kind(rawValue: "readError")
        public static let binaryData = Kind(rawValue: "binaryData")
        /// The text changes encoding mid-file (UTF-8 ↔ UTF-16).
        public static let encodingSwitch = Kind(rawValue: "encodingSwitch")
        /// A record longer than the record cap: only its start was searched.
        static let recordCut = Kind(rawValue: "recordCut")
        /// Lines no known layout explains.
        static let unrecognisedLayout = Kind(rawValue: "unrecognisedLayout")
        /// Warnings left out of the list (``InputReport/Warning/count`` of them).
        public static let more = Kind(rawValue: "more")

        init(_ kind: InputWarning.Kind) { self.init(rawValue: kind.rawValue) }
    }
}
