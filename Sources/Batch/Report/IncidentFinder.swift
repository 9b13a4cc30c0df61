import Foundation
import LogTriage

/// Cross-request incidents: the same platform or provider error signature (a MixVel `TicketId`, or a rule on a
/// method) in requests from different customers within a window.
struct IncidentFinder {
    var window: TimeInterval

    struct Sighting {
        var request: Int64
        var domain: String
        var side: String
        var time: Timestamp
    }

    func find(_ rows: [(Int64, String?, Diagnosis)]) -> [StoreReport.Incident] {
        var bySignature: [String: [Sighting]] = [:]
        for (id, domain, d) in rows {
            for f in d.findings where f.side == .platform || f.side == .provider {
                guard let time = f.firstSeen else { continue }
                let s = Sighting(request: id, domain: domain ?? "(unknown)", side: f.side.rawValue, time: time)
                var keys = Set(f.ticketIds.map { "TicketId \($0)" })
                for m in f.methods.isEmpty ? ["(any method)"] : f.methods {
                    keys.insert("\(f.ruleId) on \(m)")
                }
                for k in keys { bySignature[k, default: []].append(s) }
            }
        }
        var out: [StoreReport.Incident] = []
        for (signature, sightings) in bySignature {
            let sorted = sightings.sorted { $0.time < $1.time }
            var run: [Sighting] = []
            func flush() {
                let domains = Set(run.map(\.domain))
                if domains.count >= 2, let first = run.first, let last = run.last {
                    out.append(
                        StoreReport.Incident(
                            signature: signature, side: first.side, requests: Array(Set(run.map(\.request))).sorted(),
                            customers: domains.sorted(), firstSeen: first.time.description,
                            lastSeen: last.time.description))
                }
                run = []
            }
            for s in sorted {
                if let last = run.last, Double(s.time.epochMillis - last.time.epochMillis) / 1000 > window { flush() }
                run.append(s)
            }
            flush()
        }
        // Most customers first; a TicketId incident before the rule-on-method view of the same requests.
        return out.sorted {
            ($0.customers.count, $0.requests.count, $1.signature)
                > ($1.customers.count, $1.requests.count, $0.signature)
        }
    }
}
