import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the spools of one diagnosis keep their bytes: in memory up to ``memoryBudget`` in all, beyond it in segments
/// of one temporary file, unlinked as soon as it is created (nothing is left behind, even after a crash).
///
/// Shared by the reading threads, each writing a spool of its own: the memory counter is atomic and the file's state
/// lives behind a `Mutex` (a segment is written under it, so segments never interleave).
final class TimelineStore: Sendable {
    /// What all spools of a diagnosis may hold in memory.
    let memoryBudget: Int
    /// A spool moves what it holds to the file in pieces of at least this size (or when its input is finished).
    let minSegment: Int
    private let memory = Atomic(0)

    private struct FileState {
        var fd: Int32 = -1
        var spilled: Int64 = 0
        var failure: String?
    }

    private let file = Mutex(FileState())

    init(memoryBudget: Int = 4 << 20, minSegment: Int = 64 << 10) {
        self.memoryBudget = memoryBudget
        self.minSegment = max(1, min(minSegment, memoryBudget))
    }

    deinit { file.withLock { if $0.fd >= 0 { close($0.fd) } } }

    /// Bytes the spools hold in memory now.
    var inMemory: Int { memory.load(ordering: .relaxed) }
    /// Bytes written to the file (tests).
    var spilled: Int64 { file.withLock { $0.spilled } }
    /// Set when no temporary file could be made: spools then stay in memory, and the diagnosis says so.
    var spillFailure: String? { file.withLock { $0.failure } }

    /// Over budget: the spool being written should move its bytes to the file.
    var overBudget: Bool { inMemory > memoryBudget && spillFailure == nil }

    func held(_ delta: Int) { memory.add(delta, ordering: .relaxed) }

    /// Appends `bytes` to the file; returns where they start, or nil when there is no file (then they stay in memory).
    func spill(_ bytes: [UInt8]) -> Int64? {
        file.withLock { f in
            guard Self.open(&f) else { return nil }
            let start = f.spilled
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { b in
                    pwrite(f.fd, b.baseAddress! + done, bytes.count - done, off_t(start + Int64(done)))
                }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    f.failure = "the temporary file of the merged timeline could not be written (\(Self.errnoText()))"
                    return nil
                }
                done += n
            }
            f.spilled += Int64(bytes.count)
            return start
        }
    }

    /// Reads `count` bytes at `offset` of the file.
    func read(offset: Int64, count: Int) -> [UInt8] {
        let fd = file.withLock { $0.fd }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { b in
                pread(fd, b.baseAddress! + done, count - done, off_t(offset + Int64(done)))
            }
            if n < 0, errno == EINTR { continue }
            // What this process wrote to its own unlinked file cannot go missing; a read error is a broken machine.
            precondition(n > 0, "merged timeline: cannot read back the temporary file (\(Self.errnoText()))")
            done += n
        }
        return out
    }

    private static func open(_ f: inout FileState) -> Bool {
        if f.fd >= 0 { return true }
        if f.failure != nil { return false }
        var template = Array((NSTemporaryDirectory() + "/logtriage-timeline-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else {
            f.failure = "no temporary file for the merged timeline (\(errnoText()))"
            return false
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        f.fd = made
        return true
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
