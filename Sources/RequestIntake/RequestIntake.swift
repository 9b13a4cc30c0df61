import Foundation
import LogInputs
import LogTriage
import RequestStore

/// What the executor said on the command line (or the service in its request): it overrides what the customer
/// stated.
public struct IntakeOverrides: Sendable {
    public var externalId: String?
    public var stand: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var language: AnalysisRequest.Language = .en
    public var explain = false

    public init() {}
}

/// The outcome of adding (or re-analysing) one request.
public struct IntakeResult: Sendable {
    public var requestId: Int64
    /// False when the same e-mail or the same files were stored before: nothing new was stored for the request.
    public var created: Bool
    /// False when a diagnosis with the same catalogue and inputs was stored before.
    public var diagnosisCreated: Bool
    public var diagnosis: Diagnosis
}

/// Stores support requests and their diagnoses: the attachments go to the store's blob folder by digest, the
/// request (redacted) and its diagnosis (redacted JSON, verdict, findings) to the database.
public struct RequestIntake: Sendable {
    public let store: RequestStore
    public let catalogue: RuleCatalogue
    public let options: IngestOptions
    /// How many files are read at once (as `analyze --threads`).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The catalogue's identity in the store: a digest of its rule files.
    public let catalogueVersion: String

    public init(store: RequestStore, catalogue: RuleCatalogue, options: IngestOptions = IngestOptions()) {
        self.store = store
        self.catalogue = catalogue
        self.options = options
        self.catalogueVersion = Self.version(of: catalogue)
    }

    /// Stores `incoming` (or finds it stored), diagnoses its files and stores the diagnosis.
    /// Throws ``IntakeError`` or ``RequestStoreError`` when the store cannot be written.
    public func add(_ incoming: IncomingRequest, overrides: IntakeOverrides = IntakeOverrides()) throws -> IntakeResult
    {
        let redactor = Redactor()
        var warnings = incoming.warnings
        var stored: [(file: IncomingFile, blob: StoredBlob)] = []
        for file in incoming.files {
            do {
                let blob: StoredBlob
                switch file.content {
                case .bytes(let b): blob = try store.putBlob(Data(b))
                case .file(let p): blob = try store.putBlob(fileAt: p)
                }
                stored.append((file, blob))
            } catch let e as RequestStoreError {
                warnings.append("\(file.path): not stored: \(e.message)")
            }
        }
        let facts = settle(incoming.hints, overrides)
        let diagnosis: Diagnosis
        do {
            diagnosis = try analyse(
                files: stored.map { ($0.blob.path, $0.file.path) }, facts: facts, overrides: overrides)
        } catch {
            // The request is kept, marked failed with the reason, so a batch lists it instead of losing it.
            let attachments = stored.map { s in
                NewAttachment(
                    name: s.file.name, path: s.file.path, sha256: s.blob.sha256, bytes: s.blob.bytes,
                    skippedReason: s.file.note)
            }
            let record = newRequest(incoming, facts: facts, overrides: overrides, attachments: attachments)
            let (id, _) = try store.add(record)
            try store.recordFailure(requestId: id, reason: Redactor().redact(String(describing: error)))
            throw error
        }
        let formats = Dictionary(diagnosis.inputs.map { ($0.file, $0.format.rawValue) }) { a, _ in a }
        let attachments = stored.map { s in
            NewAttachment(
                name: s.file.name, path: s.file.path, sha256: s.blob.sha256, bytes: s.blob.bytes,
                detectedFormat: formats[s.file.path] ?? Self.archiveFormat(s.file.path, diagnosis.inputs),
                skippedReason: s.file.note)
        }
        let record = newRequest(incoming, facts: facts, overrides: overrides, attachments: attachments)
        let (id, created) = try store.add(record)
        var echoed = diagnosis
        let stateNote = created ? nil : "this request was stored before (same e-mail or the same files): request \(id)"
        echo(
            into: &echoed, id: id, record: record, facts: facts, attachments: attachments,
            warnings: warnings + (stateNote.map { [$0] } ?? []), redactor: redactor)
        let saved = try save(echoed, requestId: id, inputs: attachments, facts: facts, overrides: overrides)
        return IntakeResult(requestId: id, created: created, diagnosisCreated: saved, diagnosis: echoed)
    }

