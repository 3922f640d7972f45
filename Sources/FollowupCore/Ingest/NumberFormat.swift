/// How a number format makes Excel show a number: as itself, a date, a time of day, or an
/// elapsed duration. Only this decides whether a numeric cell is a date, since .xlsx stores
/// dates as plain serial numbers.
enum NumberFormatKind: Equatable, Sendable {
    case number
    case date
    case time
    case duration

    /// Built-in ids with no format text in the file. 27–36 and 50–58 are the CJK date and
    /// time formats Chinese Excel and WPS write (`yyyy"年"m"月"d"日"`, `h"时"mm"分"`...).
    static func builtIn(_ id: Int) -> NumberFormatKind {
        switch id {
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: return .date
        case 18...21, 32...35, 45, 47, 55, 56: return .time
        case 46: return .duration
        default: return .number
        }
    }

    /// Classifies a custom format code: a date when, after removing quoted text, `[...]`
    /// sections and escapes, the first section still has y/m/d/h/s (`E` is the exponent of
    /// `0.00E+00`, so the rare CJK era codes e/g are not taken as dates).
    /// An elapsed bracket (`[h]`, `[mm]`, `[ss]`) makes it a duration.
    static func classify(_ code: String) -> NumberFormatKind {
        var elapsed = false
        var stripped = ""
        var it = Array(code.unicodeScalars)[...]
        scan: while let c = it.popFirst() {
            switch c {
            case ";":
                break scan  // only the first (positive) section decides
            case "\"":
                while let q = it.popFirst(), q != "\"" {}
            case "\\", "_", "*":
                _ = it.popFirst()
            case "[":
                var inner = ""
                while let q = it.popFirst(), q != "]" { inner.unicodeScalars.append(q) }
                let l = inner.lowercased()
                if !l.isEmpty, l.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { elapsed = true }
            default:
                stripped.unicodeScalars.append(c)
            }
        }
        let letters = stripped.lowercased().replacingOccurrences(of: "general", with: "")
        if elapsed { return .duration }
        if letters.contains(where: { $0 == "y" || $0 == "d" }) { return .date }
        if letters.contains(where: { $0 == "h" || $0 == "s" }) { return .time }
        if letters.contains("m") { return .date }
        return .number
    }
}
