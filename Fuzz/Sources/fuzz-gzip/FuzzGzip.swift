// The gzip reader: any bytes behind a gzip header (or a whole gzip stream when the input starts with the magic), with
// a small bomb cap so a run stays fast.
import FuzzDriver

@testable import LogBytes

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    var bytes = Array(data)
    if !(bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B) {
        bytes = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + bytes
    }
    var limits = DecodeLimits()
    limits.maxDecompressedBytes = 8 << 20
    limits.ratioCheckAfterBytes = 1 << 20
    limits.maxLineBytes = 8192
    let decoder = LineDecoder(limits: limits)
    var out: Int64 = 0
    decoder.feed(bytes[...]) { line, _ in out += Int64(line.count) }
    decoder.finish { line, _ in out += Int64(line.count) }
    precondition(out <= limits.maxDecompressedBytes + (1 << 20), "the bomb cap did not hold")
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
