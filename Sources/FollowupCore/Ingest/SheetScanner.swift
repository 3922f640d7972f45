/// What a row of a sheet is, once the header is known. Only `.data` rows are data; the others
/// are counted as skipped (SPEC §10: every row ends in exactly one place).
public enum RowKind: String, Sendable, CaseIterable {
    case title  // above the header: report titles, merged banners, notes
    case header
    case blank
    case totals  // 合计 / 总计 rows
    case repeatedHeader = "repeated_header"  // the header again, e.g. between weekly blocks
    case note  // a lone remark below the table (制表人…)
    case noTable = "no_table"  // a sheet where no header was recognised
    case data
}

/// Streams the rows of one sheet, finding the header among the top rows first.
///
/// The top `HeaderMatcher.scanLimit` rows are buffered (titles, a merged banner, blank rows);
/// the header is the row there that maps the most fields. Every later row is classified as it
/// streams past, so a sheet is read once and never held in memory.
public struct SheetScanner {
    public let matcher: HeaderMatcher
    public let totalsWords: [String]

    public init(matcher: HeaderMatcher, totalsWords: [String]) {
        self.matcher = matcher
        self.totalsWords = totalsWords.map(Text.key)
    }

    /// Reads a sheet; `onLayout` is told the header (or `nil`) before any row is delivered,
    /// and returns `false` to stop there (a survey needs only the header).
    public func scan(
        _ source: TableSource, sheet: Int,
        onLayout: (TableLayout?) throws -> Bool,
        row body: (_ rowNumber: Int, _ cells: [Cell], _ kind: RowKind) throws -> Void
    ) throws {
        var buffer: [(Int, [Cell])] = []
        var layout: TableLayout?
        var decided = false
        var stop = false

        func decide() throws {
            decided = true
            var best: (score: Int, index: Int)?
            for (i, (_, cells)) in buffer.enumerated() {
                let s = matcher.score(cells)
                if s >= 2, s > (best?.score ?? 0) { best = (s, i) }
            }
            var headerIndex: Int?
            if let best {
                for (i, (n, cells)) in buffer.enumerated() where matcher.score(cells) == best.score {
                    if let l = matcher.layout(forHeader: cells, row: n) {
                        layout = l
                        headerIndex = i
                        break
                    }
                }
            }
            stop = try !onLayout(layout)
            if stop { return }
            for (i, (n, cells)) in buffer.enumerated() {
                if let h = headerIndex, let l = layout {
                    try body(n, cells, i < h ? .title : i == h ? .header : classify(cells, l))
                } else {
                    try body(n, cells, cells.allSatisfy(\.isEmpty) ? .blank : .noTable)
                }
            }
            buffer.removeAll()
        }

        // Rows absent from a sparse sheet are blank rows a person sees in Excel: they are
        // delivered as blank so that rows read run from 1 to the last row, as on screen.
        var previous = 0
        try source.forEachRow(inSheet: sheet) { n, cells in
            if n > previous + 1 {
                for gap in (previous + 1)..<n {
                    if !(try handle(gap, [])) { return false }
                }
            }
            previous = n
            return try handle(n, cells)
        }
        if !decided { try decide() }

        func handle(_ n: Int, _ cells: [Cell]) throws -> Bool {
            if decided {
                if let l = layout {
                    try body(n, cells, classify(cells, l))
                } else {
                    try body(n, cells, cells.allSatisfy(\.isEmpty) ? .blank : .noTable)
                }
                return true
            }
            buffer.append((n, cells))
            if buffer.count >= HeaderMatcher.scanLimit { try decide() }
            return !stop
        }
    }

    /// Classifies a row below the header. Runs on every row, so it looks at as few cells as
    /// it can: the first non-empty one, the id column, and the mapped columns only when the
    /// row may be the header repeated.
    public func classify(_ cells: [Cell], _ layout: TableLayout) -> RowKind {
        var nonEmpty = 0
        var firstIndex = -1
        for (i, c) in cells.enumerated() where !c.isEmpty {
            if firstIndex < 0 { firstIndex = i }
            nonEmpty += 1
        }
        if nonEmpty == 0 { return .blank }
        let first = Text.key(cells[firstIndex].text)
        if totalsWords.contains(where: { Text.hasPrefix(first, $0) }) { return .totals }
        if let idCol = layout.columns["inpatient_no"]?.first, idCol < cells.count, idCol != firstIndex {
            let id = Text.key(cells[idCol].text)
            if totalsWords.contains(where: { Text.hasPrefix(id, $0) }) { return .totals }
        }
        if nonEmpty >= 2, isRepeatedHeader(cells, layout) { return .repeatedHeader }
        if nonEmpty == 1, layout.columns.count >= 4 {
            // A lone cell below the table is a remark (制表人…, 备注：…) unless it could be a
            // patient's number: a lone id or phone is kept as data and rejected with its reason.
            let identity = Set((layout.columns["inpatient_no"] ?? []) + (layout.columns["phone"] ?? []))
            let han = first.unicodeScalars.filter { $0.properties.isIdeographic }.count
            if !identity.contains(firstIndex) || han >= 4 || first.contains(":") { return .note }
        }
        return .data
    }

    /// The header again (weekly blocks pasted one under another): at least half of the mapped
    /// columns hold their own header text, or the row maps as a header of the same kind.
    func isRepeatedHeader(_ cells: [Cell], _ layout: TableLayout) -> Bool {
        // Keys are compared byte for byte: `==` on two non-ASCII strings normalises them first,
        // and a data cell is compared with its header on every row of every sheet. A cell whose
        // first visible character is ASCII can only match a header key that starts with that
        // character in lower case: ids, dates, phones and numbers are turned away on one byte,
        // without computing their key.
        var same = 0
        let mapped = layout.mappedColumns.count
        for c in layout.mappedColumns where c < cells.count {
            guard case .string(let s) = cells[c], !s.isEmpty else { continue }
            let header = layout.headerKeys[c]
            if let lead = s.utf8.first(where: { !Text.isASCIISpace($0) }), lead < 0x80 {
                if header.utf8.first != Text.lowerASCII(lead) { continue }
            }
            let key = Text.key(s)
            if key.utf8.count == header.utf8.count, key.utf8.elementsEqual(header.utf8) { same += 1 }
        }
        if same * 2 >= mapped { return true }
        guard same > 0, let again = matcher.layout(forHeader: cells, row: 0), again.kind == layout.kind else {
            return false
        }
        return again.columns.count * 2 >= layout.columns.count
    }
}
