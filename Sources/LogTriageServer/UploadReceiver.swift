import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Streams a `POST /v1/analyses` body to disk: `multipart/form-data` parts named `file` (any part with a file name),
/// or `application/json` with base64 content. Never holds a whole file in memory; stops at the size limit (413).
struct UploadReceiver {
    let maxBytes: Int
    let maxFiles: Int
    let spoolRoot: URL
    static let maxFieldBytes = 4096

    /// What was received: the files in a spool, and the form fields.
    struct Received {
        var spool: UploadSpool
        var options: AnalysisOptions
        var externalId: String?
    }

    /// The JSON form: `{"email": base64, "files": [{"name": …, "content": base64}], "stand": …}`.
    struct JSONUpload: Decodable {
        struct File: Decodable {
            var name: String?
            var content: String
        }
        var email: String?
        var files: [File]?
        var stand: String?
        var since: String?
        var until: String?
        var externalId: String?
        var lang: String?
        var tz: String?
    }

    /// Reads the body.
    /// - Throws: ``RequestError``: 413 past the limits, 415 for another content type, 400 for a malformed body.
    func receive(_ request: Request) async throws -> Received {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw RequestError(.contentTooLarge, "request body over \(maxBytes) bytes")
        }
        let contentType = request.headers[.contentType] ?? ""
        let spool = try UploadSpool(root: spoolRoot, maxFiles: maxFiles)
        do {
            var received: Received
            if let parser = MultipartParser(contentType: contentType) {
                received = try await receiveMultipart(request.body, parser: parser, spool: spool)
            } else if contentType.lowercased().hasPrefix("application/json") {
                received = try await receiveJSON(request.body, spool: spool)
            } else {
                throw RequestError(
                    .unsupportedMediaType,
                    "send multipart/form-data (parts named file) or application/json"
                )
            }
            guard !received.spool.files.isEmpty else { throw RequestError(.badRequest, "no file in the request") }
            received.options.stand = received.options.stand?.uppercased()
            try AnalysisCoordinator.validate(received.options)
            return received
        } catch {
            spool.remove()
            throw error
        }
    }

    private func receiveMultipart(_ body: RequestBody, parser: MultipartParser, spool: UploadSpool) async throws
        -> Received
    {
        var parser = parser
        var fields: [String: String] = [:]
        var field: (name: String, bytes: [UInt8])?
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= maxBytes else {
                    throw RequestError(.contentTooLarge, "request body over \(maxBytes) bytes")
                }
                for event in try parser.feed(chunk.readableBytesView) {
                    switch event {
                    case .partBegin(let headers):
                        if headers.filename != nil || headers.name == "file" {
                            try spool.begin(name: headers.filename)
                        } else {
                            field = (headers.name, [])
                        }
                    case .body(let bytes):
                        if field != nil {
                            field?.bytes += bytes
                            if (field?.bytes.count ?? 0) > Self.maxFieldBytes {
                                throw RequestError(.badRequest, "form field \(field?.name ?? "") is too long")
                            }
                        } else {
                            try spool.write(bytes)
                        }
                    case .partEnd:
                        if let f = field {
                            fields[f.name] = String(decoding: f.bytes, as: UTF8.self)
                            field = nil
                        } else {
                            try spool.end()
                        }
                    }
                }
                if parser.isComplete { break }
            }
            try parser.finish()
        } catch let error as MultipartError {
            throw RequestError(.badRequest, error.description)
        }
        return Received(spool: spool, options: Self.options(fields), externalId: Self.clean(fields["externalId"]))
    }

    private func receiveJSON(_ body: RequestBody, spool: UploadSpool) async throws -> Received {
        // The body goes to disk first and is read back mapped, so only the decoded form is in memory.
        let path = spool.directory.appendingPathComponent("body.json").path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw RequestError(.internalServerError, "cannot write the upload to disk") }
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= maxBytes else {
                    throw RequestError(.contentTooLarge, "request body over \(maxBytes) bytes")
                }
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        let upload: JSONUpload
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            try KnownNulls.check(data)
            upload = try JSONDecoder().decode(JSONUpload.self, from: data)
        } catch let error as RequestError {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        } catch {
            throw RequestError(
                .badRequest,
                "the body is not the JSON upload form ({\"files\": [{\"name\", \"content\"}]})"
            )
        }
        try? FileManager.default.removeItem(atPath: path)
        try Self.decodeFiles(upload, into: spool)
        let options = AnalysisOptions(
            stand: Self.clean(upload.stand),
            since: Self.clean(upload.since),
            until: Self.clean(upload.until),
            lang: Self.clean(upload.lang)
        )
        var o = options
        o.tz = Self.clean(upload.tz)
        return Received(spool: spool, options: o, externalId: Self.clean(upload.externalId))
    }

    /// Writes the JSON form's base64 files (and e-mail, as `message.eml`) into the spool.
    /// - Throws: ``RequestError`` (400) for content that is not base64, 413 past the file count.
    static func decodeFiles(_ upload: JSONUpload, into spool: UploadSpool) throws {
        if let email = upload.email {
            guard let data = Data(base64Encoded: email) else {
                throw RequestError(.badRequest, "email is not base64 (without line breaks)")
            }
            try spool.add(name: "message.eml", contents: data)
        }
        for (k, f) in (upload.files ?? []).enumerated() {
            guard let data = Data(base64Encoded: f.content) else {
                throw RequestError(.badRequest, "files[\(k)].content is not base64")
            }
            try spool.add(name: f.name, contents: data)
        }
    }

    static func options(_ fields: [String: String]) -> AnalysisOptions {
        var o = AnalysisOptions(
            stand: clean(fields["stand"]),
            since: clean(fields["since"]),
            until: clean(fields["until"]),
            lang: clean(fields["lang"])
        )
        o.tz = clean(fields["tz"])
        return o
    }

    static func clean(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return String(t.prefix(256))
    }
}
