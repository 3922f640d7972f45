import Testing
@testable import FollowupCore

@Suite struct LoaderTests {
    static let hisHeader = ["住院号", "姓名", "出院科室", "入院日期", "出院日期", "联系电话"]

    /// March export: a title, the header, five rows (two bad), a blank row and a totals row.
    static func marchExport() -> [(String, [[Cell]])] {
        [("Sheet1", rows([
            ["2026年3月出院病人一览表", "", "", "", "", ""],
            hisHeader,
            ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000"],
            ["A002", "李四", "骨科", "2026/3/2", "2026/3/9", "13912345678"],
            ["", "王五", "骨科", "2026-03-02", "2026-03-08", ""],
            ["A004", "赵六", "心内科", "2026-03-10", "2026-03-08", ""],
            ["A005", "钱七", "心内科", "2026-02-20", "2026年2月27日", ""],
            ["", "", "", "", "", ""],
            ["合计", "5人", "", "", "", ""],
        ]))]
    }

    func load(_ inputs: MemoryInputs, db: Database, period: String = "2026-03") throws -> LoadResult {
        let config = Configuration()
        let reader = TableReader(configuration: config, opener: inputs.opener)
        let surveys = try inputs.files.map(reader.survey)
        return try Loader(db: db, configuration: config, reader: reader).load(
            surveys, digests: [:], period: try Period(period), asOf: CivilDateTime(year: 2026, month: 4, day: 30),
            configHash: "test", startedAt: "2026-05-01 00:00:00")
    }

    func openDB(_ dir: TempDir) throws -> Database {
        let db = try Database(path: dir.file("t.sqlite"))
        try Migrations.apply(to: db)
        return db
    }

