import Foundation

/// The rule catalogue: every rule of `Rules/`, parsed and compiled once per run.
///
/// The built library embeds the catalogue (``EmbeddedCatalogue``), so ``loadBundled()`` works wherever the binary
/// runs; `--rules DIR` loads another directory with ``load(directory:)``.
public struct RuleCatalogue: Sendable {
    public var rules: [Rule]
    /// Where the rules came from: a directory path, or `embedded`.
    public var source: String
    /// The rule files the rules were parsed from, when they were (see ``isolatedCopy()``).
    var files: [(String, String)]?
    /// True when the rules were read without their examples (``loadBundled(examples:)``).
    var examplesSkipped = false
    /// The compact form the rules were decoded from (``RuleCodec``), when they were.
    var compiled: [UInt8]?

    public init(rules: [Rule], source: String) {
        self.rules = rules
        self.source = source
    }

    /// The same rules parsed again into objects of their own, for a thread that matches in parallel with others:
    /// Swift's reference counts are atomic, so threads touching the same strings and arrays for every record slow
    /// each other down (measured: a third more CPU with two threads). Without source files, the catalogue itself.
    func isolatedCopy() -> RuleCatalogue {
        guard let files else { return self }
        if let compiled, let rules = RuleCodec.decode(compiled, files: files) {
            var copy = self
            copy.rules = rules
            return copy
        }
        let own = { (s: String) in String(decoding: Array(s.utf8), as: UTF8.self) }
        let fresh = files.map { (own($0.0), own(examplesSkipped ? Self.withoutExamples($0.1) : $0.1)) }
        let (rules, problems) = Self.parse(files: fresh)
        guard problems.isEmpty, rules.count == self.rules.count else { return self }
        var copy = RuleCatalogue(rules: rules, source: source)
        copy.files = files
        copy.examplesSkipped = examplesSkipped
        return copy
    }

    /// The rule with `id`, if any.
    public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

    /// Rules naming `code` (e.g. `MIX-100100001`) in their conditions, specific rules first.
    public func rules(forCode code: String) -> [Rule] {
        let c = code.uppercased()
        return rules.filter { r in
            r.codes.contains { k in
                let up = k.uppercased()
                return up.hasSuffix("*") ? c.hasPrefix(String(up.dropLast())) : up == c
            }
        }
        .sorted { ($0.isFallback ? 1 : 0, -$0.priority, $0.id) < ($1.isFallback ? 1 : 0, -$1.priority, $1.id) }
    }

    // MARK: - Loading

    /// The catalogue compiled into the binary.
    ///
    /// - Parameter examples: false to skip reading the rules' examples, which only `rules lint` and `rules test` use
    ///   (``Rule/examples`` is then empty): they are half the catalogue's bytes, and reading them was a quarter of
    ///   start-up. The rule files (``sourceFiles``) are the full texts either way.
    /// - Throws: ``RuleCatalogueError`` when an embedded rule does not parse (a build of a broken catalogue).
    ///
    /// Without examples the rules come from the compact form made at build time (``CompiledCatalogue``, see
    /// ``RuleCodec``) when it was made from these very rule files; else (a rule edited without regenerating it) from
    /// the YAML.
    public static func loadBundled(examples: Bool = true) throws -> RuleCatalogue {
        let files = EmbeddedCatalogue.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        guard !examples else { return try load(files: files, source: "embedded") }
        let blob = CompiledCatalogue.bytes
        if let rules = RuleCodec.decode(blob, files: files) {
            var catalogue = RuleCatalogue(rules: rules, source: "embedded")
            catalogue.files = files
            catalogue.examplesSkipped = true
            catalogue.compiled = blob
            return catalogue
        }
        return try loadBundledYAML(files: files)
    }

    /// The bundled rules read from their YAML without examples (what ``CompiledCatalogue`` is made from).
    static func loadBundledYAML(files: [(String, String)]) throws -> RuleCatalogue {
        let (rules, problems) = parse(files: files.map { ($0.0, withoutExamples($0.1)) })
        if !problems.isEmpty { throw RuleCatalogueError(problems: problems) }
        var catalogue = RuleCatalogue(rules: rules, source: "embedded")
        catalogue.files = files
        catalogue.examplesSkipped = true
        return catalogue
    }

    /// Loads every `*.yaml` file under `directory` (recursively).
    ///
    /// - Throws: ``RuleCatalogueError`` listing every problem that stops a rule from loading (file:line:column).
    public static func load(directory: String) throws -> RuleCatalogue {
        try load(files: try readFiles(directory: directory), source: directory)
    }

    /// Parses rule files given as (path relative to the catalogue root, YAML text).
    ///
    /// - Throws: ``RuleCatalogueError`` when any file has a problem that stops a rule from loading.
    public static func load(files: [(String, String)], source: String) throws -> RuleCatalogue {
        let (rules, problems) = parse(files: files)
        if !problems.isEmpty { throw RuleCatalogueError(problems: problems) }
        var catalogue = RuleCatalogue(rules: rules, source: source)
        catalogue.files = files
        return catalogue
    }

    /// A catalogue larger than this in all is refused (the project's is about 300 KB).
    static let maxCatalogueBytes = 8 << 20
    /// A catalogue of more rule files than this is refused.
    static let maxFiles = 5_000

