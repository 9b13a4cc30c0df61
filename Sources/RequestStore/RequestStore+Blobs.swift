import Foundation

// MARK: - Attachment bytes beside the database

extension RequestStore {
    /// Keeps `data` in the blob folder under its SHA-256 (folders 0700, file 0600, written to a temporary file and
    /// renamed into place). Bytes already there are not written again.
    /// - Throws: ``RequestStoreError`` with code `io` when the folder or file cannot be written.
    @discardableResult
    public func putBlob(_ data: Data) throws -> StoredBlob {
        let digest = SHA256Digest.hex(of: data)
        let blobs = BlobFolder(root: blobDirectory)
        let target = blobs.path(for: digest)
        if FileManager.default.fileExists(atPath: target) {
            return StoredBlob(sha256: digest, bytes: Int64(data.count), path: target)
        }
        try blobs.store(digest: digest) { handle in try handle.write(contentsOf: data) }
        return StoredBlob(sha256: digest, bytes: Int64(data.count), path: target)
    }

    /// Copies the file at `source` into the blob folder under its SHA-256, hashing while copying in 1 MiB chunks
    /// (memory stays flat whatever its size). Bytes already there are not kept twice.
    /// - Throws: ``RequestStoreError`` with code `io` when `source` cannot be read or the blob cannot be written.
    @discardableResult
    public func putBlob(fileAt source: String) throws -> StoredBlob {
        let blobs = BlobFolder(root: blobDirectory)
        let input: FileHandle
        do {
            input = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
        } catch {
            throw RequestStoreError(code: .io, path: source, message: "cannot read: \(error.localizedDescription)")
        }
        defer { try? input.close() }
        let (digest, bytes) = try blobs.storeStreaming(from: input, source: source)
        return StoredBlob(sha256: digest, bytes: bytes, path: blobs.path(for: digest))
    }

    /// The file holding the bytes with this SHA-256, `nil` when the store does not have them (or `sha256` is not
    /// a digest).
    public func blobPath(sha256: String) -> String? {
        let digest = sha256.lowercased()
        guard SHA256Digest.isValid(digest) else { return nil }
        let target = BlobFolder(root: blobDirectory).path(for: digest)
        return FileManager.default.fileExists(atPath: target) ? target : nil
    }
}
