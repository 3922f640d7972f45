import Foundation
import Testing
@testable import FollowupCore

/// Issue 10 end to end on the sample inputs (`Inputs/`): the half year loaded first, then March,
/// as `make report` does. Checks the CSV files byte by byte, the workbook read back by openpyxl
/// (scripts/check_xlsx.py) and the HTML page as text.
@Suite(.serialized) struct StatisticsReportTests {
    static func run(in dir: TempDir) throws -> (folder: String, db: Database) {
        let inputs = Fixtures.repository + "/Inputs"
        let config = try Configuration.load(path: inputs + "/followup.config.json")
        var folder = ""
        for period in ["2026-H1", "2026-03"] {
            let options = RunOptions(
                inputs: inputs, period: try Period(period), asOf: CivilDateTime(year: 2026, month: 5, day: 15),
                databasePath: dir.file("db.sqlite"), outputRoot: dir.path, configuration: config)
            folder = try Pipeline(options: options, opener: defaultOpener).run().folder
        }
        return (folder, try Database(path: dir.file("db.sqlite")))
    }

    @Test func sampleReportsCarryTheStatistics() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let (folder, db) = try Self.run(in: dir)

        // Every CSV output starts with a UTF-8 byte-order mark.
        let csvs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }
        #expect(csvs.count >= 5)
        for name in csvs {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name) has no BOM")
        }

        // departments.csv: the new columns are filled for every department row, and the Wilson
        // bounds the SQL writes equal the Swift implementation's.
        let table = try Fixtures.csv(folder + "/departments.csv")
        let header = try #require(table.first)
        func col(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name) missing") }
        let rows = table.dropFirst()
        #expect(rows.count >= 10)
        for column in ["nhc_followup_ratio", "contact_rate", "cooperation_rate", "refusal_rate", "bad_number_rate",
                       "followup_rate_low", "followup_rate_high", "satisfaction_rate_low", "satisfaction_rate_high",
                       "nhc_followup_ratio_low", "contact_rate_high"] {
            let c = try col(column)
            #expect(rows.allSatisfy { c < $0.count && Double($0[c]) != nil }, "\(column) not filled")
        }
        let (reached, eligible, low, high) = (try col("reached"), try col("eligible"), try col("followup_rate_low"), try col("followup_rate_high"))
        for r in rows {
            let w = try #require(WilsonInterval.interval(successes: Int(r[reached]) ?? -1, trials: Int(r[eligible]) ?? -1))
            #expect(abs((Double(r[low]) ?? -1) - w.low) < 1e-6 && abs((Double(r[high]) ?? -1) - w.high) < 1e-6, "\(r[1])")
        }
        let trend = try Fixtures.csv(folder + "/trend.csv")
        #expect(trend.first?.contains("nhc_followup_ratio") == true && trend.first?.contains("bad_number_rate_high") == true)

        // chart-data.json carries the funnels and control charts, with the CSV's counts.
        let chart = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/chart-data.json")))
                as? [String: Any])
        let funnelData = try #require((chart["funnels"] as? [String: Any])?["followup_rate"] as? [String: Any])
        let points = try #require(funnelData["departments"] as? [[String: Any]])
        #expect(points.count == rows.count - 1)  // every department, not 全院
        for p in points {
            let dept = try #require(p["department"] as? String)
            let row = try #require(rows.first { $0[1] == dept })
            #expect(p["denominator"] as? Int == Int(row[eligible]) && p["numerator"] as? Int == Int(row[reached]), "\(dept)")
            #expect(abs((p["wilson_low"] as? Double ?? -1) - (Double(row[low]) ?? -2)) < 1e-6)
        }
        let controls = try #require(chart["control_charts"] as? [[String: Any]])
        #expect(controls.contains { $0["department"] as? String == "全院" && $0["metric"] as? String == "satisfaction_rate" })

        // The workbook, read back by openpyxl.
        let (json, skipped) = try readWorkbook(folder + "/report.xlsx")
        guard let json else {
            Issue.record("skipped: \(skipped ?? "")")
            return
        }
        let sheets = (json["sheets"] as? [[String: Any]] ?? []).map { DumpedSheet(name: $0["name"] as? String ?? "", raw: $0) }
        let names = sheets.map(\.name)
        for name in ["口径说明", "漏斗图", "控制图", "回访员", "数据质量", "科室统计"] { #expect(names.contains(name), "\(name)") }
        let charts = json["charts"] as? [[String: Any]] ?? []
        let scatter = charts.filter { ($0["types"] as? [String] ?? []).contains("scatterChart") }
        #expect(scatter.count == 2)
        #expect(scatter.allSatisfy { ($0["refs"] as? [String] ?? []).allSatisfy { $0.hasPrefix("'漏斗图'!") } })
        #expect(scatter.allSatisfy { ($0["series"] as? Int ?? 0) == 6 && ($0["cached_points"] as? Int ?? 0) > 20 })

        let definitions = try #require(sheets.first { $0.name == "口径说明" })
        for s in ["nhc_followup_ratio", "followup_rate", "contact_rate", "cooperation_rate", "refusal_rate",
                  "bad_number_rate", "最小分母（少于此数不标记、不排名）", "died_in_hospital"] {
            #expect(definitions.strings.contains(s), "口径说明 lacks \(s)")
        }

        // 科室统计: every department row shows reached/eligible beside the rate and the national ratio.
        let dept = try #require(sheets.first { $0.name == "科室统计" })
        let dh = try #require(dept.row(startingWith: "科室"))
        let departments = rows.filter { $0[1] != "全院" }
        for r in departments {
            let row = try #require(dept.row(startingWith: r[1]), "\(r[1])")
            #expect(dept.string(row, 9) == "\(r[reached])/\(r[eligible])")
            #expect(dept.cell(row, 10)?[2] as? String == "n" && dept.string(row, 11)?.contains("/") == true)
        }
        #expect(dept.string(dh, 10) == "出院患者随访比例（国家口径）")

        // 漏斗图: one judged row per department; 眼科 (7 eligible) is marked and not ranked.
        let funnel = try #require(sheets.first { $0.name == "漏斗图" })
        let eye = try #require(funnel.row(startingWith: "眼科"))
        #expect(funnel.string(eye, 11) == "不排名" && funnel.string(eye, 12)?.hasPrefix("样本不足") == true)
        for r in departments {
            let fr = try #require(funnel.row(startingWith: r[1]))
            #expect(!(funnel.string(fr, 12) ?? "").isEmpty)
        }

        // 数据质量: a status for every input file and every agent.
        let quality = try #require(sheets.first { $0.name == "数据质量" })
        let qt = try #require(quality.row(startingWith: "各输入文件数据质量"))
        let qh = try #require(quality.row(startingWith: "文件", after: qt))
        let files = try db.scalar("select count(*) from input_files where run_id = (select run_id from report_params)").int ?? 0
        #expect(files == 27)
        for i in 1...files { #expect(["正常", "注意", "异常"].contains(quality.string(qh + i, 4) ?? ""), "file row \(i)") }
        let agents = try db.rows("select agent from data_quality_agents").compactMap { $0[0].string }
        #expect(agents.count == 5)
        let ah = try #require(quality.row(startingWith: "回访员", after: qh))
        for i in 1...agents.count { #expect(["正常", "注意", "异常"].contains(quality.string(ah + i, 3) ?? "")) }

        // 回访员: outcome rates and monthly workload per agent.
        let agentSheet = try #require(sheets.first { $0.name == "回访员" })
        #expect(agentSheet.strings.contains("接触率（接听/已拨打）"))
        #expect(agentSheet.strings.contains("出院至首次拨打天数中位数"))

        // The page: same sections, funnel and control charts inline, nothing fetched.
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        for title in ["口径说明", "漏斗图：科室与全院比较", "控制图（p 图）：月度变化是偶然还是异常"] {
            #expect(html.contains("<h2>\(title)</h2>"))
        }
        #expect(html.contains("aria-label=\"回访率漏斗图\"") && html.contains("aria-label=\"满意率漏斗图\""))
        #expect(html.contains("aria-label=\"全院 回访率 p 图\""))
        #expect(html.contains("95% 置信区间"))
        #expect(html.contains("\(rows.first { $0[1] == "全院" }?[reached] ?? "x")/\(rows.first { $0[1] == "全院" }?[eligible] ?? "x")"))
        let lower = html.lowercased()
        #expect(!lower.contains("src=") && !lower.contains("href=\"http") && !lower.contains("url(") && !lower.contains("@import"))
        #expect(!lower.contains("https://") && !lower.contains("http://"))
    }

    @Test func dataQualityThresholds() {
        let l = DataQualityRules.Limit(attention: 0.05, abnormal: 0.20)
        #expect(DataQualityRules.over(0.05, l) == .ok)
        #expect(DataQualityRules.over(0.06, l) == .attention)
        #expect(DataQualityRules.over(0.21, l) == .abnormal)
        #expect(DataQualityRules.over(nil, l) == .ok)
        let c = DataQualityRules.Limit(attention: 0.99, abnormal: 0.95)
        #expect(DataQualityRules.under(1, c) == .ok && DataQualityRules.under(0.97, c) == .attention)
        #expect(DataQualityRules.under(0.5, c) == .abnormal)
        // Any call dated before discharge earns attention by default.
        #expect(DataQualityRules.over(0.0001, DataQualityRules().beforeDischargeShare) == .attention)
    }

    @Test func settingsDecodeWithDefaults() throws {
        let s = try JSONDecoder().decode(StatisticsSettings.self, from: Data(#"{"runLength": 7, "dataQuality": {"lateCallDays": 14}}"#.utf8))
        #expect(s.runLength == 7 && s.controlSigma == 3)
        #expect(s.dataQuality.lateCallDays == 14 && s.dataQuality.duplicateShare == DataQualityRules().duplicateShare)
    }
}
