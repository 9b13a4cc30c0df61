import Foundation

/// One record of a customer's log, with every fact logtriage could extract from it.
///
/// Fields are absent (`nil` / empty) when the record does not say. A record is one log entry: its header line plus
/// the lines that belong to it (pretty-printed XML/JSON bodies, stack traces), one JSON line, one curl exchange, or
/// one raw XML envelope.
public struct LogEvent: Codable, Sendable, Equatable {
    /// The input as named on the command line (`-` for stdin).
    public var file: String
    /// 1-based line number, in the decompressed input, of the record's first line.
    public var line: Int
    /// 1-based line number of the record's last line.
    public var endLine: Int
    /// 1-based line of the decisive element: the `<Error>`/`<Warning>` element, the HTTP status line, the exception.
    var decisiveLine: Int?

    public var timestamp: Timestamp?
    public var level: LogLevel?
    public var logger: String?
    /// The record's message: its first line after the log prefix, at most a few hundred characters.
    public var message: String?

    var direction: Direction?
    /// The MixVel operation, e.g. `AirShopping`, `OrderCreate`, `OrderCancel`, `Login`, `OrderView` (see ``MixVel``).
    public var method: String?
    /// Local name of the XML root message element, e.g. `Mixvel_OrderViewRS`, `AuthResponse`.
    var messageName: String?
    /// HTTP verb of a request line, e.g. `POST`.
    var httpVerb: String?
    /// URL path (no query), e.g. `/api/Order/Create`.
    public var path: String?
    public var host: String?
    /// True when the record is a call to MixVel or its answer: the host is a MixVel API host (`api.mixvel.com`,
    /// `api-test.mixvel.com`), the body is a MixVel message, the path is a MixVel endpoint with no other host, or
    /// the request it answers was one; false when it names another host; nil when the record does not say.
    public var mixvel: Bool?
    /// A request/trace/correlation id from the record's JSON fields, used to pair a response with its request.
    var correlationId: String?
    /// `PROD` or `TEST`, from the host.
    public var stand: String?
    public var httpStatus: Int?
    var elapsedMs: Double?

    public var messageId: String?
    public var replyTo: String?
    public var timeSent: String?

    /// 1 = `Envelope/Body/Error`, 2 = `Mixvel_<M>RS/Error` or `AuthResponse/Error`, 3 = `Response/Warning` only.
    public var errorLevel: Int?
    public var errorType: String?
    public var code: String?
    var descText: String?
    var canRetry: Bool?
    public var retryAfter: Int?
    var ticketId: String?
    /// Codes and texts of `Warning` elements (level 3), in document order.
    var warningCodes: [String]
    var warningTexts: [String]
    /// `OperationStatus` values found (e.g. `Success`, `Failure`), in document order.
    var operationStatuses: [String]

    /// Exception type, e.g. `System.Threading.Tasks.TaskCanceledException`, `java.net.SocketTimeoutException`.
    public var exceptionType: String?
    var exceptionMessage: String?

    /// `PayloadAttributes/ResponseAfterTimeout` (or the misspelt `ResponceAfterTimeout`) in seconds.
    var responseAfterTimeout: Int?
    /// Client-side timeout in seconds when the record states it (e.g. `HttpClient.Timeout of 30 seconds`).
    var clientTimeoutSeconds: Double?
    /// ``clientTimeoutSeconds`` minus the server's deadline: the `ResponseAfterTimeout` of the request the record
    /// answers (or its own), else MixVel's default of 40 s. Below 2 the client gave up before MixVel had to answer.
    var timeoutMarginSeconds: Double?
    /// `RetransmissionInd=true` in the request.
    var retransmission: Bool?
    /// Distinct local names of the XML elements in the record's body, sorted.
    var elements: [String]
    /// Distinct XML namespace URIs declared in the record's body, sorted.
    var namespaces: [String]
    /// True when the record carries a body that looks like XML but is not well formed as far as the scan can tell.
    var bodyKind: BodyKind?

    /// The decisive line's text (or the first line), cut to a short excerpt. Not yet redacted.
    public var excerpt: String

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
        self.endLine = line
        self.warningCodes = []
        self.warningTexts = []
        self.operationStatuses = []
        self.elements = []
        self.namespaces = []
        self.excerpt = ""
    }

    public enum Direction: String, Codable, Sendable {
        case request
        case response
    }

    /// What kind of payload the record carried.
    public enum BodyKind: String, Codable, Sendable {
        case xml
        case json
        case html
        case text
    }
}

/// A point in time with the UTC offset it was written in.
public struct Timestamp: Codable, Sendable, Equatable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var epochMillis: Int64
    /// Offset from UTC in seconds that the log used (or that was assumed).
    public var offsetSeconds: Int
    /// True when the log had no offset and ``offsetSeconds`` comes from `--tz`.
    public var assumedOffset: Bool

    public init(epochMillis: Int64, offsetSeconds: Int, assumedOffset: Bool = false) {
        self.epochMillis = epochMillis
        self.offsetSeconds = offsetSeconds
        self.assumedOffset = assumedOffset
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochMillis < rhs.epochMillis }

    public var date: Date { Date(timeIntervalSince1970: Double(epochMillis) / 1000) }

    /// Encoded as its ISO-8601 text; ``assumedOffset`` is reported per input, not per event.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let t = TimestampFormat.parse(text, assumedOffset: 0) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(text)"))
        }
        self = t
    }

    /// ISO-8601 with milliseconds and the original offset, e.g. `2026-11-18T10:15:03.123+03:00`.
    public var description: String { TimestampFormat.iso8601(self) }
}
