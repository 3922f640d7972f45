import Foundation

/// The sections of issue 10: definitions (口径说明), funnel plots, control charts, and the
/// helpers that put every rate's numerator and denominator beside it.
extension SectionBuilder {
    /// `412/500` beside a rate; blank when the denominator is 0 (the rate is undefined).
    func frac(_ n: Int, _ d: Int) -> ReportValue { d > 0 ? .fraction(n, d) : .blank }

    /// A rate and its count pair: two cells, so the rate stays a sortable number.
    func rate(_ v: Double?, _ s: RateState, _ n: Int, _ d: Int) -> [ReportValue] { [pct(v, s), frac(n, d)] }

    static func pairHeader(_ label: String, _ parts: String) -> [String] { [label, "\(label)（\(parts)）"] }

    // MARK: - Funnel plots

    /// One funnel-compared metric: numerator and denominator per row, its target.
    struct Compared {
        var label: String
        var code: String
        var parts: String
        var numerator: (MetricRow) -> Int
        var denominator: (MetricRow) -> Int
        var target: Double?
    }

    var comparedMetrics: [Compared] {
        [
            Compared(label: "回访率", code: "followup_rate", parts: "成功回访/应访", numerator: { $0.reached },
                denominator: { $0.eligible }, target: m.targets.followupRate),
            Compared(label: "满意率", code: "satisfaction_rate", parts: "满意/回答", numerator: { $0.satisfied },
                denominator: { $0.answered }, target: m.targets.satisfactionRate),
        ]
    }

    /// The hospital's rate for a compared metric: the funnel's centre line (`nil` without a denominator).
    func hospitalRate(_ c: Compared) -> Double? {
        m.hospital.flatMap { c.denominator($0) > 0 ? Double(c.numerator($0)) / Double(c.denominator($0)) : nil }
    }

    /// A department's place on the funnel, in words; `outlier` when outside the 99.8 % limits.
    func funnelJudgement(_ r: MetricRow, _ c: Compared) -> (text: String, outlier: Bool, position: FunnelPlot.Position?) {
        let n = c.denominator(r)
        guard n > 0, let p0 = hospitalRate(c) else { return ("无数据", false, nil) }
        let rate = Double(c.numerator(r)) / Double(n)
        guard let pos = FunnelPlot.position(rate: rate, n: n, p0: p0) else { return ("无数据", false, nil) }
        let small = n < m.minDenominator ? "样本不足，不排名；" : ""
        let belowTarget = c.target.map { rate < $0 } ?? false
        let text: String
        switch pos {
        case .lowOutlier: text = "低于全院（99.8%控制限外，确有差异）"
        case .highOutlier: text = "高于全院（99.8%控制限外，确有差异）"
        case .lowWarning: text = "偏低（95%与99.8%控制限之间，预警）"
        case .highWarning: text = "偏高（95%与99.8%控制限之间）"
        case .inControl: text = belowTarget ? "低于目标，但与全院无显著差异" : "与全院无显著差异"
        }
        return (small + text, pos == .lowOutlier || pos == .highOutlier, pos)
    }

    /// Competition ranking (1 = highest rate) among departments with enough denominator.
    func ranks(_ c: Compared) -> [String: Int] {
        let ranked = m.departmentUnits.filter { c.denominator($0) >= m.minDenominator && c.denominator($0) > 0 }
            .map { ($0.unit, Double(c.numerator($0)) / Double(c.denominator($0))) }
        var out: [String: Int] = [:]
        for (unit, rate) in ranked { out[unit] = 1 + ranked.filter { $0.1 > rate + 1e-12 }.count }
        return out
    }

