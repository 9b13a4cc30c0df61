import Foundation
import RequestStore
import Testing

struct BlobTests {
    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func `bytes are kept by digest, private, and read back unchanged`() throws {
        try withStore { store, folder in
            let content = Data("2026-11-18 10:04:48|ERROR|Api|password=hunter2 <TicketId>7a3a</TicketId>\n".utf8)
            let blob = try store.putBlob(content)
            #expect(blob.sha256 == SHA256Digest.hex(of: content))
            #expect(blob.bytes == Int64(content.count))
            let prefix = String(blob.sha256.prefix(2))
            #expect(blob.path == folder.storePath + ".files/\(prefix)/\(blob.sha256)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: blob.path)) == content)
            #expect(store.blobPath(sha256: blob.sha256) == blob.path)
            #expect(store.blobPath(sha256: blob.sha256.uppercased()) == blob.path)

            #expect(try mode(blob.path) == 0o600)
            #expect(try mode(store.blobDirectory) == 0o700)
            #expect(try mode(store.blobDirectory + "/" + prefix) == 0o700)

            // The secret is in the blob file only, never in the database file.
            let database = try Data(contentsOf: URL(fileURLWithPath: folder.storePath))
            #expect(database.firstRange(of: Data("hunter2".utf8)) == nil)
        }
    }

    @Test func `the same bytes twice are one file`() throws {
        try withStore { store, folder in
            let content = Data(repeating: 0x41, count: 1024 * 1024 + 17)
            let source = folder.path + "/big.log"
            try content.write(to: URL(fileURLWithPath: source))
            let fromData = try store.putBlob(content)
            let fromFile = try store.putBlob(fileAt: source)
            #expect(fromFile == fromData)
            #expect(fromFile.bytes == Int64(content.count))
            let other = try store.putBlob(fileAt: folder.path + "/big.log")
            #expect(other.path == fromData.path)

            let prefixFolder = (fromData.path as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: prefixFolder) == [fromData.sha256])
            // No temporary files are left behind.
            let top = try FileManager.default.contentsOfDirectory(atPath: store.blobDirectory)
            #expect(top.filter { $0.hasPrefix(".incoming-") }.isEmpty)
            #expect(top == [String(fromData.sha256.prefix(2))])
        }
    }

    @Test func `a blob written from a file matches SHA256Digest of that file`() throws {
        try withStore { store, folder in
            let source = folder.path + "/a.log"
            try Data("line one\nline two\n".utf8).write(to: URL(fileURLWithPath: source))
            let digest = try SHA256Digest.hex(ofFileAt: source)
            let blob = try store.putBlob(fileAt: source)
            #expect(blob.sha256 == digest.sha256 && blob.bytes == digest.bytes)
            // The well-known digest of the empty input.
            #expect(SHA256Digest.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }

    @Test func `missing blobs and unreadable sources are reported`() throws {
        try withStore { store, folder in
            #expect(store.blobPath(sha256: digest("never stored")) == nil)
            #expect(store.blobPath(sha256: "../../etc/passwd") == nil)
            let error = try #require(throws: RequestStoreError.self) {
                try store.putBlob(fileAt: folder.path + "/absent.log")
            }
            #expect(error.code == .io)
            #expect(error.path.hasSuffix("absent.log"))
        }
    }
}
