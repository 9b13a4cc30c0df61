// The XML scanner on any bytes (what a record's body may hold).
import FuzzDriver

@testable import LogTriage

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(data)
    let facts = XMLScanner.scan(bytes[...])
    if let a = facts.decisiveStart, let b = facts.decisiveEnd {
        precondition(a <= b && a >= 0 && b <= bytes.count, "decisive range outside the input")
    }
    _ = XMLScanner.decodeText(bytes[...])
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
