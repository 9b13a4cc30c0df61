import Yams

extension Node.Mapping {
    /// The value of the last pair whose key is the plain string `key`: the same answer as Yams' `self[key]`, without
    /// building a key node and comparing whole nodes for every pair (that made up a tenth of start-up).
    subscript(key key: String) -> Node? {
        var i = endIndex
        while i > startIndex {
            i -= 1
            let k = self[i].key
            // Cheap string test first; the full node comparison (tag included) confirms the one candidate.
            guard case .scalar(let s) = k, s.string == key else { continue }
            if k == Node(key, tag.copy(with: .implicit)) { return self[i].value }
        }
        return nil
    }
}

/// A YAML mapping with its scalar keys indexed, for the reader's many look-ups in one mapping: every pair of a Yams
/// mapping that is read is copied (a dozen reference counts), so scanning the pairs once per key cost more than the
/// rest of reading. Same answers as `Node.Mapping[key:]`.
struct KeyedMapping: Sequence {
    let mapping: Node.Mapping
    /// Scalar key text to the index of the last pair with that key text.
    private var last: [String: Int] = [:]

    init(_ mapping: Node.Mapping) {
        self.mapping = mapping
        var i = mapping.startIndex
        while i < mapping.endIndex {
            if case .scalar(let s) = mapping[i].key { last[s.string] = i }
            i += 1
        }
    }

    subscript(key key: String) -> Node? {
        guard let i = last[key] else { return nil }
        let pair = mapping[i]
        if pair.key == Node(key, mapping.tag.copy(with: .implicit)) { return pair.value }
        return mapping[key: key]  // that key carries another tag: look further back, as Yams does
    }

    func makeIterator() -> Node.Mapping.Iterator { mapping.makeIterator() }
}
