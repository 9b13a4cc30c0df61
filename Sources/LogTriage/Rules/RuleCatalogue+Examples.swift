extension RuleCatalogue {
    /// `text` with its top-level block-style `examples:` (the rule's tests: half the bytes of the bundled catalogue)
    /// blanked line by line, so every other line keeps its number; `text` itself when it has no such block.
    ///
    /// Only for catalogues that are never linted or tested (``loadBundled(examples:)``); a test checks that every
    /// bundled rule reads the same with and without its examples.
    static func withoutExamples(_ text: String) -> String {
        // Bytes, not characters: splitting 300 KB of text into grapheme clusters cost more than it saved.
        let b = Array(text.utf8)
        var lines: [Range<Int>] = []
        var start = 0
        while start <= b.count {
            let end = b[start...].firstIndex(of: 0x0A) ?? b.count
            lines.append(start..<end)
            start = end + 1
        }
        guard let first = lines.firstIndex(where: { isExamplesKey(b[$0]) }) else { return text }
        var last = first + 1
        while last < lines.count, continuesBlock(b[lines[last]]) { last += 1 }
        // Every line of the block keeps its line feed, so the lines after it keep their numbers.
        var out = Array(b[..<lines[first].lowerBound])
        out += repeatElement(0x0A, count: last - first - 1)
        if last < lines.count { out += b[lines[last - 1].upperBound...] }
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
