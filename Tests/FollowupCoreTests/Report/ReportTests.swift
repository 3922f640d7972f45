import Foundation
import Testing
@testable import FollowupCore

/// A sheet as dumped by check_xlsx.py: cells by (row, column), 1-based.
struct DumpedSheet {
    let name: String
    let raw: [String: Any]
    var cells: [[Any]] { raw["cells"] as? [[Any]] ?? [] }

    func cell(_ row: Int, _ col: Int) -> [Any]? {
        cells.first { ($0[0] as? Int) == row && ($0[1] as? Int) == col }
    }

    func value(_ row: Int, _ col: Int) -> Any? { cell(row, col).map { $0[3] } }
    func string(_ row: Int, _ col: Int) -> String? { value(row, col) as? String }

    /// The row whose first cell is `text`.
    func row(startingWith text: String, after: Int = 0) -> Int? {
        cells.first { ($0[1] as? Int) == 1 && ($0[0] as? Int ?? 0) > after && ($0[3] as? String) == text }?[0] as? Int
    }

    var strings: [String] { cells.compactMap { $0[3] as? String } }
}

@Suite struct ReportTests {
    static let sheetNames = [
        "概览", "科室统计", "漏斗图", "趋势", "控制图", "失访原因", "满意度", "投诉主题", "回访员", "无效号码", "数据质量", "待回访", "口径说明",
    ]

    func sheets(_ json: [String: Any]) -> [DumpedSheet] {
        (json["sheets"] as? [[String: Any]] ?? []).map { DumpedSheet(name: $0["name"] as? String ?? "", raw: $0) }
    }

    @Test func workbookMatchesViewsAndIsTyped() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let path = dir.file("report.xlsx")
        try ReportWriter(db: db, configuration: Configuration()).writeXLSX(to: path)
        let (json, skipped) = try readWorkbook(path)
        guard let json else {
            Issue.record("skipped: \(skipped ?? "")")
            return
        }
        let all = sheets(json)
        #expect(all.map(\.name) == Self.sheetNames)
        #expect(json["formulas"] as? Int == 0)

