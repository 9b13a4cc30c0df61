import Foundation
import LogBytes
import ZIPFoundation

/// Turns what a user (or an e-mail's attachments) names into the log files to read: a directory becomes its log-like
/// files, recursively, in sorted order; a `.zip`, a `.tar` and a gzip holding an archive (or another gzip) become
/// their members, as temporary files named `archive.zip!/path/in/zip`; what is obviously not a log (images,
/// executables, office documents) is left out with a note. Member names are only shown, never used as paths, so an
/// archive cannot write outside the temporary directory (no zip-slip).
public enum InputExpander {
    public static func expand(paths: [String], limits: ExpansionLimits = ExpansionLimits()) -> ExpandedInputs {
        var walker = Walker(out: ExpandedInputs(), limits: limits)
        for p in paths { walker.input(path: p, name: p) }
        return walker.out
    }

    /// The files of a support request (e-mail attachments, stored blobs), each read from `path` and shown as its
    /// `displayName`: archives are expanded as in ``expand(paths:limits:)``, and what is obviously not a log among them
    /// (a screenshot, a document) is left out with a note, since nobody chose these files one by one.
    /// Paths in `chosen` were named by the user (as in ``expand(paths:limits:)``: folders walked, nothing skipped).
    public static func expand(
        attachments: [InputSource], chosen: Set<String> = [], limits: ExpansionLimits = ExpansionLimits()
    ) -> ExpandedInputs {
        var walker = Walker(out: ExpandedInputs(), limits: limits)
        for a in attachments {
            if chosen.contains(a.path) {
                walker.input(path: a.path, name: a.displayName)
                continue
            }
            guard let head = Walker.head(a.path) else {
                walker.out.add(a)  // unreadable: the reader says why
                continue
            }
            walker.file(path: a.path, name: a.displayName, head: head, depth: 0, named: false)
        }
        return walker.out
    }

    /// Why a file is not a log, from its name and first bytes; nil when it may be one.
    static func notALog(name: String, head: [UInt8]) -> String? {
        if let why = notALog(name: name) { return why }
        for (magic, offset, what) in Self.magics where head.count >= offset + magic.count {
            if head[offset..<(offset + magic.count)].elementsEqual(magic) { return "not a log (\(what))" }
        }
        let sample = head.prefix(4096)
        var zeros = [0, 0]
        var controls = 0
        for (k, b) in sample.enumerated() {
            if b == 0 { zeros[k & 1] += 1 }
            if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) { controls += 1 }
        }
        let half = max(1, sample.count / 2)
        let utf16 = max(zeros[0], zeros[1]) * 10 >= half * 3 && min(zeros[0], zeros[1]) * 20 < half
        if !utf16, controls * 100 > sample.count * 5, sample.count >= 64 { return "not a log (binary data)" }
        return nil
    }

    /// Why a file is not a log from its name alone (`.png`, `.docx`), if it says so.
    static func notALog(name: String) -> String? {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard base.contains(".") else { return nil }
        let ext = base.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return nonLogExtensions.contains(ext) ? "not a log (.\(ext) file)" : nil
    }

    static let nonLogExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tif", "tiff", "heic", "svg", "pdf", "exe", "dll", "so",
        "dylib", "class", "jar", "war", "pyc", "o", "a", "lib", "woff", "woff2", "ttf", "otf", "mp3", "mp4", "wav",
        "avi", "mov", "mkv", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "msi", "iso", "ds_store",
    ]

    static let magics: [([UInt8], Int, String)] = [
        ([0x89, 0x50, 0x4E, 0x47], 0, "PNG image"), ([0xFF, 0xD8, 0xFF], 0, "JPEG image"),
        (Array("GIF8".utf8), 0, "GIF image"), (Array("%PDF".utf8), 0, "PDF document"),
        ([0x7F, 0x45, 0x4C, 0x46], 0, "ELF executable"), ([0xCA, 0xFE, 0xBA, 0xBE], 0, "Java class"),
        (Array("SQLite format 3".utf8), 0, "SQLite database"), (Array("RIFF".utf8), 0, "RIFF media"),
        (Array("ftyp".utf8), 4, "MP4/QuickTime media"), (Array("OggS".utf8), 0, "Ogg media"),
        (Array("wOFF".utf8), 0, "web font"), (Array("wOF2".utf8), 0, "web font"),
    ]

    /// ``Walker/safeName(_:)`` for tests.
    static func safeNameForTests(_ raw: String) -> String { Walker.safeName(raw) }

    /// Archive formats recognised but not read: their content is unknown, so they make the input unreadable.
    static let unsupportedArchives: [([UInt8], String)] = [
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7-Zip"), (Array("Rar!".utf8), "RAR"), (Array("BZh".utf8), "bzip2"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd"),
    ]
}

