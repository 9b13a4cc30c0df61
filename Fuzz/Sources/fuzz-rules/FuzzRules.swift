// The rule reader (YAML, conditions, regexes, correlations, examples) on any text; a rule that reads is linted
// (policy only: running its examples is the ingest target's job).
import FuzzDriver

@testable import LogTriage

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: UnsafeBufferPointer(rebasing: data[...]), as: UTF8.self)
    var reader = RuleFileReader(file: "fuzz.yaml", text: text)
    if let rule = reader.read() {
        _ = RuleLint.policyProblems(rule)
    }
    for p in reader.problems {
        precondition(p.description.utf8.count < 2_000, "a message quoting too much of the file")
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzDriver.replay(fuzzOne) }
}
#endif
