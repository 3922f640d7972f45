/// Builds the report's sections from the model: labels, masking, flags and layout, in the
/// sheet order of SPEC §9. Nothing here knows about XLSX or HTML.
extension ReportDocument {
    /// A list longer than this is cut (Excel holds 1,048,576 rows per sheet).
    static let maxListRows = 1_000_000

    public init(model m: ReportModel, mask: ReportMask) {
        (title, subtitle) = Self.heading(m, mask: mask)
        let b = SectionBuilder(model: m, mask: mask)
        sections = Self.layout.map { $0.build(b) }
    }

    /// The title and subtitle of every sheet and of the page: from the fields every model has.
    static func heading(_ m: ReportModel, mask: ReportMask) -> (title: String, subtitle: String) {
        ("\(m.hospitalName) 出院患者随访报告 \(m.period)",
         "出院日期 \(m.periodStart) 至 \(m.periodEnd)；回访记录截至 \(m.asOf)" + (mask.enabled ? "" : "；未脱敏，仅供内部使用"))
    }

    /// One section, and the parts of the model it is made from besides the fields every model
    /// has (period, targets, departments, trend, failures, exclusions).
    struct SectionLayout: Sendable {
        /// The sheet's name, as its builder names it.
        var name: String
        /// A list sheet never holds a chart (`ReportWorkbook.Slot`).
        var isList = false
        var needs: Set<ReportModel.PartID> = []
        var build: @Sendable (SectionBuilder) -> ReportSection
    }

    /// The sections in sheet order (SPEC §9). `needs` must name every part a builder reads:
    /// the workbook writes a section as soon as those parts are read (`ReportWriter`), and a
    /// test builds each section from its parts only and compares it with the whole model's
    /// (and checks the names and that list sheets have no chart).
    static let layout: [SectionLayout] = [
        SectionLayout(name: "概览", build: { $0.summary() }),
        SectionLayout(name: "科室统计", build: { $0.departments() }),
        SectionLayout(name: "漏斗图", build: { $0.funnels() }),
        SectionLayout(name: "趋势", build: { $0.trend() }),
        SectionLayout(name: "控制图", build: { $0.control() }),
        SectionLayout(name: "失访原因", build: { $0.failures() }),
        SectionLayout(name: "满意度", needs: [.satisfactionItems], build: { $0.satisfaction() }),
        SectionLayout(name: "投诉主题", needs: [.themes], build: { $0.themes() }),
        SectionLayout(name: "回访员", isList: true, needs: [.agents, .agentOutcomes, .agentWorkload], build: { $0.agents() }),
        SectionLayout(name: "无效号码", isList: true, needs: [.contactProblems], build: { $0.contacts() }),
        SectionLayout(
            name: "数据质量", isList: true,
            needs: [.dataQuality, .fileQuality, .fieldCompleteness, .agentQuality, .invalidNumbers],
            build: { $0.dataQuality() }),
        SectionLayout(name: "待回访", isList: true, needs: [.pending], build: { $0.pending() }),
        SectionLayout(name: "口径说明", isList: true, build: { $0.definitions() }),
    ]
}

extension SectionBuilder {
    /// A builder with the model's own flags (targets and minimum denominator).
    init(model: ReportModel, mask: ReportMask) {
        self.init(m: model, mask: mask, flags: ReportFlags(targets: model.targets, minDenominator: model.minDenominator))
    }
}

struct SectionBuilder: Sendable {
    let m: ReportModel
    let mask: ReportMask
    let flags: ReportFlags

    var legend: String {
        "红色：低于目标；灰色斜体：分母少于 \(m.minDenominator)，仅供参考，不参与排名与标记。"
    }

    func pct(_ d: Double?, _ s: RateState = .normal) -> ReportValue { .percent(d, s) }

    // MARK: - 概览

