import Testing
@testable import FollowupCore

/// The typed readers of staging on what exports and agents really hold (SPEC §2.1, §2.3).
@Suite struct FieldParserTests {
    func date(_ text: String) -> String? {
        guard let p = DateParser.parse(text: text) else { return nil }
        return p.hasTime ? p.value.sqlString : p.value.dateString
    }

    @Test(arguments: [
        ("2026-03-05", "2026-03-05"), ("2026/3/5", "2026-03-05"), ("2026.03.05", "2026-03-05"),
        ("2026年3月5日", "2026-03-05"), ("20260305", "2026-03-05"), ("２０２６－０３－０５", "2026-03-05"),
        ("2026-03-05 14:30", "2026-03-05 14:30:00"), ("2026/3/5 14:30:05", "2026-03-05 14:30:05"),
        ("2026年3月5日14时30分", "2026-03-05 14:30:00"), ("2026-03-05T14:30:00", "2026-03-05 14:30:00"),
        ("2026-3-5 下午2:30", "2026-03-05 14:30:00"), ("2026-03-05 上午 09:30", "2026-03-05 09:30:00"),
        ("202603051430", "2026-03-05 14:30:00"), ("46086", "2026-03-05"), ("46086.6041666667", "2026-03-05 14:30:00"),
        // Database time stamps: Oracle and SQL Server exports keep fractions of a second.
        ("2026-03-05 14:30:00.0", "2026-03-05 14:30:00"), ("2026-03-05 14:30:00.000", "2026-03-05 14:30:00"),
        ("2026-03-05 14:30:00.000000", "2026-03-05 14:30:00"), (" 2026/3/5 星期四 ", "2026-03-05"),
    ])
    func readsEveryDateForm(_ input: String, _ expected: String) {
        #expect(date(input) == expected)
    }

    /// Refused rather than guessed: the row is rejected with its value, never loaded wrong.
    @Test(arguments: [
        "3/5/2026", "05/03/2026", "26-3-5", "2026-02-30", "2026-03-05 24:00", "2026-13-01", "明天", "45", "1.38E+10",
        "",
    ])
    func refusesWhatCouldBeWrong(_ input: String) {
        #expect(date(input) == nil)
    }

    @Test func excelSerialsAndDateCells() {
        #expect(DateParser.parse(.number(45356))?.value.dateString == "2024-03-05")
        #expect(DateParser.parse(.number(43894), date1904: true)?.value.dateString == "2024-03-05")
        #expect(DateParser.parse(.number(20_260_305))?.value.dateString == "2026-03-05")
        #expect(DateParser.parse(.number(12))?.value == nil)  // a count, not a date
        let cell = Cell.date(CivilDateTime(year: 2026, month: 3, day: 5, hour: 8))
        #expect(DateParser.parse(cell)?.hasTime == true)
    }

    @Test(arguments: [
        ("45", 45.0), ("45岁", 45.0), ("3月", 0.25), ("3个月", 0.25), ("15天", 15 / 365.25), ("1岁3月", 1.25),
        ("２岁", 2.0), ("2周", 14 / 365.25),
    ])
    func ages(_ input: String, _ years: Double) throws {
        let got = try #require(FieldParsers.ageYears(.string(input)))
        #expect(abs(got - years) < 1e-9)
    }

    @Test func agesOutOfRangeOrUnreadable() {
        #expect(FieldParsers.ageYears(.string("200岁")) == nil)
        #expect(FieldParsers.ageYears(.string("不详")) == nil)
        #expect(FieldParsers.ageYears(.number(-1)) == nil)
    }

    @Test(arguments: [
        ("1", 1), ("医嘱离院", 1), ("1.医嘱离院", 1), ("4-非医嘱离院", 4), ("自动出院", 4), ("死亡", 5),
        ("转社区卫生服务机构", 3), ("医嘱转院", 2), ("9", 9), ("其他", 9), ("５", 5),
    ])
    func leaveModesAsCodeTextOrBoth(_ input: String, _ code: Int) {
        #expect(FieldParsers.leaveMode(.string(input)) == code)
    }

    @Test func identifiersSurviveExcel() {
        #expect(FieldParsers.identifier(.number(2_026_001_234)) == "2026001234")
        #expect(FieldParsers.identifier(.string("2026001234.0")) == "2026001234")
        #expect(FieldParsers.identifier(.string("'00123")) == "00123")
        #expect(FieldParsers.identifier(.string(" zy　００１ ")) == "ZY001")
    }
}
