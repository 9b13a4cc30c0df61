import Foundation

/// Refuses `null` (and an empty `files` list) for the fields the service reads from a JSON body (uploads,
/// webhooks): the API documents them as strings to leave out when unknown, and a `null` is more likely a sender's
/// template gone wrong. Other members (a Jira issue's many `fields`) may be null.
enum KnownNulls {
    static let topLevel = [
        "email", "files", "stand", "since", "until", "externalId", "lang", "tz", "ticket_id", "ticket", "issue",
        "issueKey",
    ]

    /// - Throws: ``RequestError`` (400) naming the first such field that is `null`.
    static func check(_ body: Data) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return }
        for key in topLevel where object[key] is NSNull { throw refusal(key) }
        if let files = object["files"] as? [Any], files.isEmpty {
            throw RequestError(.badRequest, "files is empty: leave it out instead")
        }
        if let ticket = object["ticket"] as? [String: Any], ticket["id"] is NSNull { throw refusal("ticket.id") }
        if let issue = object["issue"] as? [String: Any], issue["key"] is NSNull { throw refusal("issue.key") }
        for (k, file) in (object["files"] as? [Any] ?? []).enumerated() {
            guard let file = file as? [String: Any] else { continue }
            for key in ["name", "content"] where file[key] is NSNull { throw refusal("files[\(k)].\(key)") }
        }
    }

    private static func refusal(_ field: String) -> RequestError {
        RequestError(.badRequest, "\(field) is null: leave it out instead")
    }
}
