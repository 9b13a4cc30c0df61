import Foundation

/// What ``InputExpander/expand(paths:limits:)`` found: the files to read, in a stable order, and what was left out.
/// Temporary copies of archive members live until this object goes away (or ``removeTemporaryFiles()``).
public final class ExpandedInputs: @unchecked Sendable {
    /// The files to read, in order: inputs as given, directories' files sorted by path, archives' members in order.
    public private(set) var sources: [InputSource] = []
    /// One sentence per thing left out or cut short (not a log, a symlink, a cap reached).
    public private(set) var notes: [String] = []
    /// Inputs (or members) that could not be read in full: a diagnosis must not say "no failure" on their account.
    public private(set) var unreadable: [String] = []

    private var temporaryDirectory: URL?
    private var temporaryCount = 0

    init() {}

    deinit { removeTemporaryFiles() }

    /// Deletes the temporary copies of archive members now.
    public func removeTemporaryFiles() {
        if let d = temporaryDirectory { try? FileManager.default.removeItem(at: d) }
        temporaryDirectory = nil
    }

    func add(_ source: InputSource) { sources.append(source) }
    func note(_ text: String) { if notes.count < 200 { notes.append(text) } }

    func markUnreadable(_ name: String, _ why: String) {
        unreadable.append(name)
        note("\(name) could not be read in full: \(why)")
    }

    /// A new empty temporary file (mode 0600) for a member's bytes.
    func temporaryFile() throws -> URL {
        if temporaryDirectory == nil {
            let d = FileManager.default.temporaryDirectory
                .appendingPathComponent("logtriage-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            temporaryDirectory = d
        }
        temporaryCount += 1
        let url = temporaryDirectory!.appendingPathComponent("m\(temporaryCount)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return url
    }
}
