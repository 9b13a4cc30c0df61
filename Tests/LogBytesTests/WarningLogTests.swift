import Foundation
import Testing

@testable import LogBytes

struct WarningLogTests {
    @Test func `stored warnings are capped and the rest counted`() {
        let log = WarningLog()
        for k in 0..<150 { log.add(InputWarning(kind: .gzipCorrupt, offset: Int64(k), message: "w\(k)")) }
        log.noteInvalid(at: 7)
        log.flushInvalid(passedThrough: true)
        #expect(log.warnings.count == WarningLog.storedLimit + 1)
        #expect(log.dropped == 50)
        #expect(log.warnings.last?.kind == .invalidEncoding)
        #expect(
            log.warnings.last?.message
                == "1 invalid UTF-8 sequence at decoded byte 7; the bytes were passed through unchanged")
    }

    @Test func `report round-trips through Codable`() throws {
        let (_, report) = decode(bytes("a\nb") + [0xFF])
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(DecodeReport.self, from: data) == report)
        #expect(report.warningsDropped == 0)
    }
}
