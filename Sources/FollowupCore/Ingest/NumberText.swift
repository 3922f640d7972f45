/// Numbers as .xlsx writes them in `<v>` (`46086.4375`, `-0.5`, `1.38001E+10`), parsed from
/// the bytes without building a `String`.
///
/// Exact by construction (Clinger's fast path): when the digits form an integer below 2^53
/// and the decimal exponent is within ±22, both operands are exact doubles and one IEEE
/// multiply or divide rounds correctly, so the result equals `Double(String)`. Anything else
/// (long mantissas, big exponents, hex, spaces) returns nil and the caller falls back.
enum NumberText {
    private static let powers: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    static func double(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = p.count
        guard n > 0, n <= 40 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        } else if p[0] == UInt8(ascii: "+") {
            i = 1
        }
        var w: UInt64 = 0
        var digits = 0
        var fraction = 0
        while i < n, p[i] &- 0x30 < 10 {
            w = w &* 10 &+ UInt64(p[i] &- 0x30)
            digits += 1
            i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, p[i] &- 0x30 < 10 {
                w = w &* 10 &+ UInt64(p[i] &- 0x30)
                digits += 1
                fraction += 1
                i += 1
            }
        }
        guard digits > 0, digits <= 19 else { return nil }
        var exponent = 0
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var expDigits = 0
            while i < n, p[i] &- 0x30 < 10 {
                exponent = exponent * 10 + Int(p[i] &- 0x30)
                expDigits += 1
                if expDigits > 4 { return nil }
                i += 1
            }
            guard expDigits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == n, w <= 1 << 53 else { return nil }
        let e = exponent - fraction
        var d = Double(w)
        if e > 0 {
            guard e <= 22 else { return nil }
            d *= powers[e]
        } else if e < 0 {
            guard e >= -22 else { return nil }
            d /= powers[-e]
        }
        return negative ? -d : d
    }
}
