internal import GRDB

/// The tables, as a `DatabaseMigrator`. Migrations are only ever appended: each one ends by writing its number into
/// `logtriage_meta.schema_version`, and ``RequestStore/schemaVersion`` names the last.
enum StoreSchema {
    static let metaTable = "logtriage_meta"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try createVersion1(db)
            try setVersion(1, db)
        }
        // The HTTP service's analyses and webhook deliveries. It leaves `schema_version` alone (tables were only
        // added); a build without this migration refuses the store through `hasBeenSuperseded`.
        migrator.registerMigration("v2-service") { db in
            try createService(db)
        }
        return migrator
    }

    /// The number in `logtriage_meta`, `nil` when there is none yet.
    static func storedVersion(_ db: Database, path: String) throws -> Int? {
        guard
            let text = try String.fetchOne(
                db,
                sql: "SELECT value FROM logtriage_meta WHERE key = 'schema_version'"
            )
        else { return nil }
        guard let version = Int(text) else {
            throw RequestStoreError(
                code: .notAStore,
                path: path,
                message: "logtriage_meta holds an unreadable schema version"
            )
        }
        return version
    }

    private static func setVersion(_ version: Int, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO logtriage_meta (key, value) VALUES ('schema_version', ?)",
            arguments: [String(version)]
        )
    }

    private static func createVersion1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE logtriage_meta (
                    key   TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE requests (
                    id                INTEGER PRIMARY KEY AUTOINCREMENT,
                    external_id       TEXT,
                    dedupe_key        TEXT NOT NULL UNIQUE,
                    source_kind       TEXT NOT NULL
                        CHECK (source_kind IN ('eml', 'mbox', 'maildir', 'folder', 'zip', 'files', 'json')),
                    source_name       TEXT,
                    subject           TEXT,
                    sender            TEXT,
                    sender_domain     TEXT,
                    message_id        TEXT,
                    received          TEXT,
                    received_unix     INTEGER CHECK ((received IS NULL) = (received_unix IS NULL)),
                    stand             TEXT,
                    stand_source      TEXT,
                    period_since      TEXT,
                    period_since_unix INTEGER CHECK ((period_since IS NULL) = (period_since_unix IS NULL)),
                    period_until      TEXT,
                    period_until_unix INTEGER CHECK ((period_until IS NULL) = (period_until_unix IS NULL)),
                    period_source     TEXT,
                    description       TEXT,
                    status            TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'analysed', 'failed')),
                    failure_reason    TEXT,
                    created_at        TEXT NOT NULL,
                    updated_at        TEXT NOT NULL
                );
                CREATE INDEX requests_external_id ON requests (external_id);
                CREATE INDEX requests_received ON requests (received_unix);
                CREATE INDEX requests_status ON requests (status);

                CREATE TABLE attachments (
                    id              INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id      INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
                    name            TEXT NOT NULL,
                    path            TEXT NOT NULL CHECK (path <> ''),
                    sha256          TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64
                                                 AND sha256 NOT GLOB '*[^0-9a-f]*')),
                    bytes           INTEGER NOT NULL CHECK (bytes >= 0),
                    detected_format TEXT,
                    parent_archive  TEXT,
                    skipped_reason  TEXT
                );
                CREATE INDEX attachments_request ON attachments (request_id);
                CREATE INDEX attachments_sha256 ON attachments (sha256);

                CREATE TABLE diagnoses (
                    id                INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id        INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
                    catalogue_version TEXT NOT NULL CHECK (catalogue_version <> ''),
                    input_digest      TEXT NOT NULL CHECK (input_digest <> ''),
                    created_at        TEXT NOT NULL,
                    verdict_side      TEXT NOT NULL,
                    confidence        REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
                    summary           TEXT NOT NULL,
                    json              TEXT NOT NULL CHECK (json_valid(json)),
                    UNIQUE (request_id, catalogue_version, input_digest)
                );
                CREATE INDEX diagnoses_latest ON diagnoses (request_id, created_at);

                CREATE TABLE findings (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    diagnosis_id INTEGER NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
                    rule_id      TEXT NOT NULL,
                    side         TEXT NOT NULL,
                    category     TEXT,
                    count        INTEGER NOT NULL CHECK (count >= 0),
                    first_file   TEXT,
                    first_line   INTEGER CHECK (first_line IS NULL OR first_line >= 1)
                );
                CREATE INDEX findings_diagnosis ON findings (diagnosis_id);
                CREATE INDEX findings_rule ON findings (rule_id);

                CREATE TABLE resolutions (
                    request_id  INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
                    side        TEXT NOT NULL,
                    route       TEXT,
                    recorded_at TEXT NOT NULL
                );
                """
        )
    }

    private static func createService(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE analyses (
                    id              TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                    idempotency_key TEXT UNIQUE,
                    input_digest    TEXT,
                    request_id      INTEGER REFERENCES requests (id) ON DELETE SET NULL,
                    source          TEXT NOT NULL,
                    external_id     TEXT,
                    status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
                    side            TEXT,
                    options         TEXT NOT NULL CHECK (json_valid(options)),
                    details         TEXT NOT NULL CHECK (json_valid(details)),
                    result          TEXT CHECK (result IS NULL OR json_valid(result)),
                    write_back      TEXT CHECK (write_back IS NULL OR json_valid(write_back)),
                    created_at      TEXT NOT NULL,
                    updated_at      TEXT NOT NULL
                );
                CREATE INDEX analyses_input_digest ON analyses (input_digest);
                CREATE INDEX analyses_status ON analyses (status);
                CREATE INDEX analyses_created ON analyses (created_at);
                CREATE INDEX analyses_request ON analyses (request_id);

                CREATE TABLE webhook_deliveries (
                    source      TEXT NOT NULL,
                    delivery_id TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    PRIMARY KEY (source, delivery_id)
                );
                """
        )
    }
}