    func summary() -> ReportSection {
        var s = ReportSection(name: "概览", title: "概览")
        s.notes = [legend]
        var info = ReportTable(title: "报告信息", columns: ["项目", "内容"], rows: [
            [.text("医院"), .text(m.hospitalName)],
            [.text("报告期"), .text(m.period)],
            [.text("出院日期自"), .date(m.periodStart)],
            [.text("出院日期至"), .date(m.periodEnd)],
            [.text("回访记录截至"), .date(m.asOf)],
            [.text("及时回访"), .text("出院后 \(m.timelyDays) 天内首次成功回访")],
            [.text("个人信息"), .text(mask.enabled ? "已脱敏" : "未脱敏（内部使用）")],
        ])
        info.emptyText = ""
        s.tables.append(info)

        let h = m.hospital
        func count(_ label: String, _ v: Int?) -> [ReportValue] { [.text(label), v.map { .int($0) } ?? .blank, .blank, .blank, .blank] }
        func rate(_ label: String, _ v: Double?, _ n: Int, _ d: Int, _ target: Double?, _ state: RateState) -> [ReportValue] {
            let status: String
            switch state {
            case .smallSample: status = "样本不足"
            case .belowTarget: status = "低于目标"
            case .normal: status = target == nil || v == nil ? "" : "达标"
            }
            return [.text(label), pct(v, state), frac(n, d), target.map { pct($0) } ?? .blank, .text(status)]
        }
        var key = ReportTable(title: "全院关键指标", columns: ["指标", "全院", "分子/分母", "目标", "状态"], rows: [])
        if let h {
            key.rows = [
                count("出院人数", h.discharges), count("免访人数", h.excluded), count("应访人数", h.eligible),
                count("无有效号码", h.noValidContact), count("已拨打", h.attempted), count("成功回访", h.reached),
                rate("回访率", h.followupRate, h.reached, h.eligible, m.targets.followupRate, flags.followup(h)),
                rate("出院患者随访比例（国家口径）", h.nhcFollowupRatio, h.reachedAny, h.discharges, nil,
                     flags.state(h.nhcFollowupRatio, denominator: h.discharges, target: nil)),
                rate("接通率", h.contactSuccessRate, h.reached, h.attempted, nil, flags.contact(h)),
                rate("及时回访率", h.timelyRate, h.timely, h.eligible, m.targets.timelyRate, flags.timely(h)),
                rate("满意率", h.satisfactionRate, h.satisfied, h.answered, m.targets.satisfactionRate, flags.satisfaction(h)),
                [.text("首次成功回访天数（中位数）"), .number(h.medianDaysToContact), .blank, .blank, .blank],
                [.text("首次成功回访天数（90%分位）"), .number(h.p90DaysToContact), .blank, .blank, .blank],
                count("投诉", h.complaints), count("表扬", h.praise),
            ]
        }
        key.emptyText = "本期没有出院记录"
        s.tables.append(key)

        var attention = ReportTable(title: "需关注的科室", columns: ["类型", "科室", "数值", "说明"], rows: [])
        // Below target: the funnel says whether the gap is beyond chance (回访率, 满意率).
        let compared = Dictionary(uniqueKeysWithValues: comparedMetrics.map { ($0.code, $0) })
        let checks: [(String, (MetricRow) -> Double?, (MetricRow) -> RateState, Double, String)] = [
            ("回访率低于目标", { $0.followupRate }, flags.followup, m.targets.followupRate, "followup_rate"),
            ("及时回访率低于目标", { $0.timelyRate }, flags.timely, m.targets.timelyRate, "timely_rate"),
            ("满意率低于目标", { $0.satisfactionRate }, flags.satisfaction, m.targets.satisfactionRate, "satisfaction_rate"),
        ]
        for (label, value, state, target, code) in checks {
            for r in m.departmentUnits where state(r) == .belowTarget {
                let funnel = compared[code].map { "；漏斗图：" + funnelJudgement(r, $0).text } ?? ""
                attention.rows.append([.text(label), .text(r.unit), pct(value(r), .belowTarget),
                    .text("目标 " + ReportFormat.percent(target) + funnel)])
            }
        }
        let lastMonth = String(m.periodEnd.prefix(7))
        for unit in flags.bottomTwoStreak(trend: m.trend, lastMonth: lastMonth) {
            attention.rows.append([.text("满意率连续 \(flags.streakMonths) 个月排名后两位"), .text(unit), .blank,
                .text("截至 \(lastMonth)")])
        }
        // Outliers not already listed as below target (e.g. far above the hospital).
        for c in comparedMetrics {
            for r in m.departmentUnits {
                let j = funnelJudgement(r, c)
                let v = c.denominator(r) > 0 ? Double(c.numerator(r)) / Double(c.denominator(r)) : nil
                let listed = c.denominator(r) >= m.minDenominator && (c.target.map { (v ?? 1) < $0 } ?? false)
                guard j.outlier && !listed else { continue }
                attention.rows.append([.text("漏斗图：\(c.label)离群"), .text(r.unit), pct(v), .text(j.text)])
            }
        }
        for (unit, c, _, chart) in controlCharts() where unit != ReportModel.hospitalUnit && chart.specialCauses > 0 {
            let last = chart.points.filter(\.isSpecialCause).map(\.label).max() ?? ""
            attention.rows.append([.text("控制图：\(c.label)特殊原因"), .text(unit), .int(chart.specialCauses),
                .text("最近 \(last)，见控制图")])
        }
        for r in m.departmentUnits where r.eligible < m.minDenominator {
            attention.rows.append([.text("样本不足"), .text(r.unit), .int(r.eligible),
                .text("应访人数少于 \(m.minDenominator)，比率仅供参考")])
        }
        attention.emptyText = "没有低于目标的科室"
        s.tables.append(attention)

        var excl = ReportTable(title: "免访原因（全院）", columns: ["原因", "代码", "人数"], rows: [])
        excl.cells = m.exclusions.filter { $0.unit == ReportModel.hospitalUnit }.map {
            [.text(ReportLabels.label(ReportLabels.exclusion, $0.code)), .text($0.code), .int($0.count)]
        }
        excl.emptyText = "本期没有免访的出院患者"
        s.tables.append(excl)
        return s
    }

