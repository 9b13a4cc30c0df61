import ArgumentParser
import Foundation
import LogInputs
import LogTriage

/// `logtriage events`: the extracted events as JSON lines — the rule author's best friend.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the events extracted from log files as JSON lines (one object per record).",
        discussion: """
            Each line is one record: its file, 1-based line numbers in the decompressed input, and every field \
            extracted (timestamp, level, method, stand, HTTP status, MixVel error fields, exception, request facts). \
            After the events, one line per input reports what was read: format and why, bytes, lines, records, \
            time range, truncation and warnings ({"input": ...}).

            Exit codes: 0 success; 2 usage error or unreadable input.
            """
    )

    @OptionGroup var input: InputOptions

    @Flag(name: .long, help: "Print only records that carry a MixVel or HTTP fact (method, error, status, exception).")
    var factsOnly = false

    @Flag(name: .long, help: "Include each record's full text (redacted like everything else).")
    var withText = false

    func run() throws {
        let options = try input.ingestOptions()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let out = StandardOutput()
        // One per run: the same secret gets the same placeholder on every line. Values are redacted before they
        // are encoded, so escapes cannot hide a secret and a replacement cannot break a JSON line.
        let redactor = Redactor()
        func emit(_ data: Data) { out.write(data) }
        var failed = false
        let expanded = InputExpander.expand(paths: input.files)
        defer { expanded.removeTemporaryFiles() }
        for note in expanded.notes { FileHandle.standardError.write(Data("logtriage: note: \(note)\n".utf8)) }
        for source in expanded.sources {
            do {
                let report = try Ingest.read(path: source.path, displayName: source.displayName, options: options) {
                    record in
                    let e = record.event
                    if factsOnly, e.method == nil, e.errorLevel == nil, e.httpStatus == nil, e.exceptionType == nil {
                        return
                    }
                    if withText {
                        let line = EventWithText(event: redactor.redact(e), text: redactor.redact(record.text))
                        emit(try encoder.encode(line))
                    } else {
                        emit(try encoder.encode(redactor.redact(e)))
                    }
                }
                out.write(try encoder.encode(["input": redactor.redact(report)]))
            } catch let e as IngestError {
                FileHandle.standardError.write(Data("logtriage: \(e.description)\n".utf8))
                failed = true
            }
        }
        out.flush()
        if failed { throw ExitCode(.badInput) }
    }

    private struct EventWithText: Encodable {
        var event: LogEvent
        var text: String
    }
}
