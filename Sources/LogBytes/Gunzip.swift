/// Gzip decompression of a whole file into a sink (for archives inside gzip, which are expanded before reading).
package enum Gunzip {
    package struct Result: Sendable {
        /// Decompressed bytes handed to the sink.
        package var bytesOut: Int64
        /// Truncated, corrupt, a cap hit, or a read error: the output is not the whole content.
        package var incomplete: Bool
        package var warnings: [InputWarning]
    }

    /// Inflates the gzip file at `path` (all members) into `sink` until it returns false; caps from `limits`.
    package static func inflate(
        path: String, limits: DecodeLimits = DecodeLimits(), sink: (ArraySlice<UInt8>) -> Bool
    ) throws -> Result {
        let reader = try FileReader(path: path, chunkSize: 256 << 10)
        let log = WarningLog()
        let inflater = GzipInflater(limits: limits, log: log)
        var out: Int64 = 0
        var stopped = false
        let error = reader.readChunks(until: { chunk in
            inflater.push(chunk) { piece in
                guard !stopped else { return }
                out += Int64(piece.count)
                if !sink(piece) { stopped = true }
            }
            return !stopped
        })
        if let error {
            log.truncated = true
            log.add(InputWarning(kind: .readError, message: "read error: \(FileReader.errorText(error))"))
        }
        if !stopped { inflater.finish() }
        let damaged = log.warnings.contains { $0.kind == .gzipCorrupt || $0.kind == .decompressionCap }
        return Result(bytesOut: out, incomplete: log.truncated || damaged, warnings: log.warnings)
    }
}
