import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Calls to ticket systems over AsyncHTTPClient: JSON in and out, a timeout, a response size cap, basic auth that is
/// never sent to another host than the configured one.
struct TicketHTTP: Sendable {
    let client: HTTPClient
    let timeoutSeconds: Int
    static let maxResponseBytes = 16 * 1024 * 1024

    struct Reply {
        var status: Int
        var body: Data
    }

    /// One call. `authorization` is only sent when `url` is on `authorizedHost`.
    /// - Throws: ``TicketHTTPError`` on a transport failure, or a body over `maxBytes`.
    func call(
        _ method: String,
        _ url: String,
        json: Data? = nil,
        headers: [(String, String)] = [],
        authorization: String? = nil,
        authorizedHost: String? = nil,
        maxBytes: Int = maxResponseBytes
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.headers.add(name: "User-Agent", value: "logtriage")
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization, let host = URL(string: url)?.host, host == authorizedHost {
            request.headers.add(name: "Authorization", value: authorization)
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            let body = try await response.body.collect(upTo: maxBytes)
            return Reply(status: Int(response.status.code), body: Data(body.readableBytesView))
        } catch let error as TicketHTTPError {
            throw error
        } catch {
            throw TicketHTTPError(message: "\(method) \(Self.redacted(url)): \(Self.describe(error))")
        }
    }

    /// Downloads `url` into the spool, following up to three redirects (credentials only on `authorizedHost`).
    /// - Throws: ``TicketHTTPError`` on a failure or a non-2xx answer.
    func download(
        _ url: String,
        name: String,
        into spool: UploadSpool,
        authorization: String?,
        authorizedHost: String?,
        maxBytes: Int
    ) async throws {
        var current = url
        for _ in 0..<4 {
            var request = HTTPClientRequest(url: current)
            if let authorization, URL(string: current)?.host == authorizedHost {
                request.headers.add(name: "Authorization", value: authorization)
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            } catch {
                throw TicketHTTPError(message: "GET \(Self.redacted(current)): \(Self.describe(error))")
            }
            let code = Int(response.status.code)
            if (300..<400).contains(code), let location = response.headers.first(name: "Location"),
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
            {
                current = next
                continue
            }
            guard (200..<300).contains(code) else {
                throw TicketHTTPError(message: "GET \(Self.redacted(current)): HTTP \(code)", status: code)
            }
            try spool.begin(name: name)
            var total = 0
            for try await chunk in response.body {
                total += chunk.readableBytes
                guard total <= maxBytes else {
                    throw RequestError(.contentTooLarge, "attachments exceed \(maxBytes) bytes")
                }
                try spool.write(chunk.readableBytesView)
            }
            try spool.end()
            return
        }
        throw TicketHTTPError(message: "GET \(Self.redacted(url)): too many redirects")
    }

    /// The URL without its query (signed download URLs carry tokens there).
    static func redacted(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    private static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError { return "\(e)" }
        return String(describing: type(of: error))
    }
}

/// A call to a ticket system failed; `status` is the HTTP status when there was an answer.
struct TicketHTTPError: Error, CustomStringConvertible {
    var message: String
    var status: Int?
    var description: String { message }

    init(message: String, status: Int? = nil) {
        self.message = message
        self.status = status
    }
}
