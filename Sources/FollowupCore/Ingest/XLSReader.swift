/// Reads legacy .xls workbooks (Excel 97–2003 BIFF8, and Excel 5.0/95 BIFF5) natively.
///
/// The `Workbook` stream is taken out of its OLE container whole (a .xls is a few MB, at most a
/// few hundred), the globals (sheets, shared strings, formats) are read once, and each sheet
/// is then streamed record by record: BIFF writes a sheet's cells in row order, so a row is
/// complete when the next row starts and only one row is held. Formula cells give their cached
/// result, the value Excel last showed, as the reference readers (xlrd, calamine) do.
public final class XLSSource: TableSource {
    public let path: String
    public let sheets: [SheetInfo]
    public let date1904: Bool
    /// 8 for Excel 97–2003, 5 for Excel 5.0/95.
    public let biffVersion: Int
    private let stream: [UInt8]
    private let workbook: BIFFWorkbook
    private let maxColumns: Int

    public convenience init(path: String) throws {
        try self.init(file: OpenFile(path: path), options: ReadOptions())
    }

    init(file: OpenFile, options: ReadOptions) throws {
        path = file.path
        let cfb = try CFBFile(file: file)
        guard let entry = cfb.stream(named: ["Workbook", "Book"]) else {
            throw ReadError(
                file: file.path, reason: .notASpreadsheet,
                detail: "this OLE file has no Excel workbook inside (a Word or other Office file?)")
        }
        stream = try cfb.read(entry)
        workbook = try BIFFWorkbook.parse(stream, path: file.path)
        sheets = workbook.sheets.map(\.info)
        date1904 = workbook.date1904
        biffVersion = workbook.biff
        maxColumns = options.maxColumns
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard workbook.sheets.indices.contains(index) else {
            throw ReadError(file: path, reason: .notFound, detail: "no sheet number \(index + 1)")
        }
        let sheet = workbook.sheets[index]
        let start = sheet.offset
        guard start >= 0, start + 4 <= stream.count, LE.u16(stream, start) == BIFF.bof else {
            throw ReadError(
                file: path, reason: .corrupt,
                detail: "sheet \"\(sheet.info.name)\" does not start where the workbook says (offset \(start)); open and re-save it in Excel")
        }
        var rows = RowAssembler(ordered: rowsInOrder(from: start), maxColumns: maxColumns)
        try scan(from: start, sheet: sheet.info.name) { r, c, cell in
            try rows.put(r, c, cell, body)
        }
        try rows.finish(body)
    }

    /// Whether every cell record of the sheet comes in non-decreasing row order, as Excel,
    /// LibreOffice and xlwt write them. Other writers are read through a buffer.
    private func rowsInOrder(from start: Int) -> Bool {
        var at = start
        var depth = 0
        var last = 0
        let n = stream.count
        while at + 4 <= n {
            let type = LE.u16(stream, at)
            let len = Int(LE.u16(stream, at + 2))
            if type == BIFF.bof {
                depth += 1
            } else if type == BIFF.eof {
                depth -= 1
                if depth <= 0 { break }
            } else if depth == 1, Self.isCell(type), len >= 2 {
                let r = Int(LE.u16(stream, at + 4))
                if r < last { return false }
                last = r
            }
            at += 4 + len
        }
        return true
    }

    private static func isCell(_ type: UInt16) -> Bool {
        switch type {
        case BIFF.labelSST, BIFF.label, BIFF.rstring, BIFF.number, BIFF.rk, BIFF.mulRK, BIFF.boolErr, BIFF.formula,
            BIFF.formulaBIFF3, BIFF.formulaBIFF4:
            return true
        default:
            return false
        }
    }

