import Foundation
import LogTriage
import RequestStore

/// Builds a ``StoreReport`` from the latest diagnosis of each request in the store (decoded from its JSON).
public struct StoreReportBuilder: Sendable {
    public var store: RequestStore
    /// Only requests whose period (or received time) overlaps this window.
    public var since: Date?
    public var until: Date?
    public var top = 15
    public var incidentWindow: TimeInterval = 2 * 3600

    public init(store: RequestStore, since: Date? = nil, until: Date? = nil) {
        self.store = store
        self.since = since
        self.until = until
    }

    struct Row {
        var id: Int64
        var time: Date
        var domain: String?
        var diagnosis: Diagnosis?
    }

    public func build(now: Date = Date()) throws -> StoreReport {
        let summaries = try store.list(filter: RequestFilter(since: since, until: until))
        var rows: [Row] = []
        var failed = 0
        let decoder = JSONDecoder()
        for s in summaries.reversed() {
            if s.status == .failed { failed += 1 }
            let request = try store.request(id: s.id)
            let time =
                (s.received ?? s.periodSince).map { Date(timeIntervalSince1970: Double($0.unixSeconds)) }
                ?? request?.createdAt ?? now
            var d: Diagnosis?
            if s.latestVerdict != nil, let stored = try store.latestDiagnosis(requestId: s.id) {
                d = try? decoder.decode(Diagnosis.self, from: stored.json)
            }
            rows.append(Row(id: s.id, time: time, domain: s.senderDomain, diagnosis: d))
        }
        let analysed = rows.filter { $0.diagnosis != nil }
        var bySide: [String: Int] = [:]
        for r in analysed { bySide[r.diagnosis!.verdict.side.rawValue, default: 0] += 1 }
        let (median, samples) = Self.timeToFirstError(analysed.compactMap(\.diagnosis))
        return StoreReport(
            generatedAt: ISO8601DateFormatter().string(from: now),
            since: since.map { ISO8601DateFormatter().string(from: $0) },
            until: until.map { ISO8601DateFormatter().string(from: $0) },
            requests: rows.count, analysed: analysed.count, failed: failed, bySide: bySide,
            byWeek: Self.buckets(analysed, week: true), byMonth: Self.buckets(analysed, week: false),
            topRules: rank(analysed) { d in d.findings.map { ($0.ruleId, $0.side.rawValue) } },
            topCategories: rank(analysed) { d in d.findings.map { ($0.category, $0.side.rawValue) } },
            topCustomers: customers(analysed),
            medianTimeToFirstErrorSeconds: median, timeToFirstErrorSamples: samples,
            unexplained: UnexplainedClusters.build(analysed.map { ($0.id, $0.diagnosis!) }),
            incidentWindowSeconds: Int(incidentWindow),
            incidents: IncidentFinder(window: incidentWindow).find(analysed.map { ($0.id, $0.domain, $0.diagnosis!) }))
    }

    static func buckets(_ rows: [Row], week: Bool) -> [StoreReport.Bucket] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        var out: [String: StoreReport.Bucket] = [:]
        for r in rows {
            let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear, .year, .month], from: r.time)
            let key: String
            let start: Date
            if week {
                key = String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0)
                start = calendar.dateInterval(of: .weekOfYear, for: r.time)?.start ?? r.time
            } else {
                key = String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
                start = calendar.dateInterval(of: .month, for: r.time)?.start ?? r.time
            }
            var b = out[key] ?? StoreReport.Bucket(period: key, start: Self.day(start), sides: [:])
            b.sides[r.diagnosis!.verdict.side.rawValue, default: 0] += 1
            out[key] = b
        }
        return out.values.sorted { $0.start < $1.start }
    }

    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    func rank(_ rows: [Row], _ names: (Diagnosis) -> [(String, String)]) -> [StoreReport.Ranked] {
        var counts: [String: (Int, String)] = [:]
        for r in rows {
            var seen = Set<String>()
            for (name, side) in names(r.diagnosis!) where seen.insert(name).inserted {
                counts[name] = ((counts[name]?.0 ?? 0) + 1, side)
            }
        }
        return counts.map { StoreReport.Ranked(name: $0.key, requests: $0.value.0, side: $0.value.1) }
            .sorted { ($0.requests, $1.name) > ($1.requests, $0.name) }
            .prefix(top).map { $0 }
    }

    func customers(_ rows: [Row]) -> [StoreReport.Customer] {
        var out: [String: StoreReport.Customer] = [:]
        for r in rows {
            let domain = r.domain ?? "(unknown)"
            var c = out[domain] ?? StoreReport.Customer(domain: domain, requests: 0, sides: [:])
            c.requests += 1
            c.sides[r.diagnosis!.verdict.side.rawValue, default: 0] += 1
            out[domain] = c
        }
        return out.values.sorted { ($0.requests, $1.domain) > ($1.requests, $0.domain) }.prefix(top).map { $0 }
    }

    /// First finding's first event minus the period's start, over diagnoses whose first finding lies inside their
    /// stated period.
    static func timeToFirstError(_ diagnoses: [Diagnosis]) -> (Double?, Int) {
        var values: [Double] = []
        for d in diagnoses {
            guard let start = d.request.since else { continue }
            let first = d.findings.filter(\.inPeriod).compactMap(\.firstSeen).min()
            guard let first, first.epochMillis >= start.epochMillis else { continue }
            if let end = d.request.until, first.epochMillis > end.epochMillis { continue }
            values.append(Double(first.epochMillis - start.epochMillis) / 1000)
        }
        guard !values.isEmpty else { return (nil, 0) }
        values.sort()
        let n = values.count
        let median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
        return (median, n)
    }
}
