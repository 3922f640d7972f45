import Testing
@testable import FollowupCore

/// Table detection as real exports and agents' sheets need it: titles and merged group rows
/// above the header, decorated and spaced header texts, two names for one field, totals,
/// repeated headers, aliases added by configuration, and the agent taken from the file name.
@Suite struct TableDetectionTests {
    func read(_ name: String, _ sheets: [(String, [[String]])], configuration: Configuration = Configuration())
        throws -> (survey: FileSurvey, rows: RecordingSink)
    {
        var inputs = MemoryInputs()
        inputs.add(name, sheets.map { ($0.0, rows($0.1)) })
        let reader = TableReader(configuration: configuration, opener: inputs.opener)
        return try readThrough(reader, try #require(inputs.files.first))
    }

    @Test func hisExportWithTitlesBothIdColumnsAndTotals() throws {
        let (survey, got) = try read("出院病人明细.csv", [("Sheet1", [
            ["出院病人明细表", "", "", "", "", "", ""],
            ["统计日期：2026-03-01至2026-03-31", "", "", "", "", "", ""],
            ["", "", "", "", "", "", ""],
            ["序号", "病案号", " 住 院 号 ", "病人姓名", "出院科别", "出院时间（年月日）", "联系电话(手机)"],
            ["1", "BA01", "ZY0001", "张三", "心血管内科", "2026-03-02 10:00", "13800138000"],
            ["2", "BA02", "ZY0002", "李四", "儿科", "2026/3/3", "0571-87654321 / 13912345678"],
            ["合计", "2人", "", "", "", "", ""],
        ])])
        let layout = try #require(survey.sheets.first?.layout)
        #expect(layout.kind == .his)
        #expect(layout.headerRow == 4)
        // 住院号 comes before 病案号 in the alias list, so it is the column read, wherever it stands.
        #expect(layout.columns["inpatient_no"] == [2])
        #expect(layout.columns["discharge_time"] == [5])
        #expect(layout.columns["phone"] == [6])
        #expect(layout.unmapped == ["序号", "病案号"])
        #expect(got.discharges.map(\.record.inpatientNo) == ["ZY0001", "ZY0002"])
        #expect(got.discharges.map(\.record.department) == ["心血管内科", "儿科"])
        // Everything above the header, blank lines included, is the title block.
        #expect(got.skipped.map(\.kind) == [.title, .title, .title, .header, .totals])
    }

    @Test func agentSheetWithMergedGroupRowAndRepeatedHeader() throws {
        let header = ["住院号", "患者姓名", "出院日期", "回访时间", "回访结果", "满意度", "意见或建议"]
        let (survey, got) = try read("回访登记_王芳_2026-03.xlsx", [("3月", [
            ["2026年3月出院患者电话回访登记表", "", "", "", "", "", ""],
            ["患者信息", "", "", "回访情况", "", "", ""],
            header,
            ["ZY0001", "张三", "2026/3/2", "2026-03-05 10:20", "已回访，恢复良好", "满意", "无"],
            header,
            ["ZY0002", "李四", "2026/3/3", "2026-03-06", "空号", "", ""],
        ])])
        let layout = try #require(survey.sheets.first?.layout)
        #expect(layout.kind == .agent)
        #expect(layout.headerRow == 3)
        #expect(got.calls.map(\.row) == [4, 6])
        #expect(got.calls.map(\.record.agent) == ["王芳", "王芳"])
        #expect(got.skipped.map(\.kind) == [.title, .title, .header, .repeatedHeader])
    }

    /// The repeated-header test turns cells away on their first ASCII character: a header typed
    /// again in another case or spacing must still be recognised, and data rows must not be.
    @Test func repeatedLatinHeaderInAnotherCaseAndSpacing() throws {
        var config = Configuration()
        config.headerAliases = HeaderAliases(agent: ["call_time": ["Call Time"], "phone": ["TEL"]])
        let (_, got) = try read("回访登记_王芳_2026-03.xlsx", [("3月", [
            ["住院号", "Call Time", "回访结果", "TEL"],
            ["ZY0001", "2026-03-05 10:20", "已回访", "13800138000"],
            ["", " CALL  TIME", "", "tel"],
            ["ZY0002", "2026-03-06", "空号", "Tel 13900139000"],
        ])], configuration: config)
        #expect(got.calls.map(\.row) == [2, 4])
        #expect(got.skipped.map(\.kind) == [.header, .repeatedHeader])
    }

    @Test func fullWidthAndSpacedHeadersMatch() throws {
        let (survey, _) = try read("x.csv", [("Sheet1", [
            ["住院号", "出 院 日 期", "出院科室", "ＩＣＤ编码", "联系电话：", "姓　名"],
            ["A1", "2026-03-01", "骨科", "S72.001", "13800138000", "张三"],
        ])])
        let layout = try #require(survey.sheets.first?.layout)
        #expect(layout.columns["discharge_time"] == [1])
        #expect(layout.columns["diagnosis_code"] == [3])
        #expect(layout.columns["phone"] == [4])
        #expect(layout.columns["name"] == [5])
    }

    @Test func configurationAddsAliases() throws {
        let sheet: [(String, [[String]])] = [("Sheet1", [
            ["病人ID", "姓名", "出院日期", "出院科室", "联系电话"],
            ["A1", "张三", "2026-03-01", "骨科", "13800138000"],
        ])]
        // Without the alias the export lacks its required 住院号 and is refused, naming it.
        #expect(throws: Diagnostic.self) { try read("x.csv", sheet) }
        var config = Configuration()
        config.headerAliases = HeaderAliases(his: ["inpatient_no": ["病人ID"]])
        let extended = try read("x.csv", sheet, configuration: config)
        #expect(extended.survey.sheets.first?.layout?.columns["inpatient_no"] == [0])
        #expect(extended.rows.discharges.map(\.record.inpatientNo) == ["A1"])
    }
}
