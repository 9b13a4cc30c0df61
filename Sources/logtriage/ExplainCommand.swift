import ArgumentParser
import Foundation
import LogTriage

/// `logtriage explain MIX-…`: what a MixVel code means, whose side it is, and what to do (from the catalogue).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a MixVel code (MIX-…): meaning, whose side, what to do.",
        discussion: """
            The knowledge comes from the rule catalogue: every rule that names the code. An unknown code is \
            decided by its ErrorType in the log; the leading digit is only a weak hint (1 = request/business, \
            2 = internal). Exit codes: 0 known code; 2 a code the catalogue does not know (with what to do on stderr).
            """
    )
    @OptionGroup var source: RulesSource
    @Argument(help: "The code, e.g. MIX-100100001 or MIX-200002.") var code: String

    func run() throws {
        let cat = try source.catalogue()
        var c = code.uppercased()
        if !c.hasPrefix("MIX-") { c = "MIX-" + c }
        let rules = cat.rules(forCode: c)
        if rules.isEmpty {
            var lines = [
                "logtriage: \(c) is not in the rule catalogue.",
                "Decide by the ErrorType of the response: BadRequest → customer, InternalServerError → platform",
                "(quote the TicketId to support@mixvel.com), ProviderError → provider. Warnings are not failures.",
            ]
            let digits = c.dropFirst(4)
            if let first = digits.first {
                let hint =
                    first == "1"
                    ? "request/business (BadRequest-like)"
                    : first == "2" ? "internal (platform-like)" : "unknown"
                lines.append("Weak hint from the leading digit '\(first)': \(hint). Never classify on this alone.")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(.badInput)
        }
        for (i, r) in rules.enumerated() {
            if i > 0 { print("") }
            print("\(c) — \(r.title)")
            print(
                "side: \(r.side.rawValue) (confidence \(r.confidence))   category: \(r.category)"
                    + (r.route.map { "   route: \($0)" } ?? "") + "   rule: \(r.id)")
            print(r.description)
            let rem = r.remediation.rendered(with: ["Code": c])
            print("What to do: \(rem.en)")
            print("Что делать: \(rem.ru)")
        }
    }
}