    /// Walks the sheet's records and hands each non-empty cell to `put` (which returns
    /// `false` to stop).
    private func scan(from start: Int, sheet: String, _ put: (Int, Int, Cell) throws -> Bool) throws {
        let bytes = stream
        let n = bytes.count
        let kinds = workbook.kinds
        let sst = workbook.sst
        let biff8 = workbook.biff == 8
        let text = workbook.text
        let date1904 = self.date1904
        var pendingString: (row: Int, col: Int)?
        var at = start
        var depth = 0

        @inline(__always) func number(_ d: Double, _ xf: Int) -> Cell {
            guard xf < kinds.count else { return .number(d) }
            let kind = kinds[xf]
            return kind == .number ? .number(d) : XLSXSource.typed(d, kind: kind, date1904: date1904)
        }

        /// A LABEL/RSTRING/STRING string after its row-col-xf prefix (`skip` bytes).
        func string(at offset: Int, skip: Int) -> (String, next: Int) {
            var (c, next) = BIFFCursor.record(in: bytes, at: offset)
            guard c.skip(skip), let cch = c.u16() else { return ("", next) }
            if biff8 {
                guard let flags = c.u8() else { return ("", next) }
                return (text.biff8(&c, count: Int(cch), highByte: flags & 0x01 != 0), next)
            }
            let from = c.pos
            _ = c.skip(Int(cch))
            return (text.bytes(bytes[from..<min(c.pos, n)]), next)
        }

        while at + 4 <= n {
            let type = LE.u16(bytes, at)
            let len = Int(LE.u16(bytes, at + 2))
            let b = at + 4
            guard b + len <= n else {
                throw ReadError(
                    file: path, reason: .corrupt,
                    detail: "sheet \"\(sheet)\": a record at offset \(at) runs past the end of the workbook stream (truncated file?)")
            }
            var next = b + len
            var go = true
            switch type {
            case BIFF.bof:
                depth += 1
            case BIFF.eof:
                depth -= 1
                if depth <= 0 { return }
            default:
                guard depth == 1 else { break }
                let row = Int(LE.u16(bytes, b))
                let col = Int(LE.u16(bytes, b + 2))
                let xf = Int(LE.u16(bytes, b + 4))
                switch type {
                case BIFF.labelSST where len >= 10:
                    let i = Int(LE.u32(bytes, b + 6))
                    if i < sst.count, !sst[i].isEmpty { go = try put(row, col, .string(sst[i])) }
                case BIFF.number where len >= 14:
                    go = try put(row, col, number(LE.f64(bytes, b + 6), xf))
                case BIFF.rk where len >= 10:
                    go = try put(row, col, number(BIFF.rk(LE.u32(bytes, b + 6)), xf))
                case BIFF.mulRK where len >= 6:
                    let count = (len - 6) / 6
                    for k in 0..<count where go {
                        let p = b + 4 + 6 * k
                        go = try put(row, col + k, number(BIFF.rk(LE.u32(bytes, p + 2)), Int(LE.u16(bytes, p))))
                    }
                case BIFF.boolErr where len >= 8:
                    let v = bytes[b + 6]
                    go = try put(row, col, bytes[b + 7] != 0 ? .error(BIFF.errorText(v)) : .bool(v != 0))
                case BIFF.formula, BIFF.formulaBIFF3, BIFF.formulaBIFF4:
                    guard len >= 14 else { break }
                    if LE.u16(bytes, b + 12) == 0xFFFF {
                        // Not a number: the first byte says what the cached result is.
                        switch bytes[b + 6] {
                        case 0: pendingString = (row, col)  // the text follows in a STRING record
                        case 1: go = try put(row, col, .bool(bytes[b + 8] != 0))
                        case 2: go = try put(row, col, .error(BIFF.errorText(bytes[b + 8])))
                        default: break  // an empty string
                        }
                    } else {
                        go = try put(row, col, number(LE.f64(bytes, b + 6), xf))
                    }
                case BIFF.string:
                    guard let p = pendingString else { break }
                    pendingString = nil
                    let (s, after) = string(at: at, skip: 0)
                    next = after
                    if !s.isEmpty { go = try put(p.row, p.col, .string(s)) }
                case BIFF.label, BIFF.rstring:
                    guard len >= 8 else { break }
                    let (s, after) = string(at: at, skip: 6)
                    next = after
                    if !s.isEmpty { go = try put(row, col, .string(s)) }
                default:
                    break
                }
            }
            if !go { return }
            at = next
        }
    }
}

/// Builds rows from cells arriving one at a time. In row order (the usual case) a row is
/// delivered as soon as the next one starts; otherwise the sheet is gathered and delivered
/// sorted at the end. Rows without a value are not delivered, as absent rows are not.
private struct RowAssembler {
    let ordered: Bool
    let maxColumns: Int
    private var current = -1
    private var cells: [Cell] = []
    private var buffered: [Int: [Cell]] = [:]
    private var stopped = false

    init(ordered: Bool, maxColumns: Int) {
        self.ordered = ordered
        self.maxColumns = maxColumns
        cells.reserveCapacity(64)
    }

    private static func set(_ cell: Cell, at col: Int, in row: inout [Cell]) {
        if col < row.count {
            row[col] = cell
        } else {
            if col > row.count { row.append(contentsOf: repeatElement(.empty, count: col - row.count)) }
            row.append(cell)
        }
    }

    private static func trimmed(_ row: [Cell]) -> [Cell] {
        var r = row
        while let last = r.last, case .empty = last { r.removeLast() }
        return r
    }

    mutating func put(_ row: Int, _ col: Int, _ cell: Cell, _ body: (Int, [Cell]) throws -> Bool) throws -> Bool {
        guard col < maxColumns, !stopped else { return !stopped }
        if !ordered {
            Self.set(cell, at: col, in: &buffered[row, default: []])
            return true
        }
        if row != current {
            try flush(body)
            if stopped { return false }
            current = row
        }
        Self.set(cell, at: col, in: &cells)
        return true
    }

    private mutating func flush(_ body: (Int, [Cell]) throws -> Bool) throws {
        defer { cells.removeAll(keepingCapacity: true) }
        guard current >= 0, !cells.isEmpty else { return }
        if try !body(current + 1, cells) { stopped = true }
    }

    mutating func finish(_ body: (Int, [Cell]) throws -> Bool) throws {
        if ordered {
            if !stopped { try flush(body) }
            return
        }
        for row in buffered.keys.sorted() {
            let cells = Self.trimmed(buffered[row] ?? [])
            if cells.isEmpty { continue }
            if try !body(row + 1, cells) { return }
        }
    }
}