    @Test func accountsForEveryRow() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", Self.marchExport())
        let result = try load(inputs, db: db)
        let f = try #require(result.files.first)
        #expect(f.rowsRead == 9)
        #expect(f.loaded == 2)  // A001, A002 in March
        #expect(f.rejected == 2)
        #expect(f.skipped == 5)  // title, header, blank, totals, and A005 of February (outside the run)
        #expect(f.balances)
        #expect(result.monthsAdded == ["2026-03"])
        #expect(try db.scalar("select reason from his_rows where inpatient_no = 'A005'").string == "month_not_in_run")
        let reasons = try db.rows("select reason, reason_column from his_rows where status = 'rejected' order by row_no")
        #expect(reasons.map { $0[0].string } == ["missing_inpatient_no", "admit_after_discharge"])
        #expect(reasons.map { $0[1].string } == ["住院号", "入院日期"])
    }

    @Test func rerunReplacesAndNeverDuplicates() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", Self.marchExport())
        _ = try load(inputs, db: db)
        _ = try load(inputs, db: db)
        #expect(try db.scalar("select count(*) from discharges").int == 2)

        // A corrected re-export sorts last: A002 changes department, A001 is identical.
        inputs.add("b_更正.csv", [("Sheet1", rows([
            Self.hisHeader,
            ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000"],
            ["A002", "李四", "普外科", "2026/3/2", "2026/3/9", "13912345678"],
            ["A006", "孙八", "普外科", "2026-03-20", "2026-03-25", ""],
        ]))])
        let result = try load(inputs, db: db)
        #expect(try db.scalar("select count(*) from discharges where month = '2026-03'").int == 3)
        #expect(try db.scalar("select department from discharges where inpatient_no = 'A002'").string == "普外科")
        #expect(try db.scalar("select fields from conflicts").string == "department")
        let a = try #require(result.files.first { $0.name == "a.csv" })
        #expect(a.duplicate == 2 && a.loaded == 0 && a.skipped == 5)  // Feb row is outside the run now
        let b = try #require(result.files.first { $0.name == "b_更正.csv" })
        #expect(b.loaded == 3 && b.balances)
        #expect(result.monthsReplaced == ["2026-03"])
        #expect(result.monthsAdded.isEmpty)
        // The rerun says what changed against the previous run of the same period.
        let changes = try db.rows(
            "select department, previous_discharges, discharges from run_changes order by department")
        #expect(changes.map { $0.map(\.description) } == [
            ["全院", "2", "3"], ["普外科", "NULL", "2"], ["骨科", "1", "NULL"],
        ])
    }

    @Test func otherMonthsStayUntouched() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", Self.marchExport())
        _ = try load(inputs, db: db, period: "2026-Q1")  // loads February and March
        // A later run for March whose inputs carry a changed February row leaves February alone.
        var next = MemoryInputs()
        next.add("c.csv", [("Sheet1", rows([
            Self.hisHeader,
            ["A005", "钱七", "骨科", "2026-02-20", "2026-02-27", ""],
            ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000"],
        ]))])
        _ = try load(next, db: db)
        #expect(try db.scalar("select department from discharges where inpatient_no = 'A005'").string == "心内科")
        #expect(try db.scalar("select count(*) from discharges where month = '2026-03'").int == 1)
    }

    @Test func failedLoadLeavesDatabaseAsItWas() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", Self.marchExport())
        _ = try load(inputs, db: db)
        let before = try db.rows("select * from discharges order by discharge_id")
        var broken = inputs
        broken.add("b.csv", Self.marchExport())
        let config = Configuration()
        let reader = TableReader(configuration: config, opener: broken.opener)
        let surveys = try broken.files.map(reader.survey)
        // The opener fails for the second file mid-load (after the first was written).
        let failing = TableReader(configuration: config) { file in
            if file.name == "b.csv" { throw ReadError(file: "b.csv", reason: .corrupt, detail: "truncated") }
            return try broken.opener(file)
        }
        #expect(throws: Diagnostic.self) {
            _ = try Loader(db: db, configuration: config, reader: failing).load(
                surveys, digests: [:], period: try Period("2026-03"),
                asOf: CivilDateTime(year: 2026, month: 4, day: 30), configHash: "x", startedAt: "now")
        }
        #expect(try db.rows("select * from discharges order by discharge_id") == before)
        #expect(try db.scalar("select count(*) from runs").int == 1)
    }

    /// SPEC §6 on one small set: each matching rule, and each outcome of a matched or
    /// unmatched call, row by row (CallMatcher decides each as it is written).
    @Test func matchesCallsByEachRuleAndJudgesTheirOutcome() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", [("Sheet1", rows([
            Self.hisHeader,
            ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000"],
            ["A001", "张三", "心内科", "2026-03-10", "2026-03-15", "13800138000"],  // readmission
            ["B002", "李四", "骨科", "2026-03-02", "2026-03-09", "13912345678"],
            ["C003", "王五", "骨科", "2026-03-20", "2026-03-25", "13700001111"],
            ["D004", "赵六", "心内科", "2026-03-28", "2026-04-02", "13600002222"],  // April: not this run's
        ]))])
        inputs.add("b.xlsx", [("回访", rows([
            ["住院号", "姓名", "出院日期", "电话", "回访日期", "回访结果", "回访员"],
            ["A001", "张三", "2026-03-05", "", "2026-03-06 10:00", "已接通", "小王"],  // 2: rule 1
            ["", "李四", "", "13912345678", "2026-03-12 11:00", "已接通", "小王"],  // 3: rule 3, name agrees
            ["A001", "", "", "", "2026-03-20 09:00", "已接通", "小王"],  // 4: rule 2, the later stay
            ["", "钱七", "", "13912345678", "2026-03-12 11:00", "已接通", "小王"],  // 5: rule 3, another name
            ["A001", "张三", "2026-03-05", "", "2026-03-03 10:00", "已接通", "小王"],  // 6: before its discharge
            ["C003", "", "", "", "2026-03-21 10:00", "已接通", "小王"],  // 7: no stay yet, one after the call
            ["D004", "赵六", "2026-04-02", "", "2026-04-05 10:00", "已接通", "小王"],  // 8: April's stay
            ["A001", "张三", "2026-03-05", "", "2026-03-06 10:00", "已接通", "小王"],  // 9: row 2 again
            ["X999", "", "", "", "2026-03-20 09:00", "已接通", "小王"],  // 10: nobody
        ]))])
        let result = try load(inputs, db: db)
        let outcomes = try db.rows(
            """
            select c.row_no, c.status, coalesce(c.reason, ''), coalesce(c.match_rule, ''),
                   coalesce(d.inpatient_no || ' ' || d.discharge_date, iif(c.discharge_id < 0, 'outside', ''))
            from call_rows c left join discharges d using (discharge_id) order by c.row_no
            """)
        let got = outcomes.map { r in (0..<5).map { r[$0].int.map(String.init) ?? r[$0].string ?? "" } }
        #expect(got == [
            ["2", "loaded", "", "inpatient_no_and_date", "A001 2026-03-05"],
            ["3", "loaded", "", "phone", "B002 2026-03-09"],
            ["4", "loaded", "", "inpatient_no", "A001 2026-03-15"],
            ["5", "unmatched", "no_matching_discharge", "", ""],
            ["6", "before_discharge", "call_before_discharge", "inpatient_no_and_date", "A001 2026-03-05"],
            ["7", "before_discharge", "call_before_discharge", "inpatient_no", ""],
            ["8", "outside_period", "discharge_month_not_in_run", "inpatient_no_and_date", "outside"],
            ["9", "duplicate", "same_call_logged_twice", "inpatient_no_and_date", "A001 2026-03-05"],
            ["10", "unmatched", "no_matching_discharge", "", ""],
        ])
        // Calls are stored in discharge order (then time, then input order), not in input order.
        let stored = try db.rows("select source_row from calls order by call_id").map { $0[0].int ?? 0 }
        #expect(stored == [2, 4, 3])
        let calls = try #require(result.files.first { $0.name == "b.xlsx" })
        #expect((calls.loaded, calls.duplicate, calls.rejected) == (3, 1, 4))
        #expect(calls.balances)
    }

    /// Rule 3 looks a number up among the database's stays and the inputs' stays outside the
    /// run's months, and takes the latest of either on or before the call.
    @Test func aNumberMatchesTheLatestStayInOrOutsideTheRun() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", [("Sheet1", rows([
            Self.hisHeader,
            ["E005", "孙八", "骨科", "2026-03-01", "2026-03-10", "13500003333"],
            ["E005", "孙八", "骨科", "2026-03-30", "2026-04-02", "13500003333"],  // April: not this run's
        ]))])
        inputs.add("b.xlsx", [("回访", rows([
            ["住院号", "姓名", "出院日期", "电话", "回访日期", "回访结果", "回访员"],
            ["", "孙八", "", "135 0000 3333", "2026-03-20 10:00", "已接通", "小王"],  // 2: the March stay
            ["", "孙八", "", "13500003333", "2026-04-06 10:00", "已接通", "小王"],  // 3: April's, the later
            ["", "孙八", "", "13500003333", "2026-03-05 10:00", "已接通", "小王"],  // 4: before both
        ]))])
        _ = try load(inputs, db: db)
        let got = try db.rows(
            """
            select c.row_no, c.status, coalesce(c.match_rule, ''),
                   coalesce(d.discharge_date, iif(c.discharge_id < 0, 'outside', ''))
            from call_rows c left join discharges d using (discharge_id) order by c.row_no
            """
        ).map { r in (0..<4).map { r[$0].int.map(String.init) ?? r[$0].string ?? "" } }
        #expect(got == [
            ["2", "loaded", "phone", "2026-03-10"],
            ["3", "outside_period", "phone", "outside"],
            ["4", "unmatched", "", ""],
        ])
    }
}

