import Foundation
import GRDB
import RequestStore
import Testing

struct StoreOpeningTests {
    @Test func `creates the file, its folders and the schema from scratch`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/deep/er/store.sqlite"
        _ = try RequestStore(path: path)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let parent = try FileManager.default.attributesOfItem(atPath: folder.path + "/deep/er")
        #expect((parent[.posixPermissions] as? Int) == 0o700)

        let queue = try DatabaseQueue(path: path)
        let tables = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["attachments", "diagnoses", "findings", "logtriage_meta", "requests", "resolutions"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let version = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM logtriage_meta WHERE key = 'schema_version'")
        }
        #expect(version == String(RequestStore.schemaVersion))
        let journal = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func `reopening keeps the data and migrates nothing twice`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let id = try folder.makeStore().add(mail(messageId: "<a@b>")).id
        let reopened = try folder.makeStore()
        #expect(try reopened.request(id: id)?.messageId == "<a@b>")
        #expect(try reopened.allRequestIds() == [id])
        let again = try folder.makeStore()
        #expect(try again.add(mail(messageId: "<a@b>")) == (id, false))
    }

    @Test func `a file that is not SQLite is refused with a clear error`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mailText = "From: someone\nSubject: not a database\n\nhello\n"
        try Data(mailText.utf8).write(to: URL(fileURLWithPath: folder.storePath))
        let error = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(error.code == .notADatabase)
        #expect(error.path == folder.storePath)
        #expect(error.description.contains("not an SQLite database"))
        // The file is left as it was.
        let text = try String(contentsOfFile: folder.storePath, encoding: .utf8)
        #expect(text.hasPrefix("From: someone"))
    }

    @Test func `a damaged file with an SQLite header is refused, not trusted`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = Data("SQLite format 3\u{0}".utf8)
        bytes.append(Data(repeating: 0xA5, count: 4096))
        try bytes.write(to: URL(fileURLWithPath: folder.storePath))
        let error = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(error.code == .notADatabase)
    }

    @Test func `a store written by a newer schema is refused`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.makeStore()
        let queue = try DatabaseQueue(path: folder.storePath)
        try queue.write { db in
            try db.execute(sql: "UPDATE logtriage_meta SET value = '99' WHERE key = 'schema_version'")
        }
        let error = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(error.code == .newerSchema)
        #expect(error.message.contains("99"))
    }

    @Test func `a store with a migration this build does not know is refused`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.makeStore()
        let queue = try DatabaseQueue(path: folder.storePath)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2')")
        }
        let error = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(error.code == .newerSchema)
    }

    @Test func `another program's SQLite database is left alone`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let queue = try DatabaseQueue(path: folder.storePath)
        try queue.write { db in try db.execute(sql: "CREATE TABLE contacts (name TEXT)") }
        let error = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(error.code == .notAStore)
        #expect(error.message.contains("contacts"))
        let tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["contacts"])
    }

    @Test func `a location that cannot hold a file gives an error, not a crash`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blocker = folder.path + "/plain-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))

        let underFile = try #require(throws: RequestStoreError.self) {
            try RequestStore(path: blocker + "/store.sqlite")
        }
        #expect(underFile.code == .cannotOpen)
        #expect(underFile.message.contains("not a folder"))

        let isFolder = try #require(throws: RequestStoreError.self) { try RequestStore(path: folder.path) }
        #expect(isFolder.code == .cannotOpen)

        let empty = try #require(throws: RequestStoreError.self) { try RequestStore(path: "") }
        #expect(empty.code == .invalidValue)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self"), "no /proc here"))
    func `a folder nobody can create in gives an error`() throws {
        // Nothing can be created under /proc, root included.
        let error = try #require(throws: RequestStoreError.self) {
            try RequestStore(path: "/proc/logtriage-store-test/store.sqlite")
        }
        #expect([RequestStoreError.Code.cannotOpen, .readOnly].contains(error.code), "\(error)")
    }

    @Test(.enabled(if: getuid() != 0, "root writes through file modes, so they cannot make a read-only store"))
    func `a read-only folder or file gives a read-only error`() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.makeStore()
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o400], ofItemAtPath: folder.storePath)
        let file = try #require(throws: RequestStoreError.self) { try folder.makeStore() }
        #expect(file.code == .readOnly)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.storePath)

        let locked = folder.path + "/locked"
        try manager.createDirectory(atPath: locked, withIntermediateDirectories: false)
        try manager.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked)
        defer { try? manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked) }
        let inFolder = try #require(throws: RequestStoreError.self) { try RequestStore(path: locked + "/store.sqlite") }
        #expect(inFolder.code == .readOnly)
        #expect(inFolder.message.contains("read-only"))
    }

    @Test func `the default path follows LOGTRIAGE_STORE, then XDG_DATA_HOME, then HOME`() {
        let explicit = ["LOGTRIAGE_STORE": "/srv/triage.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]
        #expect(RequestStore.defaultPath(environment: explicit) == "/srv/triage.sqlite")
        let xdg = ["LOGTRIAGE_STORE": "", "XDG_DATA_HOME": "/xdg/", "HOME": "/home/u"]
        #expect(RequestStore.defaultPath(environment: xdg) == "/xdg/logtriage/store.sqlite")
        let relativeXDG = ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]
        #expect(RequestStore.defaultPath(environment: relativeXDG) == "/home/u/.local/share/logtriage/store.sqlite")
        #expect(RequestStore.defaultPath(environment: ["HOME": "/root"]) == "/root/.local/share/logtriage/store.sqlite")
    }
}
