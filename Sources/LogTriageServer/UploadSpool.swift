import Crypto
import Foundation
import Synchronization

/// A folder of one request's files on disk, with their SHA-256 digests computed as they are written.
///
/// Files are named by number (`0`, `1`, …); the sender's names are kept for reports only, so no name can escape the
/// folder. ``remove()`` deletes the folder.
///
/// One request's upload fills it, one task at a time; then it moves to the job that reads it. Its mutable state lives
/// behind a `Mutex`, so the compiler checks that it can cross those tasks.
final class UploadSpool: Sendable {
    let directory: URL
    let maxFiles: Int
    private let state: Mutex<State>

    private struct State {
        var files: [AnalysisJob.File] = []
        var digests: [String] = []
        /// The file being written, with its digest so far.
        var handle: FileHandle?
        var hasher = SHA256()
        var currentBytes = 0
        var currentName = ""
        var currentPath = ""
    }

    /// Creates a new folder under `root`.
    /// - Throws: when the folder cannot be created.
    init(root: URL, maxFiles: Int) throws {
        directory = root.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.maxFiles = maxFiles
        state = Mutex(State())
    }

    /// The spool of a job a previous process left queued, from its files' records; nil when they are not all on
    /// disk any more or not in one folder.
    init?(resuming files: [AnalysisJob.File], maxFiles: Int) {
        let folders = Set(files.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path })
        guard folders.count == 1, let folder = folders.first,
            files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) })
        else { return nil }
        directory = URL(fileURLWithPath: folder, isDirectory: true)
        state = Mutex(State(files: files))
        self.maxFiles = maxFiles
    }

    /// The files written so far, in order.
    var files: [AnalysisJob.File] { state.withLock { $0.files } }
    /// Each written file's SHA-256 digest (lower-case hex), in order.
    var digests: [String] { state.withLock { $0.digests } }
    var totalBytes: Int { state.withLock { $0.files.reduce(0) { $0 + $1.bytes } } }

    /// Starts a new file.
    /// - Throws: ``RequestError`` past the file count limit, or when the file cannot be created.
    func begin(name: String?) throws {
        try state.withLock { s in
            if s.handle != nil { try Self.end(&s) }
            guard s.files.count < maxFiles else {
                throw RequestError(.contentTooLarge, "more than \(maxFiles) files in one request")
            }
            let path = directory.appendingPathComponent(String(s.files.count)).path
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let h = FileHandle(forWritingAtPath: path)
            else { throw RequestError(.internalServerError, "cannot write the upload to disk") }
            s.handle = h
            s.hasher = SHA256()
            s.currentBytes = 0
            s.currentPath = path
            s.currentName = Self.displayName(name, index: s.files.count)
        }
    }

    /// Appends bytes to the current file.
    /// - Throws: when the disk write fails.
    func write(_ bytes: some Collection<UInt8>) throws {
        let data = Data(bytes)
        try state.withLock { s in
            guard let handle = s.handle else { return }
            s.hasher.update(data: data)
            try handle.write(contentsOf: data)
            s.currentBytes += data.count
        }
    }

    /// Closes the current file.
    /// - Throws: when closing fails.
    func end() throws {
        try state.withLock { try Self.end(&$0) }
    }

    private static func end(_ s: inout State) throws {
        guard let h = s.handle else { return }
        try h.close()
        s.handle = nil
        s.files.append(AnalysisJob.File(path: s.currentPath, name: s.currentName, bytes: s.currentBytes))
        s.digests.append(s.hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Writes a whole file at once (JSON uploads, fetched attachments).
    /// - Throws: ``RequestError`` past the file count limit, or a disk error.
    func add(name: String?, contents: Data) throws {
        try begin(name: name)
        try write(contents)
        try end()
    }

    /// The digest that makes two requests "the same inputs": options plus the sorted file digests.
    func inputDigest(options: AnalysisOptions) -> String {
        var h = SHA256()
        h.update(data: Data(options.canonical.utf8))
        for d in digests.sorted() { h.update(data: Data(("\n" + d).utf8)) }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func remove() {
        state.withLock { s in
            try? s.handle?.close()
            s.handle = nil
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The last path component of what the sender called the file, without control characters, at most 200
    /// characters; `file-N` when there is nothing left.
    static func displayName(_ name: String?, index: Int) -> String {
        let last = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(200))
        return clean.isEmpty || clean == "." || clean == ".." ? "file-\(index + 1)" : clean
    }
}
