/// A duration as a person says it: `651 ms`, `4.2 s`, `42 s`, `2 min 05 s`, `12 min`, `1 h 08 min`, `2 d 03 h`
/// (Russian: `651 мс`, `4,2 с`, `1 ч 08 мин`, `2 сут 03 ч`), rounded to the unit after the largest.
enum HumanDuration {
    static func format(milliseconds ms: Int64, language: AnalysisRequest.Language = .en) -> String {
        let ru = language == .ru
        let (msU, sU, minU, hU, dU) = ru ? ("мс", "с", "мин", "ч", "сут") : ("ms", "s", "min", "h", "d")
        let ms = max(0, ms)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if ms < 1000 { return "\(ms) \(msU)" }
        if ms < 10_000 {
            let tenths = (ms + 50) / 100
            if tenths % 10 == 0 { return "\(tenths / 10) \(sU)" }
            return "\(tenths / 10)\(ru ? "," : ".")\(tenths % 10) \(sU)"
        }
        let s = (ms + 500) / 1000
        if s < 60 { return "\(s) \(sU)" }
        if s < 600 { return s % 60 == 0 ? "\(s / 60) \(minU)" : "\(s / 60) \(minU) \(two(s % 60)) \(sU)" }
        let m = (ms + 30_000) / 60_000
        if m < 60 { return "\(m) \(minU)" }
        if m < 24 * 60 { return m % 60 == 0 ? "\(m / 60) \(hU)" : "\(m / 60) \(hU) \(two(m % 60)) \(minU)" }
        let h = (ms + 1_800_000) / 3_600_000
        return h % 24 == 0 ? "\(h / 24) \(dU)" : "\(h / 24) \(dU) \(two(h % 24)) \(hU)"
    }
}
