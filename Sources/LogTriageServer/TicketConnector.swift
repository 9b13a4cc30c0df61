import Foundation

/// One ticket in one ticket system: read its attachments, look for our note, post an internal note.
protocol TicketConnector: Sendable {
    /// Downloads the ticket's attachments into `spool` (at most `maxBytes` in all).
    func fetchAttachments(into spool: UploadSpool, maxBytes: Int) async throws
    /// True when a comment on the ticket already carries `marker`.
    func hasNote(marker: String) async throws -> Bool
    /// Posts `body` as an internal note (never public, never a status change) and adds `tags`.
    func postNote(_ body: String, tags: [String]) async throws
}

extension TicketConnector {
    static func basicAuth(_ user: String?, _ secret: String?) -> String? {
        guard let user, let secret else { return nil }
        return "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString()
    }

    static func decode<T: Decodable>(_ type: T.Type, _ reply: TicketHTTP.Reply, _ what: String) throws -> T {
        guard (200..<300).contains(reply.status) else {
            throw TicketHTTPError(message: "\(what): HTTP \(reply.status)", status: reply.status)
        }
        do {
            return try JSONDecoder().decode(type, from: reply.body)
        } catch {
            throw TicketHTTPError(message: "\(what): unexpected answer")
        }
    }

    static func expectSuccess(_ reply: TicketHTTP.Reply, _ what: String) throws {
        guard (200..<300).contains(reply.status) else {
            throw TicketHTTPError(message: "\(what): HTTP \(reply.status)", status: reply.status)
        }
    }
}

/// Zendesk Support: `PUT /api/v2/tickets/{id}.json` with a private comment and `additional_tags`; comments and
/// attachments from `GET /api/v2/tickets/{id}/comments.json`. Auth: `{email}/token:{api token}`.
struct ZendeskConnector: TicketConnector {
    let http: TicketHTTP
    let config: ServerConfiguration.Zendesk
    let ticketID: String

    private var base: String { config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL }
    private var auth: String? { Self.basicAuth(config.email.map { "\($0)/token" }, config.apiToken) }
    private var host: String? { URL(string: config.baseURL)?.host }
    private var ticketPath: String { ticketID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }

    struct CommentPage: Decodable {
        struct Comment: Decodable {
            var body: String?
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var plain_body: String?
            var attachments: [Attachment]?
        }
        struct Attachment: Decodable {
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var file_name: String
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var content_url: String
        }
        var comments: [Comment]
        // swift-format-ignore: AlwaysUseLowerCamelCase
        var next_page: String?
    }

    private func comments() async throws -> [CommentPage.Comment] {
        var out: [CommentPage.Comment] = []
        var url: String? = "\(base)/api/v2/tickets/\(ticketPath)/comments.json"
        var pages = 0
        while let next = url, pages < 20 {
            let reply = try await http.call("GET", next, authorization: auth, authorizedHost: host)
            let page = try Self.decode(CommentPage.self, reply, "zendesk comments")
            out += page.comments
            // Only follow pages on the configured host.
            url = page.next_page.flatMap { URL(string: $0)?.host == host ? $0 : nil }
            pages += 1
        }
        return out
    }

    func fetchAttachments(into spool: UploadSpool, maxBytes: Int) async throws {
        for comment in try await comments() {
            for a in comment.attachments ?? [] {
                try await http.download(
                    a.content_url,
                    name: a.file_name,
                    into: spool,
                    authorization: auth,
                    authorizedHost: host,
                    maxBytes: maxBytes - spool.totalBytes
                )
            }
        }
    }

    func hasNote(marker: String) async throws -> Bool {
        try await comments().contains { ($0.body ?? $0.plain_body ?? "").contains(marker) }
    }

    func postNote(_ body: String, tags: [String]) async throws {
        struct Update: Encodable {
            struct Ticket: Encodable {
                struct Comment: Encodable {
                    var body: String
                    var `public` = false
                }
                var comment: Comment
                // swift-format-ignore: AlwaysUseLowerCamelCase
                var additional_tags: [String]
            }
            var ticket: Ticket
        }
        let json = try JSONEncoder().encode(Update(ticket: .init(comment: .init(body: body), additional_tags: tags)))
        let reply = try await http.call(
            "PUT",
            "\(base)/api/v2/tickets/\(ticketPath).json",
            json: json,
            authorization: auth,
            authorizedHost: host
        )
        try Self.expectSuccess(reply, "zendesk ticket update")
    }
}

/// Jira Service Management: internal comment `POST /rest/servicedeskapi/request/{key}/comment` (`public: false`),
/// labels `PUT /rest/api/3/issue/{key}` (`update.labels[].add`), attachments from the issue's `attachment` field.
struct JiraConnector: TicketConnector {
    let http: TicketHTTP
    let config: ServerConfiguration.Jira
    let issueKey: String

    private var base: String { config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL }
    private var auth: String? { Self.basicAuth(config.email, config.apiToken) }
    private var host: String? { URL(string: config.baseURL)?.host }
    private var keyPath: String {
        issueKey.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-"])) ?? ""
    }

    func fetchAttachments(into spool: UploadSpool, maxBytes: Int) async throws {
        struct Issue: Decodable {
            struct Fields: Decodable {
                struct Attachment: Decodable {
                    var filename: String
                    var content: String
                }
                var attachment: [Attachment]?
            }
            var fields: Fields
        }
        let reply = try await http.call(
            "GET",
            "\(base)/rest/api/3/issue/\(keyPath)?fields=attachment",
            authorization: auth,
            authorizedHost: host
        )
        let issue = try Self.decode(Issue.self, reply, "jira issue")
        for a in issue.fields.attachment ?? [] {
            try await http.download(
                a.content,
                name: a.filename,
                into: spool,
                authorization: auth,
                authorizedHost: host,
                maxBytes: maxBytes - spool.totalBytes
            )
        }
    }

    func hasNote(marker: String) async throws -> Bool {
        struct Page: Decodable {
            struct Comment: Decodable { var body: String? }
            var values: [Comment]
            var isLastPage: Bool?
        }
        var start = 0
        for _ in 0..<20 {
            let reply = try await http.call(
                "GET",
                "\(base)/rest/servicedeskapi/request/\(keyPath)/comment?start=\(start)&limit=100",
                authorization: auth,
                authorizedHost: host
            )
            let page = try Self.decode(Page.self, reply, "jira comments")
            if page.values.contains(where: { ($0.body ?? "").contains(marker) }) { return true }
            if page.isLastPage ?? true || page.values.isEmpty { return false }
            start += page.values.count
        }
        return false
    }

    func postNote(_ body: String, tags: [String]) async throws {
        struct Comment: Encodable {
            var body: String
            var `public` = false
        }
        let comment = try await http.call(
            "POST",
            "\(base)/rest/servicedeskapi/request/\(keyPath)/comment",
            json: try JSONEncoder().encode(Comment(body: body)),
            authorization: auth,
            authorizedHost: host
        )
        try Self.expectSuccess(comment, "jira comment")
        struct Labels: Encodable {
            struct Update: Encodable {
                struct Add: Encodable { var add: String }
                var labels: [Add]
            }
            var update: Update
        }
        let labels = try await http.call(
            "PUT",
            "\(base)/rest/api/3/issue/\(keyPath)",
            json: try JSONEncoder().encode(Labels(update: .init(labels: tags.map { .init(add: $0) }))),
            authorization: auth,
            authorizedHost: host
        )
        try Self.expectSuccess(labels, "jira labels")
    }
}