    func funnels() -> ReportSection {
        var s = ReportSection(name: "漏斗图", title: "漏斗图：科室与全院比较")
        s.notes = [
            "横轴为分母（人数），纵轴为比率；黑线为全院比率，橙色虚线为 95% 控制限，红线为 99.8% 控制限（正态近似 p0 ± z·√(p0(1−p0)/n)，Spiegelhalter 2005）。",
            "落在 99.8% 控制限外的科室与全院确有差异（离群）；在控制限内的科室即使低于目标，也与全院无显著差异，差别可能只是偶然。分母少于 \(m.minDenominator) 的科室标出但不参与排名。",
            "置信区间为 Wilson 95% 区间：区间越宽，比率越不确定。",
        ]
        for c in comparedMetrics {
            let rk = ranks(c)
            let depts = m.departmentUnits
            var t = ReportTable(title: "\(c.label)：各科室（\(m.period)）",
                columns: ["科室", "分母", "分子", c.label, "\(c.label)（\(c.parts)）", "95%置信区间下限", "95%置信区间上限",
                          "全院\(c.label)", "99.8%控制限下限", "99.8%控制限上限", "排名", "判断", "离群"], rows: [])
            let p0 = hospitalRate(c)
            for r in depts {
                let n = c.denominator(r), x = c.numerator(r)
                let v: Double? = n > 0 ? Double(x) / Double(n) : nil
                let ci = WilsonInterval.interval(successes: x, trials: n)
                let lim = p0.flatMap { FunnelPlot.limits(p0: $0, n: n) }
                let j = funnelJudgement(r, c)
                let state = flags.state(v, denominator: n, target: c.target)
                t.rows.append([
                    .text(r.unit), .int(n), .int(x), pct(v, state), frac(x, n), .percent(ci?.low, .normal),
                    .percent(ci?.high, .normal), .percent(p0, .normal), .percent(lim?.lower998, .normal),
                    .percent(lim?.upper998, .normal), rk[r.unit].map { .int($0) } ?? .text(n > 0 ? "不排名" : ""),
                    .text(j.text), .text(j.outlier ? "离群" : ""),
                ])
            }
            t.emptyText = "本期没有出院记录"
            s.tables.append(t)
            let pointsIndex = s.tables.count - 1
            var curve = ReportTable(title: "\(c.label)：控制限曲线（按分母）",
                columns: ["分母", "全院", "95%下限", "95%上限", "99.8%下限", "99.8%上限"], rows: [])
            let ns = depts.map(c.denominator).filter { $0 > 0 }
            if let p0, let maxN = ns.max() {
                for n in FunnelPlot.grid(from: max(2, min(ns.min() ?? 2, m.minDenominator) - 1), to: maxN + maxN / 10 + 1, points: 30) {
                    guard let l = FunnelPlot.limits(p0: p0, n: n) else { continue }
                    curve.rows.append([.int(n), .percent(p0, .normal), .percent(l.lower95, .normal), .percent(l.upper95, .normal),
                        .percent(l.lower998, .normal), .percent(l.upper998, .normal)])
                }
            }
            curve.note = "作图用：全院比率及其控制限在一组分母上的取值。"
            curve.emptyText = "没有可比较的数据"
            s.tables.append(curve)
            if !t.rows.isEmpty && !curve.rows.isEmpty {
                s.charts.append(ReportChart(kind: .funnel, title: "\(c.label)漏斗图", table: pointsIndex, seriesColumns: [3],
                    rows: 0..<t.rows.count, percentAxis: true, xColumn: 1, curveTable: pointsIndex + 1,
                    curveColumns: [1, 2, 3, 4, 5], flagColumn: 12))
                s.charts.append(ReportChart(kind: .intervals, title: "\(c.label)及其 95% 置信区间（虚线：全院）",
                    table: pointsIndex, seriesColumns: [3], rows: 0..<t.rows.count, percentAxis: true, lowColumn: 5,
                    highColumn: 6, reference: p0))
            }
        }
        return s
    }

    // MARK: - Control charts

