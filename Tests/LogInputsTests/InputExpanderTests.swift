import Foundation
import LogBytes
import Testing
import ZIPFoundation

@testable import LogInputs

/// Directories and archives, built for real in a temporary directory.
struct InputExpanderTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lt-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func write(_ rel: String, _ bytes: [UInt8]) throws -> String {
        let url = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func zip(_ rel: String, _ members: [(String, [UInt8])], compress: Bool = true) throws -> String {
        let url = root.appendingPathComponent(rel)
        let archive = try Archive(url: url, accessMode: .create)
        for (name, bytes) in members {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count),
                compressionMethod: compress ? .deflate : .none
            ) { position, size in Data(bytes[Int(position)..<(Int(position) + size)]) }
        }
        return url.path
    }

    /// A ustar archive: one 512-byte header per member, data padded to 512, two zero blocks.
    static func tar(_ members: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, bytes) in members {
            var h = [UInt8](repeating: 0, count: 512)
            for (k, b) in name.utf8.prefix(100).enumerated() { h[k] = b }
            for (k, b) in "0000644\0".utf8.enumerated() { h[100 + k] = b }
            let size = String(bytes.count, radix: 8)
            for (k, b) in (String(repeating: "0", count: 11 - size.count) + size).utf8.enumerated() { h[124 + k] = b }
            h[156] = UInt8(ascii: "0")
            for (k, b) in "ustar\u{0}00".utf8.enumerated() { h[257 + k] = b }
            for k in 148..<156 { h[k] = 0x20 }
            let sum = h.reduce(0) { $0 + Int($1) }
            for (k, b) in (String(sum, radix: 8).leftPadded(6) + "\u{0} ").utf8.enumerated() { h[148 + k] = b }
            out += h + bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    static let log = Array("2026-11-18 10:00:00.000|ERROR|App|boom\n".utf8)

    @Test func `a directory is read recursively in sorted order, non-logs skipped with a note`() throws {
        _ = try write("d/b.log", Self.log)
        _ = try write("d/a/z.log", Self.log)
        _ = try write("d/a/readme.txt", Array("plain words\n".utf8))
        _ = try write("d/shot.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])
        _ = try write("d/core", [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 200))
        _ = try write("d/.hidden.log", Self.log)
        let e = InputExpander.expand(paths: [root.appendingPathComponent("d").path])
        let names = e.sources.map { String($0.displayName.split(separator: "/").suffix(2).joined(separator: "/")) }
        #expect(names == ["a/readme.txt", "a/z.log", "d/b.log"])
        #expect(e.notes.contains { $0.contains("shot.png") && $0.contains("not a log") })
        #expect(e.notes.contains { $0.contains("core") && $0.contains("ELF") })
        #expect(e.notes.contains { $0.contains("hidden") })
        #expect(e.unreadable.isEmpty)
    }

    @Test func `zip members are read with archive!/path names, nested archives too`() throws {
        let inner = try zip("inner.zip", [("deep/x.log", Self.log)])
        let innerBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: inner)))
        let path = try zip(
            "support.zip",
            [
                ("app/app.log", Self.log), ("app/stored.log", Self.log), ("../../etc/evil.log", Self.log),
                ("nested.zip", innerBytes), ("pic.jpg", [0xFF, 0xD8, 0xFF, 0xE0]),
            ])
        let e = InputExpander.expand(paths: [path])
        let names = e.sources.map(\.displayName)
        #expect(
            names == [
                "\(path)!/app/app.log", "\(path)!/app/stored.log", "\(path)!/etc/evil.log",
                "\(path)!/nested.zip!/deep/x.log",
            ])
        for s in e.sources {
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: s.path))) == Self.log)
            #expect(s.path.hasPrefix(FileManager.default.temporaryDirectory.path))
        }
        #expect(e.notes.contains { $0.contains("pic.jpg") })
        // No file was written outside the temporary directory.
        let escaped = root.deletingLastPathComponent().appendingPathComponent("etc/evil.log")
        #expect(!FileManager.default.fileExists(atPath: escaped.path))
        let temp = e.sources[0].path
        e.removeTemporaryFiles()
        #expect(!FileManager.default.fileExists(atPath: temp))
    }

    @Test func `tar, tar.gz, zip inside gzip and gzip inside gzip`() throws {
        let tarBytes = Self.tar([("logs/a.log", Self.log), ("logs/b.log", Self.log)])
        let tar = try write("x.tar", tarBytes)
        let tgz = try write("x.tar.gz", GzipWriter.compress(tarBytes))
        let zipped = try zip("z.zip", [("m.log", Self.log)])
        let zipBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zipped)))
        let zgz = try write("z.zip.gz", GzipWriter.compress(zipBytes))
        let gzgz = try write("l.log.gz.gz", GzipWriter.compress(GzipWriter.compress(Self.log)))
        let plainGz = try write("p.log.gz", GzipWriter.compress(Self.log))
        let e = InputExpander.expand(paths: [tar, tgz, zgz, gzgz, plainGz])
        #expect(
            e.sources.map(\.displayName) == [
                "\(tar)!/logs/a.log", "\(tar)!/logs/b.log", "\(tgz)!/logs/a.log", "\(tgz)!/logs/b.log", "\(zgz)!/m.log",
                gzgz, plainGz,
            ])
        #expect(e.sources.last?.path == plainGz, "a gzip holding a log is streamed as it is")
        #expect(e.unreadable.isEmpty)
        // The inner gzip is left for the reader, which inflates one layer.
        let inner = [UInt8](try Data(contentsOf: URL(fileURLWithPath: e.sources[5].path)))
        #expect(inner.starts(with: [0x1F, 0x8B]))
    }

    @Test func `bombs, damaged and unsupported archives are reported unreadable`() throws {
        var limits = ExpansionLimits()
        limits.ratioCheckAfterBytes = 1 << 20
        limits.maxCompressionRatio = 100
        let bomb = try zip("bomb.zip", [("zeros.log", [UInt8](repeating: 0x41, count: 8 << 20))])
        let e = InputExpander.expand(paths: [bomb], limits: limits)
        #expect(e.unreadable == ["\(bomb)!/zeros.log"])
        #expect(e.notes.contains { $0.contains("decompression bomb") })

        var few = ExpansionLimits()
        few.maxMembers = 2
        let many = try zip("many.zip", (1...5).map { ("f\($0).log", Self.log) })
        let m = InputExpander.expand(paths: [many], limits: few)
        #expect(m.sources.count == 2)
        #expect(m.unreadable.count == 1)

        var total = ExpansionLimits()
        total.maxTotalBytes = 100
        let t = InputExpander.expand(
            paths: [try zip("big.zip", [("a.log", [UInt8](repeating: 0x41, count: 1000))])],
            limits: total)
        #expect(t.unreadable.count == 1)

        let broken = try write("broken.zip", Array("PK\u{3}\u{4}not really a zip at all".utf8))
        let seven = try write("logs.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4])
        let gz = GzipWriter.compress(Self.tar([("a.log", Self.log)]))
        let cutTgz = try write("cut.tar.gz", Array(gz.prefix(gz.count - 30)))
        let u = InputExpander.expand(paths: [broken, seven, cutTgz])
        #expect(u.unreadable.contains(broken))
        #expect(u.unreadable.contains(seven))
        #expect(u.unreadable.contains(cutTgz))
        #expect(u.notes.contains { $0.contains("7-Zip") })
    }

    @Test func `member names are shown, never used as paths`() {
        #expect(InputExpander.safeNameForTests("../../etc/passwd") == "etc/passwd")
        #expect(InputExpander.safeNameForTests("/abs\\win\\x.log") == "abs/win/x.log")
        #expect(InputExpander.safeNameForTests("a/\u{1B}[2Jb.log") == "a/?[2Jb.log")
        #expect(InputExpander.safeNameForTests("..") == "(unnamed)")
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