        // 科室统计: every row equals the departments view; rates are numbers in a percent format.
        let dept = try #require(all.first { $0.name == "科室统计" })
        let header = try #require(dept.row(startingWith: "科室"))
        let columns = (1...25).map { dept.string(header, $0) ?? "" }
        #expect(columns.prefix(8) == ["科室", "出院人数", "免访人数", "应访人数", "无有效号码", "已拨打", "成功回访", "回访率"])
        #expect(columns[8] == "回访率（成功回访/应访）" && columns[9] == "出院患者随访比例（国家口径）")
        #expect(columns[20] == "满意率" && columns[24] == "提示")
        let view = try db.rows(
            """
            select department, discharges, eligible, reached, followup_rate, satisfaction_rate
            from departments order by department = '全院', department
            """)
        #expect(view.count == 3)
        for (i, r) in view.enumerated() {
            let row = header + 1 + i
            #expect(dept.string(row, 1) == r[0].string)
            #expect(dept.value(row, 2) as? Int == r[1].int)
            #expect(dept.value(row, 4) as? Int == r[2].int)
            #expect(dept.value(row, 7) as? Int == r[3].int)
            let rate = try #require(dept.cell(row, 8))
            #expect(rate[2] as? String == "n")
            #expect(abs((rate[3] as? Double ?? -1) - (r[4].double ?? -2)) < 1e-12)
            #expect((rate[4] as? String ?? "").contains("%"))
            // The count pair beside the rate: reached/eligible as text.
            #expect(dept.string(row, 9) == "\(r[3].int ?? -1)/\(r[2].int ?? -1)")
        }
        // 心内科 (10 of 12 reached, 90% satisfied) is below target: red fill; 骨科 is too small: no fill.
        let cardio = try #require(dept.row(startingWith: "心内科"))
        #expect((dept.cell(cardio, 8)?[6] as? String)?.hasSuffix("FFC7CE") == true)
        #expect((dept.cell(cardio, 21)?[6] as? String)?.hasSuffix("FFC7CE") == true)
        let ortho = try #require(dept.row(startingWith: "骨科"))
        #expect(dept.cell(ortho, 8)?[6] as? String == nil)
        // The same rule as a conditional format, so a corrected figure is judged again in Excel:
        // one expression per rate with a target, over exactly the data rows.
        let rules = try #require(dept.raw["conditional"] as? [[String: Any]])
        let first = header + 1, last = header + view.count
        #expect(rules.map { $0["range"] as? String } == ["H\(first):H\(last)", "N\(first):N\(last)", "U\(first):U\(last)"])
        #expect(rules.map { ($0["formulas"] as? [String])?.first } == [
            "AND(ISNUMBER(H\(first)),SUM($D\(first))>=10,H\(first)<0.9)",
            "AND(ISNUMBER(N\(first)),SUM($D\(first))>=10,N\(first)<0.7)",
            "AND(ISNUMBER(U\(first)),SUM($R\(first),$S\(first),$T\(first))>=10,U\(first)<0.95)",
        ])
        #expect(rules.allSatisfy { ($0["fill"] as? String)?.hasSuffix("FFC7CE") == true })
        // Evaluated here on the written values, the follow-up rule marks exactly the cells the direct fill marks.
        for row in first...last {
            let rate = dept.value(row, 8) as? Double
            let eligible = dept.value(row, 4) as? Int ?? 0
            let ruleSaysRed = rate.map { $0 < 0.9 && eligible >= 10 } ?? false
            let filled = (dept.cell(row, 8)?[6] as? String)?.hasSuffix("FFC7CE") == true
            #expect(ruleSaysRed == filled, "row \(row)")
        }
        #expect(dept.string(ortho, 25)?.contains("样本不足") == true)
        #expect(dept.raw["freeze"] as? String == "A\(header + 1)")
        #expect(dept.raw["landscape"] as? Bool == true)

        // 待回访: oldest discharge first, real dates, masked names and numbers.
        let pending = try #require(all.first { $0.name == "待回访" })
        let ph = try #require(pending.row(startingWith: "科室"))
        let dates = (ph + 1...ph + 5).compactMap { pending.cell($0, 4) }
        #expect(dates.count == 5)
        #expect(dates.allSatisfy { $0[5] as? Bool == true })
        let isoDates = dates.compactMap { $0[3] as? String }
        #expect(isoDates == isoDates.sorted())
        #expect(isoDates.first == "2026-03-10T00:00:00")
        #expect(pending.raw["autofilter"] as? String != nil)
        #expect(pending.strings.contains("138****8000"))
        #expect(!pending.strings.contains("13800138000"))
        #expect(pending.strings.contains(ReportFixture.formula))  // the last result text, as a plain string
        // Sheets without charts are written row by row (constant memory), so the long lists
        // cost no memory; their header rows still get their height, set before the row.
        let streamed = json["streamed"] as? [String] ?? []
        #expect(streamed.contains("待回访") && streamed.contains("数据质量"))
        #expect(!streamed.contains("趋势") && !streamed.contains("失访原因"))
        let heights = pending.raw["heights"] as? [String: Double] ?? [:]
        #expect((heights[String(ph)] ?? 0) > 15)

        // Input text never becomes markup or a formula.
        let themes = try #require(all.first { $0.name == "投诉主题" })
        #expect(themes.strings.contains(ReportFixture.script))
        #expect(themes.strings.contains(ReportFixture.formula))
        #expect(themes.strings.contains("护士打针很疼，电话139****5678"))

        // Charts: trend lines with cached values, a stacked bar of failure reasons.
        let charts = json["charts"] as? [[String: Any]] ?? []
        let types = charts.flatMap { $0["types"] as? [String] ?? [] }
        // 4 trend charts, then the hospital's two p-charts (and any flagged department's).
        #expect(types.filter { $0 == "lineChart" }.count >= 6)
        #expect(types.filter { $0 == "scatterChart" }.count == 2)
        #expect(types.contains("barChart"))
        #expect(charts.allSatisfy { ($0["cached_points"] as? Int ?? 0) > 0 })
        #expect(charts.contains { ($0["refs"] as? [String] ?? []).contains { $0.hasPrefix("趋势!") || $0.hasPrefix("'趋势'!") } })
        #expect((json["created"] as? String ?? "").hasPrefix("2026-04-30"))

        // 概览: the as-of date is a date cell.
        let summary = try #require(all.first { $0.name == "概览" })
        let asOf = try #require(summary.row(startingWith: "回访记录截至"))
        #expect(summary.cell(asOf, 2)?[5] as? Bool == true)
    }

    @Test func outputIsDeterministic() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let writer = try ReportWriter(db: db, configuration: Configuration())
        try writer.writeXLSX(to: dir.file("a.xlsx"))
        try writer.writeHTML(to: dir.file("a.html"))
        try ReportWriter(db: db, configuration: Configuration()).writeXLSX(to: dir.file("b.xlsx"))
        try writer.writeHTML(to: dir.file("b.html"))
        let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("a.xlsx")))
        #expect(a.count > 5_000)
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: dir.file("b.xlsx")))))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.html")))
            == (try Data(contentsOf: URL(fileURLWithPath: dir.file("b.html")))))
    }

    @Test func htmlEscapesInputsAndIsSelfContained() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let path = dir.file("report.html")
        try ReportWriter(db: db, configuration: Configuration()).writeHTML(to: path)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!html.contains(ReportFixture.script))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("=HYPERLINK(&quot;http://example.invalid&quot;,&quot;点我&quot;)"))
        #expect(!html.contains("<script"))
        #expect(!html.lowercased().contains("src="))
        #expect(!html.contains("@import") && !html.contains("url("))
        let titles = html.components(separatedBy: "<h2>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(titles == [
            "概览", "科室统计", "漏斗图：科室与全院比较", "月度趋势", "控制图（p 图）：月度变化是偶然还是异常", "失访原因", "满意度",
            "投诉主题", "回访员", "无效号码", "数据质量", "待回访患者", "口径说明",
        ])
        // 4 trend, failures, items, themes; 2 funnels and 2 interval charts; the hospital's 2 p-charts.
        #expect(html.components(separatedBy: "<svg").count - 1 == 13)
        #expect(html.contains("class=\"n bad\""))
        #expect(html.contains("class=\"n small\""))
        #expect(html.contains("张*三"))
        #expect(!html.contains("张小三"))
    }

    @Test func unmaskedOptionKeepsNames() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let writer = try ReportWriter(db: db, configuration: Configuration(), masked: false)
        let text = writer.document.sections.flatMap { $0.tables.flatMap { $0.rows.flatMap { $0.map(\.display) } } }
        #expect(text.contains("张小三"))
        #expect(text.contains("13800138000"))
    }

    @Test func modelAgreesWithTheViews() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let m = try ReportModel.load(db: db)
        let h = try #require(m.hospital)
        #expect(h.discharges == 15 && h.eligible == 15 && h.reached == 10)
        #expect(m.pending.count == h.eligible - h.reached)
        #expect(m.pending.first { $0.inpatientNo == "G202" }?.attempts == 1)
        #expect(m.pending.first { $0.inpatientNo == "C111" }?.validNumbers == ["13800138000"])
        let overall = try #require(m.satisfactionItems.first { $0.unit == "全院" && $0.item == "overall" })
        #expect(overall.satisfied == 9 && overall.dissatisfied == 1)
        let attitude = try #require(m.satisfactionItems.first { $0.unit == "全院" && $0.item == "attitude" })
        #expect(attitude.satisfied == 9 && attitude.neutral == 1)
        // Themes: the period's calls, with February's `cost` as the previous count.
        let cost = try #require(m.themes.first { $0.unit == "全院" && $0.theme == "cost" })
        #expect(cost.count == 1 && cost.previousCount == 1)
        #expect(m.themes.filter { $0.unit == "全院" }.map(\.count).reduce(0, +) == 4)
        #expect(m.rejectedRows.count == 1 && m.rejectedRows.first?.file == "a_his.csv")
        #expect(m.unmatchedCalls.map(\.inpatientNo) == ["Z000"])
        #expect(m.unclassifiedWords.contains { $0.word == ReportFixture.formula })
        #expect(m.contactProblems.map(\.raw) == ["1380013"])
        #expect(m.trend.map(\.cohort).contains("2026-02"))
    }

    @Test func emptyThemesAreStated() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        try db.execute("update calls set themes = null; delete from call_themes")
        try Views.install(on: db)
        let doc = try ReportWriter(db: db, configuration: Configuration()).document
        let section = try #require(doc.sections.first { $0.name == "投诉主题" })
        #expect(section.tables.allSatisfy { $0.rows.isEmpty })
        #expect(section.tables.first?.emptyText == "本期没有已编码主题的意见")
        #expect(section.charts.isEmpty)
        let path = dir.file("e.xlsx")
        try ReportWriter(db: db, configuration: Configuration()).writeXLSX(to: path)
        let html = HTMLReport(document: doc).render()
        #expect(html.contains("本期没有已编码主题的意见"))
    }
}

