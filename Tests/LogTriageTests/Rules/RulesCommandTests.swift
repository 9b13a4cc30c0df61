import ArgumentParser
import Testing

@testable import logtriage

struct RulesCommandTests {
    @Test func `lint of the project catalogue passes`() throws {
        let cmd = try RulesCommand.Lint.parse(["--rules", RulesTestSupport.rulesDirectory])
        try cmd.run()
    }

    @Test func `explain knows a listed code and fails on an unknown one`() throws {
        try ExplainCommand.parse(["MIX-100100001"]).run()
        #expect(throws: ExitCode.self) { try ExplainCommand.parse(["MIX-999999999"]).run() }
    }

    @Test func `show fails for an unknown rule`() throws {
        #expect(throws: ExitCode.self) { try RulesCommand.Show.parse(["no_such_rule"]).run() }
    }
}
