import Foundation

/// Everything `logtriage serve` is configured with: limits, API tokens, ticket systems and webhook secrets.
///
/// Read from a JSON file (``load(file:environment:)``) and then from the environment, which wins. Secrets are never
/// printed: ``redactedDescription`` names which ones are set, not their values.
public struct ServerConfiguration: Sendable, Codable {
    /// Bearer tokens accepted on every `/v1` route.
    public var apiTokens: [String] = []
    /// Largest request body, in bytes (413 past it).
    var maxRequestBytes: Int = 200 * 1024 * 1024
    /// Largest number of `file` parts (or JSON files) in one upload.
    public var maxFiles: Int = 64
    /// Largest webhook body, in bytes.
    var maxWebhookBytes: Int = 1024 * 1024
    /// Uploads up to this many bytes are analysed while the client waits (200); larger ones answer 202.
    var syncThresholdBytes: Int = 8 * 1024 * 1024
    /// Analyses run at the same time (each on a thread of its own, off the event loops).
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Where uploads are spooled; a fresh folder under the system's temporary folder when nil.
    var spoolDirectory: String?
    /// Seconds a client is told to wait before polling a 202 again.
    var retryAfterSeconds: Int = 2
    public var writeBack = WriteBackPolicy()
    public var zendesk: Zendesk?
    public var jira: Jira?
    public var generic: Generic?

    public init() {}

    /// Write-back retries: `maxAttempts` tries in all, waiting `initialDelayMillis` and doubling up to
    /// `maxDelayMillis`.
    public struct WriteBackPolicy: Sendable, Codable {
        var maxAttempts: Int = 5
        var initialDelayMillis: Int = 2000
        var maxDelayMillis: Int = 60000
        /// Timeout of one call to a ticket system, in seconds.
        var timeoutSeconds: Int = 20
        public init() {}
    }

    /// A Zendesk Support instance: `baseURL` like `https://acme.zendesk.com`; API token auth (`email/token:apiToken`).
    public struct Zendesk: Sendable, Codable {
        var baseURL: String
        public var email: String?
        var apiToken: String?
        /// The webhook's signing secret (Zendesk admin: Webhooks → the webhook → Signing secret).
        var webhookSecret: String?
        /// Seconds a signed timestamp may be old; 0 accepts any age.
        var signatureMaxAgeSeconds: Int?
        public init(baseURL: String) { self.baseURL = baseURL }
    }

    /// A Jira Service Management site: `baseURL` like `https://acme.atlassian.net`; basic auth with an API token.
    public struct Jira: Sendable, Codable {
        var baseURL: String
        public var email: String?
        var apiToken: String?
        /// The webhook's secret (`X-Hub-Signature: sha256=…`).
        var webhookSecret: String?
        public init(baseURL: String) { self.baseURL = baseURL }
    }

    /// Any other sender: an HMAC secret (`X-LogTriage-Signature: sha256=<hex>`) or a bearer token, and where results
    /// go.
    public struct Generic: Sendable, Codable {
        var webhookSecret: String?
        /// The URL results are POSTed to (signed with `callbackSecret`); none when nil.
        var callbackURL: String?
        var callbackSecret: String?
        public init() {}
    }
}

// MARK: - Loading