@Suite struct ReportRuleTests {
    @Test func masksNamesAndPhones() {
        let m = ReportMask()
        #expect(m.name("张小三") == "张*三")
        #expect(m.name("李四") == "李*")
        #expect(m.name("欧阳小明") == "欧**明")
        #expect(m.name("王") == "王")
        #expect(m.phone("13800138000") == "138****8000")
        #expect(m.phone("010-62345678") == "010-****5678")
        #expect(m.phone("本人:13800138000/13912345678") == "本人:138****8000/139****5678")
        #expect(m.phone("无") == "无")
        #expect(ReportMask(enabled: false).phone("13800138000") == "13800138000")
    }

    @Test func flagsSmallSamplesBeforeTargets() {
        let f = ReportFlags(targets: Configuration.Targets(), minDenominator: 10)
        #expect(f.state(0.5, denominator: 9, target: 0.9) == .smallSample)
        #expect(f.state(0.89, denominator: 10, target: 0.9) == .belowTarget)
        #expect(f.state(0.9, denominator: 10, target: 0.9) == .normal)
        #expect(f.state(0.1, denominator: 10, target: nil) == .normal)
    }

    func row(_ month: String, _ unit: String, _ rate: Double, answered: Int = 20) -> MetricRow {
        MetricRow(cohort: month, unit: unit, discharges: 0, excluded: 0, eligible: 0, noValidContact: 0, attempted: 0,
            reached: 0, followupRate: nil, contactSuccessRate: nil, timelyRate: nil, medianDaysToContact: nil,
            p90DaysToContact: nil, satisfied: Int(rate * Double(answered)), neutral: answered - Int(rate * Double(answered)),
            dissatisfied: 0, satisfactionRate: rate, complaints: 0, praise: 0)
    }