extension LoaderTests {
    /// A sheet's score column is coded on the 5-point scale until a value exceeds 5: then the
    /// numbers already written (here in earlier batches of the read) are coded again, and the
    /// scale stays the sheet's own (SPEC §2.2).
    @Test func aScoreColumnTurningTenPointRecodesTheRowsAlreadyWritten() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        let stays = (0..<1100).map { i in
            [String(format: "P%04d", i), "病人", "骨科", "2026-03-01", "2026-03-05", "13800138000"]
        }
        inputs.add("a.csv", [("Sheet1", rows([Self.hisHeader] + stays))])
        let header = ["住院号", "出院日期", "回访日期", "回访结果", "回访员", "服务态度", "满意度"]
        func call(_ i: Int, _ score: String, _ overall: String) -> [String] {
            [String(format: "P%04d", i), "2026-03-05", "2026-03-07 10:00", "已接通", "小王", score, overall]
        }
        // Sheet 回访: 1 000 calls scoring 4 or 5, then a 9; sheet 其他: 4 and 5 only.
        let early = (0..<1000).map { call($0, $0 % 2 == 0 ? "4" : "5", "满意") }
        inputs.add("b.xlsx", [
            ("回访", rows([header] + early + [call(1000, "9", "满意"), call(1001, "4", "4")])),
            ("其他", rows([header, call(1050, "4", "4"), call(1051, "5", "不满意")])),
        ])
        _ = try load(inputs, db: db)
        let levels = try db.rows(
            """
            select sheet, score_attitude, level_attitude, satisfaction_text, satisfaction, count(*) from call_rows
            group by 1, 2, 3, 4, 5 order by 1, 2, 4
            """
        ).map { r in (0..<6).map { r[$0].int.map(String.init) ?? r[$0].string ?? "" } }
        #expect(levels == [
            ["其他", "4", "satisfied", "4", "satisfied", "1"],
            ["其他", "5", "satisfied", "不满意", "dissatisfied", "1"],
            ["回访", "4", "dissatisfied", "4", "satisfied", "1"],  // the overall column stays 5-point
            ["回访", "4", "dissatisfied", "满意", "satisfied", "500"],
            ["回访", "5", "dissatisfied", "满意", "satisfied", "500"],
            ["回访", "9", "satisfied", "满意", "satisfied", "1"],
        ])
        // The calls carry the levels as the raw rows hold them.
        #expect(
            try db.scalar("select count(*) from calls where score_attitude = 'dissatisfied' and source_sheet = '回访'").int
                == 1001)
    }

    /// A number an agent reported as 空号 stays unusable for that patient, on every stay of theirs,
    /// and is listed as a contact problem; the same number on another patient stays valid (SPEC §3).
    @Test func aNumberReportedInvalidIsNotCalledAgainForThatPatient() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        inputs.add("a.csv", [("Sheet1", rows([
            ["住院号", "姓名", "出院科室", "入院日期", "出院日期", "联系电话", "联系人电话"],
            ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000", "13912345678"],
            ["A001", "张三", "心内科", "2026-03-15", "2026-03-20", "13800138000", ""],  // readmission
            ["B002", "李四", "骨科", "2026-03-02", "2026-03-09", "13800138000", ""],  // another patient
        ]))])
        inputs.add("b.xlsx", [("回访", rows([
            ["住院号", "出院日期", "电话", "回访日期", "回访结果", "回访员"],
            ["A001", "2026-03-05", "13800138000", "2026-03-06 10:00", "空号", "小王"],
        ]))])
        _ = try load(inputs, db: db)
        let valid = try db.rows(
            """
            select d.inpatient_no, d.discharge_date, v.number from valid_contacts v join discharges d using (discharge_id)
            order by 1, 2, 3
            """
        ).map { r in (0..<3).map { r[$0].string ?? "" } }
        #expect(valid == [
            ["A001", "2026-03-05", "13912345678"], ["B002", "2026-03-09", "13800138000"],
        ])
        let problems = try db.rows(
            "select inpatient_no, raw, reason from contact_problems where reason = 'reported_invalid' order by discharge_id"
        ).map { r in (0..<3).map { r[$0].string ?? "" } }
        #expect(problems == [["A001", "13800138000", "reported_invalid"], ["A001", "13800138000", "reported_invalid"]])
    }

    /// A workbook holding a HIS export and an agent sheet is read with the HIS files, and its
    /// calls are matched before those of the agent files: a call logged in both is the
    /// workbook's, whatever the files' names.
    @Test func callsOfAMixedWorkbookAreMatchedFirst() throws {
        let dir = TempDir()
        let db = try openDB(dir)
        var inputs = MemoryInputs()
        let callHeader = ["住院号", "姓名", "出院日期", "电话", "回访日期", "回访结果", "回访员"]
        let call = ["A001", "张三", "2026-03-05", "", "2026-03-06 10:00", "已接通", "小王"]
        inputs.add("a_calls.xlsx", [("回访", rows([callHeader, call]))])
        inputs.add("b_mixed.xlsx", [
            ("出院", rows([Self.hisHeader, ["A001", "张三", "心内科", "2026-03-01", "2026-03-05", "13800138000"]])),
            ("回访", rows([callHeader, call, ["B002", "", "", "", "2026-03-06 10:00", "已接通", "小王"]])),
        ])
        let result = try load(inputs, db: db)
        let got = try db.rows(
            """
            select f.path, f.file_order, c.status, coalesce(c.match_rule, '') from call_rows c join input_files f using (file_id)
            order by f.file_order, c.row_no
            """
        ).map { r in (0..<4).map { r[$0].int.map(String.init) ?? r[$0].string ?? "" } }
        #expect(got == [
            ["a_calls.xlsx", "1", "duplicate", "inpatient_no_and_date"],
            ["b_mixed.xlsx", "2", "loaded", "inpatient_no_and_date"],
            ["b_mixed.xlsx", "2", "unmatched", ""],
        ])
        #expect(try db.scalar("select source_path from calls").string == "b_mixed.xlsx")
        #expect(result.files.map(\.name) == ["a_calls.xlsx", "b_mixed.xlsx"])
        #expect(result.files.allSatisfy { $0.balances })
        // Its fields are counted per kind of sheet: one HIS row, two calls (one reached, no answer).
        let counts = try db.rows(
            """
            select c.kind, c.field, c.rows, c.filled from input_field_counts c join input_files f using (file_id)
            where f.path = 'b_mixed.xlsx' and c.field in ('inpatient_no', 'phone', 'satisfaction') order by 1, 2
            """
        ).map { r in (0..<4).map { r[$0].int.map(String.init) ?? r[$0].string ?? "" } }
        #expect(counts == [
            ["agent", "inpatient_no", "2", "2"], ["agent", "satisfaction", "2", "0"],
            ["his", "inpatient_no", "1", "1"], ["his", "phone", "1", "1"],
        ])
    }
}

@Suite struct ViewTests {
    @Test func viewsCompileAndCountDischarges() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("v.sqlite"))
        try Migrations.apply(to: db)
        var inputs = MemoryInputs()
        inputs.add("a.csv", LoaderTests.marchExport())
        _ = try LoaderTests().load(inputs, db: db)
        let rows = try db.rows("select department, discharges, eligible, reached from departments order by department")
        #expect(rows.map { $0[0].string ?? "" } == ["全院", "心内科", "骨科"])
        #expect(rows.map { $0[1].int ?? -1 } == [2, 1, 1])
        #expect(try db.scalar("select count(*) from trend where department = '全院'").int == 1)  // February is outside the run
        for v in ["failures", "exclusions", "agents", "contact_problems", "cohort_metrics"] {
            _ = try db.rows("select * from \(v)")
        }
    }
}
