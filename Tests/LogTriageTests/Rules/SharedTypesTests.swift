import Foundation
import Testing

@testable import LogTriage

/// Rules and diagnoses share one `Side` and one `Level`: what a rule names is what a finding says, without
/// converting, and a rule cannot name the verdict-only side.
struct SharedTypesTests {
    static let ruleFile = "auth/authentication_failed.yaml"

    static func ruleText() throws -> String {
        try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Rules/\(ruleFile)"), encoding: .utf8)
    }

    @Test func `a rule's side and level are the finding's`() throws {
        var reader = RuleFileReader(file: Self.ruleFile, text: try Self.ruleText())
        let read = reader.read()
        let rule = try #require(read)
        #expect(reader.problems.isEmpty)
        #expect(rule.side == .customer)
        #expect(Side.ruleSides.contains(rule.side))
        #expect(Level.allCases.contains(rule.level))
    }

    @Test func `a rule cannot name the inconclusive side`() throws {
        let text = try Self.ruleText().replacingOccurrences(of: "\nside: customer\n", with: "\nside: inconclusive\n")
        #expect(text.contains("side: inconclusive"))
        var reader = RuleFileReader(file: Self.ruleFile, text: text)
        _ = reader.read()
        #expect(reader.problems.contains { $0.message == "'side' must be one of: customer, platform, provider, none" })
    }
}