    /// p-charts per unit and metric over the trend's months.
    func controlCharts() -> [(unit: String, metric: Compared, months: [String], chart: PChart.Chart)] {
        let months = Array(Set(m.trend.map(\.cohort))).sorted()
        var byKey: [String: MetricRow] = [:]
        for r in m.trend { byKey[r.cohort + "\u{1}" + r.unit] = r }
        let units = [ReportModel.hospitalUnit] + Array(Set(m.trend.map(\.unit)).subtracting([ReportModel.hospitalUnit])).sorted()
        var out: [(String, Compared, [String], PChart.Chart)] = []
        for c in comparedMetrics {
            for u in units {
                let inputs = months.map { month -> PChart.Input in
                    let r = byKey[month + "\u{1}" + u]
                    return PChart.Input(label: month, numerator: r.map(c.numerator) ?? 0, denominator: r.map(c.denominator) ?? 0)
                }
                out.append((u, c, months, PChart.analyse(inputs, sigma: m.statistics.controlSigma, runLength: m.statistics.runLength)))
            }
        }
        return out
    }

    static func signalText(_ p: PChart.Point) -> String {
        p.signals.map { s -> String in
            switch s {
            case .aboveLimit: return "高于上控制限"
            case .belowLimit: return "低于下控制限"
            case .runAbove: return "连续高于中心线"
            case .runBelow: return "连续低于中心线"
            }
        }.joined(separator: "、")
    }

    func control() -> ReportSection {
        var s = ReportSection(name: "控制图", title: "控制图（p 图）：月度变化是偶然还是异常")
        let sigma = ReportFormat.decimal(m.statistics.controlSigma)
        s.notes = [
            "中心线为该科室（或全院）各月合计的比率 p̄；控制限为 p̄ ± \(sigma)·√(p̄(1−p̄)/n)，n 为当月分母，故每月不同。",
            "特殊原因：某月落在控制限外，或连续 \(m.statistics.runLength) 个月在中心线同一侧。控制限内的起伏是常规波动，不宜逐月追究。",
            "“满意率连续 \(6) 个月排名后两位”的规则照旧，见概览。",
        ]
        let charts = controlCharts()
        var summary = ReportTable(title: "各科室特殊原因汇总",
            columns: ["科室", "指标", "有数据月数", "中心线", "最近月", "最近月比率", "最近月下控制限", "最近月上控制限", "特殊原因月数", "特殊原因"],
            rows: [])
        for (unit, c, _, chart) in charts {
            let withData = chart.points.filter { $0.rate != nil }
            guard let last = withData.last else { continue }
            let flagged = chart.points.filter(\.isSpecialCause)
            summary.rows.append([
                .text(unit), .text(c.label), .int(withData.count), .percent(chart.centre, .normal), .text(last.label),
                .percent(last.rate, .normal), .percent(last.lower, .normal), .percent(last.upper, .normal),
                .int(flagged.count), .text(flagged.map { "\($0.label) \(Self.signalText($0))" }.joined(separator: "；")),
            ])
        }
        summary.totalRows = Set(summary.rows.indices.filter { summary.rows[$0].first == .text(ReportModel.hospitalUnit) })
        summary.emptyText = "数据库中没有月度数据"
        s.tables.append(summary)
        // Detail tables with charts: the hospital, and every department with a special cause.
        for (unit, c, _, chart) in charts where unit == ReportModel.hospitalUnit || chart.specialCauses > 0 {
            guard chart.points.filter({ $0.rate != nil }).count >= 2 else { continue }
            var t = ReportTable(title: "\(unit)：\(c.label)月度 p 图",
                columns: ["月份", "分子", "分母", c.label, "\(c.label)（\(c.parts)）", "中心线", "下控制限", "上控制限", "特殊原因"],
                rows: chart.points.map { p in
                    [.text(p.label), .int(p.numerator), .int(p.denominator), .percent(p.rate, .normal),
                     frac(p.numerator, p.denominator), .percent(p.rate == nil ? nil : chart.centre, .normal),
                     .percent(p.lower, .normal), .percent(p.upper, .normal), .text(Self.signalText(p))]
                })
            t.emptyText = "数据库中没有月度数据"
            s.tables.append(t)
            s.charts.append(ReportChart(kind: .control, title: "\(unit) \(c.label) p 图", table: s.tables.count - 1,
                seriesColumns: [3, 5, 6, 7], rows: 0..<t.rows.count, percentAxis: true, flagColumn: 8))
        }
        return s
    }

