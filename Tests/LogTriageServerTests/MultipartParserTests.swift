import Foundation
import Testing

@testable import LogTriageServer

@Suite struct MultipartParserTests {
    static let body = Array(
        ("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"stand\"\r\n\r\nPROD\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\\\"b.log\"\r\n"
            + "Content-Type: text/plain\r\n\r\nline 1\r\n--XyZnot a boundary\r\nline 2\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%D0%BB%D0%BE%D0%B3.txt\r\n\r\n"
            + "\r\n--XyZ--\r\nepilogue").utf8
    )

    /// Events with adjacent body pieces joined, so that chunkings can be compared.
    static func parse(chunk: Int) throws -> [MultipartParser.Event] {
        var parser = try #require(MultipartParser(contentType: "multipart/form-data; boundary=\"XyZ\""))
        var events: [MultipartParser.Event] = []
        var i = 0
        while i < body.count {
            for e in try parser.feed(body[i..<min(i + chunk, body.count)]) {
                if case .body(let b) = e, case .body(let prev)? = events.last {
                    events[events.count - 1] = .body(prev + b)
                } else {
                    events.append(e)
                }
            }
            i += chunk
        }
        try parser.finish()
        return events
    }

    @Test(arguments: [1, 2, 7, 64, 4096])
    func `parts come out the same whatever the chunk size`(chunk: Int) throws {
        let events = try Self.parse(chunk: chunk)
        #expect(
            events == [
                .partBegin(.init(name: "stand", filename: nil)), .body(Array("PROD".utf8)), .partEnd,
                .partBegin(.init(name: "file", filename: "a\"b.log")),
                .body(Array("line 1\r\n--XyZnot a boundary\r\nline 2".utf8)), .partEnd,
                .partBegin(.init(name: "file", filename: "лог.txt")), .partEnd,
            ]
        )
    }

    @Test func `a body without its closing boundary is reported`() throws {
        var parser = try #require(MultipartParser(contentType: "multipart/form-data; boundary=XyZ"))
        _ = try parser.feed(Array("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc".utf8))
        #expect(throws: MultipartError.truncated) { try parser.finish() }
    }

    @Test func `other content types and missing boundaries are not multipart`() {
        #expect(MultipartParser(contentType: "application/json") == nil)
        #expect(MultipartParser(contentType: "multipart/form-data") == nil)
        #expect(MultipartParser(contentType: "Multipart/Form-Data; charset=utf-8; boundary=abc") != nil)
    }

    @Test func `display names keep only the last path component`() {
        #expect(UploadSpool.displayName("../../etc/passwd", index: 0) == "passwd")
        #expect(UploadSpool.displayName("C:\\logs\\app.log", index: 0) == "app.log")
        #expect(UploadSpool.displayName("..", index: 2) == "file-3")
        #expect(UploadSpool.displayName(nil, index: 0) == "file-1")
    }
}
