import Foundation

/// Draws a `ReportChart` as inline SVG for the HTML page: no scripts, no fonts to fetch,
/// sizes in viewBox units so the chart scales with the page and prints sharp.
struct SVGChart {
    let chart: ReportChart
    let table: ReportTable
    /// The limit curves of a funnel plot.
    var curve: ReportTable? = nil

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
        "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    ]

    var categories: [String] { chart.rows.map { table.rows[$0][chart.categoryColumn].display } }

    func values(_ col: Int) -> [Double?] { chart.rows.map { table.rows[$0][col].number } }

    func color(_ i: Int, _ col: Int) -> String {
        if chart.kind == .control { return ["#1f77b4", "#7f7f7f", "#d62728", "#d62728"][min(i, 3)] }
        return table.columns[col] == ReportModel.hospitalUnit ? "#222222" : Self.palette[i % Self.palette.count]
    }

    func flagText(_ row: Int) -> String {
        guard let c = chart.flagColumn, row < table.rows.count, c < table.rows[row].count else { return "" }
        return table.rows[row][c].display
    }

    func isFlagged(_ row: Int) -> Bool { !flagText(row).isEmpty }

    func render() -> String {
        switch chart.kind {
        case .line, .control: return line()
        case .stackedBar, .bar: return bars()
        case .funnel: return funnel()
        case .intervals: return intervals()
        }
    }

    /// Axis range and tick step on round numbers: rates in steps of 10 % or 20 % (from just
    /// under the lowest value, so close lines stay apart; at most 100 %), counts in steps of
    /// 1, 2 or 5 times a power of ten from zero.
    func scale(_ values: [Double], fromZero: Bool) -> (lo: Double, hi: Double, step: Double) {
        if chart.percentAxis {
            let lo = fromZero ? 0 : max(0, (((values.min() ?? 0) - 0.02) * 10).rounded(.down) / 10)
            return lo < 0.5 ? ((lo * 5).rounded(.down) / 5, 1, 0.2) : (lo, 1, 0.1)
        }
        let top = max(values.max() ?? 1, 1)
        let raw = top / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        return (0, max(step, (top / step).rounded(.up) * step), max(step, 1))
    }

    /// Axis ticks are round numbers: no decimals.
    func tick(_ v: Double) -> String {
        chart.percentAxis ? "\(Int((v * 100).rounded()))%" : String(Int(v.rounded()))
    }

    func label(_ v: Double) -> String {
        chart.percentAxis ? ReportFormat.percent(v) : v == v.rounded() ? String(Int(v)) : ReportFormat.decimal(v)
    }

    // MARK: - Legend

    /// Legend items laid out in rows under the plot; returns the markup and its height.
    func legend(y: Double, width: Double) -> (String, Double) {
        guard chart.seriesColumns.count > 1 else { return ("", 0) }
        let itemWidth = 120.0
        let perRow = max(1, Int((width - 20) / itemWidth))
        var out = ""
        for (i, col) in chart.seriesColumns.enumerated() {
            let x = 20 + Double(i % perRow) * itemWidth
            let yy = y + Double(i / perRow) * 18
            out += "<rect x=\"\(f(x))\" y=\"\(f(yy - 9))\" width=\"12\" height=\"10\" fill=\"\(color(i, col))\"/>"
            out += "<text x=\"\(f(x + 16))\" y=\"\(f(yy))\" class=\"lg\">\(HTMLReport.escape(table.columns[col]))</text>"
        }
        let rows = (chart.seriesColumns.count + perRow - 1) / perRow
        return (out, Double(rows) * 18 + 6)
    }

    // MARK: - Line chart

