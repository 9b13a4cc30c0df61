import LogBytes

/// Splits one large plain log into parts that separate threads read on their own, giving the same records as reading
/// it whole.
///
/// Only a plain (not gzip) UTF-8 file in a layout whose records start on a recognisable line (text logs with
/// timestamped headers, JSON lines) is split, and only at such a line. A later part first reads up to
/// ``warmUpBytes`` before its cut for context only (the request a response right after the cut answers), numbers
/// its lines from the line count before it, and reports only what lies after its cut.
struct FileShards {
    /// Files smaller than this are read whole.
    static let minBytes: Int64 = 24 << 20
    /// How far before its cut a later part starts reading, for context.
    static let warmUpBytes: Int64 = 4 << 20
    /// A split file has at most one part per this many bytes (whatever the thread count: planning reads a window at
    /// each cut, so it takes time in proportion to the parts, not the threads asked for).
    static let minPartBytes: Int64 = 8 << 20
    /// How far after the middle a record start is looked for.
    static let searchBytes = 4 << 20

    struct Part: Sendable {
        /// The bytes this part reads: its context, then its own records.
        var range: Range<Int64>
        /// Where its own records start (`range.lowerBound` for the first part).
        var cut: Int64
    }

    let path: String
    let format: InputFormat
    let parts: [Part]
    /// Bytes of a UTF-8 byte-order mark at the start (decoded offsets are that much smaller than file offsets).
    let bomBytes: Int64

    /// The plan for `path` in up to `count` parts, or nil when it is read whole.
    static func plan(
        path: String,
        options: IngestOptions,
        count: Int,
        minBytes: Int64 = FileShards.minBytes,
        warmUpBytes: Int64 = FileShards.warmUpBytes,
        minPartBytes: Int64 = FileShards.minPartBytes
    ) -> FileShards? {
        guard count >= 2, path != "-", options.byteRange == nil,
            let size = InputSize.regularFile(path), size >= max(minBytes, 1)
        else { return nil }
        let count = Int(min(Int64(count), max(2, size / max(minPartBytes, 1))))
        // The start of the file decides encoding and layout, as reading it whole would.
        let headBytes = Int(min(size, 256 << 10))
        guard let head = read(path, 0..<Int64(headBytes)), head.count == headBytes, head.count >= 2,
            !(head[0] == 0x1F && head[1] == 0x8B)
        else { return nil }
        var sample: [[UInt8]] = []
        var sampleBytes = 0
        let decoder = LineDecoder()
        decoder.feed(head[...]) { line, _ in
            guard sample.count < FormatDetector.sampleLines, sampleBytes < FormatDetector.sampleBytes else { return }
            sample.append(Array(line))
            sampleBytes += line.count
        }
        guard decoder.report.encoding == .utf8 || decoder.report.encoding == .utf8BOM,
            decoder.report.warnings.isEmpty,
            sample.count >= FormatDetector.sampleLines || sampleBytes >= FormatDetector.sampleBytes
        else { return nil }
        let format = options.format ?? FormatDetector.detect(sample).0
        guard [.text, .jsonl, .leveled, .logfmt].contains(format) else { return nil }

        var cuts: [Int64] = [0]
        for k in 1..<count {
            guard let c = recordStart(path, from: size * Int64(k) / Int64(count), format: format),
                c > cuts.last!, c < size
            else { continue }
            cuts.append(c)
        }
        guard cuts.count >= 2 else { return nil }
        var parts: [Part] = []
        for (k, cut) in cuts.enumerated() {
            let end = k + 1 < cuts.count ? cuts[k + 1] : size
            var start = cut
            if k > 0, let w = recordStart(path, from: max(cuts[k - 1], cut - warmUpBytes), format: format), w < cut {
                start = w
            }
            parts.append(Part(range: start..<end, cut: cut))
        }
        let bom: Int64 = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return FileShards(path: path, format: format, parts: parts, bomBytes: bom)
    }

