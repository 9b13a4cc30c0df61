import Foundation
import LogInputs
import MailIntake
import RequestIntake
import RequestStore

/// `analyze`'s inputs when some are e-mails: an `.eml` is read as its attachments (and a log pasted into its body),
/// shown as `mail.eml!/agency.log`; the stand and period its text states are the defaults for `--stand`/`--since`/
/// `--until`. Attachment bytes are written to a private temporary folder, removed when this goes away.
final class MailInputs {
    /// Every input to read, in order: plain paths as given, e-mails replaced by their attachments.
    private(set) var sources: [InputSource] = []
    /// The paths the user named (walked and read as given); attachments are not in it.
    private(set) var chosen: Set<String> = []
    /// What the first e-mail states, if any e-mail was given.
    private(set) var stated: StatedFacts?
    private(set) var notes: [String] = []
    private var folder: URL?

    init(_ paths: [String]) throws {
        for path in paths {
            guard path != "-", Mailbox.detect(path: URL(fileURLWithPath: path)) == .eml else {
                sources.append(InputSource(path: path, displayName: path))
                chosen.insert(path)
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IntakeError("\(path): cannot read the file")
            }
            let mail = SourceReader.mail([UInt8](data), kind: .eml, name: path)
            if stated == nil { stated = mail.hints }
            notes += mail.warnings.map { "\(path): \($0)" }
            for file in mail.files {
                guard case .bytes(let bytes) = file.content else { continue }
                let url = try temporaryFile()
                try Data(bytes).write(to: url)
                sources.append(InputSource(path: url.path, displayName: "\(path)!/\(file.path)"))
            }
        }
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func temporaryFile() throws -> URL {
        if folder == nil {
            let f = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-mail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: f, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            folder = f
        }
        return folder!.appendingPathComponent("\(sources.count)")
    }
}
