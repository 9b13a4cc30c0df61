import LogBytes

/// The literals ``EventExtractor``'s record-wide searches start from. One pass (``find(in:)``) finds where each first
/// occurs in a record, so a search for a literal a record lacks costs nothing, and a search for one it holds starts
/// at its first occurrence. The case order is the order of the needles in the one ``NeedleSet``.
enum RecordMarker: Int, CaseIterable {
    // The URL (findURL).
    case schemeSeparator  // `://`
    case apiPath  // `/api/`
    // The HTTP status (findStatus): a status line, then a word followed by a status.
    case httpSlash  // `HTTP/`
    case httpWord, returnedWord, respondedWord
    // The exception (findException).
    case curlError  // `curl: (`
    case causedBy, exceptionWord
    // The client's timeout (findClientTimeout); ASCII case ignored.
    case timeoutOf, timedOutAfter
    // The HTTP status again (findStatus): a key followed by `:`, `=` or a quote, then a status; ASCII case ignored.
    case statusCodeKey, statusSpaceCodeKey, statusUnderscoreCodeKey, httpStatusKey, statusKey, notSuccessKey

    var literal: String {
        switch self {
        case .schemeSeparator: "://"
        case .apiPath: "/api/"
        case .httpSlash: "HTTP/"
        case .httpWord: "HTTP "
        case .returnedWord: "returned "
        case .respondedWord: "responded "
        case .curlError: "curl: ("
        case .causedBy: "Caused by: "
        case .exceptionWord: "Exception"
        case .timeoutOf: "timeout of "
        case .timedOutAfter: "timed out after "
        case .statusCodeKey: "statuscode"
        case .statusSpaceCodeKey: "status code"
        case .statusUnderscoreCodeKey: "status_code"
        case .httpStatusKey: "http status"
        case .statusKey: "status"
        case .notSuccessKey: "does not indicate success:"
        }
    }

    /// Whether the needle matches with ASCII letters of the record folded to lower case (its literal is lower case).
    var ignoresCase: Bool {
        switch self {
        case .timeoutOf, .timedOutAfter, .statusCodeKey, .statusSpaceCodeKey, .statusUnderscoreCodeKey, .httpStatusKey,
            .statusKey, .notSuccessKey:
            true
        default: false
        }
    }

    /// The words followed by a status (`HTTP 401 Unauthorized`, `returned 401 Unauthorized`), in the order tried.
    static let statusWords: [RecordMarker] = [.httpWord, .returnedWord, .respondedWord]
    /// The keys followed by a status (`StatusCode: 504`, `status=504`), in the order tried.
    static let statusKeys: [RecordMarker] = [
        .statusCodeKey, .statusSpaceCodeKey, .statusUnderscoreCodeKey, .httpStatusKey, .statusKey, .notSuccessKey,
    ]

    /// The literal's bytes.
    var bytes: [UInt8] { Self.allBytes[rawValue] }

    private static let allBytes: [[UInt8]] = allCases.map { Array($0.literal.utf8) }
    private static let needles = NeedleSet(allCases.map { (Array($0.literal.utf8), $0.ignoresCase) })

    /// Where each marker first occurs in `record`.
    static func find(in record: ArraySlice<UInt8>) -> Hits {
        Hits(offsets: needles.firstIndices(in: record))
    }

    /// The offset in the record of each marker's first occurrence, -1 where it does not occur.
    struct Hits {
        fileprivate let offsets: [Int]

        subscript(_ marker: RecordMarker) -> Int { offsets[marker.rawValue] }
    }
}
