/// A date read from a cell, and whether the cell gave a time of day.
///
/// Whether a time was given matters: a stay "under 24 hours" is measured on times when both
/// are known and falls back to "same day" when only dates are (SPEC §5).
public struct ParsedDate: Sendable, Equatable {
    public var value: CivilDateTime
    public var hasTime: Bool
}

/// Reads every date form hospitals export (SPEC §2.1).
///
/// `2026-03-05`, `2026/3/5`, `2026.03.05`, `2026年3月5日`, `20260305`, each with or without a
/// time (`14:30`, `14:30:05`, `14时30分`, `下午2:30`), ISO `T` forms, Excel serial numbers
/// (as numbers or as text), database time stamps with fractions of a second
/// (`2026-03-05 14:30:00.000`), and date cells. Anything else is unreadable, never guessed:
/// `3/5/2026` could be March or May, so it is refused.
public enum DateParser {
    /// Plausible serial range: 1950-01-01 … 2099-12-31 (blocks ages, counts and codes).
    static let serialRange = 18_264.0...73_050.0

    public static func parse(_ cell: Cell, date1904: Bool = false) -> ParsedDate? {
        switch cell {
        case .date(let d): return ParsedDate(value: d, hasTime: d.hasTime)
        case .number(let n): return parse(number: n, date1904: date1904)
        case .string(let s): return parse(text: s, date1904: date1904)
        default: return nil
        }
    }

    static func parse(number n: Double, date1904: Bool) -> ParsedDate? {
        if n >= 19_000_101, n <= 21_001_231, n == n.rounded() {
            let v = Int(n)
            return ymd(v / 10_000, (v / 100) % 100, v % 100)
        }
        guard serialRange.contains(n), let d = CivilDateTime(excelSerial: n, date1904: date1904) else { return nil }
        return ParsedDate(value: d, hasTime: n != n.rounded(.down))
    }

