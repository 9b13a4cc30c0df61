import Foundation

/// Paths to the repository's fixtures, found from this file's location (SwiftPM resources must live in a target).
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // LogTriageTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var sampleLogs: URL { repositoryRoot.appendingPathComponent("SampleLogs") }

    /// One row of `SampleLogs/expected.json`, written by `Scripts/make_samples.py`.
    struct Sample: Decodable {
        var file: String
        var expected: String
        var lines: Int
        var decisive: [String: [Int]]
        var secrets: [Secret]

        struct Secret: Decodable {
            var kind: String
            var value: String
        }

        /// The line the README calls decisive (the key that says "(decisive)").
        var decisiveLine: Int? {
            decisive.first { $0.key.contains("(decisive)") }?.value.first
        }

        var path: String { TestSupport.sampleLogs.appendingPathComponent(file).path }
    }

    static func samples() throws -> [Sample] {
        let data = try Data(contentsOf: sampleLogs.appendingPathComponent("expected.json"))
        return try JSONDecoder().decode([Sample].self, from: data)
    }

    /// The built `logtriage` binary, next to the test bundle.
    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "logtriage"),
            Bundle.main.bundleURL.appendingPathComponent("logtriage"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("logtriage"),
            repositoryRoot.appendingPathComponent(".build/debug/logtriage"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments`, feeding `stdin`.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> RunResult
    {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = repositoryRoot
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let d = stdin { input.fileHandleForWriting.write(d) }
        try input.fileHandleForWriting.close()
        // Both pipes are drained at once (stderr on another thread), so neither can fill up and block the child.
        let errData = ErrorPipeReader(err.fileHandleForReading)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = errData.wait()
        p.waitUntilExit()
        return RunResult(
            status: p.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self)
        )
    }
}

/// Reads a pipe to its end on a thread of its own.
final class ErrorPipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()  // written before the signal, read after the wait
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
