import Foundation
@testable import FollowupCore

/// A small hospital for report tests: loaded through the real loader from in-memory tables,
/// then given reached calls, item scores, themes and phones with SQL (the call vocabulary and
/// the phone cleaner land from other engineers; until then the loader codes every call
/// `unclassified` and stores no phones).
enum ReportFixture {
    static let script = "<script>alert(1)</script>"
    static let formula = "=HYPERLINK(\"http://example.invalid\",\"点我\")"

    /// 心内科: 12 March discharges (10 reached, 9 satisfied, 1 dissatisfied: below every target);
    /// 骨科: 3 March discharges (a denominator too small to rank); 2 February discharges.
    static func build(in dir: TempDir) throws -> Database {
        let db = try Database(path: dir.file("r.sqlite"))
        try Migrations.apply(to: db)
        var his: [[String]] = [["住院号", "姓名", "出院科室", "入院日期", "出院日期", "联系电话"]]
        for i in 1...12 {
            his.append(["C\(100 + i)", i == 11 ? "张小三" : "患者\(i)", "心内科", "2026-03-01", "2026-03-\(pad(i + 2))", ""])
        }
        for i in 1...3 {
            his.append(["G\(200 + i)", i == 1 ? "李四" : "骨科\(i)", "骨科", "2026-03-01", "2026-03-\(pad(i + 9))", ""])
        }
        his.append(["F301", "王五", "心内科", "2026-02-01", "2026-02-10", ""])
        his.append(["F302", "赵六", "骨科", "2026-02-01", "2026-02-12", ""])
        his.append(["X999", "缺日期", "骨科", "2026-03-01", "", ""])  // rejected: no discharge date

        var inputs = MemoryInputs()
        inputs.add("a_his.csv", [("Sheet1", rows(his))])
        inputs.add("b_calls.csv", [("周1", rows([
            ["住院号", "姓名", "回访日期", "回访结果", "意见建议", "回访员"],
            ["G202", "骨科2", "2026-03-20", formula, "", "小王"],
            ["Z000", "无此人", "2026-03-21", "成功", "", "小王"],
        ]))])
        let config = Configuration()
        let reader = TableReader(configuration: config, opener: inputs.opener)
        // Earlier months first (a run writes its period's months only), the report's period last.
        for period in ["2026-Q1", "2026-03"] {
            _ = try Loader(db: db, configuration: config, reader: reader).load(
                try inputs.files.map(reader.survey), digests: [:], period: try Period(period),
                asOf: CivilDateTime(year: 2026, month: 4, day: 30), configHash: "test", startedAt: "2026-05-01 00:00:00")
        }

        let insert = try db.prepare(
            """
            insert into calls (discharge_id, match_rule, call_time, call_date, agent, method, result_text, result_code,
              satisfaction, score_attitude, score_cost, comment, themes, run_id, source_path, source_sheet, source_row)
            select discharge_id, 'inpatient_no', ?, ?, '小李', '电话', '成功', 'reached', ?, ?, ?, ?, ?,
                   (select run_id from report_params), 'fixture', 'sql', 0
            from discharges where inpatient_no = ?
            """)
        for i in 1...10 {
            let day = "2026-03-\(pad(i + 5))"
            let satisfaction = i == 10 ? "dissatisfied" : "satisfied"
            let comment: String? = i == 1 ? script : i == 2 ? formula : i == 3 ? "护士打针很疼，电话13912345678" : nil
            let themes: String? = i == 1 ? "doctor_attitude;waiting" : i == 2 ? "cost" : i == 3 ? "nursing_skill" : nil
            try insert.run([
                .text(day + " 10:00:00"), .text(day), .text(satisfaction), .text(i == 4 ? "neutral" : "satisfied"),
                i == 5 ? .text("dissatisfied") : .null, SQLValue(comment), SQLValue(themes), .text("C\(100 + i)"),
            ])
        }
        try insert.run([.text("2026-02-15 09:00:00"), .text("2026-02-15"), .text("satisfied"), .null, .null,
            .text("费用太贵了"), .text("cost"), .text("F301")])
        // Themes one row each, as the loader splits them.
        try db.execute(
            """
            insert into call_themes (call_id, theme)
            with recursive split (call_id, rest, theme) as (
                select call_id, themes || ';', null from calls where themes is not null
                union all
                select call_id, substr(rest, instr(rest, ';') + 1), substr(rest, 1, instr(rest, ';') - 1)
                from split where rest <> '')
            select call_id, theme from split where theme is not null and theme <> '';
            """)
        // Phones as the cleaner will store them: one valid number, one invalid raw value.
        try db.execute(
            """
            insert into discharge_phones (discharge_id, seq, number, kind, source)
            select discharge_id, 1, '13800138000', 'mobile', 'phone' from discharges where inpatient_no = 'C111';
            insert into invalid_contacts (discharge_id, source, raw, reason)
            select discharge_id, 'phone', '1380013', 'wrong_length' from discharges where inpatient_no = 'C112';
            """)
        // Calls were added after the load: rebuild the materialised models.
        try Views.install(on: db)
        return db
    }

    static func pad(_ i: Int) -> String { i < 10 ? "0\(i)" : "\(i)" }
}

/// Runs `scripts/check_xlsx.py` (openpyxl) on a workbook and returns its JSON, or `nil` with
/// the reason when python3 or openpyxl is missing.
func readWorkbook(_ path: String) throws -> (json: [String: Any]?, skipped: String?) {
    let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/check_xlsx.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script, path]
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    do { try p.run() } catch { return (nil, "python3 not found: \(error)") }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    if p.terminationStatus == 127 { return (nil, "python3 not found") }
    if p.terminationStatus == 2 { return (nil, errText) }
    guard p.terminationStatus == 0 else {
        throw ReportWriteError(file: path, detail: "check_xlsx.py failed: \(errText)")
    }
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any], nil)
}
