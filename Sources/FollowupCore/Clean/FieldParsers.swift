/// Small typed readers for HIS fields. Each is tolerant of what people type and returns `nil`
/// rather than guessing when the value cannot be read.
public enum FieldParsers {
    /// An identifier (住院号, 病案号) as text: half-width, no spaces, no Excel damage
    /// (`2026001234.0` from a numeric cell, a leading `'` that forced text), upper-case letters.
    public static func identifier(_ cell: Cell) -> String? {
        var s: String
        switch cell {
        case .number(let n): s = Cell.numberText(n)
        default: s = cell.text
        }
        s = Text.key(s)
        // Ids are digits and capitals: upper-case only text that holds something to change.
        if s.utf8.contains(where: { ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 }) { s = s.uppercased() }
        if s.hasPrefix("'") { s.removeFirst() }
        if s.hasSuffix(".0"), s.dropLast(2).allSatisfy(\.isNumber) { s.removeLast(2) }
        return s.isEmpty ? nil : s
    }

    /// Free text: half-width, trimmed; `nil` when blank.
    public static func text(_ cell: Cell) -> String? {
        let s: String
        if case .number(let n) = cell { s = Cell.numberText(n) } else { s = Text.clean(cell.text) }
        return s.isEmpty ? nil : s
    }

    /// An age in years from `45`, `45岁`, `3月`, `3个月`, `15天`, `1岁3月`.
    public static func ageYears(_ cell: Cell) -> Double? {
        if case .number(let n) = cell { return (0...150).contains(n) ? n : nil }
        let s = Text.key(cell.text)
        guard !s.isEmpty else { return nil }
        var total = 0.0
        var number = 0.0
        var haveNumber = false
        var matchedUnit = false
        var fraction: Double = 0
        for ch in s {
            if let d = ch.wholeNumberValue, ch.isASCII {
                if fraction > 0 {
                    number += Double(d) * fraction
                    fraction /= 10
                } else {
                    number = number * 10 + Double(d)
                }
                haveNumber = true
                continue
            }
            if ch == ".", haveNumber, fraction == 0 {
                fraction = 0.1
                continue
            }
            let unit: Double?
            switch ch {
            case "岁", "y": unit = 1
            case "月": unit = 1.0 / 12
            case "周": unit = 7.0 / 365.25
            case "天", "日", "d": unit = 1.0 / 365.25
            case "个", "零", "余": unit = nil
            default: return nil
            }
            if let unit, haveNumber {
                total += number * unit
                number = 0
                haveNumber = false
                fraction = 0
                matchedUnit = true
            }
        }
        if haveNumber { total += matchedUnit ? 0 : number }
        return (0...150).contains(total) ? total : nil
    }

    /// 性别 as `男` / `女`; other values are kept as typed.
    public static func sex(_ cell: Cell) -> String? {
        guard let s = text(cell) else { return nil }
        switch s.uppercased() {
        case "男", "1", "M", "MALE", "男性": return "男"
        case "女", "2", "F", "FEMALE", "女性": return "女"
        default: return s
        }
    }

    /// 离院方式 code (住院病案首页): `1`, `医嘱离院`, `1.医嘱离院`, `4-非医嘱离院` → 1…5 or 9.
    public static func leaveMode(_ cell: Cell) -> Int? {
        if case .number(let n) = cell, n == n.rounded(), [1, 2, 3, 4, 5, 9].contains(Int(n)) { return Int(n) }
        let s = Text.key(cell.text)
        if let first = s.first, let d = first.wholeNumberValue, [1, 2, 3, 4, 5, 9].contains(d) {
            let rest = s.dropFirst()
            if rest.isEmpty || !(rest.first?.isNumber ?? false) { return d }
        }
        // Order matters: 非医嘱离院 contains 医嘱离院.
        func has(_ word: String) -> Bool { Text.contains(s, word) }
        if has("非医嘱") || has("自动出院") || has("自动离院") { return 4 }
        if has("死亡") { return 5 }
        if has("社区") || has("卫生院") { return 3 }
        if has("转院") { return 2 }
        if has("医嘱离院") || s == "离院" { return 1 }
        if has("其他") || has("其它") { return 9 }
        return nil
    }
}