    // MARK: - 口径说明

    func definitions() -> ReportSection {
        var s = ReportSection(name: "口径说明", title: "口径说明")
        s.notes = [
            "每个比率旁的“分子/分母”列给出计算所用的人数；比率列为数值，可排序筛选。分母为 0 时比率留空。",
            "回访率（本院口径）只算应访患者；出院患者随访比例（国家口径）按全部出院患者计、不作任何排除，两者并列以便与国家质控指标对照。",
        ]
        let rows: [(String, String, String, String, String)] = [
            ("出院人数", "discharges", "—", "—", "报告期内出院的患者（住院号+出院日期去重）"),
            ("免访人数", "excluded", "—", "—", "符合任一免访规则的出院患者，按规则顺序取第一条原因"),
            ("应访人数", "eligible", "—", "—", "出院人数 − 免访人数"),
            ("无有效号码", "no_valid_contact", "—", "—", "应访患者中没有任何可用号码者（清洗后，且未被回访员报告为空号/错号，非多人共用号码）"),
            ("已拨打", "attempted", "—", "—", "应访患者中至少有一次已计入回访记录者"),
            ("成功回访", "reached", "—", "—", "应访患者中至少有一次回访结果为成功者"),
            ("回访率", "followup_rate", "成功回访的应访患者", "应访患者", "本院口径；只计截至日期前的回访"),
            ("出院患者随访比例（国家口径）", "nhc_followup_ratio", "至少一次成功回访的出院患者（多次回访只计一次）", "全部出院患者（不排除）", "国家医疗质量管理口径：已随访出院患者 / 同期出院患者"),
            ("接通率", "contact_success_rate", "成功回访的应访患者", "已拨打的应访患者", ""),
            ("及时回访率", "timely_rate", "出院后 \(m.timelyDays) 天内首次成功回访的应访患者", "应访患者", "按日历天数计"),
            ("首次回访天数", "median_days_to_contact", "—", "成功回访患者", "出院日至首次成功回访的天数：中位数，及 90% 分位（就近秩）"),
            ("满意率", "satisfaction_rate", "回答满意的患者", "回答了满意度的成功回访患者", "按患者首次回答计（满意/一般/不满意三级）"),
            ("接触率", "contact_rate", "最终状态为成功、拒访或挂断的患者", "已拨打的应访患者", "AAPOR 口径：有人接听"),
            ("合作率", "cooperation_rate", "成功回访的患者", "有人接听的患者", "AAPOR 口径"),
            ("拒访率", "refusal_rate", "最终状态为拒访或挂断的患者", "已拨打的应访患者", "AAPOR 口径"),
            ("无效号码率", "bad_number_rate", "最终状态为空号、错号或停机的患者", "已拨打的应访患者", ""),
            ("投诉", "complaints", "—", "—", "成功回访中标记投诉、回答不满意或意见属投诉主题的通话"),
            ("表扬", "praise", "—", "—", "成功回访中填写表扬或意见点名表扬医护的通话"),
            ("95% 置信区间", "<比率>_low / <比率>_high", "—", "—", "Wilson 得分区间（z = 1.96），departments.csv 与 trend.csv 中每个比率均有"),
            ("漏斗图控制限", "—", "—", "—", "全院比率 p0 ± z·√(p0(1−p0)/n)，z = 1.96（95%）与 3.09（99.8%），截断到 0–100%；99.8% 外为离群"),
            ("控制图（p 图）", "—", "—", "—", "中心线为各月合计比率，控制限 ± \(ReportFormat.decimal(m.statistics.controlSigma))σ；超出控制限或连续 \(m.statistics.runLength) 个月在中心线同侧为特殊原因"),
        ]
        var defs = ReportTable(title: "指标定义", columns: ["指标", "字段名", "分子", "分母", "说明"],
            rows: rows.map { [.text($0.0), .text($0.1), .text($0.2), .text($0.3), .text($0.4)] })
        defs.isList = true
        s.tables.append(defs)

        let rules: [(String, String)] = [
            ("died_in_hospital", "离院方式为 5（死亡）或出院情况为死亡"),
            ("left_against_advice", "离院方式为 4（非医嘱离院/自动出院）"),
            ("stay_under_24h", "出院时间 − 入院时间不足 24 小时（只有日期时为同日出入院）"),
            ("privacy_diagnosis", "诊断编码以配置的隐私前缀开头（默认 O04–O07、A50–A64、B20–B24）"),
            ("do_not_call", "住院号在不予回访名单上"),
            ("died_after_discharge", "回访结果为已故"),
        ]
        var counts: [String: Int] = [:]
        for e in m.exclusions where e.unit == ReportModel.hospitalUnit { counts[e.code] = e.count }
        var excl = ReportTable(title: "免访（排除）规则与本期全院人数", columns: ["原因", "代码", "规则", "人数"],
            rows: rules.map { code, rule in
                [.text(ReportLabels.label(ReportLabels.exclusion, code)), .text(code), .text(rule), .int(counts[code] ?? 0)]
            })
        for (code, n) in counts.sorted(by: { $0.key < $1.key }) where !rules.contains(where: { $0.0 == code }) {
            excl.rows.append([.text(ReportLabels.label(ReportLabels.exclusion, code)), .text(code), .text(""), .int(n)])
        }
        excl.rows.append([.text("合计"), .text(""), .text(""), .int(m.hospital?.excluded ?? 0)])
        excl.totalRows = [excl.rows.count - 1]
        s.tables.append(excl)

        let q = m.statistics.dataQuality
        func limit(_ l: DataQualityRules.Limit) -> String {
            "注意 \(ReportFormat.percent(l.attention))，异常 \(ReportFormat.percent(l.abnormal))"
        }
        var params = ReportTable(title: "本期参数与阈值", columns: ["参数", "取值"], rows: [
            [.text("报告期"), .text(m.period)],
            [.text("出院日期自"), .date(m.periodStart)],
            [.text("出院日期至"), .date(m.periodEnd)],
            [.text("回访记录截至"), .date(m.asOf)],
            [.text("回访率目标"), pct(m.targets.followupRate)],
            [.text("及时回访率目标"), pct(m.targets.timelyRate)],
            [.text("满意率目标"), pct(m.targets.satisfactionRate)],
            [.text("最小分母（少于此数不标记、不排名）"), .int(m.minDenominator)],
            [.text("及时回访天数"), .int(m.timelyDays)],
            [.text("共用号码阈值（不同患者数）"), .int(m.sharedNumberThreshold)],
            [.text("控制图控制限（σ）"), .number(m.statistics.controlSigma)],
            [.text("控制图连续同侧月数"), .int(m.statistics.runLength)],
            [.text("数据质量：回访晚于出院天数"), .int(q.lateCallDays)],
            [.text("数据质量：必填字段完整率低于"), .text(limit(q.requiredCompleteness))],
            [.text("数据质量：有用字段完整率低于"), .text(limit(q.usefulCompleteness))],
            [.text("数据质量：拒收行比例高于"), .text(limit(q.rejectedShare))],
            [.text("数据质量：重复行比例高于"), .text(limit(q.duplicateShare))],
            [.text("数据质量：迟录回访比例高于"), .text(limit(q.lateCallShare))],
            [.text("数据质量：回访早于出院比例高于"), .text(limit(q.beforeDischargeShare))],
            [.text("数据质量：未匹配比例高于"), .text(limit(q.unmatchedShare))],
            [.text("数据质量：未分类结果比例高于"), .text(limit(q.unclassifiedShare))],
            [.text("数据质量：HIS 无效号码比例高于"), .text(limit(q.invalidNumberShare))],
        ])
        params.emptyText = ""
        s.tables.append(params)
        return s
    }
}

