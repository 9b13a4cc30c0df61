#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a fuzz target's body once on each file named on the command line: the executable built without `-DFUZZING`,
/// to replay a crashing input without the fuzzer runtime. Built with `-DFUZZING` (and `--sanitize=fuzzer`), each
/// target instead exports `LLVMFuzzerTestOneInput` and libFuzzer supplies `main`.
public enum FuzzDriver {
    public static func replay(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
        for path in CommandLine.arguments.dropFirst() {
            guard let f = fopen(path, "rb") else {
                print("cannot open \(path)")
                exit(2)
            }
            var bytes: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buf, 1, buf.count, f)
                if n <= 0 { break }
                bytes += buf[0..<n]
            }
            fclose(f)
            bytes.withUnsafeBufferPointer { body($0) }
            print("\(path): ok")
        }
        exit(0)
    }
}
