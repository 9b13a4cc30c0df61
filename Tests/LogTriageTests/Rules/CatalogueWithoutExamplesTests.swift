import Testing

@testable import LogTriage

/// The analysis commands read the bundled catalogue without the rules' examples (``RuleCatalogue/loadBundled(examples:)``).
struct CatalogueWithoutExamplesTests {
    @Test func `every bundled rule reads the same without its examples`() throws {
        let full = try RuleCatalogue.loadBundled()
        let lean = try RuleCatalogue.loadBundled(examples: false)
        #expect(lean.rules.count == full.rules.count)
        #expect(full.rules.contains { !$0.examples.isEmpty })
        for (f, l) in zip(full.rules, lean.rules) {
            #expect(l.examples.isEmpty, "\(l.id)")
            var stripped = f
            stripped.examples = []
            var a = ""
            var b = ""
            dump(stripped, to: &a)
            dump(l, to: &b)
            #expect(a == b, "\(f.id)")
        }
        // The rule files stay whole: the request store identifies a catalogue version by them.
        #expect(lean.sourceFiles.map(\.text) == full.sourceFiles.map(\.text))
        #expect(lean.isolatedCopy().rules.allSatisfy { $0.examples.isEmpty })
    }

    @Test func `only the top-level examples block is blanked, line numbers kept`() {
        let text = """
            id: x
            examples:
            - name: a
              log: |
                line

                examples: inner
            # comment
              - expect: hit
            match:
              text: {contains: y}
            examples2: z
            """
        let out = RuleCatalogue.withoutExamples(text)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(lines[0] == "id: x")
        #expect(lines[1...8].allSatisfy { $0.isEmpty })
        #expect(Array(lines[9...]) == ["match:", "  text: {contains: y}", "examples2: z"])
    }

    @Test func `texts without a block-style examples key are left alone`() {
        for text in ["id: x\nmatch: {level: error}\n", "id: x\nexamples: []\n", "id: x\n  examples:\n", "---\nid: y"] {
            #expect(RuleCatalogue.withoutExamples(text) == text)
        }
        // A document marker ends the block.
        #expect(RuleCatalogue.withoutExamples("examples:\n- a\n---\nid: y") == "\n\n---\nid: y")
    }
}
