/// Decides an input's layout from its first lines, and says why.
enum FormatDetector {
    /// How many leading lines (or bytes) are sampled.
    static let sampleLines = 200
    static let sampleBytes = 64 * 1024

    static func detect(_ lines: [[UInt8]]) -> (format: InputFormat, reason: String) {
        var timestamped = 0
        var json = 0
        var curl = 0
        var leveled = 0
        var logfmt = 0
        var xmlStart = false
        var nonBlank = 0
        var firstNonBlank: ArraySlice<UInt8>?
        for line in lines {
            let t = trimmedStart(line[...])
            if t.isEmpty { continue }
            nonBlank += 1
            if firstNonBlank == nil { firstNonBlank = t }
            if RecordHeader.timestampStart(line[...]) != nil {
                timestamped += 1
            } else if t.first == UInt8(ascii: "{") {
                json += 1
            } else if isCurlLine(line[...]) {
                curl += 1
            } else if RecordHeader.levelStart(line[...]) != nil {
                leveled += 1
            } else if LogfmtScanner.looksLikeLogfmt(line[...]) {
                logfmt += 1
            }
        }
        if let f = firstNonBlank, f.first == UInt8(ascii: "<") { xmlStart = true }
        guard nonBlank > 0 else { return (.text, "empty input") }
        if HARReader.looksLikeHAR(lines) {
            return (.har, "a JSON document with a \"log\" object and its \"entries\" (HAR)")
        }
        if curl > 0, curl * 4 >= nonBlank / 2 || curl >= timestamped * 2 && curl >= json * 2 {
            return (.curl, "\(curl) of \(nonBlank) sampled lines are curl -v markers (`> `, `< `, `* `)")
        }
        if json > 0, json >= timestamped {
            return (.jsonl, "\(json) of \(nonBlank) sampled lines are JSON objects")
        }
        if logfmt > 0, logfmt >= timestamped, logfmt >= leveled {
            return (.logfmt, "\(logfmt) of \(nonBlank) sampled lines are logfmt key=value pairs")
        }
        if timestamped > 0, timestamped >= leveled {
            return (.text, "\(timestamped) of \(nonBlank) sampled lines start with a timestamp")
        }
        if leveled > 0, !xmlStart || leveled * 4 >= nonBlank {
            return (
                .leveled,
                "\(leveled) of \(nonBlank) sampled lines start with a level word (`info:`, `ERROR:`, `[WARN]`)"
            )
        }
        if xmlStart {
            return (.xml, "the input starts with an XML tag and no line starts with a timestamp")
        }
        return (.text, "no known layout recognised in \(nonBlank) sampled lines; read as plain text")
    }

    static func isCurlLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= 2 else { return false }
        let a = line[line.startIndex]
        let b = line[line.startIndex + 1]
        if b == UInt8(ascii: " ") && (a == UInt8(ascii: ">") || a == UInt8(ascii: "<") || a == UInt8(ascii: "*")) {
            return true
        }
        return line.starts(with: "curl: (".utf8)
    }

    static func trimmedStart(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var t = s
        while let f = t.first, f == 0x20 || f == 0x09 { t = t.dropFirst() }
        return t
    }
}
