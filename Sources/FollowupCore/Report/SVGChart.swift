import Foundation

/// Draws a `ReportChart` as inline SVG for the HTML page: no scripts, no fonts to fetch,
/// sizes in viewBox units so the chart scales with the page and prints sharp.
struct SVGChart {
    let chart: ReportChart
    let table: ReportTable

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
        "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    ]

    var categories: [String] { chart.rows.map { table.rows[$0][chart.categoryColumn].display } }

    func values(_ col: Int) -> [Double?] { chart.rows.map { table.rows[$0][col].number } }

    func color(_ i: Int, _ col: Int) -> String {
        table.columns[col] == ReportModel.hospitalUnit ? "#222222" : Self.palette[i % Self.palette.count]
    }

    func render() -> String {
        switch chart.kind {
        case .line: return line()
        case .stackedBar, .bar: return bars()
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
            // A missing month breaks the line instead of drawing through it.
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    body += "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(f(w))\" points=\"\(segment.joined(separator: " "))\"/>"
                }
                segment.removeAll()
            }
            for (i, v) in vs.enumerated() {
                guard let v else {
                    flush()
                    continue
                }
                segment.append("\(f(x(i))),\(f(y(v)))")
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

    func svg(width: Double, height: Double, _ body: String) -> String {
        "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTMLReport.escape(chart.title))\">"
            + "<text x=\"\(f(width / 2))\" y=\"18\" class=\"ct\" text-anchor=\"middle\">\(HTMLReport.escape(chart.title))</text>"
            + body + "</svg>"
    }

    /// Coordinates with one decimal: stable text, small files.
    func f(_ d: Double) -> String { String(format: "%.1f", d) }
}
