import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Real HTTP calls over loopback with AsyncHTTPClient.
enum TestHTTP {
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }
        func array() throws -> [[String: Any]] {
            (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
        }
    }

    static func call(
        _ method: HTTPMethod,
        _ url: String,
        headers: [(String, String)] = [],
        body: Data? = nil,
        token: String? = TestServer.token
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (n, v) in headers { request.headers.add(name: n, value: v) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// A `multipart/form-data` body with `file` parts and fields.
    static func multipart(files: [(name: String, data: Data)], fields: [String: String] = [:]) -> (String, Data) {
        let boundary = "----logtriage-test-\(UUID().uuidString)"
        var body = Data()
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        for f in files {
            body += Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(f.name)\"\r\n".utf8
            )
            body += Data("Content-Type: application/octet-stream\r\n\r\n".utf8)
            body += f.data
            body += Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static func sample(_ name: String) throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: root.appendingPathComponent("SampleLogs/\(name)"))
    }

    /// What SampleLogs/expected.json says the verdict of a sample is (its first word).
    static func expectedSide(_ name: String) throws -> String {
        let data = try sample("expected.json")
        let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        let entry = entries.first { $0["file"] as? String == name }
        let expected = entry?["expected"] as? String ?? ""
        return String(expected.split(separator: " ").first ?? "")
    }
}
