import Foundation
import Testing
@testable import FollowupCore

/// A larger, made-up hospital (6 departments, 8 months) for looking at the reports:
/// `scripts/render_reports.sh` sets FOLLOWUP_REPORT_SAMPLE_DIR and renders what this writes.
/// Without the variable the test only checks that the sample builds and writes.
@Suite struct ReportSampleTests {
    static let departments = ["心内科", "骨科", "普外科", "神经内科", "妇产科", "眼科"]
    static let failures = ["no_answer", "powered_off", "invalid_number", "refused", "busy", "hung_up", "suspended"]
    static let comments: [(String, String)] = [
        ("医生态度不好，问什么都不耐烦", "doctor_attitude"), ("护士输液扎了三次才扎上", "nursing_skill"),
        ("收费太贵，清单看不懂", "cost"), ("晚上按铃半天没人来", "waiting"), ("厕所不干净", "environment"),
        ("出院时没讲清楚什么时候复查", "guidance"), ("王医生很负责，表扬", "praise"), ("饭菜太凉", "facilities"),
    ]

    /// A deterministic pseudo-random sequence (so the sample is the same on every run).
    struct LCG {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func build(in dir: TempDir) throws -> Database {
        let db = try Database(path: dir.file("sample.sqlite"))
        try Migrations.apply(to: db)
        var rng = LCG(state: 42)
        var his: [[String]] = [["住院号", "姓名", "出院科室", "入院日期", "出院日期", "联系电话"]]
        let surnames = Array("张李王赵刘陈杨黄周吴")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平")
        var n = 0
        for m in 0..<8 {
            let (y, mo) = m < 5 ? (2025, 8 + m) : (2026, m - 4)
            for (di, dept) in departments.enumerated() {
                let count = dept == "眼科" ? 6 : 18 + rng.next(10) + di
                for _ in 0..<count {
                    n += 1
                    let day = 1 + rng.next(28)
                    let name = String(surnames[rng.next(surnames.count)]) + String(given[rng.next(given.count)])
                        + (rng.next(2) == 0 ? String(given[rng.next(given.count)]) : "")
                    his.append(["H\(100_000 + n)", name, dept, "\(y)-\(pad(mo))-01",
                        "\(y)-\(pad(mo))-\(pad(max(day, 2)))", ""])
                }
            }
        }
        var inputs = MemoryInputs()
        inputs.add("his.csv", [("Sheet1", rows(his))])
        inputs.add("calls.csv", [("三月", rows([
            ["住院号", "姓名", "回访日期", "回访结果", "意见建议", "回访员"],
            ["H999999", "查无此人", "2026-03-20", "成功", "", "小王"],
            ["H100003", "", "2026-03-20", "=HYPERLINK(\"http://x\",\"y\")", "", "小王"],
            ["H100004", "", "2026-03-21", "号码有误待核", "", "小陈"],
        ]))])
        let config = Configuration()
        let reader = TableReader(configuration: config, opener: inputs.opener)
        // Earlier months first (a run writes its period's months only), the report's period last.
        for period in ["2025", "2026-Q1", "2026-03"] {
            _ = try Loader(db: db, configuration: config, reader: reader).load(
                try inputs.files.map(reader.survey), digests: [:], period: try Period(period),
                asOf: CivilDateTime(year: 2026, month: 4, day: 30), configHash: "sample", startedAt: "2026-05-01 00:00:00")
        }

        let insert = try db.prepare(
            """
            insert into calls (discharge_id, match_rule, call_time, call_date, agent, method, result_text, result_code,
              satisfaction, score_attitude, score_skill, score_nursing, score_environment, score_cost, score_guidance,
              comment, themes, run_id, source_path, source_sheet, source_row)
            values (?, 'inpatient_no', ?, ?, ?, '电话', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (select run_id from report_params),
              'sample', 'sql', 0)
            """)
        let agents = ["小王", "小陈", "小刘", "小周"]
        let levels = ["satisfied", "satisfied", "satisfied", "satisfied", "satisfied", "satisfied", "neutral", "dissatisfied"]
        for r in try db.rows("select discharge_id, discharge_date, department, inpatient_no from discharges order by discharge_id") {
            guard let id = r[0].int, let date = CivilDateTime(sqlDate: r[1].string ?? "") else { continue }
            let weak = r[2].string == "骨科" ? 3 : 0
            let roll = rng.next(20)
            if roll == 0 { continue }  // never called
            let tries = 1 + rng.next(2)
            for t in 0..<tries {
                let when = CivilDateTime(dayNumber: date.dayNumber + 2 + rng.next(8 + weak) + t * 3, secondOfDay: 36_000)
                if when.dateString > "2026-04-30" { break }
                let reached = t == tries - 1 && roll > 3 + weak
                var values: [SQLValue] = [.integer(Int64(id)), .text(when.sqlString), .text(when.dateString),
                    .text(agents[rng.next(agents.count)])]
                if reached {
                    let comment = rng.next(6) == 0 ? comments[rng.next(comments.count)] : nil
                    values += [.text("成功"), .text("reached"), .text(levels[rng.next(levels.count - (weak > 0 ? 0 : 1))])]
                    values += (0..<6).map { _ in .text(levels[rng.next(levels.count)]) }
                    values += [SQLValue(comment?.0), SQLValue(comment?.1)]
                } else {
                    let code = failures[rng.next(failures.count)]
                    values += [.text(ReportLabels.finalStatus[code] ?? code), .text(code), .null]
                    values += (0..<6).map { _ in .null } + [.null, .null]
                }
                try insert.run(values)
            }
        }
        try db.execute(
            """
            insert into discharge_phones (discharge_id, seq, number, kind, source)
            select discharge_id, 1, '138' || substr('00000000' || discharge_id, -8), 'mobile', 'phone' from discharges;
            insert into invalid_contacts (discharge_id, source, raw, reason)
            select discharge_id, 'contact_phone', '1.38001E+10', 'scientific_notation' from discharges where discharge_id % 17 = 0;
            """)
        // Calls were added after the load: rebuild the materialised models.
        try Views.install(on: db)
        return db
    }

    static func pad(_ i: Int) -> String { i < 10 ? "0\(i)" : "\(i)" }

    @Test func sampleWrites() throws {
        let dir = TempDir()
        let db = try Self.build(in: dir)
        let out = ProcessInfo.processInfo.environment["FOLLOWUP_REPORT_SAMPLE_DIR"] ?? dir.path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let written = try ReportWriter(db: db, configuration: Configuration()).write(to: out)
        #expect(written.count == 2)
        let m = try ReportModel.load(db: db)
        #expect(m.departmentUnits.count == Self.departments.count)
        #expect(Set(m.trend.map(\.cohort)).count == 8)
    }
}
