/// How inputs are read.
public struct IngestOptions: Sendable {
    /// Offset (seconds east of UTC) for timestamps written without one; `--tz`, default UTC+03:00 (Moscow).
    public var assumedOffsetSeconds: Int = 3 * 3600
    /// Forces a format instead of detecting it (`--input-format`).
    public var format: InputFormat?
    /// Records longer than this many bytes are cut (the cut is reported).
    public var maxRecordBytes: Int = 1 << 20
    /// Lines longer than this many bytes are cut (the cut is reported).
    public var maxLineBytes: Int = 1 << 20
    /// Bomb guard: stop decompressing after this many bytes.
    public var maxDecompressedBytes: Int64 = 64 << 30
    /// Bomb guard: stop when output/input exceeds this ratio (checked past 64 MiB of output).
    public var maxCompressionRatio: Int = 1_000

    /// Reading one part of a plain file (see ``FileShards``): only these bytes, …
    var byteRange: Range<Int64>?
    /// … as UTF-8 without detection (the encoding the start of the file was read in), …
    var assumeUTF8 = false
    /// … numbering lines and decoded bytes from those before the part, …
    var lineBase = 0
    var offsetBase: Int64 = 0
    /// … warning about nothing before this decoded offset, …
    var quietBefore: Int64 = 0
    /// … and reading records that start before this line only for their context (the request a later response
    /// answers), neither counted nor emitted.
    var emitFromLine = 0
    /// Extraction on demand: the full extraction only for records this finds a catalogue literal or an error marker
    /// in (set by ``Diagnoser`` from its engine); nil: every record gets the full extraction.
    var extractionTrigger: ExtractionTrigger?
    /// Forces the full extraction for every record (tests compare both paths); ignored by nothing else.
    var fullExtraction = false

    public init() {}
}

/// The layouts logtriage reads.
public enum InputFormat: String, Codable, Sendable, CaseIterable {
    /// Text logs whose records start with a timestamped header line (NLog, log4net, Serilog text, logback, ISO).
    case text
    /// One JSON object per line (Serilog compact JSON, generic JSON logs).
    case jsonl
    /// `curl -v` traces.
    case curl
    /// Raw XML: one or more MixVel envelopes with no log prefix.
    case xml
    /// Text logs whose records start with a level word rather than a timestamp: .NET console (`info: Category[0]` and
    /// indented lines), Python's default (`ERROR:name:message`), `[ERROR] 2026/11/18 10:15:03 message`.
    case leveled
    /// logfmt lines (logrus, slog): `time="…" level=error msg="…"`.
    case logfmt
    /// A browser HAR file: every entry is a request record and a response record.
    case har
}