extension ServerConfiguration {
    /// Reads the JSON file (when given), then applies the environment.
    ///
    /// Environment: `LOGTRIAGE_API_TOKENS` (comma-separated), `LOGTRIAGE_MAX_REQUEST_BYTES`,
    /// `LOGTRIAGE_SYNC_THRESHOLD_BYTES`, `LOGTRIAGE_WORKERS`, `LOGTRIAGE_SPOOL_DIR`, `ZENDESK_BASE_URL`,
    /// `ZENDESK_EMAIL`,
    /// `ZENDESK_API_TOKEN`, `ZENDESK_WEBHOOK_SECRET`, `JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_TOKEN`,
    /// `JIRA_WEBHOOK_SECRET`, `LOGTRIAGE_WEBHOOK_SECRET`, `LOGTRIAGE_CALLBACK_URL`, `LOGTRIAGE_CALLBACK_SECRET`.
    /// - Throws: ``ServerConfigurationError`` when the file cannot be read or decoded, or a value is out of range.
    public static func load(file: String?, environment: [String: String]) throws -> ServerConfiguration {
        var config = ServerConfiguration()
        if let file {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ServerConfigurationError(message: "cannot read \(file): \(error.localizedDescription)")
            }
            do {
                config = try JSONDecoder().decode(ServerConfiguration.self, from: data)
            } catch let error as DecodingError {
                throw ServerConfigurationError(message: "\(file): \(Self.describe(error))")
            }
        }
        try config.apply(environment: environment)
        try config.validate()
        return config
    }

    mutating func apply(environment env: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let v = env[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        func int(_ name: String) throws -> Int? {
            guard let v = value(name) else { return nil }
            guard let n = Int(v) else { throw ServerConfigurationError(message: "\(name) is not a whole number") }
            return n
        }
        if let tokens = value("LOGTRIAGE_API_TOKENS") {
            apiTokens = tokens.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        maxRequestBytes = try int("LOGTRIAGE_MAX_REQUEST_BYTES") ?? maxRequestBytes
        syncThresholdBytes = try int("LOGTRIAGE_SYNC_THRESHOLD_BYTES") ?? syncThresholdBytes
        workers = try int("LOGTRIAGE_WORKERS") ?? workers
        spoolDirectory = value("LOGTRIAGE_SPOOL_DIR") ?? spoolDirectory
        if let url = value("ZENDESK_BASE_URL") ?? zendesk?.baseURL {
            var z = zendesk ?? Zendesk(baseURL: url)
            z.baseURL = url
            z.email = value("ZENDESK_EMAIL") ?? z.email
            z.apiToken = value("ZENDESK_API_TOKEN") ?? z.apiToken
            z.webhookSecret = value("ZENDESK_WEBHOOK_SECRET") ?? z.webhookSecret
            zendesk = z
        }
        if let url = value("JIRA_BASE_URL") ?? jira?.baseURL {
            var j = jira ?? Jira(baseURL: url)
            j.baseURL = url
            j.email = value("JIRA_EMAIL") ?? j.email
            j.apiToken = value("JIRA_API_TOKEN") ?? j.apiToken
            j.webhookSecret = value("JIRA_WEBHOOK_SECRET") ?? j.webhookSecret
            jira = j
        }
        let secret = value("LOGTRIAGE_WEBHOOK_SECRET")
        let callback = value("LOGTRIAGE_CALLBACK_URL")
        let callbackSecret = value("LOGTRIAGE_CALLBACK_SECRET")
        if secret != nil || callback != nil || callbackSecret != nil {
            var g = generic ?? Generic()
            g.webhookSecret = secret ?? g.webhookSecret
            g.callbackURL = callback ?? g.callbackURL
            g.callbackSecret = callbackSecret ?? g.callbackSecret
            generic = g
        }
    }

    func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw ServerConfigurationError(message: message) }
        }
        try check(maxRequestBytes >= 1024, "maxRequestBytes must be at least 1024")
        try check(maxFiles >= 1, "maxFiles must be at least 1")
        try check(syncThresholdBytes >= 0, "syncThresholdBytes must not be negative")
        try check(workers >= 1, "workers must be at least 1")
        try check(writeBack.maxAttempts >= 1, "writeBack.maxAttempts must be at least 1")
        try check(writeBack.initialDelayMillis >= 0 && writeBack.maxDelayMillis >= 0, "write-back delays must be ≥ 0")
        for (name, url) in [("zendesk", zendesk?.baseURL), ("jira", jira?.baseURL), ("generic", generic?.callbackURL)] {
            guard let url else { continue }
            guard let u = URL(string: url), let scheme = u.scheme, ["http", "https"].contains(scheme), u.host != nil
            else { throw ServerConfigurationError(message: "\(name): '\(url)' is not an http(s) URL") }
        }
    }

    /// What is configured, with every secret replaced by `set`/`unset`: safe to log.
    var redactedDescription: String {
        func flag(_ s: String?) -> String { s == nil ? "unset" : "set" }
        var parts = [
            "apiTokens=\(apiTokens.count)", "maxRequestBytes=\(maxRequestBytes)", "maxFiles=\(maxFiles)",
            "syncThresholdBytes=\(syncThresholdBytes)", "workers=\(workers)",
        ]
        if let z = zendesk {
            parts.append("zendesk=\(z.baseURL) (token \(flag(z.apiToken)), webhook secret \(flag(z.webhookSecret)))")
        }
        if let j = jira {
            parts.append("jira=\(j.baseURL) (token \(flag(j.apiToken)), webhook secret \(flag(j.webhookSecret)))")
        }
        if let g = generic {
            parts.append("generic callback=\(g.callbackURL ?? "none") (webhook secret \(flag(g.webhookSecret)))")
        }
        return parts.joined(separator: ", ")
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The configuration file or environment is wrong.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

// MARK: - Decoding with defaults

extension ServerConfiguration {
    /// Every key is optional: what the file leaves out keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServerConfiguration()
        apiTokens = try c.decodeIfPresent([String].self, forKey: .apiTokens) ?? d.apiTokens
        maxRequestBytes = try c.decodeIfPresent(Int.self, forKey: .maxRequestBytes) ?? d.maxRequestBytes
        maxFiles = try c.decodeIfPresent(Int.self, forKey: .maxFiles) ?? d.maxFiles
        maxWebhookBytes = try c.decodeIfPresent(Int.self, forKey: .maxWebhookBytes) ?? d.maxWebhookBytes
        syncThresholdBytes = try c.decodeIfPresent(Int.self, forKey: .syncThresholdBytes) ?? d.syncThresholdBytes
        workers = try c.decodeIfPresent(Int.self, forKey: .workers) ?? d.workers
        spoolDirectory = try c.decodeIfPresent(String.self, forKey: .spoolDirectory)
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds
        writeBack = try c.decodeIfPresent(WriteBackPolicy.self, forKey: .writeBack) ?? d.writeBack
        zendesk = try c.decodeIfPresent(Zendesk.self, forKey: .zendesk)
        jira = try c.decodeIfPresent(Jira.self, forKey: .jira)
        generic = try c.decodeIfPresent(Generic.self, forKey: .generic)
    }
}

extension ServerConfiguration.WriteBackPolicy {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts
        initialDelayMillis = try c.decodeIfPresent(Int.self, forKey: .initialDelayMillis) ?? d.initialDelayMillis
        maxDelayMillis = try c.decodeIfPresent(Int.self, forKey: .maxDelayMillis) ?? d.maxDelayMillis
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
    }
}
