import LogBytes

/// Decides, from one scan of a record's bytes, whether the record needs the full extraction.
///
/// Every record gets the cheap pass (header, JSON fields, URL, status, elapsed time, the XML facts that name a call:
/// root message, `MessageInfo` ids, namespaces). The full pass (the XML walk that follows errors, warnings and
/// captured texts and lists the element names; the exception and client-timeout searches) runs only when the record
/// contains one of ``markers``, or one of ``elementMarkers`` or a value that a rule tests the element names for where
/// an element name could hold it.
///
/// Why the diagnosis cannot change: without a marker every field the full pass adds is nil or empty in the full pass
/// too (each such field starts from a marker: an `<Error>`/`<Warning>` element, an `Exception`, …), except
/// ``LogEvent/elements``; and a rule's test of `elements` is decided the same on the empty list as on the full one
/// when the record holds none of the values it tests (``RuleEngine/extractionTrigger(rules:scanner:)``, which offers
/// no trigger when some test is not of that kind). Counters, pairing and error groups read no other field.
///
/// The scan looks for all the catalogue's literals too, with the engine's ids, and its result travels with the record
/// (``LogRecord/literalHits``), so the engine does not scan the record again.
struct ExtractionTrigger: Sendable {
    /// The catalogue's literals (ids as in the engine's scanner) followed by the markers and element markers.
    let scanner: LiteralScanner
    /// How many of the scanner's literals are the catalogue's (a check that the engine numbers them the same).
    let catalogueLiterals: Int
    /// The ids whose presence calls for the full pass: the markers.
    let fullMask: SIMD4<UInt64>
    /// Values the rules test element names for and the ``elementMarkers``: each calls for the full pass where it
    /// occurs as a name could hold it (``ElementValue``), checked only when the scan found it.
    let elementValues: [ElementValue]
    let elementMask: SIMD4<UInt64>

    /// A value of a verbatim test of ``LogEvent/elements`` (a literal of the catalogue, with its id).
    struct ElementValue: Sendable {
        var id: Int
        var bytes: [UInt8]
        var ignoreCase: Bool
        /// The test needs the value at the start of a local name (right after `<` or a prefix's `:`) / at its end
        /// (no name byte after it): `equals` both, `prefix` the start, `suffix` the end, `contains` neither.
        var atNameStart: Bool
        var atNameEnd: Bool

        /// True when an occurrence in `bytes` could be (part of) an element name the test passes.
        func couldMatchAName(in bytes: ArraySlice<UInt8>) -> Bool {
            var from = bytes.startIndex
            while let at = ignoreCase
                ? ByteSearch.firstIndexIgnoringCase(of: self.bytes, in: bytes[from...])
                : ByteSearch.firstIndex(of: self.bytes, in: bytes[from...])
            {
                let after = at + self.bytes.count
                let startOK =
                    !atNameStart
                    || (at > bytes.startIndex
                        && (bytes[at - 1] == UInt8(ascii: "<") || bytes[at - 1] == UInt8(ascii: ":")))
                let endOK = !atNameEnd || after >= bytes.endIndex || !Self.isNameByte(bytes[after])
                if startOK && endOK { return true }
                from = at + 1
            }
            return false
        }

        /// ``XMLScanner``'s name bytes.
        private static func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (b >= 0x30 && b <= 0x39) || b == 0x2D
                || b == 0x2E || b == 0x3A
        }
    }

    /// Literals whose absence proves the full pass would find nothing the cheap pass does not (see the type's note):
    /// the exception and client-timeout searches' literals (``EventExtractor``).
    static let markers: [(String, ignoreCase: Bool)] = [
        ("Exception", false), ("curl: (", false), ("timeout of ", true), ("timed out after ", true),
    ]

    /// XML element names the full pass starts from (``XMLNameTable``): errors, warnings and the texts captured
    /// outside them. Each calls for the full pass only where it occurs as a whole local name could (so `"@l":"Error"`
    /// in a JSON line or `ErrorCount` in a body does not).
    static let elementMarkers = [
        "Error", "Warning", "OperationStatus", "TicketId", "ResponseAfterTimeout", "ResponceAfterTimeout",
        "RetransmissionInd",
    ]

    /// The trigger for an engine whose scanner is `catalogue`, with the values its rules test element names for;
    /// nil when the ids do not fit in ``LiteralHits``.
    init?(catalogue: LiteralScanner, elementValues: [ElementValue]) {
        var s = catalogue
        var markerIds: [Int] = []
        for (m, ic) in Self.markers { markerIds.append(s.id(of: Array(m.utf8), ignoreCase: ic)) }
        var values = elementValues
        for name in Self.elementMarkers {
            let bytes = Array(name.utf8)
            let id = s.id(of: bytes, ignoreCase: false)
            values.append(ElementValue(id: id, bytes: bytes, ignoreCase: false, atNameStart: true, atNameEnd: true))
        }
        guard s.count <= LiteralHits.capacity else { return nil }
        self.init(
            scanner: s, catalogueLiterals: catalogue.count, fullMask: Self.mask(markerIds), elementValues: values)
    }

    private init(
        scanner: LiteralScanner, catalogueLiterals: Int, fullMask: SIMD4<UInt64>, elementValues: [ElementValue]
    ) {
        self.scanner = scanner
        self.catalogueLiterals = catalogueLiterals
        self.fullMask = fullMask
        self.elementValues = elementValues
        elementMask = Self.mask(elementValues.map(\.id))
    }

    private static func mask(_ ids: [Int]) -> SIMD4<UInt64> {
        var mask = SIMD4<UInt64>(repeating: 0)
        for id in ids { mask[id >> 6] |= 1 << UInt64(id & 63) }
        return mask
    }

    /// A copy sharing no storage with this one, for a reading thread of its own (shared arrays' reference counts are
    /// one cache line that every thread writes).
    func isolatedCopy() -> ExtractionTrigger {
        ExtractionTrigger(
            scanner: scanner.isolatedCopy(), catalogueLiterals: catalogueLiterals, fullMask: fullMask,
            elementValues: elementValues.map { v in
                var copy = v
                copy.bytes = v.bytes.map { $0 }
                return copy
            })
    }

    /// Which literals occur in `bytes`.
    func scan(_ bytes: ArraySlice<UInt8>) -> LiteralHits {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: LiteralHits.capacity / 64) { found in
            for i in found.indices { found[i] = 0 }
            scanner.scan(bytes, into: found)
            let words = SIMD4(found[0], found[1], found[2], found[3])
            var full = words & fullMask != SIMD4(repeating: 0)
            if !full, words & elementMask != SIMD4(repeating: 0) {
                for v in elementValues where words[v.id >> 6] & (1 << UInt64(v.id & 63)) != 0 {
                    if v.couldMatchAName(in: bytes) {
                        full = true
                        break
                    }
                }
            }
            return LiteralHits(words: words, literals: catalogueLiterals, full: full)
        }
    }
}

/// Which literals of an ``ExtractionTrigger`` occur in a record: a bit per literal id, inline (no allocation).
struct LiteralHits: Sendable, Equatable {
    static let capacity = 256
    var words: SIMD4<UInt64>
    /// The number of catalogue literals the ids were assigned for (checked by the engine before it uses the bits).
    var literals: Int
    /// True when the record needs the full extraction (a marker or an element-test value occurs).
    var full: Bool
}
