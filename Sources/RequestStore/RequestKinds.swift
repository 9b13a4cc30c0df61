/// Where a request came from.
public enum RequestSourceKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// One `.eml` file.
    case eml
    /// One message out of an mbox file.
    case mbox
    /// One message out of a maildir.
    case maildir
    /// A folder whose files make one request.
    case folder
    /// A `.zip` archive whose entries make one request.
    case zip
    /// Plain log files named on the command line or uploaded.
    case files
    /// One line of a JSON-lines export.
    case json
}

/// Where a request stands in its life.
public enum RequestStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// Stored, not yet diagnosed.
    case new
    /// At least one diagnosis is stored.
    case analysed
    /// The last attempt to diagnose it failed; the reason is kept.
    case failed
}
