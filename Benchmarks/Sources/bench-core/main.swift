// The analysis core alone (LogTriage, no CLI, no service): reads the files named on the command line with the full
// catalogue on `--threads N` (default 1) and prints the verdict, the findings and the JSON size. A release build of
// this links only LogTriage, LogBytes and Yams, so it builds in a fraction of the CLI's time; used for callgrind
// instruction counts and quick before/after timings (see README.md).
import Foundation
import LogTriage

var paths: [String] = []
var threads = 1
var json = false
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--threads": threads = Int(args.popFirst() ?? "1") ?? 1
    case "--json": json = true
    default: paths.append(a)
    }
}
let catalogue = try RuleCatalogue.loadBundled(examples: false)
let diagnoser = Diagnoser(catalogue: catalogue, request: AnalysisRequest())
try diagnoser.read(paths: paths, names: paths, options: IngestOptions(), threads: threads) { _ in }
let d = diagnoser.finish()
let data = try d.jsonData()
if json {
    FileHandle.standardOutput.write(data)
} else {
    print("verdict \(d.verdict.side) findings \(d.findings.count) json \(data.count) bytes")
}
