import CFreeXL

/// Reads legacy .xls (BIFF8) workbooks through FreeXL, the library Debian ships.
///
/// FreeXL parses the whole workbook inside `freexl_open` (about 17 k rows/s, MEASURED.md);
/// a .xls sheet has at most 65,536 rows, so that is seconds at worst. It returns dates as
/// text, which are parsed back here. A native BIFF8 reader would be ten times faster
/// (docs/readers.md).
public final class XLSSource: TableSource {
    public let path: String
    public let sheets: [SheetInfo]
    private var handle: UnsafeRawPointer?

    public init(path: String) throws {
        self.path = path
        var h: UnsafeRawPointer?
        let rc = freexl_open(path, &h)
        guard rc == FREEXL_OK, let opened = h else {
            if h != nil { freexl_close(h) }
            if rc == FREEXL_OK {
                // FreeXL says OK without a handle for records it does not support (BIFF5
                // strings, XOR obfuscation, some bank exports).
                throw ReadError(
                    file: path, reason: .unsupported,
                    detail: "this .xls workbook uses features the .xls reader does not support (Excel 95, an old password, or an unusual writer); open it in Excel or WPS and save as .xlsx")
            }
            throw XLSSource.error(rc, path: path)
        }
        handle = opened
        var password: UInt32 = 0
        if freexl_get_info(opened, UInt16(FREEXL_BIFF_PASSWORD), &password) == FREEXL_OK, password == UInt32(FREEXL_BIFF_OBFUSCATED) {
            freexl_close(opened)
            handle = nil
            throw ReadError(file: path, reason: .encrypted, detail: "the workbook is password-protected; save it without a password")
        }
        var biff: UInt32 = 0
        if freexl_get_info(opened, UInt16(FREEXL_BIFF_VERSION), &biff) == FREEXL_OK, biff != 0, biff < 8 {
            freexl_close(opened)
            handle = nil
            throw ReadError(
                file: path, reason: .unsupported,
                detail: "this is an Excel 5.0/95 (BIFF\(biff)) workbook, which is not supported; save it as .xlsx")
        }
        var count: UInt32 = 0
        _ = freexl_get_info(opened, UInt16(FREEXL_BIFF_SHEET_COUNT), &count)
        var list: [SheetInfo] = []
        for i in 0..<min(count, 4_096) {
            var name: UnsafePointer<CChar>?
            if freexl_get_worksheet_name(opened, UInt16(i), &name) == FREEXL_OK, let name {
                list.append(SheetInfo(name: String(cString: name)))
            } else {
                list.append(SheetInfo(name: "Sheet\(i + 1)"))
            }
        }
        sheets = list
    }

    deinit {
        if let h = handle { freexl_close(h) }
    }

    static func error(_ rc: Int32, path: String) -> ReadError {
        switch rc {
        case FREEXL_FILE_NOT_FOUND:
            return ReadError(file: path, reason: .notFound, detail: "cannot open the file")
        case FREEXL_INSUFFICIENT_MEMORY:
            return ReadError(file: path, reason: .tooLarge, detail: "not enough memory to read this .xls workbook")
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            return ReadError(
                file: path, reason: .notASpreadsheet,
                detail: "this OLE file has no Excel workbook inside (a Word or other Office file?)")
        case FREEXL_CRAFTED_FILE:
            return ReadError(file: path, reason: .corrupt, detail: "the .xls file is severely damaged (or crafted); refused")
        case FREEXL_UNSUPPORTED_CHARSET, FREEXL_INVALID_CHARACTER:
            return ReadError(file: path, reason: .encoding, detail: "the .xls file uses a code page that cannot be decoded")
        default:
            return ReadError(
                file: path, reason: .corrupt,
                detail: "the .xls file is damaged or not a BIFF8 workbook (FreeXL error \(rc)); open and re-save it in Excel")
        }
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard let h = handle, sheets.indices.contains(index) else {
            throw ReadError(file: path, reason: .notFound, detail: "no sheet number \(index + 1)")
        }
        var rc = freexl_select_active_worksheet(h, UInt16(index))
        guard rc == FREEXL_OK else { throw XLSSource.error(rc, path: path) }
        var rows: UInt32 = 0
        var cols: UInt16 = 0
        rc = freexl_worksheet_dimensions(h, &rows, &cols)
        guard rc == FREEXL_OK else { throw XLSSource.error(rc, path: path) }
        var cells: [Cell] = []
        cells.reserveCapacity(Int(cols))
        var value = FreeXL_CellValue()
        for r in 0..<rows {
            cells.removeAll(keepingCapacity: true)
            for c in 0..<cols {
                guard freexl_get_cell_value(h, r, c, &value) == FREEXL_OK else {
                    cells.append(.empty)
                    continue
                }
                cells.append(Self.cell(value))
            }
            while let last = cells.last, case .empty = last { cells.removeLast() }
            // FreeXL cannot tell an absent row from an empty one; empty rows (including the
            // trailing ones it reports) are not delivered, as absent rows of an .xlsx are not.
            if cells.isEmpty { continue }
            if try !body(Int(r) + 1, cells) { return }
        }
    }

    static func cell(_ v: FreeXL_CellValue) -> Cell {
        switch Int32(v.type) {
        case FREEXL_CELL_INT:
            return .number(Double(v.value.int_value))
        case FREEXL_CELL_DOUBLE:
            return .number(v.value.double_value)
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT:
            guard let p = v.value.text_value else { return .empty }
            let s = String(cString: p)
            return s.isEmpty ? .empty : .string(s)
        case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            guard let p = v.value.text_value else { return .empty }
            let s = String(cString: p)
            // `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS`.
            return ISODate.cell(s) ?? .string(s)
        default:
            return .empty
        }
    }
}
