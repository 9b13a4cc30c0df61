/// Push pipeline: raw bytes in (any chunking), lines out.
///
/// Stages: gzip detection by magic bytes (→ `GzipInflater`), encoding detection and transcoding to
/// UTF-8 (`TextTranscoder`), line splitting (`LineSplitter`). Memory stays bounded by the stage
/// buffers (64 KiB sample, 256 KiB inflate buffer, `maxLineBytes` of partial line).
package final class LineDecoder {
    private enum Mode { case sniffing, plain, gzip }

    private let limits: DecodeLimits
    private let log = WarningLog()
    private var mode = Mode.sniffing
    /// The first bytes, held until they tell whether the input is gzip.
    private var sniff: [UInt8] = []
    private var inflater: GzipInflater?
    private var transcoder: TextTranscoder
    private var splitter: LineSplitter
    private var bytesIn: Int64 = 0
    private var finished = false

    package init(limits: DecodeLimits = DecodeLimits()) {
        self.limits = limits
        transcoder = TextTranscoder(log: log, assumeUTF8: limits.assumeUTF8, offsetBase: limits.offsetBase)
        splitter = LineSplitter(
            maxLine: limits.maxLineBytes, log: log, lineBase: limits.lineBase, offsetBase: limits.offsetBase)
        log.quietBefore = limits.quietBefore
    }

    /// Feeds the next raw bytes of the input (possibly gzip, any encoding). Calls `onLine(lineBytes, lineNumber)`
    /// for every complete line: UTF-8 without its terminator (LF, CRLF or lone CR), 1-based line number.
    package func feed(_ bytes: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if finished || bytes.isEmpty { return }
        bytesIn += Int64(bytes.count)
        if mode != .sniffing {
            route(bytes, onLine: onLine)
            return
        }
        let take = min(2 - sniff.count, bytes.count)
        sniff.append(contentsOf: bytes.prefix(take))
        if sniff.count == 2 || sniff[0] != 0x1F {
            decideCompression(onLine: onLine)
            route(bytes.dropFirst(take), onLine: onLine)
        }
    }

    /// End of input: flushes the last line (even without a terminator) and reports truncation.
    package func finish(onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if finished { return }
        if mode == .sniffing { decideCompression(onLine: onLine) }
        inflater?.finish()
        transcoder.finish { splitter.push($0, onLine: onLine) }
        splitter.finish(onLine: onLine)
        log.flushSwitches(lastLine: splitter.lineNumber)
        log.flushInvalid(passedThrough: transcoder.encoding == .utf8 || transcoder.encoding == .utf8BOM)
        finished = true
    }

    package var report: DecodeReport {
        DecodeReport(
            bytesIn: bytesIn, bytesOut: transcoder.bytesOut, gzip: mode == .gzip,
            gzipMembers: inflater?.members ?? 0, encoding: transcoder.encoding,
            encodingReason: transcoder.encodingReason, lines: splitter.lineNumber, truncated: log.truncated,
            warnings: log.warnings, warningsDropped: log.dropped)
    }

    /// A read error ended the input early (used by `InputFile`).
    func noteReadError(_ reason: String) {
        log.truncated = true
        log.add(
            InputWarning(
                kind: .readError, offset: bytesIn,
                message: "read error after \(bytesIn) bytes: \(reason); the rest of the file was not read"))
    }

    private func decideCompression(onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if sniff.count == 2 && sniff[0] == 0x1F && sniff[1] == 0x8B {
            mode = .gzip
            inflater = GzipInflater(limits: limits, log: log)
        } else {
            mode = .plain
        }
        let held = sniff
        sniff = []
        route(held[...], onLine: onLine)
    }

    private func route(_ bytes: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if bytes.isEmpty { return }
        if let inflater {
            inflater.push(bytes) { out in
                if inflater.takeLineBreak() {
                    // Decoding resumed after corrupt gzip data: end the line cut short by the gap.
                    transcoder.flushForGap { splitter.push($0, onLine: onLine) }
                    splitter.breakLine(onLine: onLine)
                }
                decoded(out, onLine: onLine)
            }
        } else {
            decoded(bytes, onLine: onLine)
        }
    }

    @inline(__always)
    private func decoded(_ bytes: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        transcoder.push(bytes) { splitter.push($0, onLine: onLine) }
    }
}
