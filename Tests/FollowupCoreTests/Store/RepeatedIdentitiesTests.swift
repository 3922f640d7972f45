import Testing

@testable import FollowupCore

/// The identities given more than once among the run's loaded HIS rows, counted as they are
/// written, with their latest row as the winner.
@Suite struct RepeatedIdentitiesTests {
    @Test func findsTheRepeatedIdentitiesOfTheRunsMonthsWithTheirLatestRow() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("r.sqlite"))
        var ids = RepeatedIdentities(months: ["2026-03"])
        let rows: [(String, String)] = [
            ("A001", "2026-03-05"), ("B002", "2026-03-09"), ("A001", "2026-03-05"), ("A001", "2026-03-20"),
            ("C003", "2026-04-02"), ("C003", "2026-04-02"),  // April: not this run's
            ("B002", "2026-03-09"), ("A001", "2026-03-05"),
            ("Å1", "2026-03-01"), ("A\u{30A}1", "2026-03-01"),  // canonically equal, different bytes
        ]
        for (i, r) in rows.enumerated() { try ids.add(inpatientNo: r.0, dischargeDate: r.1, rowID: Int64(i + 1)) }
        try ids.write(to: db)
        let got = try db.rows("select inpatient_no, discharge_date, winner_id from temp.repeated order by 1, 2")
            .map { r in [r[0].string ?? "", r[1].string ?? "", r[2].int.map(String.init) ?? ""] }
        #expect(got == [["A001", "2026-03-05", "8"], ["B002", "2026-03-09", "7"]])
    }
}
