/// Text clean-up shared by every stage: one place for what "the same text" means.
public enum Text {
    /// Full-width ASCII (U+FF01–U+FF5E) to half-width, the ideographic space (U+3000) and
    /// no-break space to a plain space. Chinese input methods produce `０１３８` and `ＡＢ`
    /// as easily as `0138`; people read them as the same, so the tool does too.
    public static func halfWidth(_ s: String) -> String {
        // Runs on every text cell: the three forms live behind the lead bytes C2 (U+00A0),
        // E3 (U+3000) and EF (U+FF01…U+FF5E); text without them (ASCII, CJK ideographs, which
        // lead with E4…E9) is returned after one byte scan.
        var probe = s
        guard probe.withUTF8({ $0.contains(where: { $0 == 0xEF || $0 == 0xE3 || $0 == 0xC2 }) }) else { return s }
        var needs = false
        for u in s.unicodeScalars where (u.value >= 0xFF01 && u.value <= 0xFF5E) || u.value == 0x3000 || u.value == 0xA0 {
            needs = true
            break
        }
        guard needs else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value >= 0xFF01 && u.value <= 0xFF5E, let h = Unicode.Scalar(u.value - 0xFEE0) {
                out.append(h)
            } else if u.value == 0x3000 || u.value == 0xA0 {
                out.append(" ")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// Half-width, then trimmed of spaces, tabs, newlines and zero-width characters.
    public static func clean(_ s: String) -> String {
        trim(halfWidth(s))
    }

    /// Trims Unicode white space and zero-width characters from both ends.
    public static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return s }
        return String(scalars[start..<end])
    }

    /// The key used to compare headers and vocabulary words: half-width, lower case, with all
    /// white space and zero-width characters removed (`出院 科室 ` = `出院科室`).
    public static func key(_ s: String) -> String {
        // Runs on every cell a row classifier looks at: most cells (numbers, dates, ids, CJK
        // names and departments) are already their own key, and are returned without copying.
        if isOwnKey(s) { return s }
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (dates with a time, phones with spaces): lower case and drop white space
            // byte by byte, as the scalar path below would.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count)
            for b in s.utf8 where !isASCIISpace(b) {
                bytes.append(lowerASCII(b))
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for u in halfWidth(s).lowercased().unicodeScalars where !isSpace(u) {
            out.append(u)
        }
        return String(out)
    }

    /// True when `key(s) == s`: every scalar is lower-case or caseless ASCII that is not white
    /// space, or a CJK ideograph (no case, no width form, never white space).
    static func isOwnKey(_ s: String) -> Bool {
        // On the bytes: ASCII one by one; lead bytes E4…E9 (U+4000…U+9FFF) and E3 followed
        // by 90…BF (U+3400…U+3FFF) are CJK ideographs and hexagram signs, three bytes each.
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let v = b[i]
                if v < 0x80 {
                    if v <= 0x20 || v == 0x7F || (v >= 0x41 && v <= 0x5A) { return false }
                    i += 1
                } else if (v >= 0xE4 && v <= 0xE9) || (v == 0xE3 && i + 1 < b.count && b[i + 1] >= 0x90) {
                    i += 3
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Unicode White_Space plus the zero-width space, joiners and byte-order mark.
    ///
    /// Spelled out rather than asked of `Unicode.Scalar.Properties`: the property lookup ran
    /// for the first and last character of every text cell (a CJK name, a department) and was
    /// the largest single cost of staging a HIS row. `TextKeyTests` checks this list against the
    /// property for every scalar.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x80 { return isASCIISpace(UInt8(v)) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200D, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// ASCII white space (tab … carriage return, space): `isSpace` below 0x80, for code that
    /// reads bytes.
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// An ASCII capital as its lower-case letter, any other byte as it is: how `key` folds case
    /// on bytes, for code that compares bytes with keys.
    static func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether `needle`'s UTF-8 bytes occur in `text`'s: a literal search, as Foundation's
    /// `contains` without options, at a fraction of its cost (no bridging, no locale).
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { h in
            needle.withUTF8 { n in
                guard let first = n.first else { return true }
                guard h.count >= n.count else { return false }
                var i = 0
                while i <= h.count - n.count {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether `text` starts with `prefix`, byte for byte.
    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        text.utf8.starts(with: prefix.utf8)
    }

}
