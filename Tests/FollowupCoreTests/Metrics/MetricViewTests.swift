import Testing
@testable import FollowupCore

/// The SQL metric definitions (SPEC §5–§7) on a hand-built cohort whose figures are worked
/// out by hand below, independent of the readers and vocabularies.
@Suite struct MetricViewTests {
    static let header = ["住院号", "姓名", "出院科室", "入院日期", "出院日期", "离院方式", "出院诊断编码"]

    func database(_ dir: TempDir) throws -> Database {
        let db = try Database(path: dir.file("m.sqlite"))
        try Migrations.apply(to: db)
        var inputs = MemoryInputs()
        inputs.add("his.csv", [("Sheet1", rows([
            Self.header,
            ["D1", "甲", "心内科", "2026-03-01", "2026-03-05", "1", ""],
            ["D2", "乙", "心内科", "2026-03-01", "2026-03-06", "5", ""],  // died in hospital
            ["D3", "丙", "心内科", "2026-03-10", "2026-03-10", "1", ""],  // same day: under 24 h
            ["D4", "丁", "骨科", "2026-03-01", "2026-03-07", "1", "O04.901"],  // privacy diagnosis
            ["D5", "戊", "骨科", "2026-03-01", "2026-03-09", "1", ""],
            ["D6", "己", "骨科", "2026-03-01", "2026-03-09", "1", ""],
            ["D7", "庚", "骨科", "2026-03-01", "2026-03-09", "1", ""],
            ["D8", "辛", "骨科", "2026-03-01", "2026-03-09", "1", ""],  // dies after discharge
            ["D9", "壬", "心内科", "2026-03-01", "2026-03-20", "1", ""],
        ]))])
        _ = try LoaderTests().load(inputs, db: db)  // as of 2026-04-30
        let id = { (no: String) throws -> Int64 in
            Int64(try db.scalar("select discharge_id from discharges where inpatient_no = ?", [.text(no)]).int ?? -1)
        }
        for no in ["D1", "D5", "D6", "D8", "D9"] {
            try db.prepare("insert into discharge_phones values (?, 1, ?, 'mobile', null, 'phone')")
                .run([.integer(try id(no)), .text("1390000" + no.dropFirst() + "111")])
        }
        let call = try db.prepare(
            """
            insert into calls (discharge_id, match_rule, call_time, call_date, agent, method, result_text, result_code,
              satisfaction, run_id, source_path, source_sheet, source_row)
            values (?, 'inpatient_no', ?, substr(?, 1, 10), ?, '电话', ?, ?, ?, 1, 'calls.xlsx', 'Sheet1', 1)
            """)
        func add(_ no: String, _ at: String, _ agent: String, _ code: String, _ sat: String? = nil) throws {
            try call.run([.integer(try id(no)), .text(at), .text(at), .text(agent), .text(code), .text(code), SQLValue(sat)])
        }
        try add("D1", "2026-03-06 10:00:00", "王芳", "no_answer")
        try add("D1", "2026-03-08 09:00:00", "王芳", "reached", "satisfied")
        try add("D5", "2026-03-25 15:00:00", "李娜", "reached", "dissatisfied")
        try add("D6", "2026-03-12 11:00:00", "李娜", "refused")
        try add("D8", "2026-03-20 09:30:00", "王芳", "deceased")
        try add("D9", "2026-05-02 09:30:00", "王芳", "reached", "satisfied")  // after the as-of date
        // Calls were added after the load: rebuild the materialised models.
        try Views.install(on: db)
        return db
    }

    func row(_ db: Database, _ dept: String) throws -> [String: String] {
        let cols = MetricFiles.departmentColumns
        let r = try db.rows("select \(cols.joined(separator: ", ")) from departments where department = ?", [.text(dept)])
        let values = try #require(r.first)
        return Dictionary(uniqueKeysWithValues: zip(cols, values).map { ($0.0, CSVTable.format($0.1, column: $0.0)) })
    }

    @Test func departmentFigures() throws {
        let dir = TempDir()
        let db = try database(dir)
        let heart = try row(db, "心内科")
        #expect(heart["discharges"] == "4")
        #expect(heart["excluded"] == "2")
        #expect(heart["eligible"] == "2")
        #expect(heart["no_valid_contact"] == "0")
        #expect(heart["attempted"] == "1")  // D9's call is after the as-of date
        #expect(heart["reached"] == "1")
        #expect(heart["followup_rate"] == "0.500000")
        #expect(heart["contact_success_rate"] == "1.000000")
        #expect(heart["timely_rate"] == "0.500000")
        #expect(heart["median_days_to_contact"] == "3")
        #expect(heart["satisfaction_rate"] == "1.000000")

        let ortho = try row(db, "骨科")
        #expect(ortho["discharges"] == "5")
        #expect(ortho["excluded"] == "2")
        #expect(ortho["eligible"] == "3")
        #expect(ortho["no_valid_contact"] == "1")
        #expect(ortho["attempted"] == "2")
        #expect(ortho["reached"] == "1")
        #expect(ortho["followup_rate"] == "0.333333")
        #expect(ortho["timely_rate"] == "0.000000")
        #expect(ortho["median_days_to_contact"] == "16")
        #expect(ortho["dissatisfied"] == "1")
        #expect(ortho["satisfaction_rate"] == "0.000000")
        #expect(ortho["complaints"] == "1")

        let all = try row(db, "全院")
        #expect(all["discharges"] == "9")
        #expect(all["eligible"] == "5")
        #expect(all["median_days_to_contact"] == "9.5")
    }

