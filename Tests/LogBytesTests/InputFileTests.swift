import Foundation
import Testing

@testable import LogBytes

struct InputFileTests {
    private func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("logbytes-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: [false, true])
    func `reading a file gives the same result as feeding its bytes`(gzip: Bool) throws {
        let text = bytes(sampleLog(lines: 3000) + "tail without newline")
        let data = gzip ? GzipWriter.compress(text) : text
        let path = tempPath(gzip ? "log.gz" : "log.txt")
        try Data(data).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        var limits = DecodeLimits()
        limits.chunkSize = 10_000  // several reads
        var lines: [DecodedLine] = []
        let report = try InputFile.readLines(path: path, limits: limits) {
            lines.append(DecodedLine(number: $1, bytes: Array($0)))
        }
        let (expected, expectedReport) = decode(data)
        #expect(lines == expected)
        #expect(report == expectedReport)
        #expect(report.lines == 3001)
        #expect(report.bytesIn == Int64(data.count))
    }

    @Test func `a missing path throws cannotOpen with a readable reason`() {
        let path = tempPath("missing.log")
        #expect(throws: InputFileError.cannotOpen(path: path, errno: ENOENT)) {
            try InputFile.readLines(path: path) { _, _ in }
        }
        let error = InputFileError.cannotOpen(path: path, errno: ENOENT)
        #expect(error.description == "cannot open '\(path)': No such file or directory")
    }

    @Test func `a directory throws isDirectory`() {
        let dir = FileManager.default.temporaryDirectory.path
        #expect(throws: InputFileError.isDirectory(path: dir)) {
            try InputFile.readLines(path: dir) { _, _ in }
        }
    }
}
