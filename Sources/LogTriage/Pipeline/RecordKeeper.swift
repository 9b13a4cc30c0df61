/// What the timeline keeps of a record (the same on every thread): the packed event and what it matched when it
/// matched something or is an error, else only its counts (``QuietRun``).
struct RecordKeeper {
    let engine: RuleEngine
    /// What a forwarded event keeps (``ParallelIngest/forwardedFields(_:)``).
    let forwarded: [EventField]
    /// Left out of a forwarded event that is not an error (only error groups read them).
    let errorOnly: Set<EventField>

    init(engine: RuleEngine, forwarded: [EventField]) {
        self.engine = engine
        self.forwarded = forwarded
        errorOnly = Set<EventField>([.message, .exceptionMessage]).subtracting(engine.appliedFields)
    }

    func keep(_ record: LogRecord, in spool: TimelineSpool) {
        Self.keep(record, engine: engine, forwarded: forwarded, errorOnly: errorOnly, in: spool)
    }

    static func keep(
        _ record: LogRecord, engine: RuleEngine, forwarded: [EventField], errorOnly: Set<EventField>,
        in spool: TimelineSpool
    ) {
        let m = engine.match(record)
        let isError = Diagnoser.errorSignature(record.event) != nil
        if m.isEmpty && !isError {
            spool.addQuiet(record.event)
        } else {
            spool.addMatched(PackedEvent(record.event, fields: forwarded, dropping: isError ? [] : errorOnly), m)
        }
    }
}