    @Test func exclusionsAndFailures() throws {
        let dir = TempDir()
        let db = try database(dir)
        let ex = try db.rows("select department, reason, count from exclusions where department <> '全院' order by 1, 2")
        #expect(ex.map { $0.map(\.description) } == [
            ["心内科", "died_in_hospital", "1"], ["心内科", "stay_under_24h", "1"],
            ["骨科", "died_after_discharge", "1"], ["骨科", "privacy_diagnosis", "1"],
        ])
        let fail = try db.rows("select department, final_status, count from failures where department <> '全院' order by 1, 2")
        #expect(fail.map { $0.map(\.description) } == [
            ["心内科", "not_called", "1"], ["骨科", "not_called", "1"], ["骨科", "refused", "1"],
        ])
    }

    @Test func exclusionOrderIsConfiguration() throws {
        let dir = TempDir()
        let db = try database(dir)
        // D2 died in hospital; with do-not-call first and D2 on the list, the reason changes.
        var config = Configuration()
        config.exclusionOrder = [.doNotCall, .diedInHospital, .stayUnder24h]
        config.doNotCall = ["d2"]
        try ConfigTables.write(config, to: db)
        try Views.install(on: db)
        #expect(try db.scalar("select reason from discharge_exclusions join discharges using (discharge_id) where inpatient_no = 'D2'").string == "do_not_call")
        // Privacy and died-after-discharge are switched off: D4 and D8 become eligible.
        #expect(try db.scalar("select eligible from departments where department = '骨科'").int == 5)
    }

    /// The privacy rule sets aside codes by their first character before testing the ranges:
    /// a range over several letters still reaches the letters between, and an empty prefix (a
    /// configuration that matches every code) still matches every code.
    @Test func privacyRangesAcrossLetters() throws {
        let dir = TempDir()
        let db = try database(dir)
        try db.execute("update discharges set diagnosis_code = 'B12.1' where inpatient_no = 'D5'")
        try db.execute("update discharges set diagnosis_code = 'C11' where inpatient_no = 'D6'")
        func excluded(_ prefixes: [String]) throws -> [String] {
            var config = Configuration()
            config.privacyDiagnosisPrefixes = prefixes
            try ConfigTables.write(config, to: db)
            try Views.install(on: db)
            return try db.rows(
                """
                select d.inpatient_no from discharge_exclusions e join discharges d using (discharge_id)
                where e.reason = 'privacy_diagnosis' order by 1
                """
            ).map { $0[0].description }
        }
        #expect(try excluded(["A50-C10"]) == ["D5"])  // B12 lies between A50 and C10; C11 does not
        #expect(try excluded(["A50-C11"]) == ["D5", "D6"])
        #expect(try excluded(["O04", "C"]) == ["D4", "D6"])
        #expect(try excluded([""]) == ["D4", "D5", "D6"])
    }

    @Test func agentsAndTrend() throws {
        let dir = TempDir()
        let db = try database(dir)
        let agents = try db.rows("select agent, calls, patients_reached, reached_calls from agents order by agent")
        // Calls of excluded discharges (D8) and after the as-of date (D9) do not count.
        #expect(agents.map { $0.map(\.description) } == [["李娜", "2", "1", "1"], ["王芳", "2", "1", "1"]])
        #expect(try db.scalar("select count(*) from trend where month = '2026-03'").int == 3)
    }

    @Test func themesCountCommentedReachedCalls() throws {
        let dir = TempDir()
        let db = try database(dir)
        // D1 and D5 were reached in March; D9's call is after the as-of date.
        try db.execute(
            """
            update calls set comment = '等太久了，费用也贵' where result_code = 'reached';
            insert into call_themes select call_id, 'waiting' from calls where result_code = 'reached';
            insert into call_themes select c.call_id, 'cost' from calls c join discharges d using (discharge_id)
              where c.result_code = 'reached' and d.inpatient_no = 'D5';
            """)
        try Views.install(on: db)
        let rows = try db.rows("select department, theme, count, share from themes order by department, theme")
        #expect(rows.map { $0.map(\.description) } == [
            ["全院", "cost", "1", "0.5"], ["全院", "waiting", "2", "1.0"],
            ["心内科", "waiting", "1", "1.0"],
            ["骨科", "cost", "1", "1.0"], ["骨科", "waiting", "1", "1.0"],
        ])
        // February had no calls: the change against the previous month is the count itself.
        #expect(try db.scalar("select change from themes where department = '全院' and theme = 'waiting'").int == 2)
    }
}