// MARK: - Outcome rates and data quality

extension SectionBuilder {
    /// Contact / cooperation / refusal / bad-number rates with their counts, one row per unit.
    func outcomeTable(title: String, unitHeader: String,
                      rows: [(unit: String, attempted: Int, answered: Int, reached: Int, refusals: Int, bad: Int)]) -> ReportTable {
        var t = ReportTable(title: title,
            columns: [unitHeader, "已拨打", "有人接听", "成功回访", "拒访/挂断", "空号/错号/停机"]
                + Self.pairHeader("接触率", "接听/已拨打") + Self.pairHeader("合作率", "成功/接听")
                + Self.pairHeader("拒访率", "拒访挂断/已拨打") + Self.pairHeader("无效号码率", "无效/已拨打"),
            rows: [])
        func r(_ n: Int, _ d: Int) -> [ReportValue] {
            let v: Double? = d > 0 ? Double(n) / Double(d) : nil
            return rate(v, flags.state(v, denominator: d, target: nil), n, d)
        }
        t.cells = rows.map { u in
            [.text(u.unit), .int(u.attempted), .int(u.answered), .int(u.reached), .int(u.refusals), .int(u.bad)]
                + r(u.answered, u.attempted) + r(u.reached, u.answered) + r(u.refusals, u.attempted) + r(u.bad, u.attempted)
        }
        t.totalRows = Set(rows.indices.filter { rows[$0].unit == ReportModel.hospitalUnit })
        t.emptyText = "本期没有回访记录"
        return t
    }

