import Foundation

/// The funnel plots and control charts of the report in `chart-data.json`, computed by the
/// same code as the 漏斗图 and 控制图 sheets, so a chart drawn from the file matches the
/// report point for point.
extension ChartData {
    static func number(_ d: Double?) -> String { d.map { String(format: "%.6f", $0) } ?? "null" }
    static func string(_ s: String) -> String { JSONText.quote(s) }

    /// `"funnels": {…}, "control_charts": […]` for the model's period (no surrounding braces).
    static func statisticsFragment(_ model: ReportModel) -> String {
        let b = SectionBuilder(
            m: model, mask: ReportMask(enabled: true),
            flags: ReportFlags(targets: model.targets, minDenominator: model.minDenominator))
        var funnels: [String] = []
        for c in b.comparedMetrics {
            let p0 = b.hospitalRate(c)
            let ranks = b.ranks(c)
            let points = model.departmentUnits.map { r -> String in
                let n = c.denominator(r), x = c.numerator(r)
                let ci = WilsonInterval.interval(successes: x, trials: n)
                let lim = p0.flatMap { FunnelPlot.limits(p0: $0, n: n) }
                let j = b.funnelJudgement(r, c)
                return "{\"department\": \(string(r.unit)), \"denominator\": \(n), \"numerator\": \(x), "
                    + "\"rate\": \(number(n > 0 ? Double(x) / Double(n) : nil)), \"wilson_low\": \(number(ci?.low)), "
                    + "\"wilson_high\": \(number(ci?.high)), \"limit998_low\": \(number(lim?.lower998)), "
                    + "\"limit998_high\": \(number(lim?.upper998)), \"rank\": \(ranks[r.unit].map(String.init) ?? "null"), "
                    + "\"position\": \(j.position.map { string($0.rawValue) } ?? "null"), \"outlier\": \(j.outlier)}"
            }
            funnels.append(
                "    \(string(c.code)): {\"hospital_rate\": \(number(p0)), \"target\": \(number(c.target)), "
                    + "\"min_denominator\": \(model.minDenominator), \"departments\": [\n      "
                    + points.joined(separator: ",\n      ") + "\n    ]}")
        }
        let charts = b.controlCharts().map { unit, c, _, chart -> String in
            let points = chart.points.map { p -> String in
                "{\"month\": \(string(p.label)), \"numerator\": \(p.numerator), \"denominator\": \(p.denominator), "
                    + "\"rate\": \(number(p.rate)), \"lower\": \(number(p.lower)), \"upper\": \(number(p.upper)), "
                    + "\"signals\": [" + p.signals.map { string($0.rawValue) }.joined(separator: ", ") + "]}"
            }
            return "    {\"department\": \(string(unit)), \"metric\": \(string(c.code)), \"centre\": \(number(chart.centre)), "
                + "\"points\": [\n      " + points.joined(separator: ",\n      ") + "\n    ]}"
        }
        return "  \"funnels\": {\n" + funnels.joined(separator: ",\n") + "\n  },\n"
            + "  \"control_charts\": [\n" + charts.joined(separator: ",\n") + "\n  ]"
    }
}