    /// Stores `incoming` (or finds it stored) without diagnosing it and marks it failed with `reason`: for a
    /// request whose files cannot be read at all. Returns the request's id.
    @discardableResult
    public func recordFailure(
        _ incoming: IncomingRequest, overrides: IntakeOverrides = IntakeOverrides(), reason: String
    ) throws -> Int64 {
        var attachments: [NewAttachment] = []
        for file in incoming.files {
            switch file.content {
            case .bytes(let b):
                let blob = try store.putBlob(Data(b))
                attachments.append(
                    NewAttachment(name: file.name, path: file.path, sha256: blob.sha256, bytes: blob.bytes))
            case .file(let p):
                if let blob = try? store.putBlob(fileAt: p) {
                    attachments.append(
                        NewAttachment(name: file.name, path: file.path, sha256: blob.sha256, bytes: blob.bytes))
                } else {
                    attachments.append(
                        NewAttachment(
                            name: file.name, path: file.path, sha256: nil, bytes: 0, skippedReason: "unreadable"))
                }
            }
        }
        let facts = settle(incoming.hints, overrides)
        let record = newRequest(incoming, facts: facts, overrides: overrides, attachments: attachments)
        let (id, _) = try store.add(record)
        try store.recordFailure(requestId: id, reason: Redactor().redact(reason))
        return id
    }

    /// The request record as stored: redacted subject and description, the sender's mail domain only.
    func newRequest(
        _ incoming: IncomingRequest, facts: Facts, overrides: IntakeOverrides, attachments: [NewAttachment]
    ) -> NewRequest {
        let redactor = Redactor()
        return NewRequest(
            externalId: overrides.externalId,
            sourceKind: incoming.sourceKind,
            sourceName: incoming.sourceName,
            subject: incoming.subject.map { redactor.redact($0) },
            sender: Self.maskedSender(incoming.fromAddress ?? incoming.from),
            senderDomain: Self.domain(of: incoming.fromAddress ?? incoming.from),
            messageId: incoming.messageId,
            received: incoming.receivedISO.flatMap { RecordedTime(iso8601: $0) },
            stand: facts.stand,
            standSource: facts.standSource,
            periodSince: facts.since.flatMap { RecordedTime(iso8601: $0.description) },
            periodUntil: facts.until.flatMap { RecordedTime(iso8601: $0.description) },
            periodSource: facts.periodSource,
            description: incoming.hints.description.map { redactor.redact($0) },
            attachments: attachments
        )
    }

    /// Diagnoses a stored request again (with this intake's catalogue) from the attachments kept in the store.
    public func reanalyze(requestId: Int64, language: AnalysisRequest.Language = .en) throws -> IntakeResult {
        try reanalyze(requestId: requestId, language: language, store: true)
    }

    /// Diagnoses a stored request with this intake's catalogue from the attachments kept in the store, and stores
    /// nothing (for a backtest of another catalogue).
    public func diagnoseStored(requestId: Int64, language: AnalysisRequest.Language = .en) throws -> Diagnosis {
        try reanalyze(requestId: requestId, language: language, store: false).diagnosis
    }