    static func share(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }

    /// Status and the reasons for it of one input file.
    func status(_ f: FileQualityRow) -> (QualityStatus, [String]) {
        let q = m.statistics.dataQuality
        var checks: [(String, QualityStatus)] = [
            ("必填字段不全", DataQualityRules.under(f.requiredCompleteness, q.requiredCompleteness)),
            ("有用字段不全", DataQualityRules.under(f.usefulCompleteness, q.usefulCompleteness)),
            ("拒收行多", DataQualityRules.over(Self.share(f.rejected, f.dataRows), q.rejectedShare)),
            ("重复行多", DataQualityRules.over(Self.share(f.duplicate, f.dataRows), q.duplicateShare)),
        ]
        if f.kind == "his" {
            checks.append(("无效号码多", DataQualityRules.over(Self.share(f.withInvalidNumber, f.discharges), q.invalidNumberShare)))
        } else {
            checks += [
                ("迟录回访多", DataQualityRules.over(Self.share(f.lateCalls, f.datedCalls), q.lateCallShare)),
                ("回访早于出院", DataQualityRules.over(Self.share(f.beforeDischarge, f.dataRows), q.beforeDischargeShare)),
                ("未匹配多", DataQualityRules.over(Self.share(f.unmatched, f.dataRows), q.unmatchedShare)),
                ("未分类结果多", DataQualityRules.over(Self.share(f.unclassified, f.dataRows), q.unclassifiedShare)),
            ]
        }
        let worst = checks.map(\.1).max() ?? .ok
        return (worst, checks.filter { $0.1 != .ok }.map { "\($0.0)（\($0.1.label)）" })
    }

    func status(_ a: AgentQualityRow) -> (QualityStatus, [String]) {
        let q = m.statistics.dataQuality
        let checks: [(String, QualityStatus)] = [
            ("必填字段不全", DataQualityRules.under(a.requiredCompleteness, q.requiredCompleteness)),
            ("拒收行多", DataQualityRules.over(Self.share(a.rejected, a.rows), q.rejectedShare)),
            ("重复行多", DataQualityRules.over(Self.share(a.duplicate, a.rows), q.duplicateShare)),
            ("迟录回访多", DataQualityRules.over(Self.share(a.lateCalls, a.datedCalls), q.lateCallShare)),
            ("回访早于出院", DataQualityRules.over(Self.share(a.beforeDischarge, a.rows), q.beforeDischargeShare)),
            ("未匹配多", DataQualityRules.over(Self.share(a.unmatched, a.rows), q.unmatchedShare)),
            ("未分类结果多", DataQualityRules.over(Self.share(a.unclassified, a.rows), q.unclassifiedShare)),
        ]
        let worst = checks.map(\.1).max() ?? .ok
        return (worst, checks.filter { $0.1 != .ok }.map { "\($0.0)（\($0.1.label)）" })
    }

