import LogBytes

/// What reading one input found: always reported, whatever else happens.
public struct InputReport: Codable, Sendable, Equatable {
    /// The input as named on the command line.
    public var file: String
    public var format: InputFormat
    public var formatReason: String
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
    public var firstTimestamp: Timestamp?
    public var lastTimestamp: Timestamp?
    /// True when some timestamps had no offset and were read in the `--tz` zone.
    public var assumedOffset: Bool
    public var truncated: Bool
    public var warnings: [Warning]

    /// A problem met while reading; the data around it was still read.
    public struct Warning: Codable, Sendable, Equatable {
        /// `gzipTruncated`, `gzipCorrupt`, `gzipTrailingData`, `decompressionCap`, `invalidEncoding`, `lineCut`,
        /// `recordCut`, `readError`, `binaryData`, `unrecognisedLayout`.
        public var kind: String
        public var offset: Int64?
        public var line: Int?
        public var message: String
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
            decoded = try InputFile.readLines(path: path, limits: limits(options)) { line, number in
                guard failure == nil else { return }
                do { try assembler.line(line, number: number) } catch { failure = error }
            }
        } catch let e as InputFileError {
            throw IngestError(path: name, reason: e.description)
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
            InputReport.Warning(kind: $0.kind.rawValue, offset: $0.offset, line: $0.line, message: $0.message)
        }
        warnings += assembler.layoutWarnings
        for line in assembler.cutRecords.prefix(20) {
            warnings.append(
                InputReport.Warning(
                    kind: "recordCut",
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
                    kind: "more",
                    offset: nil,
                    line: nil,
                    message: "\(decoded.warningsDropped) more warnings of the kinds above were not listed"
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
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot read \(path): \(reason)" }
}