    func line() -> String {
        let width = 760.0, plotTop = 34.0, plotHeight = 220.0, left = 52.0, right = 36.0
        let cats = categories
        let all = chart.seriesColumns.flatMap { values($0).compactMap { $0 } }
        let (lo, hi, step) = scale(all, fromZero: !chart.percentAxis)
        let plotWidth = width - left - right
        func x(_ i: Int) -> Double { cats.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(cats.count - 1) }
        func y(_ v: Double) -> Double { plotTop + plotHeight * (1 - (v - lo) / (hi - lo)) }

        var body = ""
        for v in stride(from: lo, through: hi + step / 2, by: step) {
            body += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\" class=\"grid\"/>"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"ax\" text-anchor=\"end\">\(tick(v))</text>"
        }
        let every = max(1, Int((Double(cats.count) / 12).rounded(.up)))
        for (i, c) in cats.enumerated() where i % every == 0 || i == cats.count - 1 {
            body += "<text x=\"\(f(x(i)))\" y=\"\(f(plotTop + plotHeight + 20))\" class=\"ax\" text-anchor=\"middle\">\(HTMLReport.escape(c))</text>"
        }
        for (si, col) in chart.seriesColumns.enumerated() {
            let vs = values(col)
            let stroke = color(si, col)
            let w = table.columns[col] == ReportModel.hospitalUnit ? 3.0 : 1.6
            // Control charts: the rate solid, the centre line grey, the limits dashed red.
            let dash = chart.kind == .control && si >= 2 ? " stroke-dasharray=\"5 3\"" : ""
            // A missing month breaks the line instead of drawing through it.
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    body += "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(f(w))\"\(dash) points=\"\(segment.joined(separator: " "))\"/>"
                }
                segment.removeAll()
            }
            for (i, v) in vs.enumerated() {
                guard let v else {
                    flush()
                    continue
                }
                segment.append("\(f(x(i))),\(f(y(v)))")
                if si == 0, isFlagged(chart.rows.lowerBound + i) {
                    body += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"5.5\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"><title>特殊原因 \(HTMLReport.escape(cats[i])): \(HTMLReport.escape(flagText(chart.rows.lowerBound + i)))</title></circle>"
                }
                if chart.kind == .control && si > 0 { continue }  // centre and limits: lines only
                body += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.6\" fill=\"\(stroke)\"><title>\(HTMLReport.escape(table.columns[col])) \(HTMLReport.escape(cats[i])): \(label(v))</title></circle>"
            }
            flush()
        }
        let (lg, lgHeight) = legend(y: plotTop + plotHeight + 40, width: width)
        let height = plotTop + plotHeight + 28 + lgHeight + 8
        return svg(width: width, height: height, body + lg)
    }

    // MARK: - Bar charts

    func bars() -> String {
        let width = 760.0, top = 34.0, barHeight = 18.0, gap = 6.0
        let cats = categories
        let left = min(220, 16 + Double(cats.map { ReportWorkbook.displayWidth($0) }.max() ?? 4) * 6.5)
        let right = 70.0
        let series = chart.seriesColumns.map { values($0).map { $0 ?? 0 } }
        let totals = cats.indices.map { i in
            chart.kind == .stackedBar ? series.reduce(0) { $0 + $1[i] } : series.map { $0[i] }.max() ?? 0
        }
        let (_, hi, step) = scale(totals, fromZero: true)
        let plotWidth = width - left - right
        func w(_ v: Double) -> Double { plotWidth * v / hi }

        var body = ""
        let plotHeight = Double(cats.count) * (barHeight + gap)
        for v in stride(from: 0, through: hi + step / 2, by: step) {
            let xx = left + w(v)
            body += "<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" class=\"grid\"/>"
            body += "<text x=\"\(f(xx))\" y=\"\(f(top + plotHeight + 14))\" class=\"ax\" text-anchor=\"middle\">\(tick(v))</text>"
        }
        for (i, c) in cats.enumerated() {
            let yy = top + Double(i) * (barHeight + gap)
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + barHeight - 5))\" class=\"ax\" text-anchor=\"end\">\(HTMLReport.escape(c))</text>"
            var xx = left
            for (si, col) in chart.seriesColumns.enumerated() {
                let v = series[si][i]
                guard v > 0 else { continue }
                let name = HTMLReport.escape(table.columns[col])
                body += "<rect x=\"\(f(xx))\" y=\"\(f(yy))\" width=\"\(f(w(v)))\" height=\"\(f(barHeight))\" fill=\"\(color(si, col))\"><title>\(HTMLReport.escape(c)) \(name): \(label(v))</title></rect>"
                if chart.kind == .stackedBar { xx += w(v) }
            }
            let end = chart.kind == .stackedBar ? xx : left + w(totals[i])
            body += "<text x=\"\(f(end + 4))\" y=\"\(f(yy + barHeight - 5))\" class=\"val\">\(label(totals[i]))</text>"
        }
        let (lg, lgHeight) = legend(y: top + plotHeight + 34, width: width)
        return svg(width: width, height: top + plotHeight + 24 + lgHeight + 8, body + lg)
    }

    // MARK: - Funnel plot

    /// Departments as points (x denominator, y rate) over the hospital line and its 95 % and
    /// 99.8 % limits; points outside the 99.8 % limits (flag column filled) in red.
    func funnel() -> String {
        let width = 760.0, plotTop = 44.0, plotHeight = 300.0, left = 52.0, right = 24.0
        guard let xCol = chart.xColumn, let yCol = chart.seriesColumns.first else { return svg(width: width, height: 40, "") }
        let points: [(row: Int, x: Double, y: Double)] = chart.rows.compactMap { r in
            guard let x = table.rows[r][xCol].number, let y = table.rows[r][yCol].number, x > 0 else { return nil }
            return (r, x, y)
        }
        var curves: [(name: String, xs: [Double], ys: [Double?])] = []
        if let curve {
            let xs = curve.rows.map { $0[0].number ?? 0 }
            for c in chart.curveColumns { curves.append((curve.columns[c], xs, curve.rows.map { $0[c].number })) }
        }
        let maxX = max(points.map(\.x).max() ?? 1, curves.flatMap(\.xs).max() ?? 1)
        let xStep = Self.roundStep(maxX / 6)
        let xHi = max(xStep, (maxX / xStep).rounded(.up) * xStep)
        let ys = points.map(\.y) + curves.flatMap { $0.ys.compactMap { $0 } }
        let (lo, hi, step) = scale(ys, fromZero: false)
        let plotWidth = width - left - right
        func x(_ v: Double) -> Double { left + plotWidth * v / xHi }
        func y(_ v: Double) -> Double { plotTop + plotHeight * (1 - (min(max(v, lo), hi) - lo) / (hi - lo)) }

        var body = ""
        for v in stride(from: lo, through: hi + step / 2, by: step) {
            body += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\" class=\"grid\"/>"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"ax\" text-anchor=\"end\">\(tick(v))</text>"
        }
        for v in stride(from: 0, through: xHi + xStep / 2, by: xStep) {
            body += "<text x=\"\(f(x(v)))\" y=\"\(f(plotTop + plotHeight + 16))\" class=\"ax\" text-anchor=\"middle\">\(Int(v))</text>"
        }
        body += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(plotTop + plotHeight + 32))\" class=\"ax\" text-anchor=\"middle\">\(HTMLReport.escape(table.columns[xCol]))（人数）</text>"
        let styles = ["stroke=\"#222222\" stroke-width=\"2\"", "stroke=\"#ff7f0e\" stroke-width=\"1.4\" stroke-dasharray=\"6 3\"",
                      "stroke=\"#ff7f0e\" stroke-width=\"1.4\" stroke-dasharray=\"6 3\"", "stroke=\"#d62728\" stroke-width=\"1.4\"",
                      "stroke=\"#d62728\" stroke-width=\"1.4\""]
        for (i, c) in curves.enumerated() {
            let pts = zip(c.xs, c.ys).compactMap { xv, yv in yv.map { "\(f(x(xv))),\(f(y($0)))" } }
            if pts.count > 1 {
                body += "<polyline fill=\"none\" \(styles[min(i, styles.count - 1)]) points=\"\(pts.joined(separator: " "))\"><title>\(HTMLReport.escape(c.name))</title></polyline>"
            }
        }
        for p in points {
            let name = table.rows[p.row][chart.categoryColumn].display
            let out = isFlagged(p.row)
            body += "<circle cx=\"\(f(x(p.x)))\" cy=\"\(f(y(p.y)))\" r=\"\(out ? "5" : "4")\" fill=\"\(out ? "#d62728" : "#1f77b4")\" stroke=\"#fff\"><title>\(HTMLReport.escape(name)): \(label(p.y))，分母 \(Int(p.x))\(out ? "，" + HTMLReport.escape(flagText(p.row)) : "")</title></circle>"
            body += "<text x=\"\(f(x(p.x) + 6))\" y=\"\(f(y(p.y) - 5))\" class=\"lg\">\(HTMLReport.escape(name))</text>"
        }
        var lg = ""
        let items = [("#1f77b4", "科室"), ("#222222", curves.first?.name ?? "全院"), ("#ff7f0e", "95% 控制限"), ("#d62728", "99.8% 控制限")]
        for (i, item) in items.enumerated() {
            let lx = 20 + Double(i) * 150
            let ly = plotTop + plotHeight + 52
            lg += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 9))\" width=\"12\" height=\"10\" fill=\"\(item.0)\"/>"
            lg += "<text x=\"\(f(lx + 16))\" y=\"\(f(ly))\" class=\"lg\">\(HTMLReport.escape(item.1))</text>"
        }
        return svg(width: width, height: plotTop + plotHeight + 62, body + lg)
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func roundStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let magnitude = pow(10, log10(raw).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
    }

    // MARK: - Rates with intervals

    /// One row per unit: the rate as a dot, its interval as a whisker, the hospital's rate as
    /// a vertical line; an interval that does not reach the line is a difference beyond chance.
    func intervals() -> String {
        let width = 760.0, top = 34.0, rowHeight = 20.0
        guard let rateCol = chart.seriesColumns.first, let lowCol = chart.lowColumn, let highCol = chart.highColumn else {
            return svg(width: width, height: 40, "")
        }
        let rows = Array(chart.rows)
        let cats = rows.map { table.rows[$0][chart.categoryColumn].display }
        let left = min(220, 16 + Double(cats.map { ReportWorkbook.displayWidth($0) }.max() ?? 4) * 6.5)
        let right = 70.0
        let lows = rows.compactMap { table.rows[$0][lowCol].number }
        let (lo, hi, step) = scale(lows + (chart.reference.map { [$0] } ?? []), fromZero: false)
        let plotWidth = width - left - right
        let plotHeight = Double(rows.count) * rowHeight
        func x(_ v: Double) -> Double { left + plotWidth * (min(max(v, lo), hi) - lo) / (hi - lo) }
        var body = ""
        for v in stride(from: lo, through: hi + step / 2, by: step) {
            body += "<line x1=\"\(f(x(v)))\" x2=\"\(f(x(v)))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" class=\"grid\"/>"
            body += "<text x=\"\(f(x(v)))\" y=\"\(f(top + plotHeight + 14))\" class=\"ax\" text-anchor=\"middle\">\(tick(v))</text>"
        }
        if let ref = chart.reference {
            body += "<line x1=\"\(f(x(ref)))\" x2=\"\(f(x(ref)))\" y1=\"\(f(top - 4))\" y2=\"\(f(top + plotHeight))\" stroke=\"#222222\" stroke-width=\"1.6\" stroke-dasharray=\"4 3\"><title>全院 \(label(ref))</title></line>"
        }
        for (i, r) in rows.enumerated() {
            let yy = top + Double(i) * rowHeight + rowHeight / 2
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" class=\"ax\" text-anchor=\"end\">\(HTMLReport.escape(cats[i]))</text>"
            guard let v = table.rows[r][rateCol].number else { continue }
            let l = table.rows[r][lowCol].number ?? v
            let h = table.rows[r][highCol].number ?? v
            let title = "\(HTMLReport.escape(cats[i])): \(label(v))（95% 置信区间 \(label(l))–\(label(h))）"
            body += "<line x1=\"\(f(x(l)))\" x2=\"\(f(x(h)))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
            body += "<line x1=\"\(f(x(l)))\" x2=\"\(f(x(l)))\" y1=\"\(f(yy - 5))\" y2=\"\(f(yy + 5))\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>"
            body += "<line x1=\"\(f(x(h)))\" x2=\"\(f(x(h)))\" y1=\"\(f(yy - 5))\" y2=\"\(f(yy + 5))\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>"
            body += "<circle cx=\"\(f(x(v)))\" cy=\"\(f(yy))\" r=\"4\" fill=\"#1f77b4\"><title>\(title)</title></circle>"
            body += "<text x=\"\(f(x(h) + 6))\" y=\"\(f(yy + 4))\" class=\"val\">\(label(v))</text>"
        }
        return svg(width: width, height: top + plotHeight + 24, body)
    }

    func svg(width: Double, height: Double, _ body: String) -> String {
        "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTMLReport.escape(chart.title))\">"
            + "<text x=\"\(f(width / 2))\" y=\"18\" class=\"ct\" text-anchor=\"middle\">\(HTMLReport.escape(chart.title))</text>"
            + body + "</svg>"
    }

    /// Coordinates with one decimal: stable text, small files.
    func f(_ d: Double) -> String { String(format: "%.1f", d) }
}
