import Testing
@testable import FollowupCore

/// The matching rules and outcomes on stays built in memory (LoaderTests runs them through a
/// load, row by row; this holds the edges: several stays, dates on the boundary, bytes).
@Suite struct CallMatcherTests {
    typealias Stay = CallMatcher.Stay

    /// A001: two stays in the run; B002: one stay in a month the run does not write (negative id).
    func stays() -> StayIndex {
        var s = StayIndex()
        s.add(inpatientNo: "A001", Stay(id: 1, date: 2026_03_05, inRun: true))
        s.add(inpatientNo: "A001", Stay(id: 2, date: 2026_03_15, inRun: true))
        s.add(inpatientNo: "B002", Stay(id: -7, date: 2026_04_02, inRun: false))
        return s
    }

    func decide(_ no: String?, discharge: Int32? = nil, call: Int32, dialled: String? = nil, phone: Stay? = nil)
        -> (String, Int64?, String)
    {
        let call = CallMatcher.Call(inpatientNo: no, dischargeDate: discharge, callDate: call, dialled: dialled, name: nil)
        let (rule, stay, outcome) = CallMatcher.decide(call, stays: stays(), byPhone: { _, _, _ in phone })
        return (rule?.rawValue ?? "", stay?.id, outcome.rawValue)
    }

    @Test func inpatientNumberAndDateTakeThatStayOrNone() {
        #expect(decide("A001", discharge: 2026_03_05, call: 2026_03_20) == ("inpatient_no_and_date", 1, "loaded"))
        // a date matching none of the stays: not another stay, even the one just before
        #expect(decide("A001", discharge: 2026_03_06, call: 2026_03_20) == ("", nil, "unmatched"))
        // the stay after the call: before its discharge, with that stay
        #expect(decide("A001", discharge: 2026_03_15, call: 2026_03_14) == ("inpatient_no_and_date", 2, "before_discharge"))
        // same day as the discharge counts
        #expect(decide("A001", discharge: 2026_03_15, call: 2026_03_15) == ("inpatient_no_and_date", 2, "loaded"))
    }

    @Test func inpatientNumberAloneTakesTheLatestStayOnOrBeforeTheCall() {
        #expect(decide("A001", call: 2026_03_14) == ("inpatient_no", 1, "loaded"))
        #expect(decide("A001", call: 2026_03_15) == ("inpatient_no", 2, "loaded"))
        #expect(decide("A001", call: 2027_01_01) == ("inpatient_no", 2, "loaded"))
        // no stay yet, one after the call: before discharge, rule kept, no stay
        #expect(decide("A001", call: 2026_03_04) == ("inpatient_no", nil, "before_discharge"))
        #expect(decide("B002", call: 2026_04_10) == ("inpatient_no", -7, "outside_period"))
        #expect(decide("Z999", call: 2026_04_10) == ("", nil, "unmatched"))
    }

    @Test func phoneRuleOnlyWithoutAnInpatientNumber() {
        let found = Stay(id: 1, date: 2026_03_05, inRun: true)
        #expect(decide(nil, call: 2026_03_20, dialled: "13800138000", phone: found) == ("phone", 1, "loaded"))
        #expect(decide(nil, call: 2026_03_20, dialled: "13800138000", phone: nil) == ("", nil, "unmatched"))
        // an inpatient number wins over the number, even when that number would match
        #expect(decide("Z999", call: 2026_03_20, dialled: "13800138000", phone: found) == ("", nil, "unmatched"))
        #expect(decide(nil, call: 2026_03_20) == ("", nil, "unmatched"))
    }

    /// The days data quality reads (`data_quality_call_rows`): calendar days across month, leap
    /// day and year ends, negative before the discharge, none for a stay this database lacks.
    @Test func daysAfterDischargeCountCalendarDays() {
        func days(_ call: Int32, _ stay: Stay?) -> Int? {
            CallMatcher.daysAfterDischarge(
                CallMatcher.Call(inpatientNo: "A001", dischargeDate: nil, callDate: call, dialled: nil, name: nil), stay)
        }
        #expect(days(2026_03_05, Stay(id: 1, date: 2026_03_05, inRun: true)) == 0)
        #expect(days(2024_03_01, Stay(id: 1, date: 2024_02_28, inRun: true)) == 2)
        #expect(days(2026_01_02, Stay(id: 1, date: 2025_12_31, inRun: true)) == 2)
        #expect(days(2026_03_14, Stay(id: 2, date: 2026_03_15, inRun: true)) == -1)
        #expect(days(2026_04_10, Stay(id: -7, date: 2026_04_02, inRun: false)) == nil)
        #expect(days(2026_04_10, nil) == nil)
    }

    @Test func inpatientNumbersCompareByTheirBytes() {
        var s = StayIndex()
        s.add(inpatientNo: "Caf\u{E9}1", Stay(id: 1, date: 2026_03_05, inRun: true))
        // canonically equivalent to the key above, as SQLite does not see it
        #expect("Cafe\u{301}1" == "Caf\u{E9}1")
        #expect(s.latestStay(of: "Cafe\u{301}1", onOrBefore: 2026_12_31) == nil)
        #expect(s.latestStay(of: "Caf\u{E9}1", onOrBefore: 2026_12_31)?.id == 1)
    }

    @Test func theSameCallTwiceIsSeenOnceByDischargeMinuteAndResult() throws {
        var seen = DuplicateCalls()
        func insert(_ d: Int64, _ t: String?, _ r: String?) throws -> Bool {
            try seen.insert(discharge: d, callTime: t, result: r, what: "row")
        }
        #expect(try insert(1, "2026-03-06 10:00:00", "reached"))
        #expect(try !insert(1, "2026-03-06 10:00:59", "reached"))  // same minute
        #expect(try insert(1, "2026-03-06 10:01:00", "reached"))
        #expect(try insert(1, "2026-03-06 10:00:00", "no_answer"))
        #expect(try insert(2, "2026-03-06 10:00:00", "reached"))
        #expect(try insert(1, "2026-03-06 10:00:00", nil))
        #expect(try !insert(1, "2026-03-06 10:00:00", nil))
        #expect(try insert(1, nil, "reached"))
        #expect(try !insert(1, nil, "reached"))
        #expect(throws: InvariantError.self) { try insert(3, "2026/03/06 10:00", "reached") }
    }

    @Test func stagedDatesMustHaveTheFormTheStagerWrites() throws {
        #expect(try DayText.day("2026-03-05", what: "x") == 2026_03_05)
        #expect(DayText.text(2026_03_05) == "2026-03-05")
        for bad in ["2026-3-5", "2026-03-05 10:00", "2026/03/05", "", "２０２６-03-05"] {
            #expect(throws: InvariantError.self) { try DayText.day(bad, what: "x") }
        }
        #expect(throws: InvariantError.self) { try DayText.day(nil, what: "x") }
        #expect(try DayText.minute("2026-03-05 14:30:00", what: "x") == 2026_03_05_1430)
    }
}
