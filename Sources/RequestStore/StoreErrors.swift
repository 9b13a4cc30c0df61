internal import GRDB

/// Turns what SQLite, GRDB and the file system throw into ``RequestStoreError``.
enum StoreErrors {
    static func translate(_ error: any Error, path: String) -> RequestStoreError {
        if var error = error as? RequestStoreError {
            if error.path.isEmpty { error.path = path }
            return error
        }
        guard let error = error as? DatabaseError else {
            return RequestStoreError(code: .database, path: path, message: "\(error)")
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return RequestStoreError(code: .notADatabase, path: path, message: "not an SQLite database (\(detail))")
        case .SQLITE_READONLY, .SQLITE_PERM:
            return RequestStoreError(code: .readOnly, path: path, message: "cannot write the store (\(detail))")
        case .SQLITE_CANTOPEN:
            return RequestStoreError(code: .cannotOpen, path: path, message: "cannot open the store (\(detail))")
        case .SQLITE_CONSTRAINT:
            return RequestStoreError(code: .invalidValue, path: path, message: "refused by the schema (\(detail))")
        case .SQLITE_CORRUPT:
            return RequestStoreError(code: .notADatabase, path: path, message: "the database is damaged (\(detail))")
        default:
            return RequestStoreError(code: .database, path: path, message: "SQLite error: \(detail)")
        }
    }

    static func invalid(_ message: String, path: String) -> RequestStoreError {
        RequestStoreError(code: .invalidValue, path: path, message: message)
    }
}
