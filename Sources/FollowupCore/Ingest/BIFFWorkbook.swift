/// What the workbook globals substream of a BIFF5/BIFF8 `Workbook` stream says before any
/// sheet is read: the sheets and where they start, the shared strings, the number format of
/// every XF (cell style) record, the date system and the code page.
struct BIFFWorkbook {
    struct Sheet {
        var info: SheetInfo
        /// Offset of the sheet's BOF record in the workbook stream.
        var offset: Int
    }

    /// 8 for Excel 97–2003, 5 for Excel 5.0/95 (byte strings in `codepage`, no SST).
    var biff = 8
    var date1904 = false
    var codepage: Int?
    var sheets: [Sheet] = []
    var sst: [String] = []
    /// How each XF record's number format shows numbers, by XF index (the `ixfe` of a cell).
    var kinds: [NumberFormatKind] = []
    var text = BIFFText(codepage: nil)

    static func parse(_ bytes: [UInt8], path: String) throws -> BIFFWorkbook {
        func corrupt(_ why: String) -> ReadError {
            ReadError(file: path, reason: .corrupt, detail: "the .xls workbook is damaged: \(why)")
        }
        guard bytes.count >= 8 else { throw corrupt("the workbook stream is empty") }
        let first = LE.u16(bytes, 0)
        if [0x0009, 0x0209, 0x0409].contains(first) {
            throw ReadError(
                file: path, reason: .unsupported,
                detail: "this is an Excel 2.x–4.x worksheet (BIFF2–4), which is not supported; save it as .xlsx")
        }
        guard first == BIFF.bof else { throw corrupt("the workbook stream does not start with a BOF record") }
        var wb = BIFFWorkbook()
        let version = LE.u16(bytes, 4)
        switch version {
        case 0x0600: wb.biff = 8
        case 0x0500: wb.biff = 5
        case 0x0200, 0x0300, 0x0400:
            throw ReadError(
                file: path, reason: .unsupported,
                detail: "this is an Excel 2.x–4.x workbook (BIFF2–4), which is not supported; save it as .xlsx")
        default: wb.biff = LE.u16(bytes, 2) >= 16 ? 8 : 5
        }

        var formatIds: [Int] = []
        var custom: [Int: NumberFormatKind] = [:]
        // BIFF5 names and format codes are byte strings whose code page may be declared after
        // them; they are decoded once the globals are read.
        var rawSheets: [(name: ArraySlice<UInt8>, visible: Bool, offset: Int)] = []
        var rawFormats: [(id: Int, code: ArraySlice<UInt8>)] = []
        var sheetNames: [String] = []

        var at = 0
        scan: while at + 4 <= bytes.count {
            let type = LE.u16(bytes, at)
            let len = Int(LE.u16(bytes, at + 2))
            let body = at + 4
            let end = body + len
            guard end <= bytes.count else { throw corrupt("a record at offset \(at) runs past the end of the workbook stream") }
            var next = end
            switch type {
            case BIFF.eof:
                break scan
            case BIFF.filePass:
                throw ReadError(
                    file: path, reason: .encrypted,
                    detail: "the workbook is password-protected (encrypted .xls); open it in Excel, remove the password and save again")
            case BIFF.codePage where len >= 2:
                wb.codepage = Int(LE.u16(bytes, body))
            case BIFF.dateMode where len >= 2:
                wb.date1904 = LE.u16(bytes, body) == 1
            case BIFF.boundSheet where len >= 8:
                // Only worksheets hold tables; macro sheets, charts and VBA modules are skipped.
                guard bytes[body + 5] == 0 else { break }
                let offset = Int(LE.u32(bytes, body))
                let visible = bytes[body + 4] & 0x03 == 0
                let cch = Int(bytes[body + 6])
                if wb.biff == 8 {
                    var c = BIFFCursor(bytes: bytes, segments: [(body + 8)..<end])
                    let name = wb.text.biff8(&c, count: cch, highByte: bytes[body + 7] & 0x01 != 0)
                    sheetNames.append(name)
                    rawSheets.append((bytes[0..<0], visible, offset))
                } else {
                    rawSheets.append((bytes[(body + 7)..<min(body + 7 + cch, end)], visible, offset))
                }
            case BIFF.format, BIFF.formatBIFF3:
                guard len >= 3 else { break }
                let id = Int(LE.u16(bytes, body))
                if wb.biff == 8 {
                    guard len >= 5 else { break }
                    var c = BIFFCursor(bytes: bytes, segments: [(body + 5)..<end])
                    let code = wb.text.biff8(&c, count: Int(LE.u16(bytes, body + 2)), highByte: bytes[body + 4] & 0x01 != 0)
                    custom[id] = NumberFormatKind.classify(code)
                } else {
                    let cch = Int(bytes[body + 2])
                    rawFormats.append((id, bytes[(body + 3)..<min(body + 3 + cch, end)]))
                }
            case BIFF.xf where len >= 4:
                formatIds.append(Int(LE.u16(bytes, body + 2)))
            case BIFF.sst where wb.biff == 8:
                let (cursor, after) = BIFFCursor.record(in: bytes, at: at)
                wb.sst = readSST(cursor, text: wb.text)
                next = after
            default:
                break
            }
            at = next
        }

        if wb.biff == 5 {
            wb.text = BIFFText(codepage: wb.codepage)
            sheetNames = rawSheets.map { wb.text.bytes($0.name) }
            for f in rawFormats { custom[f.id] = NumberFormatKind.classify(wb.text.bytes(f.code)) }
        }
        wb.sheets = zip(rawSheets, sheetNames).map { Sheet(info: SheetInfo(name: $1, isVisible: $0.visible), offset: $0.offset) }
        wb.kinds = formatIds.map { custom[$0] ?? NumberFormatKind.builtIn($0) }
        return wb
    }

    /// The shared-string table: XLUnicodeRichExtendedString entries (rich-text runs and
    /// phonetic data skipped) until the declared count or the data ends, whichever is first.
    static func readSST(_ cursor: BIFFCursor, text: BIFFText) -> [String] {
        var c = cursor
        guard c.skip(4), let unique = c.u32() else { return [] }
        let bytes = cursor.segments.reduce(0) { $0 + $1.count }
        var out: [String] = []
        out.reserveCapacity(min(Int(unique), bytes / 3))
        for _ in 0..<unique {
            guard let cch = c.u16(), let flags = c.u8() else { break }
            var runs = 0
            var ext = 0
            if flags & 0x08 != 0 { runs = Int(c.u16() ?? 0) }
            if flags & 0x04 != 0 { ext = Int(c.u32() ?? 0) }
            out.append(text.biff8(&c, count: Int(cch), highByte: flags & 0x01 != 0))
            guard c.skip(runs * 4), c.skip(ext) else { break }
        }
        return out
    }
}
