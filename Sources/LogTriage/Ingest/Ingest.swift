import LogBytes

/// What reading one input found: always reported, whatever else happens.
public struct InputReport: Codable, Sendable, Equatable {
    /// The input as named on the command line.
    public var file: String
    public var format: InputFormat
    var formatReason: String
    public var gzip: Bool
    public var gzipMembers: Int
    public var encoding: String
    public var encodingReason: String
    public var bytesIn: Int64
    public var bytesOut: Int64
    public var lines: Int
    public var records: Int
    /// Records from which a MixVel or HTTP fact (method, error, status, exception) was extracted.
    public var events: Int
    var firstTimestamp: Timestamp?
    var lastTimestamp: Timestamp?
    /// True when some timestamps had no offset and were read in the `--tz` zone.
    public var assumedOffset: Bool
    public var truncated: Bool
    public var warnings: [Warning]

    /// A problem met while reading; the data around it was still read.
    public struct Warning: Codable, Sendable, Equatable {
        public var kind: Kind
        public var offset: Int64?
        public var line: Int?
        public var message: String
        /// How many problems the warning stands for: invalid sequences (`invalidEncoding`), warnings not listed
        /// (`more`); 1 otherwise. Not in the JSON (the message says it).
        public var count = 1

        private enum CodingKeys: String, CodingKey {
            case kind, offset, line, message
        }
    }
}

/// Reads inputs into records and events.
public enum Ingest {
    /// Streams a file (`-` = stdin) and calls `onRecord` for each record, in order. Memory stays bounded.
    ///
    /// - Throws: ``IngestError`` when the input cannot be opened; errors thrown by `onRecord`.
    public static func read(
        path: String,
        displayName: String? = nil,
        options: IngestOptions = IngestOptions(),
        onRecord: @escaping (LogRecord) throws -> Void
    ) throws -> InputReport {
        let name = displayName ?? path
        var assembler = RecordAssembler(name: name, options: options, emit: onRecord)
        var failure: (any Error)?
        let decoded: DecodeReport
        do {
            // Once a record's consumer failed (a cancelled read among them), the rest is not read.
            decoded = try InputFile.readLines(
                path: path, limits: limits(options), stopped: { failure != nil },
                onLine: { line, number in
                    guard failure == nil else { return }
                    do { try assembler.line(line, number: number) } catch { failure = error }
                })
        } catch let e as InputFileError {
            throw IngestError(path: name, e)
        }
        if let f = failure { throw f }
        try assembler.finish()
        return report(name: name, decoded: decoded, assembler: assembler, options: options)
    }

    /// Reads a whole in-memory input and returns its records (for tests, rule examples and small inputs).
    public static func records(
        bytes: [UInt8],
        name: String,
        options: IngestOptions = IngestOptions()
    ) -> (records: [LogRecord], report: InputReport) {
        records(chunks: [bytes[...]], name: name, options: options)
    }

    /// Reads an input delivered in chunks (any split), as a stream would deliver it.
    public static func records(
        chunks: [ArraySlice<UInt8>],
        name: String,
        options: IngestOptions = IngestOptions()
    ) -> (records: [LogRecord], report: InputReport) {
        var out: [LogRecord] = []
        var assembler = RecordAssembler(name: name, options: options) { out.append($0) }
        let decoder = LineDecoder(limits: limits(options))
        // The closure only appends, so neither call can throw.
        for chunk in chunks {
            decoder.feed(chunk) { line, number in try? assembler.line(line, number: number) }
        }
        decoder.finish { line, number in try? assembler.line(line, number: number) }
        try? assembler.finish()
        return (out, report(name: name, decoded: decoder.report, assembler: assembler, options: options))
    }

    private static func limits(_ options: IngestOptions) -> DecodeLimits {
        var l = DecodeLimits()
        l.maxLineBytes = options.maxLineBytes
        l.maxDecompressedBytes = options.maxDecompressedBytes
        l.maxCompressionRatio = options.maxCompressionRatio
        l.byteRange = options.byteRange
        l.assumeUTF8 = options.assumeUTF8
        l.lineBase = options.lineBase
        l.offsetBase = options.offsetBase
        l.quietBefore = options.quietBefore
        return l
    }

    private static func report(
        name: String,
        decoded: DecodeReport,
        assembler: RecordAssembler,
        options: IngestOptions
    ) -> InputReport {
        var warnings = decoded.warnings.map {
            InputReport.Warning(
                kind: .init($0.kind), offset: $0.offset, line: $0.line, message: $0.message, count: $0.count)
        }
        warnings += assembler.layoutWarnings
        for line in assembler.cutRecords.prefix(20) {
            warnings.append(
                InputReport.Warning(
                    kind: .recordCut,
                    offset: nil,
                    line: line,
                    message: "record starting at line \(line) is longer than \(options.maxRecordBytes) bytes; "
                        + "only its first \(options.maxRecordBytes) bytes were searched"
                )
            )
        }
        if decoded.warningsDropped > 0 {
            warnings.append(
                InputReport.Warning(
                    kind: .more,
                    offset: nil,
                    line: nil,
                    message: "\(decoded.warningsDropped) more warnings of the kinds above were not listed",
                    count: decoded.warningsDropped
                )
            )
        }
        return InputReport(
            file: name,
            format: assembler.format ?? .text,
            formatReason: assembler.formatReason,
            gzip: decoded.gzip,
            gzipMembers: decoded.gzipMembers,
            encoding: decoded.encoding.rawValue,
            encodingReason: decoded.encodingReason,
            bytesIn: decoded.bytesIn,
            bytesOut: decoded.bytesOut,
            lines: decoded.lines,
            records: assembler.records,
            events: assembler.recordsWithFacts,
            firstTimestamp: assembler.firstTimestamp,
            lastTimestamp: assembler.lastTimestamp,
            assumedOffset: assembler.assumedOffsetUsed,
            truncated: decoded.truncated,
            warnings: warnings
        )
    }
}

/// An input that could not be read at all.
/// An input that could not be read at all (what can be read in part is read, with warnings in its report).
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        /// Opening it failed with this `errno` (`ENOENT`, `EACCES`, …).
        case cannotOpen(errno: Int32)
        /// Seeking to the part to read failed with this `errno`.
        case cannotSeek(errno: Int32)
        /// Reading it failed with this `errno`.
        case cannotRead(errno: Int32)
        case isDirectory
        /// A file read in parts changed size or content while it was read.
        case changedWhileRead
    }

    /// The input as named on the command line.
    public var path: String
    public var reason: Reason
    /// What went wrong, in words (the system's for an `errno`).
    public let detail: String

    public var description: String { "cannot read \(path): \(detail)" }

    init(path: String, reason: Reason, detail: String) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }

    init(path: String, _ e: InputFileError) {
        let reason: Reason =
            switch e {
            case .cannotOpen(_, let code): .cannotOpen(errno: code)
            case .cannotSeek(_, let code): .cannotSeek(errno: code)
            case .cannotRead(_, let code): .cannotRead(errno: code)
            case .isDirectory: .isDirectory
            }
        self.init(path: path, reason: reason, detail: e.description)
    }
}