    static func ymd(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, time: Bool = false)
        -> ParsedDate?
    {
        guard (1900...2100).contains(y), CivilDateTime.isValid(year: y, month: m, day: d),
            (0...23).contains(h), (0...59).contains(mi), (0...59).contains(s)
        else { return nil }
        return ParsedDate(value: CivilDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s), hasTime: time)
    }

    public static func parse(text raw: String, date1904: Bool = false) -> ParsedDate? {
        if let ascii = parseASCII(raw, date1904: date1904) { return ascii }
        return parseGeneral(text: raw, date1904: date1904)
    }

    /// `parseGeneral` for text that is all ASCII, on its bytes: nearly every date a HIS
    /// exports or an agent types, read without a `String` copy or a `Character` walk (the
    /// general path was a fifth of staging a HIS row). `nil` means "not ASCII, use the general
    /// path"; `.some(nil)` means unreadable. `DateParserFastPathTests` holds both paths to the same
    /// answers.
    static func parseASCII(_ raw: String, date1904: Bool) -> ParsedDate?? {
        var raw = raw
        return raw.withUTF8 { b -> ParsedDate?? in
            if b.contains(where: { $0 >= 0x80 }) { return .none }
            func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            var lo = 0
            var hi = b.count
            while lo < hi, Text.isASCIISpace(b[lo]) { lo += 1 }
            while hi > lo, Text.isASCIISpace(b[hi - 1]) { hi -= 1 }
            if lo == hi { return .some(nil) }
            // Fractions of a second after hh:mm:ss.
            if let dot = (lo..<hi).last(where: { b[$0] == 0x2E }), hi - dot <= 10,
                (dot + 1..<hi).allSatisfy({ isDigit(b[$0]) }),
                (lo..<dot).reduce(0, { $0 + (b[$1] == 0x3A ? 1 : 0) }) == 2
            {
                hi = dot
            }
            if (lo..<hi).allSatisfy({ isDigit(b[$0]) }) {
                func num(_ from: Int, _ to: Int) -> Int { (lo + from..<lo + to).reduce(0) { $0 * 10 + Int(b[$1]) - 48 } }
                switch hi - lo {
                case 8: return .some(ymd(num(0, 4), num(4, 6), num(6, 8)))
                case 12: return .some(ymd(num(0, 4), num(4, 6), num(6, 8), num(8, 10), num(10, 12), time: true))
                case 14:
                    return .some(
                        ymd(num(0, 4), num(4, 6), num(6, 8), num(8, 10), num(10, 12), num(12, 14), time: true))
                case 5: return .some(parse(number: Double(num(0, 5)), date1904: date1904))
                default: return .some(nil)
                }
            }
            if (lo..<hi).contains(where: { b[$0] == 0x2E }),
                let n = Double(String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self))
            {
                return .some(parse(number: n, date1904: date1904))
            }
            // Digit groups: at most six, none wider than four digits.
            var groups = (0, 0, 0, 0, 0, 0)
            var count = 0
            var firstWidth = 0
            var current = -1
            var width = 0
            func close() {
                guard current >= 0 else { return }
                switch count {
                case 0: groups.0 = current; firstWidth = width
                case 1: groups.1 = current
                case 2: groups.2 = current
                case 3: groups.3 = current
                case 4: groups.4 = current
                case 5: groups.5 = current
                default: break
                }
                count += 1
            }
            var pm = false
            for i in lo..<hi {
                let c = b[i]
                if isDigit(c) {
                    current = (current < 0 ? 0 : current) * 10 + Int(c) - 48
                    width += 1
                    if width > 4 { return .some(nil) }
                } else {
                    close()
                    current = -1
                    width = 0
                    if c | 0x20 == 0x70, i + 1 < hi, b[i + 1] | 0x20 == 0x6D { pm = true }
                }
            }
            close()
            guard count >= 3, count <= 6, firstWidth == 4 else { return .some(nil) }
            var h = count > 3 ? groups.3 : 0
            if pm, h < 12 { h += 12 }
            return .some(
                ymd(
                    groups.0, groups.1, groups.2, h, count > 4 ? groups.4 : 0, count > 5 ? groups.5 : 0,
                    time: count > 3))
        }
    }

    /// Every form, any script: full-width digits, 年月日 and 时分, 下午 and 晚上.
    static func parseGeneral(text raw: String, date1904: Bool = false) -> ParsedDate? {
        var s = Text.clean(raw)
        guard !s.isEmpty else { return nil }
        // Database exports (Oracle, SQL Server) carry fractions of a second: `14:30:00.000`.
        if let dot = s.lastIndex(of: "."), s[s.index(after: dot)...].allSatisfy({ $0.isASCII && $0.isNumber }),
            s.distance(from: dot, to: s.endIndex) <= 10, s[..<dot].filter({ $0 == ":" }).count == 2
        {
            s = String(s[..<dot])
        }
        // Digits only: 20260305, 202603051430, 20260305143000, or a serial typed as text.
        // (The ASCII scalars with a numeric type are exactly 0…9.)
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) {
            let digits = s.unicodeScalars.map { Int($0.value) - 48 }
            func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
            switch digits.count {
            case 8: return ymd(num(0..<4), num(4..<6), num(6..<8))
            case 12: return ymd(num(0..<4), num(4..<6), num(6..<8), num(8..<10), num(10..<12), time: true)
            case 14:
                return ymd(num(0..<4), num(4..<6), num(6..<8), num(8..<10), num(10..<12), num(12..<14), time: true)
            case 5: return parse(number: Double(num(0..<5)), date1904: date1904)
            default: return nil
            }
        }
        if s.contains("."), let n = Double(s) {
            // `45356.5` typed as text: a serial with a time.
            return parse(number: n, date1904: date1904)
        }
        // Split into digit groups; remember afternoon markers.
        var groups: [Int] = []
        var widths: [Int] = []
        var current = -1
        var width = 0
        for u in s.unicodeScalars {
            if u.value >= 0x30 && u.value <= 0x39 {
                current = (current < 0 ? 0 : current) * 10 + Int(u.value) - 48
                width += 1
                if width > 4 { return nil }
            } else {
                if current >= 0 {
                    groups.append(current)
                    widths.append(width)
                }
                current = -1
                width = 0
            }
        }
        if current >= 0 {
            groups.append(current)
            widths.append(width)
        }
        guard groups.count >= 3, groups.count <= 6, widths[0] == 4 else { return nil }
        var h = groups.count > 3 ? groups[3] : 0
        // The afternoon words need a non-ASCII or a `p`: skip Foundation's search otherwise.
        let pm = s.utf8.contains { $0 >= 0x80 || $0 | 0x20 == 0x70 }
            && (s.contains("下午") || s.contains("晚上") || s.uppercased().contains("PM"))
        if pm, h < 12 { h += 12 }
        return ymd(
            groups[0], groups[1], groups[2], h, groups.count > 4 ? groups[4] : 0, groups.count > 5 ? groups[5] : 0,
            time: groups.count > 3)
    }
}
