import LogBytes

/// Groups decoded lines into records, detecting the input's layout from its first lines.
///
/// Lines are buffered only until the layout is known (at most ``FormatDetector/sampleLines`` lines or
/// ``FormatDetector/sampleBytes`` bytes), then each record is kept only until the next one starts, so memory is bounded
/// by the record cap whatever the input's size.
struct RecordAssembler {
    private let options: IngestOptions
    private let name: String
    private let emit: (LogRecord) throws -> Void

    private(set) var format: InputFormat?
    private(set) var formatReason = ""
    private var sample: [[UInt8]] = []
    private var sampleBytes = 0
    private var sampleFirstLine = 1

    private var extractor: EventExtractor?
    private var current: [UInt8] = []
    private var lineStarts: [Int] = []
    private var firstLine = 0
    private var cut = false
    private var curlSawResponse = false
    private var xmlDepthHint = false

    private(set) var records = 0
    private(set) var firstTimestamp: Timestamp?
    private(set) var lastTimestamp: Timestamp?
    private(set) var assumedOffsetUsed = false
    private(set) var cutRecords: [Int] = []
    private(set) var recordsWithFacts = 0
    /// What the layout detection or a whole-document layout (HAR) could not make sense of.
    private(set) var layoutWarnings: [InputReport.Warning] = []

    /// A HAR document is read whole (it is one JSON value); entries' and responses' lines, for evidence.
    private var har: [UInt8] = []
    private var harEntryLines: [Int] = []
    private var harResponseLines: [Int] = []
    private var harCut = false
    static let maxHARBytes = 512 << 20

    init(name: String, options: IngestOptions, emit: @escaping (LogRecord) throws -> Void) {
        self.name = name
        self.options = options
        self.emit = emit
        self.format = options.format
        if let f = options.format {
            formatReason = "forced with --input-format \(f.rawValue)"
            extractor = EventExtractor(
                file: name, format: f == .har ? .text : f, assumedOffset: options.assumedOffsetSeconds,
                trigger: options.fullExtraction ? nil : options.extractionTrigger?.isolatedCopy())
        }
    }

    mutating func line(_ bytes: ArraySlice<UInt8>, number: Int) throws {
        if extractor == nil {
            if sample.isEmpty { sampleFirstLine = number }
            sample.append(Array(bytes))
            sampleBytes += bytes.count
            if sample.count >= FormatDetector.sampleLines || sampleBytes >= FormatDetector.sampleBytes {
                try decide()
            }
            return
        }
        try place(bytes, number: number)
    }

    mutating func finish() throws {
        if extractor == nil { try decide() }
        if format == .har {
            try finishHAR()
            return
        }
        try flush()
    }

    private mutating func finishHAR() throws {
        guard let ex = extractor else { return }
        let bytes = har
        har = []
        guard !harCut, let recs = HARReader.records(bytes, entryLines: harEntryLines, responseLines: harResponseLines)
        else {
            let why = harCut ? "it is larger than \(Self.maxHARBytes) bytes" : "it is not valid JSON with log.entries"
            layoutWarnings.append(
                InputReport.Warning(
                    kind: .unrecognisedLayout, offset: nil, line: nil,
                    message: "the input looks like a HAR file but could not be read as one: \(why); no records"))
            return
        }
        for r in recs {
            var starts: [Int] = [0]
            for (k, b) in r.text.enumerated() where b == 0x0A { starts.append(k + 1) }
            if starts.count > 1, starts.last == r.text.count { starts.removeLast() }
            var record = ex.extract(bytes: r.text, lineStarts: starts, firstLine: r.line)
            // Evidence points at the entry (or its response) in the HAR file, not into the synthetic text.
            record.event.endLine = r.line
            record.event.decisiveLine = r.line
            pairer.pair(&record.event)
            try count(record)
        }
    }

    private mutating func decide() throws {
        let (f, why) = format.map { ($0, formatReason) } ?? FormatDetector.detect(sample)
        format = f
        formatReason = why
        if options.format == nil, f == .text, why.hasPrefix("no known layout") {
            layoutWarnings.append(
                InputReport.Warning(
                    kind: .unrecognisedLayout, offset: nil, line: sampleFirstLine,
                    message: "no known log layout recognised in the first \(sample.count) lines (no timestamp, level "
                        + "word, JSON or logfmt at line starts): read as plain text, without timestamps or levels, "
                        + "records are not told apart"))
        }
        extractor = EventExtractor(
            file: name, format: f == .har ? .text : f, assumedOffset: options.assumedOffsetSeconds,
            trigger: options.fullExtraction ? nil : options.extractionTrigger?.isolatedCopy())
        let buffered = sample
        sample = []
        for (k, l) in buffered.enumerated() { try place(l[...], number: sampleFirstLine + k) }
    }