    // MARK: - 科室统计

    static let departmentColumns =
        ["科室", "出院人数", "免访人数", "应访人数", "无有效号码", "已拨打", "成功回访"]
        + pairHeader("回访率", "成功回访/应访") + pairHeader("出院患者随访比例（国家口径）", "已随访/出院")
        + pairHeader("接通率", "成功回访/已拨打") + pairHeader("及时回访率", "及时/应访")
        + ["首次回访天数中位数", "首次回访天数90%分位", "满意", "一般", "不满意"] + pairHeader("满意率", "满意/回答")
        + ["投诉", "表扬", "提示"]

    func departmentRow(_ r: MetricRow) -> [ReportValue] {
        var below: [String] = []
        if flags.followup(r) == .belowTarget { below.append("回访率") }
        if flags.timely(r) == .belowTarget { below.append("及时率") }
        if flags.satisfaction(r) == .belowTarget { below.append("满意率") }
        var notes = below.isEmpty ? [] : ["低于目标：" + below.joined(separator: "、")]
        if r.eligible < m.minDenominator { notes.append("样本不足") }
        if r.unit != ReportModel.hospitalUnit {
            for c in comparedMetrics where funnelJudgement(r, c).outlier { notes.append("\(c.label)离群（见漏斗图）") }
        }
        return [
            .text(r.unit), .int(r.discharges), .int(r.excluded), .int(r.eligible), .int(r.noValidContact),
            .int(r.attempted), .int(r.reached),
        ] + rate(r.followupRate, flags.followup(r), r.reached, r.eligible)
            + rate(r.nhcFollowupRatio, flags.state(r.nhcFollowupRatio, denominator: r.discharges, target: nil), r.reachedAny, r.discharges)
            + rate(r.contactSuccessRate, flags.contact(r), r.reached, r.attempted)
            + rate(r.timelyRate, flags.timely(r), r.timely, r.eligible)
            + [.number(r.medianDaysToContact), .number(r.p90DaysToContact), .int(r.satisfied), .int(r.neutral), .int(r.dissatisfied)]
            + rate(r.satisfactionRate, flags.satisfaction(r), r.satisfied, r.answered)
            + [.int(r.complaints), .int(r.praise), .text(notes.joined(separator: "；"))]
    }

