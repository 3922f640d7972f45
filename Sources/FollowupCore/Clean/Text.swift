/// Text clean-up shared by every stage: one place for what "the same text" means.
public enum Text {
    /// Full-width ASCII (U+FF01–U+FF5E) to half-width, the ideographic space (U+3000) and
    /// no-break space to a plain space. Chinese input methods produce `０１３８` and `ＡＢ`
    /// as easily as `0138`; people read them as the same, so the tool does too.
    public static func halfWidth(_ s: String) -> String {
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
            for b in s.utf8 where !(b == 0x20 || (b >= 0x09 && b <= 0x0D)) {
                bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
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
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                if v <= 0x20 || v == 0x7F || (v >= 0x41 && v <= 0x5A) { return false }
            } else if !((v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)) {
                return false
            }
        }
        return true
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        // ASCII first: White_Space there is exactly tab…carriage return and space, and the
        // property lookup was the largest single cost of staging a row.
        if u.value < 0x80 { return u.value == 0x20 || (u.value >= 0x09 && u.value <= 0x0D) }
        return u.properties.isWhitespace || u.value == 0x200B || u.value == 0xFEFF || u.value == 0x200C || u.value == 0x200D
    }

}
