import Foundation
internal import GRDB

/// The SQLite store of support requests, their attachments, diagnoses and findings.
///
/// One file opened as a GRDB `DatabasePool` in WAL mode: one writer, concurrent readers. Every write is one
/// transaction, so a killed process never leaves half a request. Attachment bytes live beside the file, in
/// `<path>.files/`, named by their SHA-256 (see ``putBlob(_:)``). Safe to share between threads and tasks.
public struct RequestStore: Sendable {
    /// The schema version this build writes and understands; kept in `logtriage_meta`.
    public static let schemaVersion = 1

    /// The database file.
    public let path: String
    /// The folder of attachment bytes: `<path>.files`.
    public let blobDirectory: String

    let pool: DatabasePool

    /// Opens the store at `path`, creating the file and its folders (mode 0700) when missing, and brings its schema
    /// up to date.
    /// - Throws: ``RequestStoreError`` with code `cannotOpen`, `readOnly`, `notADatabase` (a file that is not
    ///   SQLite), `notAStore` (an SQLite file of something else) or `newerSchema` (written by a newer logtriage).
    public init(path: String) throws {
        self.path = path
        self.blobDirectory = path + ".files"
        self.pool = try StoreOpener(path: path).open()
    }

    /// Where the store lives unless told: `$LOGTRIAGE_STORE`, else `$XDG_DATA_HOME/logtriage/store.sqlite`
    /// (an absolute `XDG_DATA_HOME` only, as the XDG spec says), else `~/.local/share/logtriage/store.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["LOGTRIAGE_STORE"], !explicit.isEmpty {
            return explicit
        }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return Self.join(data, "logtriage/store.sqlite")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return Self.join(home, ".local/share/logtriage/store.sqlite")
    }

    private static func join(_ base: String, _ rest: String) -> String {
        base.hasSuffix("/") ? base + rest : base + "/" + rest
    }
}

// MARK: - Running database work

extension RequestStore {
    /// Runs `body` in one write transaction, translating any error into a ``RequestStoreError``.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreErrors.translate(error, path: path)
        }
    }

    /// Runs `body` on a read-only snapshot, translating any error into a ``RequestStoreError``.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreErrors.translate(error, path: path)
        }
    }
}
