import Foundation
internal import GRDB

/// Opens or creates the database file, checks that it is a store this build understands, and migrates it.
struct StoreOpener {
    let path: String

    private var fileManager: FileManager { .default }

    func open() throws -> DatabasePool {
        guard !path.isEmpty else {
            throw StoreErrors.invalid("the store path is empty", path: path)
        }
        try prepareFolder()
        try prepareFile()
        var configuration = Configuration()
        configuration.label = "logtriage-store"
        configuration.foreignKeysEnabled = true
        // Another process (a second batch, the service) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in try checkIdentity(db) }
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw StoreErrors.translate(error, path: path)
        }
        return pool
    }

    /// Creates the parent folders (0700) and checks that the folder can take the WAL files.
    private func prepareFolder() throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw RequestStoreError(code: .cannotOpen, path: path, message: "\(folder) is not a folder")
            }
        } else {
            do {
                try fileManager.createDirectory(
                    atPath: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw RequestStoreError(
                    code: .cannotOpen,
                    path: path,
                    message: "cannot create the folder \(folder): \(Self.reason(error))"
                )
            }
        }
        guard fileManager.isWritableFile(atPath: folder) else {
            throw RequestStoreError(
                code: .readOnly,
                path: path,
                message: "the folder \(folder) is read-only (the store needs to write its file and WAL beside it)"
            )
        }
    }

    /// Creates an empty file with mode 0600 (SQLite takes an empty file as a new database), or checks that the
    /// existing one is a writable SQLite file.
    private func prepareFile() throws {
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isFolder) else {
            guard fileManager.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o600]) else {
                throw RequestStoreError(code: .cannotOpen, path: path, message: "cannot create the store file")
            }
            return
        }
        guard !isFolder.boolValue else {
            throw RequestStoreError(code: .cannotOpen, path: path, message: "is a folder, not a store file")
        }
        guard fileManager.isReadableFile(atPath: path) else {
            throw RequestStoreError(code: .cannotOpen, path: path, message: "cannot read the store file")
        }
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = try handle.read(upToCount: 16) ?? Data()
        } catch {
            throw RequestStoreError(code: .cannotOpen, path: path, message: "cannot read: \(Self.reason(error))")
        }
        guard header.isEmpty || header == Data("SQLite format 3\u{0}".utf8) else {
            throw RequestStoreError(code: .notADatabase, path: path, message: "not an SQLite database")
        }
        guard fileManager.isWritableFile(atPath: path) else {
            throw RequestStoreError(code: .readOnly, path: path, message: "the store file is read-only")
        }
    }

    /// Refuses SQLite files of other programs and stores written by a newer schema.
    private func checkIdentity(_ db: Database) throws {
        let tables = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        guard !tables.isEmpty else { return }
        guard tables.contains(StoreSchema.metaTable) else {
            let shown = tables.prefix(5).joined(separator: ", ")
            throw RequestStoreError(
                code: .notAStore,
                path: path,
                message: "an SQLite database, but not a logtriage store (its tables: \(shown))"
            )
        }
        let version = try StoreSchema.storedVersion(db, path: path)
        let superseded = try StoreSchema.migrator.hasBeenSuperseded(db)
        if superseded || (version ?? 0) > RequestStore.schemaVersion {
            let found = version.map { "schema version \($0)" } ?? "an unknown schema"
            throw RequestStoreError(
                code: .newerSchema,
                path: path,
                message: "written by a newer logtriage (\(found); this build knows up to "
                    + "\(RequestStore.schemaVersion)); upgrade logtriage or use another store"
            )
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}
