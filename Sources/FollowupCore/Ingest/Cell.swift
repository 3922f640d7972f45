/// A calendar date and wall-clock time with no time zone, as spreadsheets store them.
///
/// Hospital exports never carry a zone: 2026-03-05 14:30 means local hospital time, so the tool
/// keeps civil fields rather than converting through `Date` (which would invite zone bugs).
public struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Days since 1970-01-01 for the date part (proleptic Gregorian; Howard Hinnant's algorithm).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Seconds since 1970-01-01T00:00:00 of the same civil clock.
    public var secondsSinceEpoch: Int { dayNumber * 86_400 + hour * 3_600 + minute * 60 + second }

    public init(dayNumber: Int, secondOfDay: Int = 0) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(
            year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d,
            hour: secondOfDay / 3_600, minute: (secondOfDay % 3_600) / 60, second: secondOfDay % 60)
    }

    /// `true` when the date is a real calendar day (2026-02-30 is not).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= (month == 2 && leap ? 29 : days[month - 1])
    }

    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

    /// `YYYY-MM-DD`
    public var dateString: String { text(separator: nil) }

    /// `YYYY-MM-DDTHH:MM:SS` (ISO 8601 without zone), the form the corpus and SQLite use.
    public var isoString: String { text(separator: UInt8(ascii: "T")) }

    /// `YYYY-MM-DD HH:MM:SS`, SQLite's own date-time text form.
    public var sqlString: String { text(separator: UInt8(ascii: " ")) }

    /// The date, and the time after `separator` when one is given. Every staged row carries
    /// two to four of these, so the digits are written straight into the string's storage
    /// (`String(v)`, padding and concatenation were 5 % of reading a file); fields outside
    /// their usual widths take the general path and come out the same way.
    private func text(separator: UInt8?) -> String {
        let inRange =
            (0...9999).contains(year) && (0...99).contains(month) && (0...99).contains(day)
            && (separator == nil || ((0...99).contains(hour) && (0...99).contains(minute) && (0...99).contains(second)))
        guard inRange else {
            let date = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
            guard let separator else { return date }
            return date + String(UnicodeScalar(separator)) + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":"
                + Self.pad(second, 2)
        }
        let count = separator == nil ? 10 : 19
        return String(unsafeUninitializedCapacity: count) { b in
            func two(_ v: Int, at i: Int) {
                b[i] = UInt8(48 + v / 10)
                b[i + 1] = UInt8(48 + v % 10)
            }
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            b[4] = UInt8(ascii: "-")
            two(month, at: 5)
            b[7] = UInt8(ascii: "-")
            two(day, at: 8)
            if let separator {
                b[10] = separator
                two(hour, at: 11)
                b[13] = UInt8(ascii: ":")
                two(minute, at: 14)
                b[16] = UInt8(ascii: ":")
                two(second, at: 17)
            }
            return count
        }
    }

    public var description: String { isoString }

    public static func < (a: Self, b: Self) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Excel serial number to civil time. Serial 1 is 1900-01-01 in the 1900 system (with
    /// Lotus's phantom 1900-02-29 at serial 60); serial 0 is 1904-01-01 in the 1904 system.
    public init?(excelSerial serial: Double, date1904: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var whole = serial.rounded(.down)
        var secs = Int(((serial - whole) * 86_400).rounded())
        if secs >= 86_400 {
            whole += 1
            secs -= 86_400
        }
        let epochDay: Int
        if date1904 {
            epochDay = CivilDateTime(year: 1904, month: 1, day: 1).dayNumber
        } else {
            // 1899-12-31 is serial 0; serials from 61 on are one day too high (phantom leap day).
            epochDay = CivilDateTime(year: 1899, month: 12, day: 31).dayNumber - (whole >= 61 ? 1 : 0)
        }
        self.init(dayNumber: epochDay + Int(whole), secondOfDay: secs)
    }
}

/// One spreadsheet or CSV cell as the readers see it, before any interpretation.
///
/// The cases mirror the corpus encoding in `shared/corpus/README.md`, so `followup inspect`
/// can be compared with independent readers cell by cell.
public enum Cell: Hashable, Sendable {
    case empty
    case string(String)
    case number(Double)
    case bool(Bool)
    case date(CivilDateTime)
    /// A time of day with no date, in seconds since midnight.
    case time(Double)
    /// A duration in seconds (elapsed-time formats such as `[h]:mm:ss`).
    case duration(Double)
    /// An error value such as `#DIV/0!`.
    case error(String)

    public var isEmpty: Bool {
        switch self {
        case .empty: return true
        case .string(let s):
            // Runs on every cell of every row: a visible ASCII first byte, or a lead byte E4…E9
            // (U+4000…U+9FFF, CJK ideographs), settles it without walking characters.
            if let b = s.utf8.first, (b >= 0x21 && b <= 0x7E) || (b >= 0xE4 && b <= 0xE9) { return false }
            return s.allSatisfy { $0.isWhitespace }
        default: return false
        }
    }

    /// The cell as text, as a person reading the sheet would type it back: whole numbers
    /// without `.0`, dates as `YYYY-MM-DD` (with the time when there is one).
    public var text: String {
        switch self {
        case .empty: return ""
        case .string(let s): return s
        case .number(let d): return Cell.numberText(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .date(let dt): return dt.hasTime ? dt.sqlString : dt.dateString
        case .time(let s):
            let t = Int(s.rounded())
            return CivilDateTime.pad(t / 3_600, 2) + ":" + CivilDateTime.pad((t % 3_600) / 60, 2) + ":"
                + CivilDateTime.pad(t % 60, 2)
        case .duration(let s): return Cell.numberText(s)
        case .error(let e): return e
        }
    }

    /// Whole numbers print without a fraction (`13800138000`, not `1.3800138e10`).
    public static func numberText(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
