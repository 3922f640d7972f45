import Foundation
import Testing
@testable import FollowupCore

/// The views of 070_statistics.sql on the report fixture, against figures worked out by hand
/// from ReportFixture's rows (see the comments).
@Suite struct StatisticsViewTests {
    func strings(_ db: Database, _ sql: String) throws -> [[String]] {
        try db.rows(sql).map { $0.map { v in
            if case .real(let d) = v { return String(format: "%.4f", d) }
            return v.description
        } }
    }

    @Test func agentOutcomesAndWorkload() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        // 小李 reached C101…C110 (March, eligible) once each; 小王 called G202 once, coded
        // unclassified (the formula text), nobody answered.
        #expect(try strings(db, """
            select agent, attempted, answered, reached, refusals, bad_numbers, contact_rate, cooperation_rate,
                   refusal_rate, bad_number_rate from agent_outcomes order by agent
            """) == [
                ["小李", "10", "10", "10", "0", "0", "1.0000", "1.0000", "0.0000", "0.0000"],
                ["小王", "1", "0", "0", "0", "0", "0.0000", "NULL", "0.0000", "0.0000"],
            ].map { $0.map { $0 == "NULL" ? SQLValue.null.description : $0 } })
        // By month of the call: 小李's February call to F301 (discharged 02-10, called 02-15: 5 days);
        // ten March calls each 3 days after discharge; 小王's call to G202 (03-11 → 03-20: 9 days).
        #expect(try strings(db, """
            select agent, month, calls, patients_called, patients_reached, calls_per_reached_patient, first_calls,
                   median_days_to_first_call from agent_workload order by agent, month
            """) == [
                ["小李", "2026-02", "1", "1", "1", "1.0000", "1", "5.0000"],
                ["小李", "2026-03", "10", "10", "10", "1.0000", "10", "3.0000"],
                ["小王", "2026-03", "1", "1", "0", SQLValue.null.description, "1", "9.0000"],
            ])
    }

    @Test func dataQualityPerFileAndAgent() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        // a_his.csv: 18 rows, X999 rejected (no discharge date; rejected rows are not in the
        // completeness); the other 17 have every required field, admission dates but no phone,
        // leave mode or diagnosis code (useful (1 + 0 + 0 + 0) / 4). The 15 March
        // discharges come from it in this run; C112's number is invalid.
        // b_calls.csv: 2 rows, all required fields; useful: 住院号 2/2, 姓名 2/2, 出院日期 0/2,
        // 回访员 2/2, satisfaction 0/1 reached → 0.6. Z000 unmatched, G202 unclassified.
        #expect(try strings(db, """
            select path, data_rows, required_completeness, useful_completeness, unmatched, before_discharge,
                   unclassified, discharges, with_invalid_number from data_quality_files order by file_order
            """) == [
                ["a_his.csv", "18", "1.0000", "0.2500", "0", "0", "0", "15", "1"],
                ["b_calls.csv", "2", "1.0000", "0.6000", "1", "0", "1", "0", "0"],
            ])
        #expect(try strings(db, "select * from data_quality_agents") == [["小王", "2", "0", "0", "1", "0", "1", "1.0000"]])
        #expect(try strings(db, "select * from invalid_numbers_by_department order by department = '全院', department") == [
            ["心内科", "12", "1", "0.0833"], ["骨科", "3", "0", "0.0000"], ["全院", "15", "1", "0.0667"],
        ])
        // The report marks a file with 1 row in 18 rejected (5.6 %) as 异常 (> 5 %), and its
        // useful fields (25 %) as 异常 too (< 70 %); 1 discharge in 15 with an invalid number
        // (6.7 %) earns 注意 (> 5 %).
        let m = try ReportModel.load(db: db)
        let his = try #require(m.fileQuality.first { $0.path == "a_his.csv" })
        let b = SectionBuilder(m: m, mask: ReportMask(), flags: ReportFlags(targets: m.targets, minDenominator: m.minDenominator))
        let (status, reasons) = b.status(his)
        #expect(status == .abnormal && reasons == ["有用字段不全（异常）", "拒收行多（异常）", "无效号码多（注意）"])
        #expect(m.fieldCompleteness.contains(FieldCompleteness(path: "a_his.csv", field: "admit_time", required: false, rows: 17, filled: 17)))
        #expect(m.fieldCompleteness.contains(FieldCompleteness(path: "a_his.csv", field: "phone", required: false, rows: 17, filled: 0)))
    }
}
