import Foundation
import RequestStore
import Testing

@testable import Batch

#if canImport(Glibc)
import Glibc
#endif

/// The built binary, next to the test bundle or in .build/debug.
enum Binary {
    static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("logtriage"),
            Bundle.main.bundleURL.appendingPathComponent("logtriage"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("logtriage"),
            ArchiveMaker.repositoryRoot.appendingPathComponent(".build/debug/logtriage"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }

    static func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite struct KillResumeTests {
    @Test func killNineMidBatchThenRerunEqualsAnUninterruptedRun() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(40)
        let reference = try RequestStore(path: archive.root.appendingPathComponent("ref.sqlite").path)
        _ = try runBatch([mail.path], store: reference)

        let path = archive.root.appendingPathComponent("killed.sqlite").path
        let watcher = try RequestStore(path: path)  // created (and migrated) before the child opens it
        let child = try Binary.start(["batch", "--store", path, "--jobs", "2", mail.path])
        // Wait until a few requests are committed, then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        var committed = 0
        while Date() < deadline, child.isRunning {
            committed = (try? watcher.list().filter { $0.latestVerdict != nil }.count) ?? 0
            if committed >= 3 { break }
            usleep(2_000)
        }
        let killedMidway = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(committed >= 3)
        let partial = try content(watcher)
        if killedMidway { #expect(partial.count < 40, "the batch was killed before it finished") }

        let rerun = try Binary.run(["batch", "--store", path, "--jobs", "2", mail.path])
        #expect(rerun.status == 0)
        #expect(try content(watcher) == content(reference))
    }

    @Test func resolveRecordsTheOutcome() throws {
        let archive = try ArchiveMaker()
        defer { archive.remove() }
        let mail = try archive.mails(1)
        let path = archive.root.appendingPathComponent("r.sqlite").path
        #expect(try Binary.run(["batch", "--store", path, "--jobs", "1", mail.path]).status == 0)
        let result = try Binary.run(["request", "resolve", "--store", path, "--side", "provider", "--route", "L2", "1"])
        #expect(result.status == 0)
        let r = try #require(try RequestStore(path: path).resolution(requestId: 1))
        #expect(r.side == "provider" && r.route == "L2")
        #expect(try Binary.run(["request", "resolve", "--store", path, "--side", "provider", "99"]).status == 2)
    }
}
