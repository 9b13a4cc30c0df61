import Foundation

/// Counters of consecutive records that no rule needs and whose events are not errors: all the ``Diagnoser`` keeps of
/// them. Order-dependent state (stand samples) keeps the first occurrence, so merging runs in input order is exact.
struct QuietRun: Sendable {
    var records = 0
    var events = 0
    var timestamped = 0
    var requestBodies = 0
    var standsSeen: [String: Int] = [:]
    var standSamples: [String: HitEvent] = [:]

    mutating func add(_ e: LogEvent) {
        records += 1
        if e.method != nil || e.errorLevel != nil || e.httpStatus != nil || e.exceptionType != nil { events += 1 }
        if e.timestamp != nil { timestamped += 1 }
        if e.direction == .request, e.bodyKind == .xml { requestBodies += 1 }
        if let s = e.stand {
            standsSeen[s, default: 0] += 1
            if standSamples[s] == nil { standSamples[s] = HitEvent(e) }
        }
    }

    /// Adds a later run's counters (first samples win, so merging in input order is exact).
    mutating func merge(_ run: QuietRun) {
        records += run.records
        events += run.events
        timestamped += run.timestamped
        requestBodies += run.requestBodies
        for (s, n) in run.standsSeen { standsSeen[s, default: 0] += n }
        for (s, e) in run.standSamples where standSamples[s] == nil { standSamples[s] = e }
    }
}