    func departments() -> ReportSection {
        var s = ReportSection(name: "科室统计", title: "科室统计")
        var t = ReportTable(
            title: "各科室指标（\(m.period)）",
            note: "目标：回访率 \(ReportFormat.percent(m.targets.followupRate))，及时回访率 \(ReportFormat.percent(m.targets.timelyRate))，满意率 \(ReportFormat.percent(m.targets.satisfactionRate))。" + legend,
            columns: Self.departmentColumns, rows: m.departments.map(departmentRow))
        t.totalRows = Set(m.departments.indices.filter { m.departments[$0].unit == ReportModel.hospitalUnit })
        t.isList = true
        t.emptyText = "本期没有出院记录"
        func col(_ name: String) -> Int { Self.departmentColumns.firstIndex(of: name) ?? 0 }
        t.targetRules = [
            TargetRule(column: col("回访率"), denominatorColumns: [col("应访人数")], target: m.targets.followupRate,
                minDenominator: m.minDenominator),
            TargetRule(column: col("及时回访率"), denominatorColumns: [col("应访人数")], target: m.targets.timelyRate,
                minDenominator: m.minDenominator),
            TargetRule(column: col("满意率"), denominatorColumns: [col("满意"), col("一般"), col("不满意")],
                target: m.targets.satisfactionRate, minDenominator: m.minDenominator),
        ]
        s.tables = [t]
        return s
    }

    // MARK: - 趋势

    func trend() -> ReportSection {
        var s = ReportSection(name: "趋势", title: "月度趋势")
        let months = Array(Set(m.trend.map(\.cohort))).sorted()
        let units = [ReportModel.hospitalUnit] + Array(Set(m.trend.map(\.unit)).subtracting([ReportModel.hospitalUnit])).sorted()
        var byKey: [String: MetricRow] = [:]
        for r in m.trend { byKey[r.cohort + "\u{1}" + r.unit] = r }

        var hospital = ReportTable(
            title: "全院月度指标",
            columns: ["月份", "出院人数", "应访人数", "成功回访"] + Self.pairHeader("回访率", "成功回访/应访")
                + Self.pairHeader("及时回访率", "及时/应访") + Self.pairHeader("满意率", "满意/回答") + ["投诉", "表扬"], rows: [])
        for month in months {
            guard let r = byKey[month + "\u{1}" + ReportModel.hospitalUnit] else { continue }
            hospital.rows.append(
                [.text(month), .int(r.discharges), .int(r.eligible), .int(r.reached)]
                    + rate(r.followupRate, flags.followup(r), r.reached, r.eligible)
                    + rate(r.timelyRate, flags.timely(r), r.timely, r.eligible)
                    + rate(r.satisfactionRate, flags.satisfaction(r), r.satisfied, r.answered)
                    + [.int(r.complaints), .int(r.praise)])
        }
        hospital.emptyText = "数据库中没有月度数据"
        s.tables.append(hospital)
        if !hospital.rows.isEmpty {
            s.charts.append(ReportChart(kind: .line, title: "全院回访率、及时回访率、满意率", table: 0,
                seriesColumns: [4, 6, 8], rows: 0..<hospital.rows.count, percentAxis: true))
        }

        let metrics: [(String, (MetricRow) -> Double?, (MetricRow) -> RateState, (MetricRow) -> (Int, Int))] = [
            ("回访率", { $0.followupRate }, flags.followup, { ($0.reached, $0.eligible) }),
            ("及时回访率", { $0.timelyRate }, flags.timely, { ($0.timely, $0.eligible) }),
            ("满意率", { $0.satisfactionRate }, flags.satisfaction, { ($0.satisfied, $0.answered) }),
        ]
        for (label, value, state, parts) in metrics {
            // Each unit: its rate, then its numerator/denominator.
            var t = ReportTable(title: "\(label)（按科室）", columns: ["月份"] + units.flatMap { [$0, "\($0) 分子/分母"] }, rows: [])
            t.cells = months.map { month in
                [.text(month)] + units.flatMap { u -> [ReportValue] in
                    guard let r = byKey[month + "\u{1}" + u] else { return [.blank, .blank] }
                    let (n, d) = parts(r)
                    return [pct(value(r), state(r)), frac(n, d)]
                }
            }
            t.emptyText = "数据库中没有月度数据"
            s.tables.append(t)
            if !t.rows.isEmpty {
                s.charts.append(ReportChart(kind: .line, title: "\(label)：全院与各科室", table: s.tables.count - 1,
                    seriesColumns: units.indices.map { 1 + 2 * $0 }, rows: 0..<t.rows.count, percentAxis: true))
            }
        }
        return s
    }

    // MARK: - 失访原因

