// The JSON line scanner on any bytes.
import FuzzDriver

@testable import LogTriage

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(data)
    if let fields = JSONScanner.flatten(bytes[...]) {
        precondition(fields.count <= 512 + 1, "more fields than the cap")
        for f in fields { _ = f.value.text }
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
