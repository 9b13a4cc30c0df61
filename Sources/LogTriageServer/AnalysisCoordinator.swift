import Foundation
import LogTriage
import Logging

/// Turns accepted inputs into analyses: deduplicates them, runs small ones while the client waits and queues the
/// rest, fetches ticket attachments for webhook jobs, records results and hands them to ``WriteBack``.
struct AnalysisCoordinator: Sendable {
    let configuration: ServerConfiguration
    let repository: any AnalysisRepository
    let runner: any AnalysisRunner
    let metrics: ServiceMetrics
    let queue: JobQueue
    let depth: DepthCounter
    let writeBack: WriteBack
    let spoolRoot: URL
    let logger: Logger

    /// An upload was received in `spool`: returns the analysis that answers it (an existing one for the same
    /// idempotency key or the same inputs). Small inputs are analysed before this returns; large ones are queued.
    /// - Throws: ``RequestError`` (422) when the idempotency key was used with other inputs.
    func submitUpload(
        spool: UploadSpool,
        options: AnalysisOptions,
        externalId: String?,
        idempotencyKey: String?
    ) async throws -> AnalysisRecord {
        var record = AnalysisRecord(id: AnalysisRecord.makeID(), source: .upload, options: options)
        record.idempotencyKey = idempotencyKey.map { "upload:" + $0 }
        record.inputDigest = spool.inputDigest(options: options)
        record.externalId = externalId
        record.inputBytes = spool.totalBytes
        record.inputNames = spool.files.map(\.name)
        record.spooled = spool.files
        let (stored, created) = try await repository.insert(record)
        guard created else {
            spool.remove()
            if record.idempotencyKey != nil, stored.idempotencyKey == record.idempotencyKey,
                stored.inputDigest != record.inputDigest
            {
                throw RequestError(.unprocessableContent, "Idempotency-Key was already used with other inputs")
            }
            logger.info("upload matched an existing analysis", metadata: ["analysis": "\(stored.id)"])
            return stored
        }
        metrics.bytesRead(spool.totalBytes)
        logger.info(
            "analysis accepted",
            metadata: ["analysis": "\(record.id)", "files": "\(spool.files.count)", "bytes": "\(spool.totalBytes)"]
        )
        let id = record.id
        if spool.totalBytes <= configuration.syncThresholdBytes {
            await depth.add(1)
            await analyse(id: id, spool: spool)
            await depth.add(-1)
            return try await repository.get(id: id) ?? stored
        }
        await queue.enqueue { await analyse(id: id, spool: spool) }
        return stored
    }

    /// A webhook delivery: stores a queued analysis with its write-back target and queues the job that fetches the
    /// ticket's attachments (or uses `spool`, for the generic webhook), analyses them and writes back.
    func submitTicketJob(_ record: AnalysisRecord, spool: UploadSpool?) async throws -> (AnalysisRecord, Bool) {
        var record = record
        record.spooled = spool?.files
        let (stored, created) = try await repository.insert(record)
        guard created else {
            spool?.remove()
            return (stored, false)
        }
        let id = record.id
        await queue.enqueue { await ticketJob(id: id, spool: spool) }
        return (stored, true)
    }

    /// Runs the analysis of the files in `spool`, records the outcome, then deletes the files.
    func analyse(id: String, spool: UploadSpool) async {
        defer { spool.remove() }
        guard let record = try? await repository.update(id: id, { $0.status = .running }) else { return }
        let job = AnalysisJob(id: id, files: spool.files, options: record.options, externalId: record.externalId)
        let start = ContinuousClock.now
        do {
            let outcome = try await runner.analyze(job)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            try await repository.update(id: id) {
                $0.status = .succeeded
                $0.requestId = outcome.requestId
                $0.spooled = nil
                $0.result = AnalysisResult(
                    side: outcome.side,
                    confidence: outcome.confidence,
                    summary: outcome.summary,
                    diagnosisJSON: outcome.diagnosisJSON,
                    durationSeconds: seconds
                )
            }
            metrics.analysisFinished(side: outcome.side, seconds: seconds)
            logger.info(
                "analysis finished",
                metadata: ["analysis": "\(id)", "side": "\(outcome.side)", "seconds": "\(seconds)"]
            )
        } catch {
            let message = error is AnalysisInputError ? String(describing: error) : "internal error"
            _ = try? await repository.update(id: id) {
                $0.status = .failed
                $0.error = message
                $0.spooled = nil
            }
            metrics.analysisFailed()
            logger.warning(
                "analysis failed",
                metadata: ["analysis": "\(id)", "error": "\(String(describing: error))"]
            )
        }
    }

