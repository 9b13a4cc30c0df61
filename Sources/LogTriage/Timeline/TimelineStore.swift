import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the spools of one diagnosis keep their bytes: in memory up to ``memoryBudget`` in all, beyond it in segments
/// of one temporary file, unlinked as soon as it is created (nothing is left behind, even after a crash).
final class TimelineStore {
    /// What all spools of a diagnosis may hold in memory.
    let memoryBudget: Int
    /// A spool moves what it holds to the file in pieces of at least this size (or when its input is finished).
    let minSegment: Int
    /// Bytes the spools hold in memory now.
    private(set) var inMemory = 0
    /// Bytes written to the file (tests).
    private(set) var spilled: Int64 = 0
    private var fd: Int32 = -1
    /// Set when no temporary file could be made: spools then stay in memory, and the diagnosis says so.
    private(set) var spillFailure: String?

    init(memoryBudget: Int = 4 << 20, minSegment: Int = 64 << 10) {
        self.memoryBudget = memoryBudget
        self.minSegment = max(1, min(minSegment, memoryBudget))
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Over budget: the spool being written should move its bytes to the file.
    var overBudget: Bool { inMemory > memoryBudget && spillFailure == nil }

    func held(_ delta: Int) { inMemory += delta }

    /// Appends `bytes` to the file; returns where they start, or nil when there is no file (then they stay in memory).
    func spill(_ bytes: [UInt8]) -> Int64? {
        guard openFile() else { return nil }
        let start = spilled
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { b in
                pwrite(fd, b.baseAddress! + done, bytes.count - done, off_t(start + Int64(done)))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                spillFailure = "the temporary file of the merged timeline could not be written (\(errnoText()))"
                return nil
            }
            done += n
        }
        spilled += Int64(bytes.count)
        return start
    }

    /// Reads `count` bytes at `offset` of the file.
    func read(offset: Int64, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { b in
                pread(fd, b.baseAddress! + done, count - done, off_t(offset + Int64(done)))
            }
            if n < 0, errno == EINTR { continue }
            // What this process wrote to its own unlinked file cannot go missing; a read error is a broken machine.
            precondition(n > 0, "merged timeline: cannot read back the temporary file (\(errnoText()))")
            done += n
        }
        return out
    }

    private func openFile() -> Bool {
        if fd >= 0 { return true }
        if spillFailure != nil { return false }
        var template = Array((NSTemporaryDirectory() + "/logtriage-timeline-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else {
            spillFailure = "no temporary file for the merged timeline (\(errnoText()))"
            return false
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        fd = made
        return true
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}
