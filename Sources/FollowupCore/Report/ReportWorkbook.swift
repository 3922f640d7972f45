import CXlsxWriter
import Foundation

/// A workbook could not be written; names the file and libxlsxwriter's reason.
public struct ReportWriteError: Error, CustomStringConvertible {
    public var file: String
    public var detail: String
    public var description: String { "\(file): error: [report.write] \(detail)" }
}

/// Renders a `ReportDocument` as an XLSX workbook with libxlsxwriter, one sheet per section.
///
/// Sheets with charts are kept in memory (libxlsxwriter's normal mode): a chart's cached
/// values, which viewers that do not recalculate (previewers, openpyxl) show, are read from
/// the cells when the workbook closes. Sheets without charts, the long lists among them, are
/// written in constant-memory mode, each row flushed to a temporary file as the next one
/// starts: the 200,000-row list of patients not reached at a year of a hospital group cost
/// 430 MB in normal mode (143 bytes a cell, `../shared/MEASURED.md`). Every sheet is
/// therefore written strictly top to bottom, its column widths measured before its first
/// row. Every input text goes through `worksheet_write_string`, so a comment starting with
/// `=` stays text (https://libxlsxwriter.github.io/worksheet_8h.html).
final class ReportWorkbook {
    let path: String
    let workbook: UnsafeMutablePointer<lxw_workbook>
    private var formats: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]
    /// The fill of a below-target rate in conditional formats (created at first use).
    private var conditionalRed: UnsafeMutablePointer<lxw_format>?
    /// Errors from cell writes, kept to report the first one when closing.
    private var firstError: String?

    /// Excel's limit on the characters of one cell.
    static let maxCellChars = 32_767
    static let chartRows = 18

    init(path: String) throws {
        var options = lxw_workbook_options()
        options.constant_memory = 0
        guard let wb = workbook_new_opt(path, &options) else {
            throw ReportWriteError(file: path, detail: "cannot create the workbook")
        }
        self.path = path
        workbook = wb
    }

    /// Sets the document properties; `created` fixed from the as-of date makes the same inputs
    /// give a byte-identical file (libxlsxwriter otherwise stamps the current time).
    func setProperties(title: String, created: CivilDateTime) {
        var props = lxw_doc_properties()
        let t = strdup(title)
        let a = strdup("followup " + FollowupVersion.string)
        defer {
            free(t)
            free(a)
        }
        props.title = t
        props.author = a
        props.created = time_t(created.secondsSinceEpoch)
        workbook_set_properties(workbook, &props)
    }

    /// A sheet to come: its name, and whether it is a list (never a chart: written in
    /// constant memory, so it can be added before its rows are known).
    struct Slot {
        var name: String
        var isList: Bool
    }

    /// Writes the sheets of `slots` in order, then closes the file. A sheet that is not a list
    /// is made (`section([i])`) and written in its turn; a list sheet is added empty in its
    /// turn and written once every sheet is added, in the order `section` gives them:
    /// `section(candidates)` returns one of the candidates and its section, as soon as one
    /// can be made (the report's writer, as the parts of the model arrive). The file's bytes
    /// do not depend on that order: the formats are numbered first, list sheets hold their
    /// strings inline, and the sheets that share the workbook's strings are written in order.
    func write(
        title: String, subtitle: String, slots: [Slot], section: ([Int]) throws -> (Int, ReportSection)
    ) throws {
        try closing {
            registerFormats()
            var lists: [Int: UnsafeMutablePointer<lxw_worksheet>] = [:]
            for (i, slot) in slots.enumerated() {
                if slot.isList {
                    if let ws = addSheet(slot.name, constantMemory: true) { lists[i] = ws }
                } else {
                    let (_, made) = try section([i])
                    precondition(made.name == slot.name, "sheet \(i) is \(made.name), laid out as \(slot.name)")
                    writeSection(made, title: title, subtitle: subtitle)
                }
            }
            while !lists.isEmpty {
                let (i, made) = try section(lists.keys.sorted())
                guard let ws = lists.removeValue(forKey: i) else { preconditionFailure("sheet \(i) is not waiting") }
                precondition(made.name == slots[i].name && made.charts.isEmpty, "list sheet \(i) is \(made.name)")
                writeSection(made, into: ws, title: title, subtitle: subtitle)
            }
        }
    }

    /// Runs `body`, then closes the file: the workbook is assembled, or, when `body` throws,
    /// freed and the error rethrown.
    func closing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            workbook_close(workbook)
            throw error
        }
        let rc = workbook_close(workbook)
        if rc.rawValue != LXW_NO_ERROR.rawValue {
            throw ReportWriteError(file: path, detail: String(cString: lxw_strerror(rc)))
        }
        if let firstError { throw ReportWriteError(file: path, detail: firstError) }
    }

    // MARK: - Formats

    enum Kind: Hashable, CaseIterable {
        case text, int, percent, number, date, fraction, header, title, subtitle, note, tableTitle, warning
    }

    struct FormatKey: Hashable {
        var kind: Kind
        var bold = false
        var state: RateState = .normal
    }

    /// Formats are created on first use and shared (Excel keeps one style record per format).
    /// `=AND(ISNUMBER(H5), SUM($D5) >= 10, H5 < 0.9)` over the rate column: the same cells the
    /// direct format marks, kept live for an analyst who corrects a figure in Excel.
    func conditionalFormat(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ rule: TargetRule, first: Int, last: Int) {
        let cell = Self.columnName(rule.column) + String(first + 1)
        let den = rule.denominatorColumns.map { "$" + Self.columnName($0) + String(first + 1) }.joined(separator: ",")
        let formula = "=AND(ISNUMBER(\(cell)),SUM(\(den))>=\(rule.minDenominator),\(cell)<\(rule.target))"
        if conditionalRed == nil, let f = workbook_add_format(workbook) {
            format_set_bg_color(f, 0xFFC7CE)
            format_set_font_color(f, 0x9C0006)
            conditionalRed = f
        }
        formula.withCString { text in
            var cf = lxw_conditional_format()
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
            cf.value_string = UnsafeMutablePointer(mutating: text)
            cf.format = conditionalRed
            check(worksheet_conditional_format_range(
                ws, UInt32(first), UInt16(rule.column), UInt32(last), UInt16(rule.column), &cf))
        }
    }

    /// `A`, `B`, … `Z`, `AA` for a 0-based column.
    static func columnName(_ col: Int) -> String {
        var n = col + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    func format(_ key: FormatKey) -> UnsafeMutablePointer<lxw_format>? {
        if let f = formats[key] { return f }
        guard let f = workbook_add_format(workbook) else { return nil }
        format_set_font_name(f, "等线")
        format_set_font_size(f, 10.5)
        format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        switch key.kind {
        case .text, .int, .percent, .number, .date, .fraction:
            format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_border_color(f, 0xBFBFBF)
        default: break
        }
        switch key.kind {
        case .int: format_set_num_format(f, "#,##0")
        case .percent: format_set_num_format(f, "0.0%")
        case .number: format_set_num_format(f, "0.0")
        case .date: format_set_num_format(f, "yyyy-mm-dd")
        case .fraction:
            format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
            format_set_font_color(f, 0x595959)
        case .header:
            format_set_bold(f)
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_bg_color(f, 0xDDEBF7)
            format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_border_color(f, 0x8EA9DB)
        case .title:
            format_set_bold(f)
            format_set_font_size(f, 15)
        case .subtitle: format_set_font_color(f, 0x595959)
        case .note:
            format_set_font_color(f, 0x595959)
            format_set_italic(f)
        case .tableTitle:
            format_set_bold(f)
            format_set_font_size(f, 12)
            format_set_font_color(f, 0x1F4E79)
        case .warning:
            format_set_font_color(f, 0x9C0006)
        case .text: break
        }
        if key.bold {
            format_set_bold(f)
            format_set_bg_color(f, 0xF2F2F2)
        }
        switch key.state {
        case .belowTarget:
            format_set_bg_color(f, 0xFFC7CE)
            format_set_font_color(f, 0x9C0006)
        case .smallSample:
            format_set_italic(f)
            format_set_font_color(f, 0x808080)
        case .normal: break
        }
        formats[key] = f
        return f
    }

    // MARK: - Sheets

    /// Header and first data row of each table of the sheet being written, for charts that
    /// read another table (the funnel's limit curves).
    private var tableStarts: [Int: (header: Int, first: Int)] = [:]

    func writeSection(_ section: ReportSection, title: String, subtitle: String) {
        guard let ws = addSheet(section.name, constantMemory: section.charts.isEmpty) else { return }
        writeSection(section, into: ws, title: title, subtitle: subtitle)
    }

    /// Adds a sheet after the others. Cells may be written into it later, after cells of
    /// sheets added after it: a sheet kept in memory is written out when the workbook closes,
    /// a constant-memory one flushes its rows to its own temporary file.
    func addSheet(_ name: String, constantMemory: Bool) -> UnsafeMutablePointer<lxw_worksheet>? {
        // libxlsxwriter fixes a sheet's mode when the sheet is added, from the workbook's
        // options (`lxw_worksheet.optimize`); the option is switched per sheet.
        workbook.pointee.options.constant_memory = constantMemory ? 1 : 0
        guard let ws = workbook_add_worksheet(workbook, name) else {
            note("cannot add sheet \(name)")
            return nil
        }
        return ws
    }

    /// Every format the sheets may use, given its style index now in a fixed order: a sheet's
    /// cells then come out the same whichever sheet is written first (libxlsxwriter numbers a
    /// format when a cell first uses it).
    func registerFormats() {
        for kind in Kind.allCases {
            for bold in [false, true] {
                for state in RateState.allCases {
                    if let f = format(FormatKey(kind: kind, bold: bold, state: state)) { _ = lxw_format_get_xf_index(f) }
                }
            }
        }
    }

    /// Writes `section` into `ws`, a sheet added for it and still empty, top to bottom.
    func writeSection(_ section: ReportSection, into ws: UnsafeMutablePointer<lxw_worksheet>, title: String, subtitle: String) {
        let widths = Self.columnWidths(section)
        for (c, w) in widths.sorted(by: { $0.key < $1.key }) {
            worksheet_set_column(ws, UInt16(c), UInt16(c), w, nil)
        }
        tableStarts = [:]
        // Charts are placed once every table is written: a funnel reads a later table.
        var placed: [(chart: ReportChart, table: ReportTable, header: Int, first: Int, at: Int)] = []
        worksheet_set_row(ws, 0, 22, nil)
        text(ws, 0, 0, title + " · " + section.title, .init(kind: .title))
        text(ws, 1, 0, subtitle, .init(kind: .subtitle))
        var row = 2
        for n in section.notes {
            text(ws, row, 0, n, .init(kind: .note))
            row += 1
        }
        row += 1

        var frozen = false
        var filtered = false
        for (ti, table) in section.tables.enumerated() {
            text(ws, row, 0, table.title, .init(kind: .tableTitle))
            row += 1
            if let note = table.note {
                text(ws, row, 0, note, .init(kind: .note))
                row += 1
            }
            let header = row
            // Headers wrap within their column: the row grows to the longest one's lines.
            let lines = table.columns.enumerated().map { c, h in
                Int((Double(Self.displayWidth(h)) / max((widths[c] ?? 8) - 1, 1)).rounded(.up))
            }.max() ?? 1
            worksheet_set_row(ws, UInt32(header), 15 * Double(max(lines, 1)) + 3, nil)
            for (c, h) in table.columns.enumerated() { text(ws, header, c, h, .init(kind: .header)) }
            row += 1
            let first = row
            tableStarts[ti] = (header, first)
            if table.rows.isEmpty {
                text(ws, row, 0, table.emptyText, .init(kind: .note))
                row += 1
            }
            for (ri, cells) in table.rows.enumerated() {
                let bold = table.totalRows.contains(ri)
                for (c, v) in cells.enumerated() { value(ws, row, c, v, bold: bold) }
                row += 1
            }
            let last = row - 1
            if !table.rows.isEmpty {
                for rule in table.targetRules { conditionalFormat(ws, rule, first: first, last: last) }
            }
            if table.omittedRows > 0 {
                text(ws, row, 0, "另有 \(table.omittedRows) 行未列出（超出工作表行数上限）", .init(kind: .warning))
                row += 1
            }
            if table.isList && !table.rows.isEmpty && !filtered {
                worksheet_autofilter(ws, UInt32(header), 0, UInt32(last), UInt16(table.columns.count - 1))
                filtered = true
            }
            if section.tables.count == 1 && table.isList {
                worksheet_freeze_panes(ws, UInt32(header + 1), 0)
                worksheet_repeat_rows(ws, UInt32(header), UInt32(header))
                frozen = true
            }
            let charts = section.charts.filter { $0.table == ti }
            var chartRow = header
            for chart in charts where !table.rows.isEmpty && chart.kind != .intervals {
                placed.append((chart, table, header, first, chartRow))
                chartRow += chart.kind == .funnel ? Self.chartRows + 4 : Self.chartRows
            }
            row = max(row, chartRow) + 1
        }
        for p in placed {
            insertChart(p.chart, table: p.table, section: section, ws: ws, header: p.header, first: p.first, at: p.at)
        }
        if !frozen {
            worksheet_freeze_panes(ws, 2, 0)
            worksheet_repeat_rows(ws, 0, 1)
        }
        finishSheet(ws)
    }

    /// Column widths of a section, in Excel's character units: each column fits its widest
    /// data cell (CJK characters count 2; titles and notes are not measured, they overflow to
    /// the right), between 8 and 60. Headers wrap, so they widen a column only up to 12; their
    /// rows grow instead. A long list is measured on its first `widthSampleRows` rows: its rows
    /// are made from the model as they are read (`ReportRows`), so measuring all of them made the
    /// 220 k pending patients of a 1 M run twice.
    static func columnWidths(_ section: ReportSection) -> [Int: Double] {
        var widest: [Int?] = []
        for table in section.tables {
            for cells in table.rows.prefix(widthSampleRows) {
                if widest.count < cells.count { widest += [Int?](repeating: nil, count: cells.count - widest.count) }
                for (c, v) in cells.enumerated() { widest[c] = max(widest[c] ?? 0, displayWidth(v.display)) }
            }
        }
        var final: [Int: Double] = [:]
        for (c, w) in widest.enumerated() { if let w { final[c] = Double(min(max(w + 2, 8), 60)) } }
        for table in section.tables {
            for (c, h) in table.columns.enumerated() {
                final[c] = max(final[c] ?? 8, Double(min(displayWidth(h) + 2, 12)))
            }
        }
        return final
    }

    /// Rows measured for a list's column widths (see `columnWidths`).
    static let widthSampleRows = 5_000

    func finishSheet(_ ws: UnsafeMutablePointer<lxw_worksheet>) {
        worksheet_set_landscape(ws)
        worksheet_set_paper(ws, 9)  // A4
        worksheet_fit_to_pages(ws, 1, 0)
        worksheet_set_footer(ws, "&C&P / &N")
    }

    // MARK: - Cells

    func value(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ v: ReportValue, bold: Bool) {
        switch v {
        case .text(let s): text(ws, row, col, s, .init(kind: .text, bold: bold))
        case .int(let i): number(ws, row, col, Double(i), .init(kind: .int, bold: bold))
        case .percent(let d, let state):
            let key = FormatKey(kind: .percent, bold: bold, state: state)
            if let d { number(ws, row, col, d, key) } else { blank(ws, row, col, key) }
        case .number(let d):
            let key = FormatKey(kind: .number, bold: bold)
            if let d { number(ws, row, col, d, key) } else { blank(ws, row, col, key) }
        case .date(let s):
            if let d = CivilDateTime(sqlDate: s) {
                var dt = lxw_datetime(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day), hour: 0, min: 0, sec: 0)
                check(worksheet_write_datetime(ws, UInt32(row), UInt16(col), &dt, format(.init(kind: .date, bold: bold))))
            } else {
                text(ws, row, col, s, .init(kind: .text, bold: bold))
            }
        case .fraction: text(ws, row, col, v.display, .init(kind: .fraction, bold: bold))
        case .blank: blank(ws, row, col, .init(kind: .text, bold: bold))
        }
    }

    /// Always a string cell, whatever the text looks like (`=…`, `<script>`, digits).
    func text(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ s: String, _ key: FormatKey) {
        // A UTF-8 count bounds the character count from above: the slow count only for long text.
        let clipped = s.utf8.count > Self.maxCellChars && s.count > Self.maxCellChars
            ? String(s.prefix(Self.maxCellChars - 1)) + "…" : s
        check(worksheet_write_string(ws, UInt32(row), UInt16(col), clipped, format(key)))
    }

    func number(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ d: Double, _ key: FormatKey) {
        check(worksheet_write_number(ws, UInt32(row), UInt16(col), d, format(key)))
    }

    func blank(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ key: FormatKey) {
        check(worksheet_write_blank(ws, UInt32(row), UInt16(col), format(key)))
    }

    /// Columns sized for CJK text: a wide character takes two columns' width.
    /// The width of the longest line.
    static func displayWidth(_ s: String) -> Int {
        var widest = 0
        var line = 0
        for u in s.unicodeScalars {
            if u == "\n" {
                widest = max(widest, line)
                line = 0
            } else {
                line += u.value < 0x1100 ? 1 : (isWide(u) ? 2 : 1)
            }
        }
        return max(widest, line)
    }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default: return false
        }
    }

    func check(_ rc: lxw_error) {
        if rc.rawValue != LXW_NO_ERROR.rawValue, firstError == nil { firstError = String(cString: lxw_strerror(rc)) }
    }

    func note(_ s: String) { if firstError == nil { firstError = s } }

    // MARK: - Charts

    func insertChart(_ c: ReportChart, table: ReportTable, section: ReportSection, ws: UnsafeMutablePointer<lxw_worksheet>,
                     header: Int, first: Int, at row: Int) {
        let type: lxw_chart_type
        switch c.kind {
        case .line, .control: type = LXW_CHART_LINE
        case .stackedBar: type = LXW_CHART_BAR_STACKED
        case .bar: type = LXW_CHART_BAR
        case .funnel:
            insertFunnel(c, table: table, section: section, ws: ws, header: header, first: first, at: row)
            return
        case .intervals: return  // no custom error bars in libxlsxwriter: the table has the bounds
        }
        guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)), !c.rows.isEmpty else { return }
        let r1 = UInt32(first + c.rows.lowerBound)
        let r2 = UInt32(first + c.rows.upperBound - 1)
        for col in c.seriesColumns {
            guard let series = chart_add_series(chart, nil, nil) else { continue }
            chart_series_set_categories(series, section.name, r1, UInt16(c.categoryColumn), r2, UInt16(c.categoryColumn))
            chart_series_set_values(series, section.name, r1, UInt16(col), r2, UInt16(col))
            chart_series_set_name_range(series, section.name, UInt32(header), UInt16(col))
            if c.kind == .control, col != c.seriesColumns.first {
                // centre line grey, limits dashed red, no markers
                var line = lxw_chart_line()
                line.width = 1.25
                line.color = col == c.seriesColumns.dropFirst().first ? 0x7F7F7F : 0xD62728
                line.dash_type = UInt8(col == c.seriesColumns.dropFirst().first ? 0 : LXW_CHART_LINE_DASH_DASH.rawValue)
                chart_series_set_line(series, &line)
                chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_NONE.rawValue))
            } else if c.kind == .line || c.kind == .control {
                chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
                if table.columns[col] == ReportModel.hospitalUnit {
                    var line = lxw_chart_line()
                    line.width = 3
                    line.color = 0x222222
                    chart_series_set_line(series, &line)
                }
            }
        }
        chart_title_set_name(chart, c.title)
        chart_legend_set_position(chart, UInt8(c.seriesColumns.count > 1 ? LXW_CHART_LEGEND_BOTTOM.rawValue : LXW_CHART_LEGEND_NONE.rawValue))
        // Bar charts swap axes: the value axis is the horizontal (x) one.
        let valueAxis = c.kind == .line || c.kind == .control ? chart.pointee.y_axis : chart.pointee.x_axis
        if c.percentAxis, let axis = valueAxis {
            chart_axis_set_num_format(axis, "0%")
            chart_axis_set_max(axis, 1)
            if c.kind == .control {
                // From just under the lowest rate or limit, so the month-to-month movement shows.
                let ys = c.rows.flatMap { r in c.seriesColumns.compactMap { table.rows[r][$0].number } }
                if let low = ys.min() { chart_axis_set_min(axis, max(0, ((low - 0.02) * 10).rounded(.down) / 10)) }
            }
        }
        if c.kind != .line && c.kind != .control, let categories = chart.pointee.y_axis {
            chart_axis_set_reverse(categories)  // first table row at the top, as in the table
        }
        var opt = lxw_chart_options()
        opt.x_scale = c.seriesColumns.count > 4 || c.kind != .line ? 1.4 : 1.1
        opt.y_scale = 1.15
        opt.x_offset = 8
        check(worksheet_insert_chart_opt(ws, UInt32(row), UInt16(table.columns.count + 1), chart, &opt))
    }

    /// A funnel plot as a native scatter chart: the departments as markers only, the hospital
    /// line and the 95 % / 99.8 % limits as lines through the curve table's grid of n (written
    /// below the points table, so the chart's ranges exist before it is placed).
    func insertFunnel(_ c: ReportChart, table: ReportTable, section: ReportSection, ws: UnsafeMutablePointer<lxw_worksheet>,
                      header: Int, first: Int, at row: Int) {
        guard let xCol = c.xColumn, let yCol = c.seriesColumns.first, let curveIndex = c.curveTable,
              let start = tableStarts[curveIndex], curveIndex < section.tables.count,
              let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_SCATTER_STRAIGHT.rawValue)), !c.rows.isEmpty
        else { return }
        let curve = section.tables[curveIndex]
        let r1 = UInt32(first + c.rows.lowerBound)
        let r2 = UInt32(first + c.rows.upperBound - 1)
        if !curve.rows.isEmpty {
            let c1 = UInt32(start.first)
            let c2 = UInt32(start.first + curve.rows.count - 1)
            let colors: [UInt32] = [0x222222, 0xFF7F0E, 0xFF7F0E, 0xD62728, 0xD62728]
            for (i, col) in c.curveColumns.enumerated() {
                guard let series = chart_add_series(chart, nil, nil) else { continue }
                chart_series_set_categories(series, section.name, c1, 0, c2, 0)
                chart_series_set_values(series, section.name, c1, UInt16(col), c2, UInt16(col))
                chart_series_set_name_range(series, section.name, UInt32(start.header), UInt16(col))
                var line = lxw_chart_line()
                line.width = i == 0 ? 2 : 1.25
                line.color = colors[min(i, colors.count - 1)]
                if i == 1 || i == 2 { line.dash_type = UInt8(LXW_CHART_LINE_DASH_DASH.rawValue) }
                chart_series_set_line(series, &line)
                chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_NONE.rawValue))
            }
        }
        if let series = chart_add_series(chart, nil, nil) {
            chart_series_set_categories(series, section.name, r1, UInt16(xCol), r2, UInt16(xCol))
            chart_series_set_values(series, section.name, r1, UInt16(yCol), r2, UInt16(yCol))
            chart_series_set_name(series, "科室")
            var none = lxw_chart_line()
            none.none = 1
            chart_series_set_line(series, &none)
            chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
            chart_series_set_marker_size(series, 7)
            var fill = lxw_chart_fill()
            fill.color = 0x1F77B4
            chart_series_set_marker_fill(series, &fill)
            var border = lxw_chart_line()
            border.color = 0xFFFFFF
            chart_series_set_marker_line(series, &border)
        }
        chart_title_set_name(chart, c.title)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        if let axis = chart.pointee.y_axis {
            chart_axis_set_num_format(axis, "0%")
            chart_axis_set_max(axis, 1)
            // From just under the lowest point or curve, as the SVG does, so the funnel fills the plot.
            let ys = c.rows.compactMap { table.rows[$0][yCol].number }
                + curve.rows.flatMap { r in c.curveColumns.compactMap { $0 < r.count ? r[$0].number : nil } }
            if let low = ys.min() { chart_axis_set_min(axis, max(0, ((low - 0.02) * 10).rounded(.down) / 10)) }
        }
        if let axis = chart.pointee.x_axis {
            chart_axis_set_name(axis, table.columns[xCol])
            chart_axis_set_min(axis, 0)
        }
        var opt = lxw_chart_options()
        opt.x_scale = 1.4
        opt.y_scale = 1.3
        opt.x_offset = 8
        check(worksheet_insert_chart_opt(ws, UInt32(row), UInt16(table.columns.count + 1), chart, &opt))
    }
}
