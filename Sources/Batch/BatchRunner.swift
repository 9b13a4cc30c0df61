import Foundation
import LogTriage
import MailIntake
import RequestIntake
import RequestStore

/// What a batch does besides its units.
public struct BatchOptions: Sendable {
    /// Worker threads (each diagnoses one request at a time).
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var shard: ShardSpec?
    /// Only requests received (mail `Date`, export `received`) in this window; requests without a date are kept.
    public var since: Date?
    public var until: Date?
    public var language: AnalysisRequest.Language = .en
    /// The most bytes of one e-mail that are read (an mbox is read message by message, each up to this size).
    public var maxMessageBytes = MailLimits().maxMessageBytes

    public init() {}
}

/// Imports and diagnoses units in parallel: a producer thread feeds a bounded queue (an mbox is read once, message
/// by message, each handed on as it is read), `jobs` workers take units from it. Each unit is committed on its own (the
/// store's request and diagnosis writes are transactions), so a killed batch loses at most the units in flight,
/// and a rerun skips every unit whose request already has a diagnosis from this catalogue.
public struct BatchRunner: Sendable {
    public let intake: RequestIntake
    public let options: BatchOptions

    public init(intake: RequestIntake, options: BatchOptions) {
        var intake = intake
        intake.threads = 1  // parallel across requests, not inside one
        self.intake = intake
        self.options = options
    }

    /// The units of this shard.
    public func select(_ units: [BatchUnit]) -> [BatchUnit] {
        guard let shard = options.shard else { return units }
        return units.filter { shard.contains($0) }
    }

    /// Every stored request as a unit (re-diagnosis with this runner's catalogue), keyed by its dedupe key.
    public func storedUnits() throws -> [BatchUnit] {
        try intake.store.allRequestIds().compactMap { id in
            guard let r = try intake.store.request(id: id) else { return nil }
            return BatchUnit(origin: .stored(id), key: r.dedupeKey, name: "request \(id)")
        }
    }

    /// Processes `units` (already selected), recording each outcome in `progress`; returns when all are done.
    public func run(_ units: [BatchUnit], progress: BatchProgress) {
        let queue = WorkQueue<Work>(capacity: max(2, options.jobs * 2))
        let group = DispatchGroup()
        for k in 0..<max(1, options.jobs) {
            group.enter()
            let thread = Thread { [self] in
                while let work = queue.pop() {
                    let outcome = process(work)
                    progress.record(outcome, unit: work.unit)
                }
                group.leave()
            }
            thread.name = "batch-worker-\(k)"
            thread.stackSize = 8 << 20
            thread.start()
        }
        var k = 0
        while k < units.count {
            guard case .mboxMessage(let path, _) = units[k].origin else {
                queue.push(Work(unit: units[k]))
                k += 1
                continue
            }
            // The units of one mbox stand together in the list: its messages are read in one pass, one at a time.
            var wanted: [Int: BatchUnit] = [:]
            while k < units.count, case .mboxMessage(let p, let index) = units[k].origin, p == path {
                wanted[index] = units[k]
                k += 1
            }
            feedMbox(path, wanted, into: queue)
        }
        queue.close()
        group.wait()
    }

    /// Pushes the wanted messages of the mbox at `path` as the file is read: one message in memory at a time (at
    /// most `maxMessageBytes` of it), besides those waiting in the bounded queue.
    func feedMbox(_ path: String, _ wanted: [Int: BatchUnit], into queue: WorkQueue<Work>) {
        let limit = options.maxMessageBytes
        var pushed = Set<Int>()
        var failure = "the message is not in the mbox any more"
        do {
            try MboxReader.forEachMessage(path: path, budget: { wanted[$0] == nil ? 0 : limit }) { m in
                guard let unit = wanted[m.index] else { return }
                pushed.insert(m.index)
                queue.push(Work(unit: unit, bytes: m.bytes, dropped: m.droppedBytes))
            }
        } catch {
            failure = "the mbox cannot be read: \(error.localizedDescription)"
        }
        for (index, unit) in wanted.sorted(by: { $0.key < $1.key }) where !pushed.contains(index) {
            queue.push(Work(unit: unit, failure: failure))
        }
    }

    struct Work: Sendable {
        var unit: BatchUnit
        /// An mbox message's bytes (at most the limit), and how many bytes over the limit it had.
        var bytes: [UInt8]?
        var dropped = 0
        /// Why an mbox message could not be read.
        var failure: String?
    }

    // MARK: - One unit

    func process(_ work: Work) -> UnitOutcome {
        let unit = work.unit
        do {
            if case .stored(let id) = unit.origin { return try rediagnose(id) }
            if unit.key.hasPrefix("message-id:"), try done(key: unit.key) { return .skipped }
            let (incoming, externalId): (IncomingRequest, String?)
            do {
                (incoming, externalId) = try load(work)
            } catch {
                let placeholder = IncomingRequest(sourceKind: kind(of: unit), sourceName: unit.name)
                var overrides = IntakeOverrides()
                overrides.externalId = unit.key
                try intake.recordFailure(placeholder, overrides: overrides, reason: String(describing: error))
                return .failed(String(describing: error))
            }
            if !inPeriod(incoming.receivedISO.flatMap { RecordedTime(iso8601: $0) }) { return .outOfPeriod }
            var overrides = IntakeOverrides()
            overrides.externalId = externalId
            overrides.language = options.language
            let unreadable = incoming.files.compactMap { f -> String? in
                guard case .file(let p) = f.content else { return nil }
                return FileManager.default.isReadableFile(atPath: p) ? nil : "\(f.path): cannot be read"
            }
            if !unreadable.isEmpty {
                let reason = unreadable.joined(separator: "; ")
                try intake.recordFailure(incoming, overrides: overrides, reason: reason)
                return .failed(reason)
            }
            let (key, bytes) = try dedupeKey(incoming)
            if let key, try done(key: key) { return .skipped }
            do {
                let result = try intake.add(incoming, overrides: overrides)
                return result.created ? .added(bytes) : .diagnosed(bytes)
            } catch let e as RequestStoreError {
                return .failed("store: \(e.message)")
            } catch {
                // `add` kept the request, marked failed with this reason.
                return .failed(Redactor().redact(String(describing: error)))
            }
        } catch {
            return .failed(String(describing: error))
        }
    }

