#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum InputFileError: Error, Equatable, CustomStringConvertible {
    /// `open(2)` failed with this `errno`.
    case cannotOpen(path: String, errno: Int32)
    /// `lseek(2)` to the start of the range to read failed with this `errno`.
    case cannotSeek(path: String, errno: Int32)
    /// `read(2)` failed with this `errno` where a partial read is no use (``InputFile/readRaw(path:limits:body:)``).
    case cannotRead(path: String, errno: Int32)
    case isDirectory(path: String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let code): "cannot open '\(path)': \(FileReader.errorText(code))"
        case .cannotSeek(let path, let code): "cannot open '\(path)': cannot seek: \(FileReader.errorText(code))"
        case .cannotRead(let path, let code): "cannot open '\(path)': \(FileReader.errorText(code))"
        case .isDirectory(let path): "'\(path)' is a directory, not a log file"
        }
    }
}

/// Pulls from a path ("-" = stdin) with POSIX open/read and drives a `LineDecoder`.
package enum InputFile {
    /// Throws `InputFileError.cannotOpen` or `.isDirectory`. Read errors mid-file become a `.readError`
    /// warning (and `truncated`), not a throw. `stopped` is asked after each chunk: once it says true, nothing more
    /// is read (the report then covers only what was read).
    package static func readLines(
        path: String,
        limits: DecodeLimits = DecodeLimits(),
        stopped: () -> Bool = { false },
        onLine: (ArraySlice<UInt8>, Int) -> Void
    ) throws -> DecodeReport {
        let reader = try FileReader(path: path, chunkSize: limits.chunkSize, range: limits.byteRange)
        let decoder = LineDecoder(limits: limits)
        let error = reader.readChunks(until: {
            decoder.feed($0, onLine: onLine)
            return !stopped()
        })
        if let code = error { decoder.noteReadError(FileReader.errorText(code)) }
        decoder.finish(onLine: onLine)
        return decoder.report
    }
}

extension InputFile {
    /// Hands the raw bytes of `path` (in `limits.byteRange` when set) to `body`, undecoded, in chunks.
    package static func readRaw(path: String, limits: DecodeLimits, body: (ArraySlice<UInt8>) -> Void) throws {
        let reader = try FileReader(path: path, chunkSize: limits.chunkSize, range: limits.byteRange)
        if let code = reader.forEachChunk(body) { throw InputFileError.cannotRead(path: path, errno: code) }
    }
}

/// A file descriptor read in chunks into one reused buffer.
final class FileReader {
    private let fd: Int32
    private let ownsFD: Bool
    private var buffer: [UInt8]
    /// Bytes left to read when only a range is read.
    private var remaining: Int64?

    init(path: String, chunkSize: Int, range: Range<Int64>? = nil) throws {
        if path == "-" {
            fd = STDIN_FILENO
            ownsFD = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            if opened < 0 { throw InputFileError.cannotOpen(path: path, errno: errno) }
            fd = opened
            ownsFD = true
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            if ownsFD { close(fd) }
            throw InputFileError.isDirectory(path: path)
        }
        buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
        if let r = range {
            if lseek(fd, off_t(r.lowerBound), SEEK_SET) < 0 {
                let code = errno
                if ownsFD { close(fd) }
                throw InputFileError.cannotSeek(path: path, errno: code)
            }
            remaining = Int64(r.count)
        }
    }

    deinit {
        if ownsFD { close(fd) }
    }

    /// Reads to the end, handing each chunk to `body`; returns the `errno` of a read error, if any.
    func forEachChunk(_ body: (ArraySlice<UInt8>) -> Void) -> Int32? {
        readChunks(until: {
            body($0)
            return true
        })
    }

    /// Reads until the end or until `body` returns false; returns the `errno` of a read error, if any.
    func readChunks(until body: (ArraySlice<UInt8>) -> Bool) -> Int32? {
        while true {
            if remaining == 0 { return nil }
            let want = remaining.map { Int(min($0, Int64(buffer.count))) } ?? buffer.count
            let n = buffer.withUnsafeMutableBytes { buf -> Int in
                // Invariant: read() writes at most `want` <= `buf.count` bytes into the buffer it is given.
                read(fd, buf.baseAddress, want)
            }
            if n > 0 {
                if let r = remaining { remaining = r - Int64(n) }
                if !body(buffer[0..<n]) { return nil }
            } else if n == 0 {
                return nil
            } else if errno != EINTR {
                return errno
            }
        }
    }

    static func errorText(_ code: Int32) -> String {
        // Invariant: strerror returns a NUL-terminated string valid until the next strerror call.
        String(cString: strerror(code))
    }
}

/// Counting lines in part of a file without decoding it (to number the lines of a later part read on its own).
package enum LineCounter {
    /// Line breaks in `range` of the file at `path`: `\n`, `\r\n` and a lone `\r` each count once, as
    /// ``LineDecoder`` counts them. Nil when the file cannot be read.
    package static func lineBreaks(path: String, range: Range<Int64>) -> Int? {
        guard let reader = try? FileReader(path: path, chunkSize: 1 << 20, range: range) else { return nil }
        var count = 0
        var pendingCR = false
        let error = reader.forEachChunk { chunk in
            chunk.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                let n = p.count
                if pendingCR, base[0] != 0x0A { count += 1 }  // the previous chunk ended in a lone CR
                pendingCR = false
                // Invariant: memchr is only given [q, base + n), inside the chunk.
                var q = base
                let end = base + n
                while q < end, let hit = memchr(q, 0x0A, end - q) {
                    count += 1
                    q = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
                }
                q = base
                while q < end, let hit = memchr(q, 0x0D, end - q) {
                    let cr = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                    if cr + 1 < end {
                        if cr[1] != 0x0A { count += 1 }
                    } else {
                        pendingCR = true
                    }
                    q = cr + 1
                }
            }
        }
        if error != nil { return nil }
        return count + (pendingCR ? 1 : 0)
    }
}