    func failures() -> ReportSection {
        var s = ReportSection(name: "失访原因", title: "失访原因")
        s.notes = ["应访但未成功回访的出院患者，按最后一次回访结果（未拨打者为“未拨打”）计。"]
        let hospitalRows = m.failures.filter { $0.unit == ReportModel.hospitalUnit }
        let notReached = hospitalRows.reduce(0) { $0 + $1.count }
        var whole = ReportTable(title: "全院失访原因", columns: ["最终状态", "代码", "人数", "占未回访比例", "人数/未回访"], rows: [])
        whole.cells = hospitalRows.map {
            [.text(ReportLabels.label(ReportLabels.finalStatus, $0.code)), .text($0.code), .int($0.count),
             pct(notReached > 0 ? Double($0.count) / Double(notReached) : nil), frac($0.count, notReached)]
        }
        whole.emptyText = "本期应访患者均已成功回访"
        s.tables.append(whole)

        let statuses = hospitalRows.map(\.code)
        let units = m.departments.map(\.unit)
        var counts: [String: Int] = [:]
        for f in m.failures { counts[f.unit + "\u{1}" + f.code] = f.count }
        var t = ReportTable(title: "各科室失访原因（人数）",
            columns: ["科室"] + statuses.map { ReportLabels.label(ReportLabels.finalStatus, $0) } + ["未回访合计", "应访人数"],
            rows: [])
        if !statuses.isEmpty {
            t.cells = units.map { u in
                let cells = statuses.map { counts[u + "\u{1}" + $0] ?? 0 }
                let eligible = m.departments.first { $0.unit == u }?.eligible ?? 0
                return [.text(u)] + cells.map { .int($0) } + [.int(cells.reduce(0, +)), .int(eligible)]
            }
            t.totalRows = Set(units.indices.filter { units[$0] == ReportModel.hospitalUnit })
        }
        t.emptyText = whole.emptyText
        s.tables.append(t)
        let deptRows = units.filter { $0 != ReportModel.hospitalUnit }.count
        if !statuses.isEmpty && deptRows > 0 {
            s.charts.append(ReportChart(kind: .stackedBar, title: "各科室失访原因", table: 1,
                seriesColumns: Array(1...statuses.count), rows: 0..<deptRows, percentAxis: false))
        }

        s.tables.append(outcomeTable(
            title: "接触结果率（AAPOR 口径，按最终状态）", unitHeader: "科室",
            rows: m.departments.map { ($0.unit, $0.attempted, $0.callAnswered, $0.reached, $0.refusals, $0.badNumbers) }))
        var excl = ReportTable(title: "免访原因（按科室）", columns: ["科室", "原因", "代码", "人数"], rows: [])
        excl.cells = m.exclusions.map {
            [.text($0.unit), .text(ReportLabels.label(ReportLabels.exclusion, $0.code)), .text($0.code), .int($0.count)]
        }
        excl.totalRows = Set(m.exclusions.indices.filter { m.exclusions[$0].unit == ReportModel.hospitalUnit })
        excl.emptyText = "本期没有免访的出院患者"
        s.tables.append(excl)
        return s
    }

    // MARK: - 满意度

    func satisfaction() -> ReportSection {
        var s = ReportSection(name: "满意度", title: "满意度")
        s.notes = [
            "按项目统计成功回访通话中的回答（一次通话计一次）；科室统计中的满意率按出院患者首次回答计，两者口径不同。",
            legend,
        ]
        var items: [String: SatisfactionItem] = [:]
        for i in m.satisfactionItems { items[i.unit + "\u{1}" + i.item] = i }
        func item(_ unit: String, _ code: String) -> SatisfactionItem {
            items[unit + "\u{1}" + code] ?? SatisfactionItem(unit: unit, item: code, satisfied: 0, neutral: 0, dissatisfied: 0)
        }
        func state(_ i: SatisfactionItem) -> RateState {
            flags.state(i.rate, denominator: i.answered, target: m.targets.satisfactionRate)
        }
        var whole = ReportTable(title: "全院满意度（按项目）",
            columns: ["项目", "满意", "一般", "不满意", "回答数", "满意率", "满意/回答"], rows: [])
        whole.cells = ReportLabels.items.map { code, label in
            let i = item(ReportModel.hospitalUnit, code)
            return [.text(label), .int(i.satisfied), .int(i.neutral), .int(i.dissatisfied), .int(i.answered)]
                + rate(i.rate, state(i), i.satisfied, i.answered)
        }
        s.tables.append(whole)
        s.charts.append(ReportChart(kind: .bar, title: "全院各项目满意率", table: 0, seriesColumns: [5],
            rows: 0..<whole.rows.count, percentAxis: true))

        var t = ReportTable(title: "各科室满意率（按项目）",
            columns: ["科室"] + ReportLabels.items.flatMap { [$0.label, "\($0.label) 满意/回答"] }, rows: [])
        let units = m.departments.map(\.unit)
        t.cells = units.map { u in
            [.text(u)] + ReportLabels.items.flatMap { code, _ -> [ReportValue] in
                let i = item(u, code)
                return rate(i.rate, state(i), i.satisfied, i.answered)
            }
        }
        t.totalRows = Set(units.indices.filter { units[$0] == ReportModel.hospitalUnit })
        t.emptyText = "本期没有出院记录"
        s.tables.append(t)
        return s
    }

