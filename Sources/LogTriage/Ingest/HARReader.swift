import Foundation
import LogBytes

/// Browser HAR files (`log.entries[]`): each entry becomes a request record and a response record, written as the
/// text-log records the rest of ingest reads (`timestamp LEVEL HAR - request POST url` + body), so the rules see them
/// as they see an application's request/response log records.
enum HARReader {
    /// One synthetic record: its text, and the line of the HAR file it comes from.
    struct Record {
        var text: [UInt8]
        var line: Int
    }

    /// The records of a whole HAR document, or nil when it is not one (not JSON, or no `log.entries`).
    ///
    /// - Parameters:
    ///   - entryLines: lines holding `"startedDateTime"`, in order (pages' first, then entries').
    ///   - responseLines: lines holding a `"response"` key, in order.
    static func records(_ bytes: [UInt8], entryLines: [Int], responseLines: [Int]) -> [Record]? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let log = root["log"] as? [String: Any], let entries = log["entries"] as? [[String: Any]]
        else { return nil }
        // Entry k's lines: pages also carry startedDateTime and come first in every exporter seen.
        let pages = (log["pages"] as? [Any])?.count ?? 0
        let starts = entryLines.count == pages + entries.count ? Array(entryLines.suffix(entries.count)) : nil
        let answers = responseLines.count == entries.count ? responseLines : nil
        var out: [Record] = []
        for (k, entry) in entries.enumerated() {
            let request = entry["request"] as? [String: Any] ?? [:]
            let response = entry["response"] as? [String: Any] ?? [:]
            let started = (entry["startedDateTime"] as? String)
                .flatMap { TimestampFormat.parseValue($0, assumedOffset: 0) }
            let method = (request["method"] as? String) ?? "GET"
            let url = (request["url"] as? String) ?? ""
            let line = starts?[k] ?? 1
            var rq = "\(stamp(started)) INFO HAR - request \(method) \(url)\n"
            if let post = request["postData"] as? [String: Any], let text = post["text"] as? String {
                rq += text
            }
            out.append(Record(text: Array(rq.utf8), line: line))

            let status = (response["status"] as? NSNumber)?.intValue ?? 0
            guard status > 0 || response["content"] != nil else { continue }  // no answer (blocked, aborted)
            let reason = (response["statusText"] as? String) ?? ""
            let version =
                (response["httpVersion"] as? String).flatMap { $0.uppercased().hasPrefix("HTTP/") ? $0 : nil }
                ?? "HTTP/1.1"
            let elapsed = (entry["time"] as? NSNumber)?.doubleValue
            let answered = started.map {
                Timestamp(
                    epochMillis: $0.epochMillis + Int64(max(0, elapsed ?? 0)), offsetSeconds: $0.offsetSeconds)
            }
            let level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO"
            var rs = "\(stamp(answered)) \(level) HAR - response \(version) \(status) \(reason) to \(method) \(url)"
            if let elapsed { rs += " in \(Int(elapsed.rounded())) ms" }
            rs += "\n"
            for header in response["headers"] as? [[String: Any]] ?? [] {
                guard let name = header["name"] as? String, let value = header["value"] as? String,
                    keptHeaders.contains(name.lowercased())
                else { continue }
                rs += "\(name): \(value)\n"
            }
            if let content = response["content"] as? [String: Any], let text = content["text"] as? String {
                if (content["encoding"] as? String)?.lowercased() == "base64", let d = Data(base64Encoded: text) {
                    rs += String(decoding: d, as: UTF8.self)
                } else {
                    rs += text
                }
            }
            out.append(Record(text: Array(rs.utf8), line: answers?[k] ?? line))
        }
        return out
    }

    /// Response headers worth keeping (what the rules read); cookies and the like are left out.
    private static let keptHeaders: Set<String> = [
        "content-type", "www-authenticate", "retry-after", "location", "server", "date", "x-request-id",
    ]

    private static func stamp(_ t: Timestamp?) -> String {
        t.map { TimestampFormat.iso8601($0) } ?? "1970-01-01T00:00:00.000+00:00"
    }

    /// True when the first non-blank bytes of a sample open a HAR document: `{` and a `"log"` object with
    /// `"entries"` (or its `"version"`/`"creator"`) among the sampled lines.
    static func looksLikeHAR(_ lines: [[UInt8]]) -> Bool {
        guard let first = lines.first(where: { !FormatDetector.trimmedStart($0[...]).isEmpty }),
            FormatDetector.trimmedStart(first[...]).first == UInt8(ascii: "{")
        else { return false }
        var sawLog = false
        var sawEntries = false
        for l in lines {
            if ByteSearch.firstIndex(of: Self.logKey, in: l[...]) != nil { sawLog = true }
            if ByteSearch.firstIndex(of: Self.entriesKey, in: l[...]) != nil
                || ByteSearch.firstIndex(of: Self.creatorKey, in: l[...]) != nil
            {
                sawEntries = true
            }
            if sawLog && sawEntries { return true }
        }
        return false
    }

    static let logKey = Array("\"log\"".utf8)
    static let entriesKey = Array("\"entries\"".utf8)
    static let creatorKey = Array("\"creator\"".utf8)
    static let startedKey = Array("\"startedDateTime\"".utf8)
    static let responseKey = Array("\"response\"".utf8)
}