    @Test func bottomTwoForSixMonthsIsFlagged() {
        let f = ReportFlags(targets: Configuration.Targets(), minDenominator: 10)
        var trend: [MetricRow] = []
        for m in 10...15 {
            let month = m <= 12 ? "2025-\(m)" : "2026-0\(m - 12)"
            trend += [row(month, "甲", 0.80), row(month, "乙", m == 12 ? 0.99 : 0.85), row(month, "丙", 0.97),
                      row(month, "丁", 0.90), row(month, "全院", 0.5)]
        }
        // 甲 is bottom every month; 乙 leaves the bottom two in December (丁 takes its place).
        #expect(f.bottomTwoStreak(trend: trend, lastMonth: "2026-03") == ["甲"])
        #expect(f.bottomTwoStreak(trend: trend, lastMonth: "2026-04") == [])  // April has no data
        let small = trend.map { $0.unit == "甲" ? row($0.cohort, "甲", 0.8, answered: 5) : $0 }
        #expect(!f.bottomTwoStreak(trend: small, lastMonth: "2026-03").contains("甲"))
    }

    @Test func percentTextMatchesExcelRounding() {
        #expect(ReportFormat.percent(0.8333333) == "83.3%")
        #expect(ReportFormat.percent(0.9995) == "100.0%")
        #expect(ReportFormat.percent(0) == "0.0%")
        #expect(ReportFormat.decimal(3) == "3.0")
        #expect(ReportFormat.decimal(2.25) == "2.3")
    }
}

@Suite struct ReportPipelineTests {
    /// `followup run` writes report.xlsx and report.html beside the CSV files.
    @Test func runWritesBothReports() throws {
        let dir = TempDir()
        let inputs = dir.file("Inputs")
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        // The file must exist for the catalogue and the hash; its rows come from memory
        // (the readers land on another branch).
        try Data("x".utf8).write(to: URL(fileURLWithPath: (inputs as NSString).appendingPathComponent("his.csv")))
        var tables = MemoryInputs()
        tables.add("his.csv", [("Sheet1", rows([
            ["住院号", "姓名", "出院科室", "入院日期", "出院日期"],
            ["A001", "张小三", "心内科", "2026-03-01", "2026-03-05"],
            ["A002", "李四", "骨科", "2026-03-02", "2026-03-09"],
        ]))])
        let options = RunOptions(
            inputs: inputs, period: try Period("2026-03"), asOf: CivilDateTime(year: 2026, month: 4, day: 30),
            databasePath: dir.file("f.sqlite"), outputRoot: dir.file("Reports"), configuration: Configuration())
        let outcome = try Pipeline(options: options, opener: tables.opener).run()
        let names = outcome.manifest.outputs.map(\.path)
        #expect(names.contains("report.xlsx") && names.contains("report.html"))
        let html = try String(contentsOfFile: outcome.folder + "/report.html", encoding: .utf8)
        #expect(html.contains("李*") && !html.contains("李四"))
    }
}
