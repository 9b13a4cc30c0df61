import ArgumentParser
import LogTriage

/// Options shared by every command that reads log files.
struct InputOptions: ParsableArguments {
    @Argument(
        help: """
            Log files (plain or gzip, any extension), directories (read recursively), .zip, .tar or .tar.gz \
            archives, or - for standard input.
            """
    )
    var files: [String]

    @Option(
        name: .customLong("input-format"),
        help:
            "Force the layout instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var inputFormat: InputFormat?

    @Option(help: "UTC offset for timestamps written without one, e.g. +03:00, UTC-5, Z.")
    var tz: String = "+03:00"

    @Option(help: "Records longer than this many bytes are cut (and the cut reported).")
    var maxRecordBytes: Int = 1 << 20

    func ingestOptions() throws -> IngestOptions {
        var o = try logtriage.ingestOptions(tz: tz)
        o.format = inputFormat
        guard maxRecordBytes >= 1024 else { throw ValidationError("--max-record-bytes must be at least 1024") }
        o.maxRecordBytes = maxRecordBytes
        return o
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log file, or - for standard input") }
    }
}

extension InputFormat: ExpressibleByArgument {}