    func rediagnose(_ id: Int64) throws -> UnitOutcome {
        let store = intake.store
        guard let request = try store.request(id: id) else { return .failed("request \(id) is gone") }
        if !inPeriod(request.received) { return .outOfPeriod }
        if try store.hasDiagnosis(requestId: id, catalogueVersion: intake.catalogueVersion) { return .skipped }
        let attachments = try store.attachments(requestId: id)
        let missing = attachments.filter { a in a.sha256.flatMap { store.blobPath(sha256: $0) } == nil }
        if !missing.isEmpty {
            let reason = missing.map { "\($0.path): its bytes are not in the store" }.joined(separator: "; ")
            try store.recordFailure(requestId: id, reason: reason)
            return .failed(reason)
        }
        let bytes = attachments.reduce(Int64(0)) { $0 + $1.bytes }
        do {
            _ = try intake.reanalyze(requestId: id, language: options.language)
            return .diagnosed(bytes)
        } catch {
            return .failed(Redactor().redact(String(describing: error)))
        }
    }

    /// Whether the request under `key` is stored with a diagnosis from this catalogue.
    func done(key: String) throws -> Bool {
        guard let id = try intake.store.requestId(dedupeKey: key) else { return false }
        return try intake.store.hasDiagnosis(requestId: id, catalogueVersion: intake.catalogueVersion)
    }

    /// The store's dedupe key of a request before it is stored (message id, else its files' digests), and the
    /// bytes of its files; `nil` key for a request with neither (then `add` dedups it itself).
    func dedupeKey(_ incoming: IncomingRequest) throws -> (String?, Int64) {
        var attachments: [NewAttachment] = []
        var total: Int64 = 0
        for f in incoming.files {
            let digest: String
            let bytes: Int64
            switch f.content {
            case .bytes(let b): (digest, bytes) = (SHA256Digest.hex(of: Data(b)), Int64(b.count))
            case .file(let p): (digest, bytes) = try SHA256Digest.hex(ofFileAt: p)
            }
            total += bytes
            attachments.append(NewAttachment(name: f.name, path: f.path, sha256: digest, bytes: bytes))
        }
        if incoming.messageId == nil && attachments.isEmpty { return (nil, total) }
        let probe = NewRequest(sourceKind: incoming.sourceKind, messageId: incoming.messageId, attachments: attachments)
        return (probe.dedupeKey, total)
    }

    func load(_ work: Work) throws -> (IncomingRequest, String?) {
        switch work.unit.origin {
        case .eml(let path):
            let (bytes, dropped) = try readMessage(path)
            return (mail(bytes, dropped: dropped, kind: .eml, name: path), nil)
        case .maildirMessage(let path):
            let (bytes, dropped) = try readMessage(path)
            return (mail(bytes, dropped: dropped, kind: .maildir, name: path), nil)
        case .mboxMessage:
            guard let bytes = work.bytes else {
                throw BatchError("\(work.unit.name): \(work.failure ?? "the message cannot be read")")
            }
            return (mail(bytes, dropped: work.dropped, kind: .mbox, name: work.unit.name), nil)
        case .folder(let path):
            return (try SourceReader.read([path])[0], nil)
        case .jsonLine(let path, let line, let offset):
            return try JSONLines.request(try JSONLines.line(path: path, offset: offset), path: path, number: line)
        case .stored:
            throw BatchError("a stored request is not loaded from a source")
        }
    }

    /// The first `maxMessageBytes` of a message file, and how many bytes it has beyond them.
    func readMessage(_ path: String) throws -> ([UInt8], Int) {
        try SourceReader.readHead(path, limit: options.maxMessageBytes)
    }

    /// A message read with the batch's size limit; one cut at the limit says so in the request's warnings.
    func mail(_ bytes: [UInt8], dropped: Int, kind: RequestSourceKind, name: String) -> IncomingRequest {
        var limits = MailLimits()
        limits.maxMessageBytes = options.maxMessageBytes
        return SourceReader.mail(bytes, dropped: dropped, kind: kind, name: name, limits: limits)
    }

    func kind(of unit: BatchUnit) -> RequestSourceKind {
        switch unit.origin {
        case .eml: .eml
        case .maildirMessage: .maildir
        case .mboxMessage: .mbox
        case .folder: .folder
        case .jsonLine: .json
        case .stored: .files
        }
    }

    func inPeriod(_ time: RecordedTime?) -> Bool {
        guard let seconds = time?.unixSeconds else { return true }
        if let s = options.since, Double(seconds) < s.timeIntervalSince1970 { return false }
        if let u = options.until, Double(seconds) > u.timeIntervalSince1970 { return false }
        return true
    }
}
