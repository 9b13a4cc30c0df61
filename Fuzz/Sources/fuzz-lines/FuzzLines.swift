// The line decoder (gzip sniffing, encoding detection and transcoding, line splitting) on any bytes, fed in two
// chunks split where the first byte says.
import FuzzDriver

@testable import LogBytes

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(data)
    var limits = DecodeLimits()
    limits.maxLineBytes = 4096
    let decoder = LineDecoder(limits: limits)
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var lines = 0
    let check = { (line: ArraySlice<UInt8>, n: Int) in
        precondition(line.count <= limits.maxLineBytes, "a line longer than the cap")
        precondition(n > lines, "line numbers must grow")
        lines = n
    }
    decoder.feed(bytes[..<cut], onLine: check)
    decoder.feed(bytes[cut...], onLine: check)
    decoder.finish(onLine: check)
    precondition(decoder.report.bytesIn == Int64(bytes.count))
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