/// The walk over inputs, directories and archives, sharing one set of caps.
private struct Walker {
    let out: ExpandedInputs
    let limits: ExpansionLimits
    var members = 0
    var written: Int64 = 0

    init(out: ExpandedInputs, limits: ExpansionLimits) {
        self.out = out
        self.limits = limits
    }

    enum Kind { case zip, gzip, tar, other }

    /// A path named by the user: stdin, a directory, an archive or a file, passed on as it is unless it is an archive.
    mutating func input(path: String, name: String) {
        var isDir: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            directory(path: path, name: name)
            return
        }
        guard path != "-", let head = Self.head(path) else {
            out.add(InputSource(path: path, displayName: name))  // stdin, or unreadable: the reader says why
            return
        }
        file(path: path, name: name, head: head, depth: 0, named: true)
    }

    /// A file: expanded when it is an archive; left out when obviously not a log (unless named explicitly).
    mutating func file(path: String, name: String, head: [UInt8], depth: Int, named: Bool) {
        if let (_, what) = InputExpander.unsupportedArchives.first(where: { head.starts(with: $0.0) }) {
            out.markUnreadable(
                name, "it is a \(what) archive, which logtriage does not read; unpack it and pass the files")
            return
        }
        switch Self.kind(head) {
        case .zip:
            if !named, let why = InputExpander.notALog(name: name) {  // .docx, .jar: zips, not logs
                out.note("skipped \(name): \(why)")
                return
            }
            nested(name, depth) { $0.zip(path: path, name: name, depth: depth) }
        case .tar:
            nested(name, depth) { $0.tar(path: path, name: name, depth: depth) }
        case .gzip:
            gzip(path: path, name: name, depth: depth)
        case .other:
            if !named, let why = InputExpander.notALog(name: name, head: head) {
                out.note("skipped \(name): \(why)")
                return
            }
            out.add(InputSource(path: path, displayName: name))
        }
    }

    private mutating func nested(_ name: String, _ depth: Int, _ body: (inout Walker) -> Void) {
        guard depth < limits.maxDepth else {
            out.markUnreadable(name, "archives nested deeper than \(limits.maxDepth) levels are not opened")
            return
        }
        body(&self)
    }

    // MARK: Directories

    mutating func directory(path: String, name: String) {
        var files: [String] = []
        var skipped = 0
        func walk(_ rel: String) {
            let full = rel.isEmpty ? path : path + "/" + rel
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: full) else {
                out.markUnreadable(rel.isEmpty ? name : name + "/" + rel, "the directory cannot be listed")
                return
            }
            for e in entries.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let r = rel.isEmpty ? e : rel + "/" + e
                if e.hasPrefix(".") {
                    skipped += 1
                    continue
                }
                guard let attrs = try? FileManager.default.attributesOfItem(atPath: path + "/" + r),
                    let type = attrs[.type] as? FileAttributeType
                else { continue }
                if type == .typeDirectory {
                    walk(r)
                } else if type == .typeRegular {
                    files.append(r)
                } else if type == .typeSymbolicLink {
                    out.note("skipped \(name)/\(r): a symbolic link (not followed)")
                }
            }
        }
        walk("")
        if skipped > 0 { out.note("skipped \(skipped) hidden entries (names starting with '.') in \(name)") }
        if files.isEmpty { out.note("\(name) holds no files to read") }
        let base = name.hasSuffix("/") ? String(name.dropLast()) : name
        for r in files {
            guard countMember(base + "/" + r) else { return }
            let p = path + "/" + r
            guard let head = Self.head(p) else {
                out.markUnreadable(base + "/" + r, "it cannot be opened")
                continue
            }
            file(path: p, name: base + "/" + r, head: head, depth: 0, named: false)
        }
    }

    // MARK: Zip

    mutating func zip(path: String, name: String, depth: Int) {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            out.markUnreadable(name, "it is not a readable zip archive (\(error))")
            return
        }
        var any = false
        for entry in archive {
            let member = name + "!/" + Self.safeName(entry.path)
            switch entry.type {
            case .directory: continue
            case .symlink:
                out.note("skipped \(member): a symbolic link (not followed)")
                continue
            case .file: break
            }
            any = true
            guard countMember(member) else { return }
            let compressed = Int64(clamping: entry.compressedSize)
            guard let url = try? out.temporaryFile(), let handle = try? FileHandle(forWritingTo: url) else {
                out.markUnreadable(member, "no temporary file could be created")
                return
            }
            var size: Int64 = 0
            var capped: String?
            do {
                let crc = try archive.extract(entry, skipCRC32: false) { data in
                    size += Int64(data.count)
                    if let why = self.cap(size: size, compressed: compressed) {
                        capped = why
                        throw CocoaError(.fileReadTooLarge)
                    }
                    handle.write(data)
                }
                if crc != entry.checksum {
                    out.markUnreadable(member, "its CRC-32 does not match (damaged archive); what was read is analysed")
                }
            } catch {
                out.markUnreadable(
                    member,
                    capped.map { "\($0); the rest was not read" } ?? "the member is damaged ("
                        + "\(error)); what was read is analysed")
            }
            try? handle.close()
            written += size
            if size == 0, capped == nil { continue }
            guard let head = Self.head(url.path) else { continue }
            file(path: url.path, name: member, head: head, depth: depth + 1, named: false)
        }
        if !any { out.note("\(name) holds no files to read") }
    }

    // MARK: Tar

    mutating func tar(path: String, name: String, depth: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            out.markUnreadable(name, "it cannot be opened")
            return
        }
        defer { try? handle.close() }
        var longName: String?
        var any = false
        while true {
            guard let header = try? handle.read(upToCount: 512), header.count == 512 else {
                if any { break }
                out.markUnreadable(name, "the tar archive ends inside a header")
                return
            }
            let h = [UInt8](header)
            if h.allSatisfy({ $0 == 0 }) { break }
            guard let size = Self.octal(h[124..<136]) else {
                out.markUnreadable(name, "a tar header is damaged; members after it were not read")
                return
            }
            let type = h[156]
            var memberName = longName ?? Self.cString(h[0..<100])
            longName = nil
            if longName == nil, h[257..<262].elementsEqual("ustar".utf8) {
                let prefix = Self.cString(h[345..<500])
                if !prefix.isEmpty, !memberName.hasPrefix(prefix) { memberName = prefix + "/" + memberName }
            }
            let padded = (size + 511) / 512 * 512
            if type == UInt8(ascii: "L") {  // GNU long name: the next member's name is the data
                let data = (try? handle.read(upToCount: Int(padded))) ?? Data()
                longName = Self.cString(Array(data.prefix(Int(size)))[...])
                continue
            }
            guard type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7") else {
                if type == UInt8(ascii: "2") || type == UInt8(ascii: "1") {
                    out.note("skipped \(name)!/\(Self.safeName(memberName)): a link (not followed)")
                }
                _ = try? handle.seek(toOffset: handle.offsetInFile + UInt64(padded))
                continue
            }
            any = true
            let member = name + "!/" + Self.safeName(memberName)
            guard countMember(member) else { return }
            if let why = cap(size: size, compressed: size) {
                out.markUnreadable(member, why)
                return
            }
            guard let url = try? out.temporaryFile(), let w = try? FileHandle(forWritingTo: url) else {
                out.markUnreadable(member, "no temporary file could be created")
                return
            }
            var left = size
            while left > 0 {
                guard let chunk = try? handle.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty else { break }
                w.write(chunk)
                left -= Int64(chunk.count)
            }
            try? w.close()
            written += size - left
            if left > 0 {
                out.markUnreadable(member, "the tar archive ends inside this member")
            } else if padded > size {
                _ = try? handle.read(upToCount: Int(padded - size))
            }
            if let head = Self.head(url.path) {
                file(path: url.path, name: member, head: head, depth: depth + 1, named: false)
            }
            if left > 0 { return }
        }
        if !any { out.note("\(name) holds no files to read") }
    }

    // MARK: Gzip

    /// A gzip file holding a log is read as it is (the reader inflates it); one holding an archive or another gzip
    /// is inflated to a temporary file and expanded.
    mutating func gzip(path: String, name: String, depth: Int) {
        var inner: [UInt8] = []
        _ = try? Gunzip.inflate(path: path) { piece in
            inner.append(contentsOf: piece.prefix(512 - inner.count))
            return inner.count < 512
        }
        let archive = InputExpander.unsupportedArchives.contains { inner.starts(with: $0.0) }
        guard Self.kind(inner) != .other || archive else {
            out.add(InputSource(path: path, displayName: name))
            return
        }
        guard depth < limits.maxDepth else {
            out.markUnreadable(name, "archives nested deeper than \(limits.maxDepth) levels are not opened")
            return
        }
        guard let url = try? out.temporaryFile(), let w = try? FileHandle(forWritingTo: url) else {
            out.markUnreadable(name, "no temporary file could be created")
            return
        }
        var decode = DecodeLimits()
        decode.maxDecompressedBytes = max(0, limits.maxTotalBytes - written)
        decode.maxCompressionRatio = Int(limits.maxCompressionRatio)
        decode.ratioCheckAfterBytes = limits.ratioCheckAfterBytes
        let result = try? Gunzip.inflate(path: path, limits: decode) { piece in
            w.write(Data(piece))
            return true
        }
        try? w.close()
        written += result?.bytesOut ?? 0
        if let r = result, r.incomplete {
            let why = r.warnings.first.map(\.message) ?? "the gzip stream is damaged"
            out.markUnreadable(name, why)
        }
        guard let head = Self.head(url.path) else { return }
        // The same name: a compression layer is not a member.
        file(path: url.path, name: name, head: head, depth: depth + 1, named: true)
    }

    // MARK: Helpers

    /// Counts a member against the cap; false (with a note) once the cap is reached.
    private mutating func countMember(_ name: String) -> Bool {
        members += 1
        if members == limits.maxMembers + 1 {
            out.markUnreadable(
                name,
                "more than \(limits.maxMembers) files in directories and archives; the rest "
                    + "were not read")
        }
        return members <= limits.maxMembers
    }

    /// The cap a member of `size` bytes so far (from `compressed` bytes) breaks, if any.
    private func cap(size: Int64, compressed: Int64) -> String? {
        if written + size > limits.maxTotalBytes {
            return "archives expand to more than \(limits.maxTotalBytes) bytes in all (decompression bomb?)"
        }
        if size > limits.ratioCheckAfterBytes, size / max(1, compressed) > limits.maxCompressionRatio {
            return "it expands more than \(limits.maxCompressionRatio):1 (decompression bomb?)"
        }
        return nil
    }

    static func kind(_ head: [UInt8]) -> Kind {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if head.starts(with: [0x1F, 0x8B]) { return .gzip }
        if head.count >= 262, head[257..<262].elementsEqual("ustar".utf8) { return .tar }
        return .other
    }

    /// The first 4 KB of a file; nil when it cannot be read.
    static func head(_ path: String) -> [UInt8]? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        return (try? h.read(upToCount: 4096)).map { [UInt8]($0) } ?? []
    }

    /// A member's name as shown: `/` separators, no leading `/`, no `.` or `..` parts, no control characters.
    static func safeName(_ raw: String) -> String {
        let parts = raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/")
            .filter { $0 != "." && $0 != ".." }
            .map { String($0.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }) }
        return parts.isEmpty ? "(unnamed)" : parts.joined(separator: "/")
    }

    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        var any = false
        for b in field {
            if b == 0 || b == 0x20 {
                if any { break } else { continue }
            }
            guard b >= 0x30, b <= 0x37 else { return nil }
            v = v * 8 + Int64(b - 0x30)
            any = true
            if v > 1 << 40 { return nil }
        }
        return any ? v : 0
    }

    static func cString(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
