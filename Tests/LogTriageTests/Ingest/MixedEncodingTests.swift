import Foundation
import Testing

@testable import LogTriage

/// A log whose encoding changes mid-file (PowerShell's `>>` appends UTF-16 to a UTF-8 log): the platform error in
/// either part still decides the verdict.
struct MixedEncodingTests {
    static func utf16(_ s: Substring, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? [0xFF, 0xFE] : []
        for u in s.utf16 { out += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return out
    }

    @Test(arguments: [true, false])
    func `the error part is read whichever encoding comes first`(utf8First: Bool) throws {
        let text = try String(
            contentsOf: TestSupport.sampleLogs.appendingPathComponent("nlog-ordercreate-internal-error.log"),
            encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The error is at line 509: it lies in the second part.
        let head = lines[..<300].joined(separator: "\n") + "\n"
        let tail = lines[300...].joined(separator: "\n")
        let bytes =
            utf8First
            ? Array(head.utf8) + Self.utf16(Substring(tail), bom: true)
            : Self.utf16(Substring(head), bom: true) + Array(tail.utf8)
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: AnalysisRequest())
        d.read(bytes: bytes, name: "mixed.log", options: IngestOptions())
        let diagnosis = d.finish()
        #expect(diagnosis.verdict.side == .platform)
        #expect(diagnosis.platformTicketIds == ["7a3a005d-2e58-411b-92d5-6b4dbc67c41f"])
        let input = try #require(diagnosis.inputs.first)
        #expect(input.lines == 803)
        #expect(input.warnings.contains { $0.kind == .encodingSwitch && $0.line == 301 })
        #expect(diagnosis.findings.contains { $0.evidence.contains { $0.line == 509 } })
    }
}
