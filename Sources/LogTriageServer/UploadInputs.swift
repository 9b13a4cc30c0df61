import Foundation
import LogInputs
import MailIntake
import RequestIntake

/// A job's files as `analyze` reads them: an e-mail (`.eml`, by name or content) becomes its attachments, shown as
/// `mail.eml!/agency.log`, and what its text states (stand, period) becomes the default for the options; the other
/// files stay as sent (archives are expanded by ``LogInputs/InputExpander`` afterwards). Attachment bytes go to a
/// private temporary folder, removed by ``remove()``.
final class UploadInputs {
    /// The files to read: plain uploads as sent, e-mails replaced by their attachments.
    private(set) var sources: [InputSource] = []
    /// The uploads that are not e-mails (read as given, as `analyze` reads the paths it is given).
    private(set) var chosen: Set<String> = []
    /// What the first e-mail states.
    private(set) var stated: StatedFacts?
    private(set) var notes: [String] = []
    private var folder: URL?

    /// - Throws: ``AnalysisInputError`` when an e-mail cannot be read or its attachments cannot be written.
    init(_ files: [AnalysisJob.File]) throws {
        for file in files {
            guard let mail = try Self.mail(file) else {
                sources.append(InputSource(path: file.path, displayName: file.name))
                chosen.insert(file.path)
                continue
            }
            if stated == nil { stated = mail.hints }
            notes += mail.warnings.map { "\(file.name): \($0)" }
            for attachment in mail.files {
                guard case .bytes(let bytes) = attachment.content else { continue }
                do {
                    let url = try temporaryFile()
                    try Data(bytes).write(to: url)
                    sources.append(InputSource(path: url.path, displayName: "\(file.name)!/\(attachment.path)"))
                } catch {
                    throw AnalysisInputError(message: "cannot unpack \(file.name): the disk refused its attachments")
                }
            }
        }
    }

    deinit { remove() }

    /// Deletes the attachments written for e-mails.
    func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        folder = nil
    }

    /// Whether this upload is an e-mail: named `.eml`, or an RFC 5322 message by its first lines.
    static func isMail(_ file: AnalysisJob.File) -> Bool {
        file.name.lowercased().hasSuffix(".eml") || Mailbox.detect(path: URL(fileURLWithPath: file.path)) == .eml
    }

    /// The e-mail in `file` as a request (headers, stated facts, attachments), nil when it is not an e-mail.
    static func mail(_ file: AnalysisJob.File) throws -> IncomingRequest? {
        guard isMail(file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AnalysisInputError(message: "cannot read \(file.name)")
        }
        return SourceReader.mail([UInt8](data), kind: .eml, name: file.name)
    }

    private func temporaryFile() throws -> URL {
        let f: URL
        if let folder {
            f = folder
        } else {
            f = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-upload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: f,
                withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700]
            )
            folder = f
        }
        return f.appendingPathComponent("\(sources.count)")
    }
}