    /// Parses rule files leniently: the rules that parsed, and every problem found (for `rules lint`).
    public static func parse(files: [(String, String)]) -> (rules: [Rule], problems: [RuleProblem]) {
        var rules: [Rule] = []
        var problems: [RuleProblem] = []
        let total = files.reduce(0) { $0 + $1.1.utf8.count }
        if total > maxCatalogueBytes || files.count > maxFiles {
            let what = "\(files.count) files, \(total) bytes"
            let limit = "\(maxFiles) files, \(maxCatalogueBytes) bytes"
            return (
                [], [RuleProblem(file: "(catalogue)", message: "\(what): more than a catalogue may have (\(limit))")]
            )
        }
        var seen: [String: String] = [:]
        for (path, text) in files {
            var reader = RuleFileReader(file: path, text: text)
            if let r = reader.read() {
                if let other = seen[r.id] {
                    reader.problem(nil, "duplicate rule id '\(r.id)' (also in \(other))")
                } else {
                    seen[r.id] = path
                    rules.append(r)
                }
            }
            problems += reader.problems
        }
        return (rules, problems)
    }

    /// Reads `*.yaml` files under `directory`, as (relative path, text), sorted by path.
    ///
    /// The directory is untrusted input: a link leading out of it, anything but a regular file, a file over
    /// ``RuleFileReader/maxFileBytes`` and a catalogue over ``maxCatalogueBytes`` are refused unread, and text that is
    /// not UTF-8 is refused without being quoted.
    ///
    /// - Throws: ``RuleCatalogueError`` when the directory or a file cannot be read or is refused.
    public static func readFiles(directory: String) throws -> [(String, String)] {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        guard let e = fm.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw RuleCatalogueError(problems: [RuleProblem(file: directory, message: "cannot read rules directory")])
        }
        var out: [(String, String)] = []
        var problems: [RuleProblem] = []
        var total = 0
        for case let url as URL in e where url.pathExtension == "yaml" || url.pathExtension == "yml" {
            let rel = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            let real = url.resolvingSymlinksInPath().path
            guard real.hasPrefix(root.path + "/") else {
                problems.append(RuleProblem(file: rel, message: "a link leading out of the rules directory: refused"))
                continue
            }
            guard let attrs = try? fm.attributesOfItem(atPath: real),
                (attrs[.type] as? FileAttributeType) == .typeRegular, let size = (attrs[.size] as? NSNumber)?.intValue
            else {
                problems.append(RuleProblem(file: rel, message: "not a regular file: refused"))
                continue
            }
            guard size <= RuleFileReader.maxFileBytes else {
                problems.append(
                    RuleProblem(
                        file: rel,
                        message: "\(size) bytes: more than a rule file may have (\(RuleFileReader.maxFileBytes))"))
                continue
            }
            total += size
            guard total <= maxCatalogueBytes, out.count < maxFiles else {
                throw RuleCatalogueError(problems: [
                    RuleProblem(
                        file: directory,
                        message: "more than a catalogue may have (\(maxFiles) files, \(maxCatalogueBytes) bytes)")
                ])
            }
            guard let data = fm.contents(atPath: real), data.count <= RuleFileReader.maxFileBytes else {
                problems.append(RuleProblem(file: rel, message: "cannot be read"))
                continue
            }
            guard let text = String(validatingUTF8Bytes: data) else {
                problems.append(RuleProblem(file: rel, message: "not UTF-8 text (its content is not quoted)"))
                continue
            }
            out.append((rel, text))
        }
        if !problems.isEmpty { throw RuleCatalogueError(problems: problems.sorted { $0.file < $1.file }) }
        if out.isEmpty {
            throw RuleCatalogueError(problems: [RuleProblem(file: directory, message: "no rule files (*.yaml) found")])
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The project's `Rules/` directory when it can be found: from the working directory upwards, then next to the
    /// source tree this library was built from; nil when neither exists (use ``loadBundled()``).
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        func probe(_ dir: URL) -> String? {
            var d = dir.standardizedFileURL
            for _ in 0..<8 {
                let rules = d.appendingPathComponent("Rules")
                let marker = d.appendingPathComponent("Package.swift")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: rules.path, isDirectory: &isDir), isDir.boolValue,
                    fm.fileExists(atPath: marker.path)
                {
                    return rules.path
                }
                let up = d.deletingLastPathComponent()
                if up.path == d.path { break }
                d = up
            }
            return nil
        }
        if let p = probe(URL(fileURLWithPath: fm.currentDirectoryPath)) { return p }
        return probe(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
    }
}

/// One problem in a rule file, with its position.
public struct RuleProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path of the rule file relative to the catalogue root (or as given).
    public var file: String
    public var line: Int?
    public var column: Int?
    public var ruleId: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, ruleId: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.ruleId = ruleId
        self.message = message
    }

    /// `file:line:column: error: message` (the position parts only when known).
    public var description: String {
        var pos = file
        if let line { pos += ":\(line)" }
        if let column { pos += ":\(column)" }
        return "\(pos): error: " + (ruleId.map { "[\($0)] " } ?? "") + message
    }
}

extension String {
    /// The bytes as text when they are valid UTF-8, else nil.
    init?(validatingUTF8Bytes data: Data) {
        guard let s = String(bytes: data, encoding: .utf8) else { return nil }
        self = s
    }
}

/// The catalogue could not be loaded.
public struct RuleCatalogueError: Error, Sendable, CustomStringConvertible {
    public var problems: [RuleProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
