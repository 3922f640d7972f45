import Foundation
import Testing
@testable import FollowupCore

/// The judgements of the statistics sections on constructed figures: a funnel outlier, a
/// department below target but inside the limits, a sample too small to rank, and a planted
/// special cause on a p-chart. The model comes from the report fixture; its departments and
/// trend are replaced.
@Suite struct StatisticsSectionTests {
    func mk(_ cohort: String, _ unit: String, reached: Int, eligible: Int) -> MetricRow {
        MetricRow(cohort: cohort, unit: unit, discharges: eligible, excluded: 0, eligible: eligible, noValidContact: 0,
            attempted: eligible, reached: reached, followupRate: eligible > 0 ? Double(reached) / Double(eligible) : nil,
            contactSuccessRate: nil, timelyRate: nil, medianDaysToContact: nil, p90DaysToContact: nil, satisfied: 0,
            neutral: 0, dissatisfied: 0, satisfactionRate: nil, complaints: 0, praise: 0, reachedAny: reached)
    }

    func model() throws -> ReportModel {
        let dir = TempDir()
        var m = try ReportModel.load(db: try ReportFixture.build(in: dir))
        // p0 = 0.9 on 1000: 95 % limits at n = 100 are 0.8412–0.9588, 99.8 % 0.8073–0.9927.
        m.departments = [
            mk(m.period, "甲", reached: 50, eligible: 100),  // far below: outlier
            mk(m.period, "乙", reached: 85, eligible: 100),  // below target, inside the limits
            mk(m.period, "丙", reached: 5, eligible: 8),  // too small to rank
            mk(m.period, "丁", reached: 98, eligible: 100),  // between the upper limits
            mk(m.period, "戊", reached: 100, eligible: 100),  // above the 99.8 % limit
            mk(m.period, "全院", reached: 900, eligible: 1000),
        ]
        let months = (1...12).map { "2025-\($0 < 10 ? "0" : "")\($0)" }
        let planted = [82, 78, 82, 78, 82, 40, 82, 78, 82, 78, 82, 78]
        m.trend = months.enumerated().flatMap { i, month in
            [mk(month, "乙", reached: planted[i], eligible: 100), mk(month, "甲", reached: i % 2 == 0 ? 79 : 81, eligible: 100),
             mk(month, "全院", reached: 800, eligible: 1000)]
        }
        m.period = "2025-12"
        m.periodEnd = "2025-12-31"
        return m
    }

    func table(_ s: ReportSection, _ title: String) throws -> ReportTable {
        try #require(s.tables.first { $0.title.hasPrefix(title) }, "\(title)")
    }

    func row(_ t: ReportTable, _ unit: String) throws -> [ReportValue] {
        try #require(t.rows.first { $0.first == .text(unit) }, "\(unit)")
    }