    /// The options to read part `k` with: its byte range, and for a later part the encoding, layout and line
    /// numbering of the whole file. Nil when its line numbers cannot be counted.
    func options(part k: Int, base: IngestOptions) -> IngestOptions? {
        var o = base
        let p = parts[k]
        o.byteRange = p.range
        guard k > 0 else { return o }
        guard let before = LineCounter.lineBreaks(path: path, range: 0..<p.range.lowerBound),
            let context = LineCounter.lineBreaks(path: path, range: p.range.lowerBound..<p.cut)
        else { return nil }
        o.format = format
        o.assumeUTF8 = true
        o.lineBase = before
        o.offsetBase = p.range.lowerBound - bomBytes
        o.quietBefore = p.cut - bomBytes
        o.emitFromLine = before + context + 1
        return o
    }

    /// Part `k`'s report without its context: its lines and bytes after its cut only (its decoder already numbered
    /// lines and offsets as in the whole file, and warned about nothing before the cut). `options` is what
    /// ``options(part:base:)`` gave.
    func adjusted(_ report: InputReport, part k: Int, options: IngestOptions) -> InputReport {
        guard k > 0 else { return report }
        var r = report
        r.lines -= options.emitFromLine - 1
        r.bytesOut -= parts[k].cut - bomBytes
        r.bytesIn -= parts[k].cut - parts[k].range.lowerBound
        return r
    }

    /// The report of the whole file from its parts' ``adjusted(_:part:options:)`` reports, in order: warnings in the
    /// order reading it whole gives them (decoding, then the one invalid-encoding summary, then cut records, then the
    /// count of those not listed).
    static func merged(_ reports: [InputReport]) -> InputReport {
        var whole = reports[0]
        var decoding: [InputReport.Warning] = []
        var invalid: [InputReport.Warning] = []
        var records: [InputReport.Warning] = []
        var notListed = 0
        for (k, r) in reports.enumerated() {
            if k > 0 {
                whole.bytesIn += r.bytesIn
                whole.bytesOut += r.bytesOut
                whole.lines += r.lines
                whole.records += r.records
                whole.events += r.events
                if let t = r.firstTimestamp, whole.firstTimestamp.map({ t < $0 }) ?? true { whole.firstTimestamp = t }
                if let t = r.lastTimestamp, whole.lastTimestamp.map({ t > $0 }) ?? true { whole.lastTimestamp = t }
                whole.assumedOffset = whole.assumedOffset || r.assumedOffset
                whole.truncated = whole.truncated || r.truncated
            }
            for w in r.warnings {
                switch w.kind {
                case .invalidEncoding: invalid.append(w)
                case .recordCut: records.append(w)
                case .more: notListed += w.count
                default: decoding.append(w)
                }
            }
        }
        guard reports.count > 1 else { return whole }
        whole.warnings = decoding
        if let first = invalid.first {
            let count = invalid.reduce(0) { $0 + $1.count }
            var w = first
            w.count = count
            if count > 1 {
                var place = "decoded byte \(first.offset ?? 0)"
                if let l = first.line { place += " (line \(l))" }
                w.message =
                    "\(count) invalid UTF-8 sequences, the first at \(place); the bytes were passed through unchanged"
            }
            whole.warnings.append(w)
        }
        whole.warnings += records.prefix(20)  // as Ingest lists them
        if notListed > 0 {
            whole.warnings.append(
                InputReport.Warning(
                    kind: .more, offset: nil, line: nil,
                    message: "\(notListed) more warnings of the kinds above were not listed", count: notListed))
        }
        return whole
    }

    /// The offset of the first line at or after `offset` that starts a record, within ``searchBytes``.
    private static func recordStart(_ path: String, from offset: Int64, format: InputFormat) -> Int64? {
        guard let window = read(path, offset..<(offset + Int64(searchBytes))) else { return nil }
        // The first full line starts after the first line break (or at 0).
        var i = 0
        if offset > 0 {
            guard let nl = window.firstIndex(of: 0x0A) else { return nil }
            i = nl + 1
        }
        while i < window.count {
            let end = window[i...].firstIndex(of: 0x0A) ?? window.count
            var line = window[i..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if end < window.count, RecordAssembler.startsRecord(line, format: format) { return offset + Int64(i) }
            i = end + 1
        }
        return nil
    }

    private static func read(_ path: String, _ range: Range<Int64>) -> [UInt8]? {
        var limits = DecodeLimits()
        limits.byteRange = range
        var out: [UInt8] = []
        do {
            _ = try InputFile.readRaw(path: path, limits: limits) { out.append(contentsOf: $0) }
        } catch {
            return nil
        }
        return out
    }
}