    // MARK: - 投诉主题

    func themes() -> ReportSection {
        var s = ReportSection(name: "投诉主题", title: "投诉主题")
        s.notes = ["成功回访通话的意见按主题词典编码，一条意见可有多个主题。占比 = 带该主题的通话 / 有意见的成功回访通话（themes.csv 的 share）。上期为报告期之前同样长度的时段。"]
        let empty = "本期没有已编码主题的意见"
        func row(_ t: ThemeCount, unit: Bool) -> [ReportValue] {
            (unit ? [.text(t.unit)] : []) + [
                .text(ReportLabels.label(ReportLabels.theme, t.theme)), .text(t.theme), .int(t.count), pct(t.share),
                frac(t.count, t.commentedCalls), .int(t.previousCount), .int(t.count - t.previousCount),
            ]
        }
        let hospital = m.themes.filter { $0.unit == ReportModel.hospitalUnit }
        var whole = ReportTable(title: "全院主题", columns: ["主题", "代码", "次数", "占比", "次数/有意见通话", "上期次数", "变化"],
            rows: hospital.map { row($0, unit: false) })
        whole.emptyText = empty
        s.tables.append(whole)
        if !hospital.isEmpty {
            s.charts.append(ReportChart(kind: .bar, title: "全院主题次数", table: 0, seriesColumns: [2],
                rows: 0..<hospital.count, percentAxis: false))
        }
        var depts = ReportTable(title: "各科室主题", columns: ["科室", "主题", "代码", "次数", "占比", "次数/有意见通话", "上期次数", "变化"],
            rows: m.themes.filter { $0.unit != ReportModel.hospitalUnit }.map { row($0, unit: true) })
        depts.emptyText = empty
        s.tables.append(depts)
        var examples = ReportTable(title: "意见示例" + (mask.enabled ? "（已脱敏）" : ""), columns: ["主题", "科室", "意见"],
            rows: m.themeExamples.map {
                [.text(ReportLabels.label(ReportLabels.theme, $0.theme)), .text($0.unit), .text(mask.freeText($0.comment))]
            })
        examples.emptyText = empty
        s.tables.append(examples)
        return s
    }

    // MARK: - 回访员

    func agents() -> ReportSection {
        var s = ReportSection(name: "回访员", title: "回访员")
        var t = ReportTable(title: "回访员工作量（本期应访患者的回访）",
            columns: ["回访员", "拨打次数", "拨打患者数", "成功回访患者数", "接通次数", "通话接通率", "接通次数/拨打次数",
                      "每成功回访患者拨打次数", "投诉", "表扬"],
            rows: m.agents.map { a in
                [.text(a.agent), .int(a.calls), .int(a.patientsCalled), .int(a.patientsReached), .int(a.reachedCalls)]
                    + rate(a.callSuccessRate, flags.state(a.callSuccessRate, denominator: a.calls, target: nil), a.reachedCalls, a.calls)
                    + [.number(a.callsPerReachedPatient), .int(a.complaints), .int(a.praise)]
            })
        t.isList = true
        t.emptyText = "本期没有回访记录"
        s.tables = [t]
        var outcomes = m.agentOutcomes.map { ($0.agent, $0.attempted, $0.answered, $0.reached, $0.refusals, $0.badNumbers) }
        if let h = m.hospital { outcomes.append((ReportModel.hospitalUnit, h.attempted, h.callAnswered, h.reached, h.refusals, h.badNumbers)) }
        s.tables.append(outcomeTable(title: "回访员接触结果率（AAPOR 口径，本期应访患者，每名回访员按其本人最后结果）",
            unitHeader: "回访员", rows: outcomes))
        var work = ReportTable(title: "回访员月度工作量（按拨打月份，全部计入的回访）",
            columns: ["回访员", "月份", "拨打次数", "拨打患者数", "成功回访患者数", "每成功回访患者拨打次数", "首次拨打患者数",
                      "出院至首次拨打天数中位数"],
            rows: m.agentWorkload.map { w in
                [.text(w.agent), .text(w.month), .int(w.calls), .int(w.patientsCalled), .int(w.patientsReached),
                 .number(w.callsPerReachedPatient), .int(w.firstCalls), .number(w.medianDaysToFirstCall)]
            })
        work.emptyText = "本期没有回访记录"
        s.tables.append(work)
        return s
    }

