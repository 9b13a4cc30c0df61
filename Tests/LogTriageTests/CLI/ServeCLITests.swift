import Foundation
import Testing

/// `logtriage serve` runs the separate `logtriage-server` program with its arguments.
struct ServeCLITests {
    @Test func `serve --help is the service's help, reached through logtriage`() throws {
        let r = try TestSupport.run(["serve", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: logtriage serve"))
        #expect(r.stdout.contains("--in-memory"))
        #expect(r.stdout.contains("--port"))
    }

    @Test func `the service's usage errors exit 2 through logtriage`() throws {
        let r = try TestSupport.run(["serve", "--port", "70000"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--port must be from 0 to 65535"))
        let both = try TestSupport.run(["serve", "--in-memory", "--store", "/tmp/x.sqlite"])
        #expect(both.status == 2)
    }

    @Test func `the root help still lists serve`() throws {
        let r = try TestSupport.run(["--help"])
        #expect(r.stdout.contains("serve"))
        #expect(r.stdout.contains("Run the HTTP service"))
    }

    @Test func `without logtriage-server beside it, serve says where it looked and exits 2`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let alone = dir.appendingPathComponent("logtriage")
        try FileManager.default.copyItem(at: TestSupport.binary, to: alone)
        let p = Process()
        p.executableURL = alone
        p.arguments = ["serve", "--port", "0"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(message.contains("logtriage-server, not found at \(dir.path)"))
    }
}
