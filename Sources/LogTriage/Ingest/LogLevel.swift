/// A record's level, normalised from whatever its layout wrote (`ERR`, `Warning`, `SEVERE`, pino's `50`, …; see
/// `RecordHeader.normaliseLevel`). The raw value is the word rules test and reports show.
public enum LogLevel: String, Codable, Sendable, CaseIterable {
    case trace = "TRACE", debug = "DEBUG", info = "INFO", warn = "WARN", error = "ERROR", fatal = "FATAL"
}