    /// The per-file, per-agent and per-department quality tables (placed first in 数据质量).
    func qualityTables() -> [ReportTable] {
        let q = m.statistics.dataQuality
        func r(_ n: Int, _ d: Int) -> [ReportValue] { [pct(Self.share(n, d)), frac(n, d)] }
        var files = ReportTable(title: "各输入文件数据质量",
            note: "状态取各项检查中最差者；阈值见口径说明。迟录：回访日期晚于出院 \(q.lateCallDays) 天以上。"
                + "重复行多见于相邻月份重叠或更正后重新导出的名单（后读入的文件为准），核实后可忽略。",
            columns: ["文件", "类型", "数据行", "状态", "问题", "必填字段完整率", "有用字段完整率"]
                + Self.pairHeader("重复率", "重复/数据行") + Self.pairHeader("拒收率", "拒收/数据行")
                + Self.pairHeader("迟录回访比例", "迟录/已匹配") + ["回访早于出院", "未匹配", "未分类结果"]
                + Self.pairHeader("HIS无效号码比例", "有无效号码/出院记录"),
            rows: [])
        for f in m.fileQuality {
            let (st, why) = status(f)
            let his = f.kind == "his"
            files.rows.append(
                [.text(f.path), .text(ReportLabels.label(ReportLabels.fileKind, f.kind)), .int(f.dataRows), .text(st.label),
                 .text(why.joined(separator: "；")), pct(f.requiredCompleteness), pct(f.usefulCompleteness)]
                    + r(f.duplicate, f.dataRows) + r(f.rejected, f.dataRows)
                    + (his ? [.blank, .blank] : r(f.lateCalls, f.datedCalls))
                    + (his ? [.blank, .blank, .blank] : [.int(f.beforeDischarge), .int(f.unmatched), .int(f.unclassified)])
                    + (his ? r(f.withInvalidNumber, f.discharges) : [.blank, .blank]))
        }
        files.emptyText = "没有输入文件记录"

        var agents = ReportTable(title: "各回访员数据质量（本次读入的回访登记）",
            columns: ["回访员", "记录行", "状态", "问题", "必填字段完整率"] + Self.pairHeader("重复率", "重复/记录") + Self.pairHeader("迟录回访比例", "迟录/已匹配")
                + ["拒收", "回访早于出院", "未匹配", "未分类结果"],
            rows: m.agentQuality.map { a in
                let (st, why) = status(a)
                return [.text(a.agent), .int(a.rows), .text(st.label), .text(why.joined(separator: "；")),
                        pct(a.requiredCompleteness)] + r(a.duplicate, a.rows) + r(a.lateCalls, a.datedCalls)
                    + [.int(a.rejected), .int(a.beforeDischarge), .int(a.unmatched), .int(a.unclassified)]
            })
        agents.emptyText = "没有回访登记"

        var fields = ReportTable(title: "字段完整率（按文件）",
            columns: ["文件", "字段", "必填", "完整率", "已填/行数"],
            rows: m.fieldCompleteness.map { f in
                [.text(f.path), .text(f.field), .text(f.required ? "是" : "否"), pct(Self.share(f.filled, f.rows)), frac(f.filled, f.rows)]
            })
        fields.emptyText = "没有输入文件记录"

        var depts = ReportTable(title: "HIS 提供的无效号码（本期出院，按科室）",
            columns: ["科室", "出院人数", "有无效号码的患者"] + Self.pairHeader("无效号码比例", "有无效号码/出院"),
            rows: m.invalidNumbers.map { d in
                [.text(d.unit), .int(d.discharges), .int(d.withInvalidNumber)] + r(d.withInvalidNumber, d.discharges)
            })
        depts.totalRows = Set(m.invalidNumbers.indices.filter { m.invalidNumbers[$0].unit == ReportModel.hospitalUnit })
        depts.emptyText = "本期没有出院记录"
        return [files, agents, depts, fields]
    }
}
