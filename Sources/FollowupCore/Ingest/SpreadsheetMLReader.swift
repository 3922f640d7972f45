/// Reads Excel 2003 XML workbooks ("XML Spreadsheet 2003", SpreadsheetML), which .NET and
/// Java HIS modules write when they "export to Excel" without a spreadsheet library: one XML
/// file, usually named `.xls`, with `<Worksheet ss:Name>` / `<Table>` / `<Row>` / `<Cell>` /
/// `<Data ss:Type>`.
///
/// The same pull scanner as .xlsx reads it (local names, so `ss:Row` is `Row`), streaming:
/// the sheet list is one pass over the start tags, each sheet read is one more pass.
/// Cells are typed by `ss:Type` (String, Number, DateTime, Boolean, Error); `ss:Index` on a
/// row or cell skips positions, as Excel writes after blank rows and merged ranges, and
/// `ss:MergeAcross` leaves empty cells to the right like a merged range in a workbook. Text of
/// a cell's `<Comment>` is not its value. The text is decoded like a CSV export (BOM, valid
/// UTF-8, else GB18030) whatever the XML declaration says.
public final class SpreadsheetMLSource: TableSource, DescribedSource {
    public private(set) var sheets: [SheetInfo] = []
    private let input: TextInput

    init(file: OpenFile, options: ReadOptions) throws {
        input = try TextInput(file: file, options: options)
        let s = try scanner()
        var n = 0
        while true {
            switch try s.next() {
            case .eof:
                if sheets.isEmpty {
                    throw ReadError(file: path, reason: .corrupt, detail: "an Excel 2003 XML workbook without any Worksheet")
                }
                return
            case .start where s.nameIs("Worksheet"):
                n += 1
                sheets.append(SheetInfo(name: s.attribute("Name") ?? "Sheet\(n)"))
            default:
                break
            }
        }
    }

    public var path: String { input.path }
    public var encoding: ReadOptions.TextEncoding { input.encoding }
    private var options: ReadOptions { input.options }
    public var formatName: String { "xml2003" }
    public var encodingName: String? { encoding.rawValue }
    public var date1904: Bool { false }

    private func scanner() throws -> XMLScanner {
        XMLScanner(stream: try input.utf8Stream(), file: path, part: "workbook", maxToken: options.maxTokenBytes)
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard sheets.indices.contains(index) else {
            throw ReadError(file: path, reason: .notFound, detail: "no sheet \(index + 1): the workbook has \(sheets.count)")
        }
        let s = try scanner()
        var sheet = -1
        var rowNumber = 0
        var inRow = false
        var cells: [Cell] = []
        var column = 0  // 0-based position of the next cell
        var inCell = false
        var cellColumn = 0
        var mergeAcross = 0
        var dataDepth = 0  // > 0 inside the cell's <Data> (rich text nests HTML elements in it)
        var commentDepth = 0
        var type = ""
        var text: [UInt8] = []
        var cell = Cell.empty

        func finishRow() throws -> Bool {
            while let last = cells.last, case .empty = last { cells.removeLast() }
            defer { cells.removeAll(keepingCapacity: true) }
            return cells.isEmpty ? true : try body(rowNumber, cells)
        }

        while true {
            let ev = try s.next()
            switch ev {
            case .eof:
                if inRow { _ = try finishRow() }
                return
            case .start:
                if s.nameIs("Worksheet") {
                    sheet += 1
                    if sheet > index { return }
                    rowNumber = 0
                } else if sheet != index {
                    break
                } else if s.nameIs("Row") {
                    if inRow, !(try finishRow()) { return }
                    inRow = true
                    rowNumber = s.attribute("Index").flatMap { Int($0) }.map { max($0, rowNumber + 1) } ?? rowNumber + 1
                    column = 0
                    if s.isSelfClosing { inRow = false }
                } else if s.nameIs("Cell"), inRow {
                    inCell = true
                    cellColumn = s.attribute("Index").flatMap { Int($0) }.map { max($0 - 1, column) } ?? column
                    mergeAcross = min(max(s.attribute("MergeAcross").flatMap { Int($0) } ?? 0, 0), 1000)
                    cell = .empty
                } else if s.nameIs("Comment"), inCell {
                    commentDepth += 1
                } else if inCell, commentDepth == 0 {
                    if dataDepth > 0 {
                        dataDepth += 1
                    } else if s.nameIs("Data") {
                        dataDepth = 1
                        type = s.attribute("Type") ?? "String"
                        text.removeAll(keepingCapacity: true)
                    }
                }
            case .text:
                if dataDepth > 0, commentDepth == 0, sheet == index { s.appendText(to: &text) }
            case .end:
                guard sheet == index else { break }
                if s.nameIs("Worksheet") {
                    if inRow { _ = try finishRow() }
                    return
                } else if s.nameIs("Comment"), commentDepth > 0 {
                    commentDepth -= 1
                } else if dataDepth > 0, commentDepth == 0 {
                    dataDepth -= 1
                    if dataDepth == 0 { cell = Self.cell(type: type, text: text) }
                } else if s.nameIs("Cell"), inCell {
                    inCell = false
                    guard cellColumn < options.maxColumns else { break }
                    while cells.count < cellColumn { cells.append(.empty) }
                    cells.append(cell)
                    for _ in 0..<mergeAcross where cells.count < options.maxColumns { cells.append(.empty) }
                    column = cells.count
                } else if s.nameIs("Row"), inRow {
                    inRow = false
                    if !(try finishRow()) { return }
                }
            }
        }
    }

    /// A `<Data>` value by its `ss:Type`; a value that does not parse as its type stays text.
    static func cell(type: String, text: [UInt8]) -> Cell {
        let s = String(decoding: text, as: UTF8.self)
        switch type {
        case "Number":
            return Double(Text.trim(s)).map(Cell.number) ?? (s.isEmpty ? .empty : .string(s))
        case "DateTime":
            return dateTime(s).map(Cell.date) ?? (s.isEmpty ? .empty : .string(s))
        case "Boolean":
            let t = Text.trim(s)
            return t == "1" || t.lowercased() == "true" ? .bool(true) : t == "0" || t.lowercased() == "false" ? .bool(false) : .string(s)
        case "Error":
            return .error(s)
        default:
            return s.isEmpty ? .empty : .string(s)
        }
    }

    /// `2026-03-05T14:30:00.000` (Excel writes the time part always; seconds may carry a fraction).
    static func dateTime(_ s: String) -> CivilDateTime? {
        let parts = Text.trim(s).split(separator: "T", maxSplits: 1)
        guard let datePart = parts.first else { return nil }
        let ymd = datePart.split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3, CivilDateTime.isValid(year: ymd[0], month: ymd[1], day: ymd[2]) else { return nil }
        var hms = [0, 0, 0]
        if parts.count == 2 {
            let t = parts[1].split(separator: ":")
            for (i, p) in t.prefix(3).enumerated() {
                guard let v = Double(p) else { return nil }
                hms[i] = Int(v)
            }
            guard hms[0] < 24, hms[1] < 60, hms[2] < 60 else { return nil }
        }
        return CivilDateTime(year: ymd[0], month: ymd[1], day: ymd[2], hour: hms[0], minute: hms[1], second: hms[2])
    }
}