    /// Queues again the analyses a previous process left `queued` or `running` (its spooled files are still on
    /// disk when the store and the spool folder outlive it); marks failed those whose inputs are gone.
    /// - Returns: how many were queued again.
    @discardableResult
    func resume() async -> Int {
        var pending: [AnalysisRecord] = []
        for status in [AnalysisRecord.Status.running, .queued] {
            var query = AnalysisQuery()
            query.status = status
            query.limit = 10_000
            pending += (try? await repository.list(query)) ?? []
        }
        var resumed = 0
        for record in pending.sorted(by: { $0.createdAt < $1.createdAt }) {
            let id = record.id
            let spool = record.spooled.flatMap { UploadSpool(resuming: $0, maxFiles: configuration.maxFiles) }
            let fetches = record.source == .zendesk || record.source == .jira
            guard spool != nil || (fetches && record.spooled == nil) else {
                _ = try? await repository.update(id: id) {
                    $0.status = .failed
                    $0.error = "the inputs were lost when the service stopped; send them again"
                    $0.spooled = nil
                }
                logger.warning("analysis not resumable", metadata: ["analysis": "\(id)"])
                continue
            }
            _ = try? await repository.update(id: id) { $0.status = .queued }
            if record.source == .upload, let spool {
                await queue.enqueue { await analyse(id: id, spool: spool) }
            } else {
                await queue.enqueue { await ticketJob(id: id, spool: spool) }
            }
            resumed += 1
        }
        if resumed > 0 { logger.info("resumed analyses", metadata: ["count": "\(resumed)"]) }
        return resumed
    }

    private func ticketJob(id: String, spool given: UploadSpool?) async {
        guard let record = try? await repository.get(id: id) else { return }
        let spool: UploadSpool
        do {
            if let given {
                spool = given
            } else {
                spool = try UploadSpool(root: spoolRoot, maxFiles: configuration.maxFiles)
                if let target = record.writeBack?.target {
                    _ = try await repository.update(id: id) { $0.status = .running }
                    try await writeBack.connector(for: target).fetchAttachments(
                        into: spool,
                        maxBytes: configuration.maxRequestBytes
                    )
                }
            }
            guard !spool.files.isEmpty else {
                spool.remove()
                throw AnalysisInputError(message: "the ticket has no attachments to analyse")
            }
        } catch {
            let message = error is AnalysisInputError ? String(describing: error) : "cannot fetch attachments: \(error)"
            _ = try? await repository.update(id: id) {
                $0.status = .failed
                $0.error = message
            }
            metrics.analysisFailed()
            logger.warning("ticket job failed", metadata: ["analysis": "\(id)", "error": "\(message)"])
            await writeBack.deliver(id: id)
            return
        }
        // A resumed spool has no digests: the one recorded when it was received stands.
        let digest = spool.digests.isEmpty ? record.inputDigest : spool.inputDigest(options: record.options)
        let (bytes, names) = (spool.totalBytes, spool.files.map(\.name))
        _ = try? await repository.update(id: id) {
            $0.inputDigest = digest
            $0.inputBytes = bytes
            $0.inputNames = names
        }
        metrics.bytesRead(bytes)
        await analyse(id: id, spool: spool)
        await writeBack.deliver(id: id)
    }

    /// Checks what the customer told us before anything runs.
    /// - Throws: ``RequestError`` (400) naming the bad field.
    static func validate(_ options: AnalysisOptions) throws {
        if let s = options.stand, !["TEST", "PROD"].contains(s.uppercased()) {
            throw RequestError(.badRequest, "stand must be TEST or PROD")
        }
        if let l = options.lang, !["en", "ru"].contains(l.lowercased()) {
            throw RequestError(.badRequest, "lang must be en or ru")
        }
        if let tz = options.tz, TimestampFormat.parseOffset(tz) == nil {
            throw RequestError(.badRequest, "tz must be a UTC offset such as +03:00")
        }
        do {
            let offset = 3 * 3600
            _ = try options.since.map { try PeriodText.parse($0, name: "since", endOfDay: false, offset) }
            _ = try options.until.map { try PeriodText.parse($0, name: "until", endOfDay: true, offset) }
        } catch {
            throw RequestError(.badRequest, String(describing: error))
        }
    }
}
