import Testing
@testable import FollowupCore

@Suite struct CellTests {
    @Test func excelSerials() {
        #expect(CivilDateTime(excelSerial: 45356)?.dateString == "2024-03-05")
        #expect(CivilDateTime(excelSerial: 1)?.dateString == "1900-01-01")
        #expect(CivilDateTime(excelSerial: 59)?.dateString == "1900-02-28")
        #expect(CivilDateTime(excelSerial: 61)?.dateString == "1900-03-01")
        #expect(CivilDateTime(excelSerial: 0, date1904: true)?.dateString == "1904-01-01")
        #expect(CivilDateTime(excelSerial: 45356.6041666667)?.isoString == "2024-03-05T14:30:00")
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            let d = CivilDateTime(dayNumber: n)
            #expect(d.dayNumber == n)
            #expect(CivilDateTime.isValid(year: d.year, month: d.month, day: d.day))
        }
    }

    @Test func halfWidth() {
        #expect(Text.halfWidth("０１３８ＡＢ") == "0138AB")
        #expect(Text.key(" 出院\u{3000}科室 ") == "出院科室")
        #expect(Text.clean("\u{200B} 张三 \t") == "张三")
        #expect(Cell.number(13800138000).text == "13800138000")
    }
}
