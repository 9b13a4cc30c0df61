import Foundation
import Synchronization

/// What ``InputExpander/expand(paths:limits:)`` found: the files to read, in a stable order, and what was left out.
/// Temporary copies of archive members live until this object goes away (or ``removeTemporaryFiles()``).
///
/// The expander fills it on one thread; readers may take it to others. Its state lives behind a `Mutex`.
public final class ExpandedInputs: Sendable {
    private struct State {
        var sources: [InputSource] = []
        var notes: [String] = []
        var unreadable: [String] = []
        var temporaryDirectory: URL?
        var temporaryCount = 0
    }

    private let state = Mutex(State())

    /// The files to read, in order: inputs as given, directories' files sorted by path, archives' members in order.
    public var sources: [InputSource] { state.withLock { $0.sources } }
    /// One sentence per thing left out or cut short (not a log, a symlink, a cap reached).
    public var notes: [String] { state.withLock { $0.notes } }
    /// Inputs (or members) that could not be read in full: a diagnosis must not say "no failure" on their account.
    public var unreadable: [String] { state.withLock { $0.unreadable } }

    init() {}

    deinit { removeTemporaryFiles() }

    /// Deletes the temporary copies of archive members now.
    public func removeTemporaryFiles() {
        let directory = state.withLock { s in
            defer { s.temporaryDirectory = nil }
            return s.temporaryDirectory
        }
        if let d = directory { try? FileManager.default.removeItem(at: d) }
    }

    func add(_ source: InputSource) { state.withLock { $0.sources.append(source) } }

    func note(_ text: String) {
        state.withLock { s in
            if s.notes.count < 200 { s.notes.append(text) }
        }
    }

    func markUnreadable(_ name: String, _ why: String) {
        state.withLock { $0.unreadable.append(name) }
        note("\(name) could not be read in full: \(why)")
    }

    /// A new empty temporary file (mode 0600) for a member's bytes.
    func temporaryFile() throws -> URL {
        let url = try state.withLock { s in
            let directory: URL
            if let d = s.temporaryDirectory {
                directory = d
            } else {
                directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent(
                        "logtriage-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
                try FileManager.default.createDirectory(
                    at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                s.temporaryDirectory = directory
            }
            s.temporaryCount += 1
            return directory.appendingPathComponent("m\(s.temporaryCount)")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return url
    }
}
