/// Everything the store throws: a code to switch on, the file it concerns and a message a person can act on.
public struct RequestStoreError: Error, Hashable, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case cannotOpen, readOnly, notADatabase, notAStore, newerSchema, invalidValue, unknownRequest, io, database
        }

        private let wrapped: Wrapped

        /// The file or its folder cannot be created or opened.
        public static let cannotOpen = Self(wrapped: .cannotOpen)
        /// The file or its folder cannot be written.
        public static let readOnly = Self(wrapped: .readOnly)
        /// The file exists and is not an SQLite database.
        public static let notADatabase = Self(wrapped: .notADatabase)
        /// The file is an SQLite database of something else.
        public static let notAStore = Self(wrapped: .notAStore)
        /// The store was written by a newer logtriage with a schema this build does not know.
        public static let newerSchema = Self(wrapped: .newerSchema)
        /// A value passed in cannot be stored (a malformed digest, an empty name).
        public static let invalidValue = Self(wrapped: .invalidValue)
        /// No request has the given id.
        public static let unknownRequest = Self(wrapped: .unknownRequest)
        /// Reading or writing a file beside the database failed.
        public static let io = Self(wrapped: .io)
        /// SQLite reported an error.
        public static let database = Self(wrapped: .database)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    /// The database file (or blob file) concerned.
    public var path: String
    public var message: String

    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }
}

extension RequestStoreError: CustomStringConvertible {
    public var description: String { "\(path): \(message)" }
}
