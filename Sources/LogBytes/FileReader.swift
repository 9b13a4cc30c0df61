#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum InputFileError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case isDirectory(path: String)

    package var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open '\(path)': \(reason)"
        case let .isDirectory(path): "'\(path)' is a directory, not a log file"
        }
    }
}

/// Pulls from a path ("-" = stdin) with POSIX open/read and drives a `LineDecoder`.
package enum InputFile {
    /// Throws `InputFileError.cannotOpen` or `.isDirectory`. Read errors mid-file become a `.readError`
    /// warning (and `truncated`), not a throw.
    package static func readLines(
        path: String, limits: DecodeLimits = DecodeLimits(), onLine: (ArraySlice<UInt8>, Int) -> Void
    ) throws -> DecodeReport {
        let reader = try FileReader(path: path, chunkSize: limits.chunkSize)
        let decoder = LineDecoder(limits: limits)
        let error = reader.forEachChunk { decoder.feed($0, onLine: onLine) }
        if let error { decoder.noteReadError(error) }
        decoder.finish(onLine: onLine)
        return decoder.report
    }
}

/// A file descriptor read in chunks into one reused buffer.
final class FileReader {
    private let fd: Int32
    private let ownsFD: Bool
    private var buffer: [UInt8]

    init(path: String, chunkSize: Int) throws {
        if path == "-" {
            fd = STDIN_FILENO
            ownsFD = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            if opened < 0 { throw InputFileError.cannotOpen(path: path, reason: Self.errorText(errno)) }
            fd = opened
            ownsFD = true
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            if ownsFD { close(fd) }
            throw InputFileError.isDirectory(path: path)
        }
        buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
    }

    deinit {
        if ownsFD { close(fd) }
    }

    /// Reads to the end, handing each chunk to `body`; returns the reason of a read error, if any.
    func forEachChunk(_ body: (ArraySlice<UInt8>) -> Void) -> String? {
        while true {
            let n = buffer.withUnsafeMutableBytes { buf -> Int in
                // Invariant: read() writes at most `buf.count` bytes into the buffer it is given.
                read(fd, buf.baseAddress, buf.count)
            }
            if n > 0 {
                body(buffer[0..<n])
            } else if n == 0 {
                return nil
            } else if errno != EINTR {
                return Self.errorText(errno)
            }
        }
    }

    static func errorText(_ code: Int32) -> String {
        // Invariant: strerror returns a NUL-terminated string valid until the next strerror call.
        String(cString: strerror(code))
    }
}
