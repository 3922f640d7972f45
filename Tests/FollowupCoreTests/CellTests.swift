import Testing
@testable import FollowupCore

@Suite struct CellTests {
    /// Dates are written as bytes; the padded-field reference must agree, in range or not.
    @Test func dateTextsAgreeWithPaddedFields() {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        var rng = SystemRandomNumberGenerator()
        let years = [0, 7, 99, 1900, 2026, 9999, 10_000, -1]
        for _ in 0..<2_000 {
            let d = CivilDateTime(
                year: years.randomElement(using: &rng)!, month: Int.random(in: -1...100, using: &rng),
                day: Int.random(in: 0...31, using: &rng), hour: Int.random(in: 0...100, using: &rng),
                minute: Int.random(in: -1...59, using: &rng), second: Int.random(in: 0...59, using: &rng))
            let date = pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2)
            let time = pad(d.hour, 2) + ":" + pad(d.minute, 2) + ":" + pad(d.second, 2)
            #expect(d.dateString == date)
            #expect(d.sqlString == date + " " + time)
            #expect(d.isoString == date + "T" + time)
        }
        #expect(CivilDateTime(year: 2026, month: 3, day: 5, hour: 9, minute: 7, second: 0).sqlString == "2026-03-05 09:07:00")
    }

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