    func reanalyze(requestId: Int64, language: AnalysisRequest.Language, store keep: Bool) throws -> IntakeResult {
        guard let request = try store.request(id: requestId) else {
            throw IntakeError("no request \(requestId) in \(store.path)")
        }
        let stored = try store.attachments(requestId: requestId)
        var files: [(String, String)] = []
        var warnings: [String] = []
        for a in stored {
            guard let sha = a.sha256, let path = store.blobPath(sha256: sha) else {
                warnings.append("\(a.path): its bytes are not in the store; not read")
                continue
            }
            files.append((path, a.path))
        }
        var facts = Facts()
        facts.stand = request.stand
        facts.standSource = request.standSource
        facts.since = request.periodSince.flatMap {
            TimestampFormat.parse($0.text, assumedOffset: options.assumedOffsetSeconds)
        }
        facts.until = request.periodUntil.flatMap {
            TimestampFormat.parse($0.text, assumedOffset: options.assumedOffsetSeconds)
        }
        facts.periodSource = request.periodSource
        var overrides = IntakeOverrides()
        overrides.language = language
        overrides.externalId = request.externalId
        var diagnosis: Diagnosis
        do {
            diagnosis = try analyse(files: files, facts: facts, overrides: overrides)
        } catch {
            if keep { try? store.recordFailure(requestId: requestId, reason: String(describing: error)) }
            throw error
        }
        let attachments = stored.map { a in
            NewAttachment(
                name: a.name, path: a.path, sha256: a.sha256, bytes: a.bytes, detectedFormat: a.detectedFormat,
                parentArchive: a.parentArchive, skippedReason: a.skippedReason)
        }
        let record = NewRequest(
            externalId: request.externalId, sourceKind: request.sourceKind, sourceName: request.sourceName,
            subject: request.subject, sender: request.sender, senderDomain: request.senderDomain,
            messageId: request.messageId, received: request.received, stand: request.stand,
            standSource: request.standSource, periodSince: request.periodSince, periodUntil: request.periodUntil,
            periodSource: request.periodSource, description: request.description, attachments: attachments)
        echo(
            into: &diagnosis, id: requestId, record: record, facts: facts, attachments: attachments,
            warnings: warnings, redactor: Redactor())
        guard keep else {
            return IntakeResult(requestId: requestId, created: false, diagnosisCreated: false, diagnosis: diagnosis)
        }
        let saved = try save(diagnosis, requestId: requestId, inputs: attachments, facts: facts, overrides: overrides)
        return IntakeResult(requestId: requestId, created: false, diagnosisCreated: saved, diagnosis: diagnosis)
    }

    // MARK: - Steps

    /// Stand and period as the analysis uses them: the executor's flags first, then what the customer stated.
    struct Facts {
        var stand: String?
        var standSource: String?
        var since: Timestamp?
        var until: Timestamp?
        var periodSource: String?
        var periodText: String?
        var missing: [String] = []
    }

    func settle(_ stated: StatedFacts, _ overrides: IntakeOverrides) -> Facts {
        var f = Facts()
        if let s = overrides.stand {
            (f.stand, f.standSource) = (s.uppercased(), "flag")
        } else if let s = stated.stand {
            (f.stand, f.standSource) = (s.uppercased(), stated.standSource)
        }
        if overrides.since != nil || overrides.until != nil {
            (f.since, f.until, f.periodSource) = (overrides.since, overrides.until, "flag")
        } else {
            let offset = options.assumedOffsetSeconds
            f.since = stated.since.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
            f.until = stated.until.flatMap { TimestampFormat.parse($0, assumedOffset: offset) }
            if f.since != nil || f.until != nil {
                (f.periodSource, f.periodText) = (stated.periodSource, stated.periodText)
            }
        }
        if f.stand == nil { f.missing.append("stand") }
        if f.since == nil && f.until == nil { f.missing.append("period") }
        return f
    }

