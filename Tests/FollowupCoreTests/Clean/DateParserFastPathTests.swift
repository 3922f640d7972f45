import Testing

@testable import FollowupCore

/// `DateParser.parse(text:)` reads ASCII text on its bytes; every answer must be the general
/// path's, readable or not.
@Suite struct DateParserFastPathTests {
    static let forms = [
        "2026-03-05", "2026/3/5", "2026.03.05", "20260305", "202603051430", "20260305143005",
        "2026-03-05 14:30", "2026-03-05 14:30:05", "2026-03-05T14:30:05", "2026-03-05 14:30:00.000",
        "2026-03-05 02:30 PM", "2026-03-05 2:30pm", "2026-03-05 11:59 am", "45356", "45356.5",
        "  2026-03-05\t", "3/5/2026", "2026-13-05", "2026-02-30", "12345.678.9", "1e5", "2026-03",
        "20261305", "2026-03-05 24:00", "2026-03-05 23:60", "2026-03-05 1:2:3:4", "2026-03-05 14:30:05.1234567890",
        "abc", "", " ", "0", "-45356", ".5", "2026 03 05", "2026-03-05 p", "2026-03-05 14:30 P M",
        "99999-01-01", "2026-3-5 9:5", "1899-12-31", "2101-01-01",
    ]

    @Test func knownFormsAgree() {
        for s in Self.forms {
            #expect(DateParser.parse(text: s) == DateParser.parseGeneral(text: s), "\(s)")
            #expect(DateParser.parseASCII(s, date1904: false) != nil, "\(s) is ASCII")
        }
        #expect(DateParser.parse(text: "2026-03-05 02:30 PM")?.value.hour == 14)
        #expect(DateParser.parse(text: "2026-03-05 14:30:00.000")?.hasTime == true)
        #expect(DateParser.parse(text: "3/5/2026") == nil)
    }

    @Test func randomASCIIAgrees() {
        let alphabet = Array("0123456789012345678901234567890123456789-/.: T pPmMaA\t年")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<30_000 {
            let n = Int.random(in: 0...22, using: &rng)
            let s = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(DateParser.parse(text: s) == DateParser.parseGeneral(text: s), "\(s)")
            #expect(DateParser.parse(text: s, date1904: true) == DateParser.parseGeneral(text: s, date1904: true), "\(s)")
        }
    }

    @Test func nonASCIIGoesTheGeneralWay() {
        #expect(DateParser.parseASCII("2026年3月5日", date1904: false) == nil)
        #expect(DateParser.parse(text: "2026年3月5日 下午2:30")?.value.hour == 14)
        #expect(DateParser.parse(text: "２０２６-０３-０５")?.value.dateString == "2026-03-05")
    }
}