    // MARK: - 无效号码

    func contacts() -> ReportSection {
        var s = ReportSection(name: "无效号码", title: "无效号码")
        s.notes = ["出院名单中无法使用的电话（格式错误、占位符、多名患者共用、回访员报告空号/错号），请 HIS 维护人员核对更正。"]
        let reasons = Array(Set(m.contactProblems.map(\.reason))).sorted()
        var byDept: [String: (values: Int, patients: Set<String>, reasons: [String: Int])] = [:]
        for p in m.contactProblems {
            // Updated in place: a copy taken out and stored back duplicated the department's
            // set of patients at every row (1 M: 92 k rows; the document took 9.1 s, now 1.6 s).
            byDept[p.department, default: (0, [], [:])].values += 1
            byDept[p.department]!.patients.insert(p.inpatientNo + "\u{1}" + p.dischargeDate)
            byDept[p.department]!.reasons[p.reason, default: 0] += 1
        }
        var summary = ReportTable(title: "按科室",
            columns: ["科室", "问题号码", "涉及患者"] + reasons.map { ReportLabels.label(ReportLabels.contactReason, $0) }, rows: [])
        for (dept, e) in byDept.sorted(by: { $0.key < $1.key }) {
            summary.rows.append([.text(dept), .int(e.values), .int(e.patients.count)] + reasons.map { .int(e.reasons[$0] ?? 0) })
        }
        if !byDept.isEmpty {
            let all = m.contactProblems
            let patients = Set(all.map { $0.inpatientNo + "\u{1}" + $0.dischargeDate })
            summary.rows.append([.text(ReportModel.hospitalUnit), .int(all.count), .int(patients.count)]
                + reasons.map { r in .int(all.filter { $0.reason == r }.count) })
            summary.totalRows = [summary.rows.count - 1]
        }
        summary.emptyText = "本期没有无效号码"
        s.tables.append(summary)

        var list = ReportTable(title: "号码问题清单（供 HIS 更正）",
            columns: ["科室", "住院号", "姓名", "出院日期", "来源列", "原始值", "原因"],
            rows: ReportRows(first: ReportDocument.maxListRows, of: m.contactProblems) { [mask] p in
                [.text(p.department), .text(p.inpatientNo), .text(mask.name(p.name)), .date(p.dischargeDate),
                 .text(ReportLabels.label(ReportLabels.contactSource, p.source)), .text(mask.phone(p.raw)),
                 .text(ReportLabels.label(ReportLabels.contactReason, p.reason))]
            })
        list.omittedRows = max(0, m.contactProblems.count - ReportDocument.maxListRows)
        list.isList = true
        list.emptyText = summary.emptyText
        s.tables.append(list)
        return s
    }

    // MARK: - 数据质量

