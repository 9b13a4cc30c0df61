import ArgumentParser
import Foundation
import LogTriage

/// The report formats every diagnosing command prints (`analyze`, `request add|show|reanalyze`).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, sarif

    /// Writes `d` to standard output in this format.
    func write(_ d: Diagnosis) throws {
        let out = FileHandle.standardOutput
        switch self {
        case .text:
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            out.write(Data(TextReport(color: color).render(d).utf8))
        case .json:
            out.write(try d.jsonData())
            out.write(Data("\n".utf8))
        case .markdown:
            out.write(Data(MarkdownReport().render(d).utf8))
        case .sarif:
            out.write(try SarifReport().render(d))
            out.write(Data("\n".utf8))
        }
    }
}
