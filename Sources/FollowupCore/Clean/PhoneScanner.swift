/// First pass of the phone cleaner: cut one cell's UTF-8 bytes into digit groups and record
/// what stood between them.
///
/// Why bytes and not a regex: the cleaner runs on every phone cell of every export (millions),
/// and everything that matters here is ASCII (digits, `-`, `.`, `+`, brackets, separators) once
/// full-width forms are folded by `Text.halfWidth`; the few non-ASCII characters that matter
/// (、。 and dashes) are recognised by their code point, the rest is "label text" (本人, 家属).
struct PhoneGroup {
    /// Byte range of the group in the cell (for scientific values, up to the exponent's end).
    var start: Int
    var end: Int
    /// Range of the group's digits (values 0–9) in `PhoneScan.digits`.
    var digitStart: Int
    var digitEnd: Int
    /// Joined to the previous group by spaces, hyphens, dots or brackets only, so the two may
    /// be pieces of one number (`138 0013 8000`, `(010)6234-5678`).
    var soft: Bool
    /// The gap before holds a hyphen (`010-62345678-801`: an extension may follow a landline).
    var hyphen: Bool
    /// A `+` stood before the group: a country code follows.
    var plus: Bool
    /// The character just before the first digit is label text (电话1, tel2).
    var afterText: Bool
    /// Written in scientific notation (`1.38001E+10`).
    var scientific: Bool

    var digitCount: Int { digitEnd - digitStart }
}

/// The groups and digits of one cell, written into buffers the caller allocates (on the stack
/// for ordinary cells, see `withScan`), so scanning a cell allocates nothing.
struct PhoneScan {
    var groups: UnsafeMutableBufferPointer<PhoneGroup>
    var groupCount = 0
    var digits: UnsafeMutableBufferPointer<UInt8>
    var digitCount = 0

    /// Scans `b` and hands the result to `body`. A cell of n bytes has at most n digits and
    /// at most n/2 + 1 groups.
    static func withScan<R>(_ b: UnsafeBufferPointer<UInt8>, _ body: (PhoneScan) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(b.count, 1)) { digits in
            withUnsafeTemporaryAllocation(of: PhoneGroup.self, capacity: b.count / 2 + 1) { groups in
                var scan = PhoneScan(groups: groups, digits: digits)
                scan.run(b)
                return body(scan)
            }
        }
    }

    private mutating func append(_ g: PhoneGroup) {
        groups.baseAddress.map { ($0 + groupCount).initialize(to: g) }
        groupCount += 1
    }

    private mutating func run(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        var i = 0
        var gapStart = 0
        var sawHard = false, sawHyphen = false, sawPlus = false
        var lastWasText = false
        while i < n {
            let c = b[i]
            if c &- 48 < 10 {
                let start = i
                let ds = digitCount
                while i < n, b[i] &- 48 < 10 {
                    digits[digitCount] = b[i] &- 48
                    digitCount += 1
                    i += 1
                }
                var end = i
                // Excel wrote a whole number as a float (`13800138000.0`): drop `.0` / `.00`.
                if i < n, b[i] == UInt8(ascii: ".") {
                    var j = i + 1
                    while j < n, j - i <= 2, b[j] == UInt8(ascii: "0") { j += 1 }
                    let zeros = j - i - 1
                    if zeros >= 1, zeros <= 2, j == n || !Self.continuesNumber(b[j]) {
                        i = j
                    }
                }
                // Scientific notation: mantissa digits, `e`/`E`, optional sign, exponent digits.
                var scientific = false
                if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
                    var j = i + 1
                    if j < n, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") { j += 1 }
                    if j < n, b[j] &- 48 < 10 {
                        while j < n, b[j] &- 48 < 10 { j += 1 }
                        scientific = true
                        i = j
                        end = j
                    }
                }
                var group = PhoneGroup(
                    start: start, end: end, digitStart: ds, digitEnd: digitCount,
                    soft: !sawHard && groupCount > 0, hyphen: sawHyphen, plus: sawPlus,
                    afterText: lastWasText, scientific: scientific)
                // `1.38001E+10` (or `1,38001E+10` from a decimal-comma locale): the integer
                // part before the dot belongs to the same value.
                if scientific, groupCount > 0, start - gapStart == 1, groups[groupCount - 1].end == start - 1,
                    b[start - 1] == UInt8(ascii: ".") || b[start - 1] == UInt8(ascii: ",")
                {
                    var prev = groups[groupCount - 1]
                    prev.end = end
                    prev.digitEnd = group.digitEnd
                    prev.scientific = true
                    groups[groupCount - 1] = prev
                } else {
                    if !scientific, groupCount > 0, groups[groupCount - 1].scientific { group.soft = false }
                    append(group)
                }
                gapStart = i
                sawHard = false
                sawHyphen = false
                sawPlus = false
                lastWasText = false
                continue
            }
            if c < 0x80 {
                lastWasText = false
                switch c {
                case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                    UInt8(ascii: "["), UInt8(ascii: "]"):
                    break
                case UInt8(ascii: "-"), UInt8(ascii: "_"):
                    sawHyphen = true
                case UInt8(ascii: "+"):
                    sawPlus = true
                    sawHard = true
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    lastWasText = true
                    sawHard = true
                default:
                    // `/ , ; : | \ # ~`, tabs, line breaks and other punctuation.
                    sawHard = true
                }
                i += 1
                continue
            }
            // Non-ASCII: decode the scalar (the buffer is valid UTF-8, it comes from a String).
            let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
            var v = UInt32(c) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
            var k = 1
            while k < len, i + k < n {
                v = v << 6 | UInt32(b[i + k] & 0x3F)
                k += 1
            }
            i += len
            switch v {
            case 0x2010...0x2015, 0x2212:  // hyphens and dashes, minus sign
                sawHyphen = true
                lastWasText = false
            case 0x3001, 0x3002, 0x00B7, 0x2026:  // 、 。 · …
                sawHard = true
                lastWasText = false
            default:
                sawHard = true
                lastWasText = true
            }
        }
    }

    /// A byte that, right after `.0`, shows the dot was a separator inside a number
    /// (`138.0013.8000`) rather than Excel's float suffix.
    private static func continuesNumber(_ c: UInt8) -> Bool {
        c &- 48 < 10 || c == UInt8(ascii: ".") || c | 0x20 == UInt8(ascii: "e")
    }
}
