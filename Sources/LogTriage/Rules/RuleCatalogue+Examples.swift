import LogBytes

extension RuleCatalogue {
    /// `text` with its top-level block-style `examples:` (the rule's tests: half the bytes of the bundled catalogue)
    /// blanked line by line, so every other line keeps its number; `text` itself when it has no such block.
    ///
    /// Only for catalogues that are never linted or tested (``loadBundled(examples:)``); a test checks that every
    /// bundled rule reads the same with and without its examples.
    static func withoutExamples(_ text: String) -> String {
        // Bytes and memchr/memmem, not characters: splitting the catalogue into grapheme clusters cost more than
        // skipping the examples saved.
        let b = Array(text.utf8)
        let key = Array("examples:".utf8)
        func lineEnd(_ i: Int) -> Int { ByteSearch.firstIndex(of: 0x0A, in: b[i...]) ?? b.count }
        var from = 0
        var start: Int?
        while start == nil, let o = ByteSearch.firstIndex(of: key, in: b[from...]) {
            if o == 0 || b[o - 1] == 0x0A, isExamplesKey(b[o..<lineEnd(o)]) { start = o }
            from = o + 1
        }
        guard let start else { return text }
        // `end`: the line feed that ends the block's last line (kept), or the end of the text.
        var end = lineEnd(start)
        var newlines = 0
        while end < b.count {
            let next = lineEnd(end + 1)
            guard continuesBlock(b[(end + 1)..<next]) else { break }
            end = next
            newlines += 1
        }
        // Every line of the block keeps its line feed, so the lines after it keep their numbers.
        var out = Array(b[..<start])
        out.reserveCapacity(b.count)
        out += repeatElement(0x0A, count: newlines)
        out += b[end...]
        return String(decoding: out, as: UTF8.self)
    }

    /// `examples:` at the start of a line with nothing but white space after it.
    private static func isExamplesKey(_ line: ArraySlice<UInt8>) -> Bool {
        let key = "examples:".utf8
        guard line.starts(with: key) else { return false }
        return line.dropFirst(key.count).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// A line inside a top-level block: blank, indented, a comment, or an item of a sequence written at the key's
    /// indentation (`- name: ...`), but not a document marker.
    private static func continuesBlock(_ line: ArraySlice<UInt8>) -> Bool {
        guard let c = line.first else { return true }
        switch c {
        case 0x20, 0x09, 0x0D, 0x23: return true  // space, tab, CR, #
        case 0x2D: return !line.starts(with: "---".utf8)  // -
        default: return false
        }
    }
}
