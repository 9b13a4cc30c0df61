import Foundation
import Logging

/// Posts a finished analysis back to its ticket as an internal note, with bounded retries and back-off.
///
/// Each note ends with the marker `logtriage:{analysis key}`. Before posting, the ticket's comments are searched for
/// it, so a retry after a lost answer never posts a second note. Every try is recorded in the repository (visible in
/// `GET /v1/analyses/{id}`) and failures are counted in `logtriage_writeback_failures_total`.
struct WriteBack: Sendable {
    let http: TicketHTTP
    let configuration: ServerConfiguration
    let repository: any AnalysisRepository
    let renderer: any AnalysisRenderer
    let metrics: ServiceMetrics
    let logger: Logger

    static func marker(for record: AnalysisRecord) -> String { "logtriage:\(record.key)" }

    /// Tries until it succeeds or `maxAttempts` tries failed, waiting between tries.
    func deliver(id: String) async {
        let policy = configuration.writeBack
        var delay = policy.initialDelayMillis
        for attempt in 1...policy.maxAttempts {
            guard let record = try? await repository.get(id: id), let state = record.writeBack else { return }
            if state.status == .succeeded || state.status == .alreadyPresent { return }
            do {
                let result = try await attemptOnce(record)
                try await repository.update(id: id) {
                    $0.writeBack?.status = result
                    $0.writeBack?.attempts = attempt
                    $0.writeBack?.lastError = nil
                    $0.writeBack?.nextAttemptAt = nil
                }
                metrics.writeBackDone(system: state.target.system, result: result.rawValue)
                logger.info(
                    "write-back done",
                    metadata: ["analysis": "\(id)", "system": "\(state.target.system)", "result": "\(result.rawValue)"]
                )
                return
            } catch {
                let final = attempt == policy.maxAttempts
                let message = String(describing: error)
                let next = final ? nil : Date().addingTimeInterval(Double(delay) / 1000)
                _ = try? await repository.update(id: id) {
                    $0.writeBack?.attempts = attempt
                    $0.writeBack?.lastError = message
                    $0.writeBack?.nextAttemptAt = next
                    if final { $0.writeBack?.status = .failed }
                }
                metrics.writeBackFailed(system: state.target.system, final: final)
                logger.warning(
                    "write-back failed",
                    metadata: [
                        "analysis": "\(id)", "system": "\(state.target.system)", "attempt": "\(attempt)",
                        "error": "\(message)",
                    ]
                )
                if final { return }
                try? await Task.sleep(for: .milliseconds(delay))
                delay = min(policy.maxDelayMillis, max(1, delay * 2))
            }
        }
    }

    /// One try: skips when the marker is already on the ticket.
    func attemptOnce(_ record: AnalysisRecord) async throws -> WriteBackState.Status {
        guard let target = record.writeBack?.target else { return .succeeded }
        let marker = Self.marker(for: record)
        switch target {
        case .generic:
            try await postCallback(record, marker: marker)
            return .succeeded
        case .zendesk, .jira:
            let connector = try connector(for: target)
            if try await connector.hasNote(marker: marker) { return .alreadyPresent }
            try await connector.postNote(note(for: record, marker: marker), tags: tags(for: record))
            return .succeeded
        }
    }

    func connector(for target: WriteBackTarget) throws -> any TicketConnector {
        switch target {
        case .zendesk(let ticketID):
            guard let z = configuration.zendesk else { throw TicketHTTPError(message: "zendesk is not configured") }
            return ZendeskConnector(http: http, config: z, ticketID: ticketID)
        case .jira(let key):
            guard let j = configuration.jira else { throw TicketHTTPError(message: "jira is not configured") }
            return JiraConnector(http: http, config: j, issueKey: key)
        case .generic:
            throw TicketHTTPError(message: "the generic webhook has no ticket to read")
        }
    }

    func tags(for record: AnalysisRecord) -> [String] {
        ["logtriage", "logtriage_\(record.result?.side ?? record.status.rawValue)"]
    }

    /// The note: the short rendering of the diagnosis (or why it failed), then the marker on a line of its own.
    func note(for record: AnalysisRecord, marker: String) -> String {
        var text: String
        if let result = record.result, let data = try? renderer.render(result.diagnosisJSON, format: "note") {
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = "logtriage could not analyse this request: \(record.error ?? "no result")"
        }
        text += "\n\nAnalysis \(record.id): GET /v1/analyses/\(record.id)?format=markdown\n\(marker)"
        return text
    }

    private func postCallback(_ record: AnalysisRecord, marker: String) async throws {
        guard let g = configuration.generic, let url = g.callbackURL else { return }
        var payload: [String: Any] = [
            "id": record.id, "status": record.status.rawValue, "marker": marker,
        ]
        if let e = record.externalId { payload["externalId"] = e }
        if let e = record.error { payload["error"] = e }
        if let r = record.result {
            payload["verdict"] = ["side": r.side, "confidence": r.confidence, "summary": r.summary]
            payload["diagnosis"] = try JSONSerialization.jsonObject(with: r.diagnosisJSON)
        }
        let body = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        var headers = [("X-LogTriage-Marker", marker)]
        if let secret = g.callbackSecret {
            headers.append(("X-LogTriage-Signature", Signatures.hubSignature(secret: secret, body: body)))
        }
        let reply = try await http.call("POST", url, json: body, headers: headers)
        guard (200..<300).contains(reply.status) else {
            throw TicketHTTPError(message: "callback: HTTP \(reply.status)", status: reply.status)
        }
    }
}
