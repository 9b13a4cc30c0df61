import Crypto
import Foundation

/// A folder of one request's files on disk, with their SHA-256 digests computed as they are written.
///
/// Files are named by number (`0`, `1`, …); the sender's names are kept for reports only, so no name can escape the
/// folder. ``remove()`` deletes the folder.
final class UploadSpool: @unchecked Sendable {
    let directory: URL
    private(set) var files: [AnalysisJob.File] = []
    private(set) var digests: [String] = []
    private var handle: FileHandle?
    private var hasher = SHA256()
    private var currentBytes = 0
    private var currentName = ""
    private var currentPath = ""
    let maxFiles: Int

    /// Creates a new folder under `root`.
    /// - Throws: when the folder cannot be created.
    init(root: URL, maxFiles: Int) throws {
        directory = root.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.maxFiles = maxFiles
    }

    /// The spool of a job a previous process left queued, from its files' records; nil when they are not all on
    /// disk any more or not in one folder.
    init?(resuming files: [AnalysisJob.File], maxFiles: Int) {
        let folders = Set(files.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path })
        guard folders.count == 1, let folder = folders.first,
            files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) })
        else { return nil }
        directory = URL(fileURLWithPath: folder, isDirectory: true)
        self.files = files
        self.maxFiles = maxFiles
    }

    var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }

    /// Starts a new file.
    /// - Throws: ``RequestError`` past the file count limit, or when the file cannot be created.
    func begin(name: String?) throws {
        if handle != nil { try end() }
        guard files.count < maxFiles else {
            throw RequestError(.contentTooLarge, "more than \(maxFiles) files in one request")
        }
        let path = directory.appendingPathComponent(String(files.count)).path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let h = FileHandle(forWritingAtPath: path)
        else { throw RequestError(.internalServerError, "cannot write the upload to disk") }
        handle = h
        hasher = SHA256()
        currentBytes = 0
        currentPath = path
        currentName = Self.displayName(name, index: files.count)
    }

    /// Appends bytes to the current file.
    /// - Throws: when the disk write fails.
    func write(_ bytes: some Collection<UInt8>) throws {
        guard let handle else { return }
        let data = Data(bytes)
        hasher.update(data: data)
        try handle.write(contentsOf: data)
        currentBytes += data.count
    }

    /// Closes the current file.
    /// - Throws: when closing fails.
    func end() throws {
        guard let h = handle else { return }
        try h.close()
        handle = nil
        files.append(AnalysisJob.File(path: currentPath, name: currentName, bytes: currentBytes))
        digests.append(hasher.finalize().map { String(format: "%02x", $0) }.joined())
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
        try? handle?.close()
        handle = nil
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