    @Test func funnelJudgesAgainstTheHospital() throws {
        let doc = ReportDocument(model: try model(), mask: ReportMask())
        let funnel = try #require(doc.sections.first { $0.name == "漏斗图" })
        let t = try table(funnel, "回访率：各科室")
        let judge = try #require(t.columns.firstIndex(of: "判断"))
        let rank = try #require(t.columns.firstIndex(of: "排名"))
        #expect(try row(t, "甲")[judge].display.hasPrefix("低于全院（99.8%控制限外"))
        #expect(try row(t, "甲")[judge + 1] == .text("离群"))
        #expect(try row(t, "乙")[judge] == .text("低于目标，但与全院无显著差异"))
        #expect(try row(t, "丁")[judge].display.hasPrefix("偏高"))
        #expect(try row(t, "丙")[judge].display.hasPrefix("样本不足，不排名"))
        #expect(try row(t, "丙")[rank] == .text("不排名"))
        #expect(try ["戊", "丁", "乙", "甲"].map { try row(t, $0)[rank] } == [.int(1), .int(2), .int(3), .int(4)])
        #expect(try row(t, "戊")[judge].display.hasPrefix("高于全院（99.8%控制限外"))
        // Count pair and Wilson bounds beside the rate.
        #expect(try row(t, "乙")[4] == .fraction(85, 100))
        let ci = try #require(WilsonInterval.interval(successes: 85, trials: 100))
        #expect(try row(t, "乙")[5] == .percent(ci.low, .normal) && row(t, "乙")[6] == .percent(ci.high, .normal))
        // The chart's curve table holds the 99.8 % limits at the grid of n.
        let curve = try table(funnel, "回访率：控制限曲线")
        #expect(curve.rows.count >= 20)
        for r in curve.rows {
            let n = try #require(r[0].number)
            let lower = max(0, 0.9 - 3.090232306167813 * (0.09 / n).squareRoot())
            let upper = min(1, 0.9 + 1.959963984540054 * (0.09 / n).squareRoot())
            #expect(abs((r[4].number ?? -1) - lower) < 1e-9 && abs((r[3].number ?? -1) - upper) < 1e-9)
        }
        #expect(funnel.charts.contains { $0.kind == .funnel && $0.curveTable == 1 })
        // No satisfaction answers: nothing judged.
        let sat = try table(funnel, "满意率：各科室")
        #expect(try row(sat, "甲")[judge] == .text("无数据"))

        // 概览 names the outlier and the department that is below target only by chance.
        let attention = try table(try #require(doc.sections.first { $0.name == "概览" }), "需关注的科室")
        let notes = Dictionary(attention.rows.filter { $0[0] == .text("回访率低于目标") }.map { ($0[1].display, $0[3].display) },
                               uniquingKeysWith: { a, _ in a })
        #expect(notes["甲"]?.hasSuffix("漏斗图：低于全院（99.8%控制限外，确有差异）") == true)
        #expect(notes["乙"] == "目标 90.0%；漏斗图：低于目标，但与全院无显著差异")
        #expect(notes["丁"] == nil && notes["丙"] == nil)  // above target; too small to flag
        // An outlier not below target gets its own row.
        #expect(attention.rows.filter { $0[0].display.hasPrefix("漏斗图") }.map { $0[0].display + "|" + $0[1].display }
            == ["漏斗图：回访率离群|戊"])
        let dept = try table(try #require(doc.sections.first { $0.name == "科室统计" }), "各科室指标")
        #expect(try row(dept, "甲").last?.display.contains("回访率离群") == true)
        #expect(try row(dept, "乙").last?.display.contains("离群") == false)
    }

    @Test func controlChartFlagsThePlantedMonth() throws {
        let doc = ReportDocument(model: try model(), mask: ReportMask())
        let control = try #require(doc.sections.first { $0.name == "控制图" })
        let summary = try table(control, "各科室特殊原因汇总")
        let yi = try #require(summary.rows.first { $0[0] == .text("乙") && $0[1] == .text("回访率") })
        #expect(yi[8] == .int(1) && yi[9].display == "2025-06 低于下控制限")
        #expect(abs((yi[3].number ?? 0) - 922.0 / 1200) < 1e-12)
        let jia = try #require(summary.rows.first { $0[0] == .text("甲") && $0[1] == .text("回访率") })
        #expect(jia[8] == .int(0))
        // Detail tables and charts: the hospital and the flagged department only.
        let titles = control.tables.map(\.title)
        #expect(titles.contains("乙：回访率月度 p 图") && titles.contains("全院：回访率月度 p 图"))
        #expect(!titles.contains("甲：回访率月度 p 图"))
        let detail = try table(control, "乙：回访率月度 p 图")
        #expect(detail.rows[5][8] == .text("低于下控制限") && detail.rows[4][8] == .text(""))
        #expect(control.charts.filter { $0.kind == .control }.count == titles.count - 1)
        let attention = try table(try #require(doc.sections.first { $0.name == "概览" }), "需关注的科室")
        #expect(attention.rows.contains { $0[0] == .text("控制图：回访率特殊原因") && $0[1] == .text("乙") })
        // The SVG rings the special cause.
        let html = HTMLReport(document: doc).render()
        #expect(html.contains("<title>特殊原因 2025-06: 低于下控制限</title>"))
    }

    @Test func definitionsStateThresholdsInForce() throws {
        var m = try model()
        m.minDenominator = 12
        m.statistics.runLength = 7
        let doc = ReportDocument(model: m, mask: ReportMask())
        let defs = try #require(doc.sections.last)
        #expect(defs.name == "口径说明")
        let params = try table(defs, "本期参数与阈值")
        #expect(params.rows.contains { $0 == [.text("最小分母（少于此数不标记、不排名）"), .int(12)] })
        #expect(params.rows.contains { $0 == [.text("控制图连续同侧月数"), .int(7)] })
        let metrics = try table(defs, "指标定义")
        let nhc = try #require(metrics.rows.first { $0[1] == .text("nhc_followup_ratio") })
        #expect(nhc[3] == .text("全部出院患者（不排除）"))
        let excl = try table(defs, "免访（排除）规则")
        #expect(excl.rows.count == 7 && excl.rows.last?[0] == .text("合计"))
    }
}
