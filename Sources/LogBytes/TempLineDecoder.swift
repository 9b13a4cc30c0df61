// TEMPORARY stand-in until the real LineDecoder lands from branch `bytes`. Not committed.
package struct DecodeLimits: Sendable {
    package var chunkSize: Int = 1 << 20
    package var maxLineBytes: Int = 1 << 20
    package var maxDecompressedBytes: Int64 = 64 << 30
    package var maxCompressionRatio: Int = 1_000
    package init() {}
}
package struct InputWarning: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable { case gzipTruncated, gzipCorrupt, gzipTrailingData, decompressionCap, invalidEncoding, lineCut, readError, binaryData }
    package var kind: Kind
    package var offset: Int64?
    package var line: Int?
    package var message: String
}
package enum TextEncoding: String, Sendable, Codable { case utf8, utf8BOM = "utf8-bom", utf16LE = "utf16le", utf16BE = "utf16be", windows1251 = "windows-1251" }
package struct DecodeReport: Sendable, Codable, Equatable {
    package var bytesIn: Int64 = 0
    package var bytesOut: Int64 = 0
    package var gzip: Bool = false
    package var gzipMembers: Int = 0
    package var encoding: TextEncoding = .utf8
    package var encodingReason: String = ""
    package var lines: Int = 0
    package var truncated: Bool = false
    package var warnings: [InputWarning] = []
    package var warningsDropped: Int = 0
}
package final class LineDecoder {
    var carry: [UInt8] = []
    package var report = DecodeReport()
    package init(limits: DecodeLimits = DecodeLimits()) {}
    package func feed(_ bytes: ArraySlice<UInt8>, onLine: (ArraySlice<UInt8>, Int) -> Void) {
        report.bytesIn += Int64(bytes.count); report.bytesOut += Int64(bytes.count)
        for b in bytes {
            if b == 10 { report.lines += 1; if carry.last == 13 { carry.removeLast() }; onLine(carry[...], report.lines); carry.removeAll(keepingCapacity: true) } else { carry.append(b) }
        }
    }
    package func finish(onLine: (ArraySlice<UInt8>, Int) -> Void) {
        if !carry.isEmpty { report.lines += 1; onLine(carry[...], report.lines); carry = [] }
    }
}
package enum InputFileError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String), isDirectory(path: String)
    package var description: String { "\(self)" }
}
package enum InputFile {
    package static func readLines(path: String, limits: DecodeLimits = DecodeLimits(), onLine: (ArraySlice<UInt8>, Int) -> Void) throws -> DecodeReport {
        guard let h = FileHandle(forReadingAtPath: path) else { throw InputFileError.cannotOpen(path: path, reason: "cannot open") }
        let d = LineDecoder(limits: limits)
        d.feed(Array(h.readDataToEndOfFile())[...], onLine: onLine)
        d.finish(onLine: onLine)
        return d.report
    }
}
import Foundation
