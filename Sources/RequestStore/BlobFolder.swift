internal import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed folder `<store>.files/<first two hex digits>/<sha256>`. Files appear whole or not at all:
/// each is written to `<store>.files/.incoming-<uuid>` (mode 0600), flushed, then renamed into place. A process
/// killed mid-write leaves at most an `.incoming-` file, never a partial blob.
struct BlobFolder {
    let root: String

    private var fileManager: FileManager { .default }

    func path(for digest: String) -> String {
        "\(root)/\(digest.prefix(2))/\(digest)"
    }

    /// Writes a blob whose digest is known in advance; `write` fills the temporary file.
    func store(digest: String, write: (FileHandle) throws -> Void) throws {
        let temporary = try makeTemporary()
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try write(handle)
            try handle.synchronize()
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw failure("cannot write \(temporary): \(error.localizedDescription)")
        }
        try moveIntoPlace(temporary, digest: digest)
    }

    /// Copies `input` into a temporary file while hashing it, then renames it to its digest.
    func storeStreaming(from input: FileHandle, source: String) throws -> (String, Int64) {
        let temporary = try makeTemporary()
        var hasher = SHA256()
        var bytes: Int64 = 0
        do {
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? output.close() }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
                bytes += Int64(chunk.count)
            }
            try output.synchronize()
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw RequestStoreError(code: .io, path: source, message: "cannot copy: \(error.localizedDescription)")
        }
        let digest = SHA256Digest.hex(hasher.finalize())
        if fileManager.fileExists(atPath: path(for: digest)) {
            try? fileManager.removeItem(atPath: temporary)
        } else {
            try moveIntoPlace(temporary, digest: digest)
        }
        return (digest, bytes)
    }

    private func makeTemporary() throws -> String {
        try makeFolder(root)
        let temporary = "\(root)/.incoming-\(UUID().uuidString)"
        guard fileManager.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw failure("cannot create a file in \(root)")
        }
        return temporary
    }

    private func moveIntoPlace(_ temporary: String, digest: String) throws {
        let target = path(for: digest)
        do {
            try makeFolder((target as NSString).deletingLastPathComponent)
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw error
        }
        // rename(2) replaces atomically; a blob written meanwhile by another thread has the same bytes.
        guard rename(temporary, target) == 0 else {
            let code = errno
            try? fileManager.removeItem(atPath: temporary)
            throw failure("cannot rename into \(target): \(String(cString: strerror(code)))")
        }
    }

    private func makeFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw failure("\(folder) is not a folder") }
            return
        }
        do {
            try fileManager.createDirectory(
                atPath: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw failure("cannot create the folder \(folder): \(error.localizedDescription)")
        }
    }

    private func failure(_ message: String) -> RequestStoreError {
        RequestStoreError(code: .io, path: root, message: message)
    }
}
