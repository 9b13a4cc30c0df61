import LogBytes

/// The literals one of which every match of a ``ByteRegex`` begins with, checked at a candidate start before the
/// machine runs there (``ByteRegex/search(_:)``, when its ``LiteralPlan`` does not already start only at them).
///
/// `(?i)(HTTP |status )50[234]\b` finds its starts around each `50`, and `h`/`s` are common: without this check
/// the machine ran at every `h` and `s` of the line. The check is a byte-pair bitmap of the literals' first two
/// bytes, then a compare of each literal.
///
/// Exactly equivalent to running the machine: ``RegexNode/prefixLiterals(caseInsensitive:)`` gives literals one
/// of which every match starts with (plain bytes only; under case-insensitivity an ASCII letter matches its ASCII
/// pair and nothing else, see ``CaseVariants``, which is the fold used here; a non-ASCII letter with case variants
/// is a class there and ends the literal). Prefixes holding a byte of 0x80 or more under case-insensitivity are not
/// used at all. So a start this rejects is one the machine could not match from: it would have returned "no match"
/// after a few steps (every path fails within the literal; far below a start's own budget). Skipping it changes no
/// decided result and no match position; it only spends fewer of the search's total steps, so a search can at
/// most finish where it would have run out of its total budget before (undecided), never the other way round.
struct PrefixFilter: Sendable {
    /// Lower-cased (ASCII) when `ignoreCase`.
    let literals: [[UInt8]]
    let ignoreCase: Bool
    /// Bit `b0 << 8 | b1`: some literal starts with the bytes `b0 b1` (either case of a letter when `ignoreCase`).
    let pairs: [UInt64]

    /// Most literals a filter holds; beyond that the compare costs more than it saves.
    static let maxLiterals = 32

    init?(ast: RegexNode, caseInsensitive: Bool) {
        guard var lits = ast.prefixLiterals(caseInsensitive: caseInsensitive), !lits.isEmpty,
            lits.count <= Self.maxLiterals, lits.allSatisfy({ $0.count >= 2 })
        else { return nil }
        if caseInsensitive, lits.contains(where: { $0.contains { $0 >= 0x80 } }) { return nil }
        // A literal that starts with another one is implied by it: keep the shorter.
        lits.sort { $0.count < $1.count }
        var kept: [[UInt8]] = []
        for l in lits where !kept.contains(where: { l.starts(with: $0) }) { kept.append(l) }
        var bits = [UInt64](repeating: 0, count: 1024)
        for l in kept {
            for a in Self.variants(l[0], caseInsensitive) {
                for b in Self.variants(l[1], caseInsensitive) {
                    let k = Int(a) << 8 | Int(b)
                    bits[k >> 6] |= 1 << UInt64(k & 63)
                }
            }
        }
        literals = kept
        ignoreCase = caseInsensitive
        pairs = bits
    }

    private static func variants(_ b: UInt8, _ ci: Bool) -> [UInt8] {
        ci && b >= 0x61 && b <= 0x7A ? [b, b - 0x20] : [b]
    }

    /// True when one of the literals occurs in `bytes` at `i` (so a match may start there); the caller has checked
    /// the pair bit of `bytes[i]`, `bytes[i + 1]` in ``pairs``.
    func compare(_ bytes: ArraySlice<UInt8>, at i: Int) -> Bool {
        let room = bytes.endIndex - i
        outer: for l in literals where l.count <= room {
            var j = 0
            for c in l {
                let t = bytes[i + j]
                if t != c, !(ignoreCase && c >= 0x61 && c <= 0x7A && t | 0x20 == c) { continue outer }
                j += 1
            }
            return true
        }
        return false
    }
}