    /// Runs the catalogue over the files (path on disk, name evidence quotes).
    func analyse(files: [(String, String)], facts: Facts, overrides: IntakeOverrides) throws -> Diagnosis {
        var request = AnalysisRequest()
        request.ticket = overrides.externalId
        request.stand = facts.stand
        request.since = facts.since
        request.until = facts.until
        request.language = overrides.language
        request.explain = overrides.explain
        let diagnoser = Diagnoser(catalogue: catalogue, request: request)
        // Archives among the attachments become their members; screenshots and documents are left out with a note.
        let expanded = InputExpander.expand(attachments: files.map { InputSource(path: $0.0, displayName: $0.1) })
        defer { expanded.removeTemporaryFiles() }
        diagnoser.noteExpansion(notes: expanded.notes, unreadable: expanded.unreadable)
        do {
            try diagnoser.read(
                paths: expanded.sources.map(\.path), names: expanded.sources.map(\.displayName), options: options,
                threads: threads)
        } catch let e as IngestError {
            throw IntakeError(e.description)
        }
        return diagnoser.finish()
    }

    func echo(
        into d: inout Diagnosis, id: Int64, record: NewRequest, facts: Facts, attachments: [NewAttachment],
        warnings: [String], redactor: Redactor
    ) {
        d.request.id = id
        d.request.externalId = record.externalId
        d.request.subject = record.subject
        d.request.from = record.sender
        d.request.received = record.received?.text
        d.request.standSource = facts.standSource
        d.request.periodSource = facts.periodSource
        d.request.periodText = facts.periodText.map { redactor.redact($0) }
        d.request.missing = facts.missing
        d.request.attachments = attachments.map {
            Diagnosis.AttachmentEcho(name: $0.path, sha256: $0.sha256 ?? "", bytes: $0.bytes, format: $0.detectedFormat)
        }
        d.request.warnings = warnings.map { redactor.redact($0) }
    }

    func save(
        _ d: Diagnosis, requestId: Int64, inputs: [NewAttachment], facts: Facts, overrides: IntakeOverrides
    ) throws -> Bool {
        let digestText =
            (inputs.compactMap(\.sha256).sorted() + [
                "stand=\(facts.stand ?? "")", "since=\(facts.since?.description ?? "")",
                "until=\(facts.until?.description ?? "")", "lang=\(overrides.language.rawValue)",
            ]).joined(separator: "\n")
        let findings = d.findings.map { f in
            NewFinding(
                ruleId: f.ruleId, side: f.side.rawValue, category: f.category, count: f.count,
                firstFile: f.evidence.first?.file, firstLine: f.evidence.first?.line)
        }
        let record = NewDiagnosis(
            catalogueVersion: catalogueVersion,
            inputDigest: SHA256Digest.hex(of: Data(digestText.utf8)),
            verdictSide: d.verdict.side.rawValue,
            confidence: d.verdict.confidence,
            summary: d.verdict.summary,
            json: try d.jsonData(pretty: false),
            findings: findings)
        return try store.addDiagnosis(requestId: requestId, record).created
    }

    // MARK: - Helpers

    /// `sha256:` and the first 16 hex digits of a digest over the catalogue's files (path and text).
    public static func version(of catalogue: RuleCatalogue) -> String {
        var text = ""
        for (path, body) in catalogue.sourceFiles {
            text += path + "\u{0}" + body + "\u{0}"
        }
        return "sha256:" + SHA256Digest.hex(of: Data(text.utf8)).prefix(16)
    }

    /// `archive (3 files)` for an attachment whose members were read (`logs.zip!/a.log`).
    static func archiveFormat(_ name: String, _ inputs: [InputReport]) -> String? {
        let members = inputs.filter { $0.file.hasPrefix(name + "!/") }.count
        return members == 0 ? nil : "archive (\(members) file\(members == 1 ? "" : "s"))"
    }

    /// The sender as the store keeps it: the mail domain only (`…@agency.example`); names and local parts are
    /// personal data.
    static func maskedSender(_ from: String?) -> String? {
        domain(of: from).map { "…@" + $0 }
    }

    static func domain(of from: String?) -> String? {
        guard let from, let at = from.lastIndex(of: "@") else { return nil }
        let rest = from[from.index(after: at)...]
        let domain = rest.prefix { !">) \t,;\"".contains($0) }.lowercased()
        return domain.isEmpty ? nil : domain
    }
}
