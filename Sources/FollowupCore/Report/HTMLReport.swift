/// Renders a `ReportDocument` as one self-contained HTML page: inline CSS, inline SVG charts,
/// a system font stack, no scripts and nothing fetched. Every text from inputs is escaped.
/// No timestamp is written, so the same data give the same bytes.
struct HTMLReport {
    let document: ReportDocument
    /// Lists longer than this show their first rows only (the workbook has them all), so the
    /// page stays quick to open and to print.
    var maxRows = 2_000

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in HTML text.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    func render() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(document.title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <h1>\(Self.escape(document.title))</h1>
            <p class="sub">\(Self.escape(document.subtitle))</p>
            <nav>
            """
        for (i, s) in document.sections.enumerated() {
            out += "<a href=\"#s\(i + 1)\">\(Self.escape(s.title))</a>"
        }
        out += "</nav>\n</header>\n<main>\n"
        for (i, s) in document.sections.enumerated() { out += section(s, id: i + 1) }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    func section(_ s: ReportSection, id: Int) -> String {
        var out = "<section id=\"s\(id)\">\n<h2>\(Self.escape(s.title))</h2>\n"
        for n in s.notes { out += "<p class=\"note\">\(Self.escape(n))</p>\n" }
        for (ti, t) in s.tables.enumerated() {
            out += table(t)
            for c in s.charts where c.table == ti && !t.rows.isEmpty {
                let curve = c.curveTable.flatMap { $0 < s.tables.count ? s.tables[$0] : nil }
                out += "<figure class=\"chart\">\(SVGChart(chart: c, table: t, curve: curve).render())</figure>\n"
            }
        }
        return out + "</section>\n"
    }

    func table(_ t: ReportTable) -> String {
        var out = "<h3>\(Self.escape(t.title))</h3>\n"
        if let note = t.note { out += "<p class=\"note\">\(Self.escape(note))</p>\n" }
        if t.rows.isEmpty {
            return out + "<p class=\"empty\">\(Self.escape(t.emptyText))</p>\n"
        }
        out += "<div class=\"scroll\"><table>\n<thead><tr>"
        for c in t.columns { out += "<th>\(Self.escape(c))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for (ri, row) in t.rows.prefix(maxRows).enumerated() {
            out += t.totalRows.contains(ri) ? "<tr class=\"total\">" : "<tr>"
            for v in row { out += cell(v) }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        let hidden = max(0, t.rows.count - maxRows) + t.omittedRows
        if hidden > 0 { out += "<p class=\"note\">另有 \(hidden) 行未在网页中列出，见工作簿。</p>\n" }
        return out
    }

    func cell(_ v: ReportValue) -> String {
        switch v {
        case .text(let s): return "<td>\(Self.escape(s))</td>"
        case .int, .number, .fraction: return "<td class=\"n\">\(v.display)</td>"
        case .date(let s): return "<td class=\"d\">\(Self.escape(s))</td>"
        case .blank: return "<td></td>"
        case .percent(_, let state):
            switch state {
            case .normal: return "<td class=\"n\">\(v.display)</td>"
            case .belowTarget: return "<td class=\"n bad\" title=\"低于目标\">\(v.display)</td>"
            case .smallSample: return "<td class=\"n small\" title=\"样本不足，仅供参考\">\(v.display)</td>"
            }
        }
    }

    static let css = """
        :root{--ink:#1a1a1a;--muted:#5f6368;--line:#d0d7de;--head:#ddebf7;--bad:#ffc7ce;--badink:#9c0006}
        *{box-sizing:border-box}
        body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;color:var(--ink);font-size:14px;line-height:1.5;background:#fff}
        header{padding:16px 24px 8px;border-bottom:2px solid #1f4e79}
        h1{font-size:22px;margin:0 0 4px}
        .sub{color:var(--muted);margin:0 0 8px}
        nav a{display:inline-block;margin:0 12px 4px 0;color:#1f4e79;text-decoration:none}
        main{padding:0 24px 24px;max-width:1400px}
        section{margin-top:24px}
        h2{font-size:19px;border-left:5px solid #1f4e79;padding-left:8px;margin:0 0 8px}
        h3{font-size:15px;color:#1f4e79;margin:16px 0 4px}
        .note{color:var(--muted);margin:2px 0;font-size:13px}
        .empty{color:var(--muted);font-style:italic}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;font-size:13px;margin:4px 0}
        th,td{border:1px solid var(--line);padding:3px 8px;white-space:nowrap}
        th{background:var(--head);font-weight:600;position:sticky;top:0}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        tr.total td{font-weight:700;background:#f2f2f2}
        td.bad{background:var(--bad);color:var(--badink)}
        td.small{color:#808080;font-style:italic}
        figure.chart{margin:8px 0 16px;max-width:820px}
        svg{width:100%;height:auto;font-family:inherit}
        svg .grid{stroke:#e3e3e3;stroke-width:1}
        svg .ax{font-size:11px;fill:#444}
        svg .lg{font-size:11px;fill:#333}
        svg .val{font-size:11px;fill:#333}
        svg .ct{font-size:14px;font-weight:600;fill:#1a1a1a}
        @page{size:A4 landscape;margin:12mm}
        @media print{
          body{font-size:11px}
          header{padding:0 0 6px}
          nav{display:none}
          main{padding:0;max-width:none}
          section{break-before:page;margin-top:0}
          section:first-of-type{break-before:auto;margin-top:12px}
          .scroll{overflow:visible}
          table{font-size:10px;width:auto}
          th{position:static}
          thead{display:table-header-group}
          tr,figure{break-inside:avoid}
          h3,.note{break-after:avoid}
          td,th{white-space:normal}
        }
        """
}
