import CLogZlib

/// One-shot gzip compression (tests and benchmarks build their .gz data with it).
package enum GzipWriter {
    /// `bytes` as a single gzip member; `level` 0–9 (-1 = zlib default).
    package static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        // Invariant: the stream is zeroed before deflateInit2 and released before returning.
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard czlib_deflateInit2(stream, level, 15 + 16) == Z_OK else {
            preconditionFailure("deflateInit2 failed")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var offset = 0
        var rc = Z_OK
        bytes.withUnsafeBufferPointer { input in
            repeat {
                // At most 1 GiB per call: avail_in is 32-bit.
                let piece = min(input.count - offset, 1 << 30)
                // Invariant: zlib reads `avail_in` bytes from `next_in` (never writes) during deflate() only.
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + offset })
                stream.pointee.avail_in = UInt32(piece)
                let last = offset + piece == input.count
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { ob -> Int in
                        // Invariant: zlib writes at most `avail_out` bytes at `next_out` during deflate() only.
                        stream.pointee.next_out = ob.baseAddress
                        stream.pointee.avail_out = UInt32(ob.count)
                        rc = deflate(stream, last ? Z_FINISH : Z_NO_FLUSH)
                        let n = ob.count - Int(stream.pointee.avail_out)
                        stream.pointee.next_out = nil
                        return n
                    }
                    out.append(contentsOf: chunk[0..<produced])
                } while stream.pointee.avail_out == 0 || (last && rc != Z_STREAM_END)
                offset += piece - Int(stream.pointee.avail_in)
                stream.pointee.next_in = nil
            } while rc != Z_STREAM_END
        }
        return out
    }
}
