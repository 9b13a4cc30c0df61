import Foundation
import Testing

@testable import MailIntake

/// fuzz-mime's find (Fuzz/finds): a long unreadable Date header was quoted whole in a warning.
struct FuzzFindTests {
    @Test func `an unreadable Date header is quoted only in part`() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let bytes = [UInt8](
            try Data(contentsOf: root.appendingPathComponent("Fuzz/finds/mime-warning-over-2000-bytes")))
        let m = MailParser.parse(Array(bytes.dropFirst()), limits: MailLimits())
        #expect(m.warnings.contains { $0.hasPrefix("unreadable Date header") })
        for w in m.warnings { #expect(w.utf8.count < 2_000) }
    }
}
