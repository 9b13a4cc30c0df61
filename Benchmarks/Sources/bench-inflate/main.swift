// Inflate-only baseline: decompresses gzip files (multi-member) with zlib, the library logtriage links, and discards
// the output. Same window bits (15+32) and the same 1 MiB read / 256 KiB output buffers as LogBytes' GzipInflater,
// so `analyze` time / this time is "what the analysis costs on top of inflating".
//
//   bench-inflate FILE.gz...   prints "<bytes out> bytes" per file
import CZlibBench
import Glibc

func eprint(_ s: String) {
    var t = s
    t.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func inflateFile(_ path: String) -> Int64 {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        eprint("bench-inflate: cannot open \(path)\n")
        exit(2)
    }
    defer { close(fd) }
    let inCap = 1 << 20
    let outCap = 256 << 10
    let inBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: inCap)
    let outBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: outCap)
    defer {
        inBuf.deallocate()
        outBuf.deallocate()
    }
    var strm = z_stream()
    guard czb_inflateInit2(&strm, 15 + 32) == Z_OK else { exit(1) }
    defer { inflateEnd(&strm) }
    var total: Int64 = 0
    var eof = false
    while true {
        if strm.avail_in == 0 && !eof {
            let n = read(fd, inBuf, inCap)
            if n <= 0 {
                eof = true
            } else {
                strm.next_in = inBuf
                strm.avail_in = UInt32(n)
            }
        }
        if strm.avail_in == 0 && eof { break }
        strm.next_out = outBuf
        strm.avail_out = UInt32(outCap)
        let rc = inflate(&strm, Z_NO_FLUSH)
        total += Int64(outCap - Int(strm.avail_out))
        if rc == Z_STREAM_END {
            if strm.avail_in == 0 && !eof {
                let n = read(fd, inBuf, inCap)
                if n <= 0 {
                    eof = true
                } else {
                    strm.next_in = inBuf
                    strm.avail_in = UInt32(n)
                }
            }
            if strm.avail_in > 0 {
                inflateReset(&strm)
                continue
            }
            break
        } else if rc != Z_OK && rc != Z_BUF_ERROR {
            eprint("bench-inflate: \(path): inflate error \(rc)\n")
            exit(1)
        }
    }
    return total
}

let files = CommandLine.arguments.dropFirst()
if files.isEmpty {
    eprint("usage: bench-inflate FILE.gz...\n")
    exit(2)
}
for f in files { print("\(inflateFile(f)) bytes \(f)") }
