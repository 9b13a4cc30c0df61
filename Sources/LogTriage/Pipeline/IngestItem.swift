/// What an ingest thread hands to the consuming thread, in batches (``IngestChannel``).
enum IngestItem: Sendable {
    /// Between the two stages of a single input: a record with its bytes, not matched yet. Boxed, so the other
    /// cases (most items) do not take a whole ``LogEvent``'s size in a batch.
    indirect case record(LogRecord)
    /// A record that matched something or is an error, with what it matched: only the fields applying and counting
    /// read (``ParallelIngest/forwarded``).
    case matched(PackedEvent, RecordMatch)
    case quiet(QuietRun)
}
