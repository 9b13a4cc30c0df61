import Foundation
import RequestStore
import Testing

/// The `sqlite3` command-line shell, found on `PATH`.
enum SQLiteShell {
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/sqlite3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `sql` against `database` read-only, in CSV mode with headers off, and returns what it printed.
    static func run(_ sql: String, on database: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = ["-readonly", "-batch", "-csv", database, sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3: \(String(decoding: complaint, as: UTF8.self))")
        return String(decoding: printed, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}

struct SQLiteShellTests {
    @Test(.enabled(if: SQLiteShell.path != nil, "the sqlite3 shell is not installed (apt-get install sqlite3)"))
    func `the sqlite3 shell reads the schema and a stored row`() throws {
        try withStore { store, folder in
            let files = [attachment("a.log", content: "boom", parent: "logs.zip")]
            var request = mail(messageId: "<shell@agency.example>", files: files)
            request.externalId = "ZD-7"
            let id = try store.add(request).id
            let finding = NewFinding(ruleId: "internal_error_with_ticket", side: "platform", count: 3)
            let new = diagnosis(catalogue: "2026.11", findings: [finding])
            let diagnosisId = try store.addDiagnosis(requestId: id, new).id

            let path = folder.storePath
            #expect(try SQLiteShell.run("PRAGMA journal_mode;", on: path) == "wal\n")
            #expect(try SQLiteShell.run("PRAGMA integrity_check;", on: path) == "ok\n")
            #expect(try SQLiteShell.run("PRAGMA foreign_key_check;", on: path) == "")
            let tables = try SQLiteShell.run(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;",
                on: path
            )
            let expected = [
                "analyses", "attachments", "diagnoses", "findings", "grdb_migrations", "logtriage_meta",
                "requests", "resolutions", "webhook_deliveries",
            ]
            #expect(tables == expected.map { $0 + "\n" }.joined())
            let columns = try SQLiteShell.run("SELECT name FROM pragma_table_info('requests') ORDER BY cid;", on: path)
            #expect(columns.split(separator: "\n").contains("dedupe_key"))
            #expect(columns.split(separator: "\n").contains("received_unix"))
            #expect(
                try SQLiteShell.run("SELECT value FROM logtriage_meta WHERE key = 'schema_version';", on: path)
                    == "\(RequestStore.schemaVersion)\n")

            let row = try SQLiteShell.run(
                "SELECT id, external_id, source_kind, stand, status, received, received_unix FROM requests;",
                on: path
            )
            #expect(row == "\(id),ZD-7,eml,PROD,analysed,2026-11-18T12:00:00+03:00,1794992400\n")
            let attachment = try SQLiteShell.run("SELECT request_id, path, sha256, bytes FROM attachments;", on: path)
            #expect(attachment == "\(id),logs.zip!/a.log,\(digest("boom")),4\n")
            let verdict = try SQLiteShell.run(
                "SELECT d.id, json_extract(d.json, '$.verdict.side'), f.rule_id, f.count "
                    + "FROM diagnoses d JOIN findings f ON f.diagnosis_id = d.id;",
                on: path
            )
            #expect(verdict == "\(diagnosisId),platform,internal_error_with_ticket,3\n")
        }
    }
}
