import Foundation
import Testing

@testable import LogTriage

/// The compact form of the bundled catalogue (``RuleCodec``, ``CompiledCatalogue``) that `analyze` reads instead of
/// the YAML. That it decodes to the very rules the YAML gives is `CatalogueWithoutExamplesTests` (a dump of every
/// rule, regexes included, against the YAML with its examples).
struct RuleCodecTests {
    static let generated = RulesTestSupport.projectRoot
        .appendingPathComponent("Sources/LogTriage/Generated/CompiledCatalogue.swift")

    @Test func `the compiled catalogue is up to date (run Scripts/embed-rules.sh)`() throws {
        let onDisk = try String(contentsOf: Self.generated, encoding: .utf8)
        #expect(onDisk == (try RuleCatalogue.compiledCatalogueSource()))
    }

    @Test func `the bundled catalogue without examples comes from the compiled form`() throws {
        let lean = try RuleCatalogue.loadBundled(examples: false)
        #expect(lean.compiled != nil)
        #expect(lean.rules.count == EmbeddedCatalogue.files.count)
        let copy = lean.isolatedCopy()
        #expect(copy.rules.map(\.id) == lean.rules.map(\.id))
        #expect(copy.rules.map(\.match.description) == lean.rules.map(\.match.description))
        // With its examples (rules lint, rules test) it is the YAML, as before.
        #expect(try RuleCatalogue.loadBundled().compiled == nil)
    }

    /// A form made from other rule files, of another version, cut short or with one byte changed is not read (the
    /// catalogue then comes from the YAML); none of them traps.
    @Test func `a stale or damaged form is not read`() throws {
        let files = EmbeddedCatalogue.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let good = CompiledCatalogue.bytes
        #expect(RuleCodec.decode(good, files: files) != nil)
        var edited = files
        edited[0].1 += "\n# edited"
        #expect(RuleCodec.decode(good, files: edited) == nil)
        #expect(RuleCodec.decode(good, files: Array(files.dropLast())) == nil)
        #expect(RuleCodec.decode(Array(good.dropLast()), files: files) == nil)
        #expect(RuleCodec.decode([], files: files) == nil)
        var version = good
        version[RuleCodec.magic.count] = UInt8(2 * (RuleCodec.version + 1))  // zig-zag of the next version
        #expect(RuleCodec.decode(version, files: files) == nil)
        for k in stride(from: good.count / 2, to: good.count, by: good.count / 7) {
            var flipped = good
            flipped[k] ^= 0x20
            #expect(RuleCodec.decode(flipped, files: files) == nil, "byte \(k)")
        }
    }

    /// The decoder itself never reads past the end, whatever the body says (the checksum normally stops a damaged
    /// body before it).
    @Test func `the decoder refuses a body cut anywhere`() throws {
        let rules = try RuleCatalogue.loadBundled(examples: false).rules
        var w = PackedEvent.Writer()
        w.int(rules.count)
        for r in rules.prefix(5) { w.rule(r) }
        let body = w.out
        for cut in stride(from: 0, to: body.count, by: max(1, body.count / 200)) {
            var d = RuleCodec.Decoder(bytes: Array(body[..<cut]), i: 0)
            var read = 0
            if let n = d.int() {
                for _ in 0..<min(n, 5) {
                    guard d.rule() != nil else { break }
                    read += 1
                }
            }
            #expect(read < 5, "cut at \(cut)")
        }
    }
}
