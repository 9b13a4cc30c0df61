import Foundation
import Testing

@testable import Batch

@Suite struct UnitListerTests {
    /// An archive folder: a request folder whose logs include JSON lines (pino), and an export whose files sit in
    /// folders beside it. The pino log is a log, not an export; the export's folders are not requests.
    @Test func jsonLinesLogsAreLogsAndAnExportsFoldersAreNotRequests() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let root = archive.root.appendingPathComponent("archive")
        let request = root.appendingPathComponent("REQ-1")
        let export = root.appendingPathComponent("export")
        for dir in [request, export.appendingPathComponent("T-1"), export.appendingPathComponent("T-2")] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        let pino = ArchiveMaker.repositoryRoot.appendingPathComponent("SampleLogs/pino-internal-error.jsonl")
        try FileManager.default.copyItem(at: pino, to: request.appendingPathComponent("app.jsonl"))
        try Data("x\n".utf8).write(to: export.appendingPathComponent("T-1/a.log"))
        try Data("y\n".utf8).write(to: export.appendingPathComponent("T-2/b.log"))
        let lines = [
            #"{"id": "T-1", "subject": "one", "files": ["T-1/a.log"]}"#,
            #"{"id": "T-2", "subject": "two", "files": ["T-2/b.log"]}"#,
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: export.appendingPathComponent("tickets.jsonl"))

        let (units, warnings) = try UnitLister.list([root.path])
        #expect(Set(units.map(\.key)) == ["path:archive/REQ-1", "json-id:T-1", "json-id:T-2"], "\(units)")
        #expect(warnings.isEmpty)
        // Named as a SOURCE, the pino log is not taken for an export either, and says why.
        #expect(throws: BatchError.self) { try UnitLister.list([request.appendingPathComponent("app.jsonl").path]) }
        #expect(!JSONLines.looksLikeExport(Array(#"{"level":30,"msg":"x","body":"<a/>"}"#.utf8)))
        #expect(JSONLines.looksLikeExport(Array(#"{"id":1,"subject":"s","body":"b"}"#.utf8)))
        let cut = #"{"files":["a"],"body":""# + String(repeating: "b", count: 99)
        #expect(JSONLines.looksLikeExport(Array(cut.utf8)))
    }
}
