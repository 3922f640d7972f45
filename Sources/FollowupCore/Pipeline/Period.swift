/// A report period: a discharge-month cohort of one or more months (SPEC §7, §11).
public struct Period: Sendable, Equatable, CustomStringConvertible {
    /// As typed: `2026-03`, `2026-Q1`, `2026-H1` or `2026`.
    public let label: String
    public let year: Int
    public let firstMonth: Int
    public let lastMonth: Int

    public init(_ text: String) throws {
        let s = Text.clean(text).uppercased()
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let y = Int(parts[0]), parts[0].count == 4, (1900...2100).contains(y) else {
            throw PeriodError(text: text)
        }
        year = y
        if parts.count == 1 {
            (firstMonth, lastMonth) = (1, 12)
        } else if parts.count == 2, let m = Int(parts[1]), (1...12).contains(m), parts[1].count == 2 {
            (firstMonth, lastMonth) = (m, m)
        } else if parts.count == 2, parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst()),
            (1...4).contains(q)
        {
            (firstMonth, lastMonth) = (q * 3 - 2, q * 3)
        } else if parts.count == 2, parts[1].count == 2, parts[1].first == "H", let h = Int(parts[1].dropFirst()),
            (1...2).contains(h)
        {
            (firstMonth, lastMonth) = (h * 6 - 5, h * 6)
        } else {
            throw PeriodError(text: text)
        }
        label = s
    }

    /// `YYYY-MM` of every month in the period.
    public var months: [String] { (firstMonth...lastMonth).map { Self.monthKey(year, $0) } }

    public var startDate: CivilDateTime { CivilDateTime(year: year, month: firstMonth, day: 1) }

    /// The last day of the period.
    public var endDate: CivilDateTime {
        let next = lastMonth == 12 ? CivilDateTime(year: year + 1, month: 1, day: 1)
            : CivilDateTime(year: year, month: lastMonth + 1, day: 1)
        return CivilDateTime(dayNumber: next.dayNumber - 1)
    }

    /// The month before the period's first month, for "change against the previous month".
    public var previousMonth: String {
        firstMonth == 1 ? Self.monthKey(year - 1, 12) : Self.monthKey(year, firstMonth - 1)
    }

    public static func monthKey(_ y: Int, _ m: Int) -> String { CivilDateTime.pad(y, 4) + "-" + CivilDateTime.pad(m, 2) }

    public var description: String { label }
}

public struct PeriodError: Error, CustomStringConvertible {
    public var text: String
    public var description: String {
        "invalid period `\(text)`: use a month (2026-03), a quarter (2026-Q1), a half year (2026-H1) or a year (2026)"
    }
}
