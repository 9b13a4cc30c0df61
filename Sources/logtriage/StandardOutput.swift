import Foundation

/// Buffered writes to standard output, one line per call.
final class StandardOutput {
    private var buffer = Data()

    func write(_ data: Data) {
        buffer.append(data)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ line: String) { write(Data(line.utf8)) }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
