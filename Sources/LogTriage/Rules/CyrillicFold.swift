/// `(?i)` in ``ByteRegex`` folds ASCII only; rule authors mean Russian words too (`Токен недействителен`).
enum CyrillicFold {
    /// The pattern with every Cyrillic letter outside a character class written as `(Т|т)`, so `(?i)токен` also
    /// matches `Токен`; letters already written that way (`(Н|н)`) are left alone. Patterns without `(?i)` or
    /// without Cyrillic come back unchanged.
    static func fold(_ pattern: String) -> String {
        guard pattern.hasPrefix("(?i)"), pattern.unicodeScalars.contains(where: isCyrillicLetter) else {
            return pattern
        }
        let chars = Array(pattern)
        var out = ""
        var inClass = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "[" { inClass = true } else if c == "]" { inClass = false }
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let alreadyFolded = (prev == "(" && next == "|") || (prev == "|" && next == ")")
            let scalars = c.unicodeScalars
            if !inClass, !alreadyFolded, scalars.count == 1, let s = scalars.first, isCyrillicLetter(s) {
                let upper = String(c).uppercased()
                let lower = String(c).lowercased()
                out += upper == lower ? String(c) : "(\(upper)|\(lower))"
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    static func isCyrillicLetter(_ s: Unicode.Scalar) -> Bool {
        (0x0410...0x044F).contains(s.value) || s.value == 0x0401 || s.value == 0x0451
    }
}
