import ArgumentParser
import Foundation
import LogTriage

extension Side: ExpressibleByArgument {}

/// `--stand`: the MixVel stand a support request names (any case on the command line).
enum Stand: String, ExpressibleByArgument, CaseIterable {
    case test = "TEST"
    case prod = "PROD"

    init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

/// `--fail-on`: sides, comma-separated (`customer,platform`), any case.
struct SideSet: ExpressibleByArgument {
    var sides: Set<Side>

    init?(argument: String) {
        var out: Set<Side> = []
        for part in argument.split(separator: ",") {
            guard let s = Side(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            out.insert(s)
        }
        sides = out
    }

    static var allValueStrings: [String] { Side.allCases.map(\.rawValue) }
    var defaultValueDescription: String { sides.map(\.rawValue).sorted().joined(separator: ",") }
}