    /// Adds a line to the current record, or starts a new record with it.
    private mutating func place(_ line: ArraySlice<UInt8>, number: Int) throws {
        if format == .har {
            if ByteSearch.firstIndex(of: HARReader.startedKey, in: line) != nil { harEntryLines.append(number) }
            if ByteSearch.firstIndex(of: HARReader.responseKey, in: line) != nil { harResponseLines.append(number) }
            if har.count + line.count >= Self.maxHARBytes { harCut = true }
            if !harCut {
                har.append(contentsOf: line)
                har.append(0x0A)
            }
            return
        }
        if startsRecord(line) || lineStarts.isEmpty {
            try flush()
            firstLine = number
        }
        if current.count + line.count > options.maxRecordBytes {
            if !cut, firstLine >= options.emitFromLine {
                cut = true
                cutRecords.append(firstLine)
            }
            lineStarts.append(current.count)  // keep line accounting; the bytes are dropped
            return
        }
        if !lineStarts.isEmpty { current.append(0x0A) }
        lineStarts.append(current.count)
        current.append(contentsOf: line)
    }

    /// True when `line` starts a record of a text or JSON-lines log (the other layouts need the record so far).
    static func startsRecord(_ line: ArraySlice<UInt8>, format: InputFormat) -> Bool {
        switch format {
        case .text:
            guard let start = RecordHeader.timestampStart(line) else { return false }
            return TimestampFormat.parse(line[start...], assumedOffset: 0) != nil
        case .jsonl:
            return line.first == UInt8(ascii: "{")
        case .leveled:
            return RecordHeader.levelStart(line) != nil
        case .logfmt:
            return LogfmtScanner.startsWithPair(line)
        case .curl, .xml, .har:
            return false
        }
    }

    private mutating func startsRecord(_ line: ArraySlice<UInt8>) -> Bool {
        guard let f = format else { return false }
        switch f {
        case .text, .jsonl, .leveled, .logfmt, .har:
            return Self.startsRecord(line, format: f)
        case .curl:
            // A new exchange begins at a connection/request marker once the current one has seen a response.
            if line.starts(with: "< HTTP/".utf8) {
                curlSawResponse = true
                return false
            }
            let begins =
                line.starts(with: "* ".utf8) && (contains(line, "Trying") || contains(line, "Connected to"))
                || line.starts(with: "> ".utf8) && isRequestLine(line)
                || line.starts(with: "curl: (".utf8) || line.starts(with: "$ curl".utf8)
            if begins && (curlSawResponse || currentHasRequestLine()) {
                curlSawResponse = false
                return true
            }
            return false
        case .xml:
            let t = FormatDetector.trimmedStart(line)
            if t.starts(with: "<?xml".utf8) { return true }
            if t.first == UInt8(ascii: "<"), isEnvelopeStart(t), !current.isEmpty, !currentIsOnlyProlog() {
                return true
            }
            return false
        }
    }

    private mutating func flush() throws {
        guard !lineStarts.isEmpty, let ex = extractor else { return }
        var record = ex.extract(bytes: current, lineStarts: lineStarts, firstLine: firstLine)
        if cut {
            record.event.message = (record.event.message ?? "") + " [record cut at \(options.maxRecordBytes) bytes]"
        }
        pairer.pair(&record.event)
        current.removeAll(keepingCapacity: current.capacity <= 4 << 20)
        lineStarts.removeAll(keepingCapacity: true)
        if firstLine < options.emitFromLine {
            cut = false
            return  // context for the records after it only
        }
        cut = false
        try count(record)
    }

    /// Counts an emitted record and hands it on.
    private mutating func count(_ record: LogRecord) throws {
        records += 1
        if let t = record.event.timestamp {
            if firstTimestamp.map({ t < $0 }) ?? true { firstTimestamp = t }
            if lastTimestamp.map({ t > $0 }) ?? true { lastTimestamp = t }
            if t.assumedOffset { assumedOffsetUsed = true }
        }
        let e = record.event
        if e.method != nil || e.errorLevel != nil || e.httpStatus != nil || e.exceptionType != nil {
            recordsWithFacts += 1
        }
        try emit(record)
    }

    /// Pairs responses with the requests they answer (method, host, MixVel or not).
    private var pairer = RequestPairer()

    private func currentHasRequestLine() -> Bool {
        var k = 0
        while k < lineStarts.count {
            let s = lineStarts[k]
            let e = k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : current.count
            if e > s, current[s..<e].starts(with: "> ".utf8), isRequestLine(current[s..<e]) { return true }
            k += 1
        }
        return false
    }

    private func isRequestLine(_ line: ArraySlice<UInt8>) -> Bool {
        let rest = line.dropFirst(2)
        return EventExtractor.httpVerbs.contains { rest.starts(with: ($0 + " ").utf8) }
    }

    private func currentIsOnlyProlog() -> Bool {
        let t = FormatDetector.trimmedStart(current[...])
        return t.starts(with: "<?xml".utf8) && !contains(current[...], "Envelop")
    }

    private func isEnvelopeStart(_ t: ArraySlice<UInt8>) -> Bool {
        let nameEnd = t.firstIndex(where: { $0 == 0x20 || $0 == UInt8(ascii: ">") || $0 == 0x09 }) ?? t.endIndex
        let name = t[(t.startIndex + 1)..<nameEnd]
        return name.last(where: { _ in true }) != nil && contains(name, "Envelop") && name.first != UInt8(ascii: "/")
    }

    private func contains(_ hay: ArraySlice<UInt8>, _ s: String) -> Bool {
        ByteSearch.firstIndex(of: Array(s.utf8), in: hay) != nil
    }
}