    func dataQuality() -> ReportSection {
        var s = ReportSection(name: "数据质量", title: "数据质量")
        s.notes = ["每一行输入都有去处：读入 = 入库 + 重复合并 + 拒收 + 跳过（标题、空行、合计行、报告期外月份）。拒收含无法读取的行（拒收行表）和未计入的回访记录（未匹配、早于出院表）。"]
        var files = ReportTable(title: "输入文件",
            columns: ["文件", "类型", "格式", "编码", "读入行", "入库", "重复合并", "拒收", "跳过", "核对"],
            rows: m.files.map { f in
                [.text(f.path), .text(ReportLabels.label(ReportLabels.fileKind, f.kind)), .text(f.format), .text(f.encoding),
                 .int(f.rowsRead), .int(f.loaded), .int(f.duplicate), .int(f.rejected), .int(f.skipped),
                 .text(f.balances ? "平衡" : "不平衡")]
            })
        files.emptyText = "没有输入文件记录"
        s.tables.append(files)
        s.tables += qualityTables()

        var rejected = ReportTable(title: "拒收行", columns: ["文件", "工作表", "行号", "列", "原因", "值"],
            rows: ReportRows(first: ReportDocument.maxListRows, of: m.rejectedRows) { [mask] r in
                [.text(r.file), .text(r.sheet), .int(r.row), .text(r.column), .text(r.reason), .text(mask.phone(r.value))]
            })
        rejected.omittedRows = max(0, m.rejectedRows.count - ReportDocument.maxListRows)
        rejected.isList = true
        rejected.emptyText = "没有拒收的行"
        s.tables.append(rejected)

        var calls = ReportTable(title: "未计入的回访记录（未匹配、早于出院）",
            columns: ["问题", "文件", "工作表", "行号", "住院号", "姓名", "电话", "回访日期", "回访结果"],
            rows: ReportRows(first: ReportDocument.maxListRows, of: m.unmatchedCalls) { [mask] c in
                [.text(ReportLabels.label(ReportLabels.callIssue, c.status)), .text(c.file), .text(c.sheet), .int(c.row),
                 .text(c.inpatientNo), .text(mask.name(c.name)), .text(mask.phone(c.phone)), .date(c.callDate),
                 .text(mask.freeText(c.resultText))]
            })
        calls.omittedRows = max(0, m.unmatchedCalls.count - ReportDocument.maxListRows)
        calls.emptyText = "所有回访记录均已匹配到出院记录"
        s.tables.append(calls)

        var conflicts = ReportTable(title: "同一出院记录内容不一致（后读入的文件为准）",
            columns: ["住院号", "出院日期", "不同的字段", "采用（文件 / 工作表 / 行）", "舍弃（文件 / 工作表 / 行）"],
            rows: m.conflicts.map { c in
                [.text(c.inpatientNo), .date(c.dischargeDate), .text(c.fields), .text(c.winner), .text(c.loser)]
            })
        conflicts.emptyText = "没有内容不一致的出院记录"
        s.tables.append(conflicts)

        var words = ReportTable(title: "未能分类的回访结果", columns: ["结果原文", "次数"],
            rows: m.unclassifiedWords.map { [.text(mask.freeText($0.word)), .int($0.count)] })
        words.emptyText = "所有回访结果均已分类"
        s.tables.append(words)
        return s
    }

    // MARK: - 待回访

    func pending() -> ReportSection {
        var s = ReportSection(name: "待回访", title: "待回访患者")
        let asOfDay = CivilDateTime(sqlDate: m.asOf)?.dayNumber
        var t = ReportTable(title: "应访未成功回访的患者（出院早者在前）",
            columns: ["科室", "住院号", "姓名", "出院日期", "出院天数", "有效号码", "已拨打次数", "最后结果", "最后结果原文", "最后拨打日期"],
            rows: ReportRows(first: ReportDocument.maxListRows, of: m.pending) { [mask] p in
                let discharged = CivilDateTime(sqlDate: p.dischargeDate)?.dayNumber
                let days: ReportValue = asOfDay.flatMap { a in discharged.map { .int(a - $0) } } ?? .blank
                return [
                    .text(p.department), .text(p.inpatientNo), .text(mask.name(p.name)), .date(p.dischargeDate), days,
                    .text(p.validNumbers.isEmpty ? "无有效号码" : p.validNumbers.map(mask.phone).joined(separator: "；")),
                    .int(p.attempts), .text(p.lastResult.isEmpty ? "未拨打" : ReportLabels.label(ReportLabels.finalStatus, p.lastResult)),
                    .text(mask.freeText(p.lastResultText)), p.lastCallDate.isEmpty ? .blank : .date(p.lastCallDate),
                ]
            })
        t.omittedRows = max(0, m.pending.count - ReportDocument.maxListRows)
        t.isList = true
        t.emptyText = "本期应访患者均已成功回访"
        s.tables = [t]
        return s
    }
}

