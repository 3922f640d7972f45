/// The kind of file, decided by its first bytes rather than its name: HIS systems save
/// tab-separated GB18030 text as `.xls`, and users rename files freely.
public enum TableFormat: String, Sendable {
    case xlsx
    case xls
    case csv
    /// An HTML page holding `<table>` markup, often named `.xls` by a HIS's "export to Excel".
    case html
    /// An Excel 2003 XML workbook (SpreadsheetML), also often named `.xls`.
    case xml2003
}

/// Opens any supported spreadsheet: .xlsx/.xlsm (zip), .xls BIFF8/BIFF5 (OLE), or CSV/TSV text.
///
/// A password-protected .xlsx is an OLE file holding `EncryptionInfo`/`EncryptedPackage`
/// streams, so it is recognised as encrypted rather than mistaken for a damaged .xls.
public func openTable(path: String, options: ReadOptions = ReadOptions()) throws -> TableSource {
    let file = try OpenFile(path: path)
    switch try sniffFormat(file) {
    case .xlsx: return try XLSXSource(file: file, options: options)
    case .xls: return try XLSSource(file: file, options: options)
    case .csv: return try CSVSource(file: file, options: options)
    case .html: return try HTMLTableSource(file: file, options: options)
    case .xml2003: return try SpreadsheetMLSource(file: file, options: options)
    }
}

/// Decides the format from the magic bytes; throws for files that are none of them.
public func sniffFormat(path: String) throws -> TableFormat {
    try sniffFormat(OpenFile(path: path))
}

func sniffFormat(_ file: OpenFile) throws -> TableFormat {
    let path = file.path
    guard file.size > 0 else {
        throw ReadError(file: path, reason: .notASpreadsheet, detail: "the file is empty")
    }
    let head = try file.read(at: 0, count: min(file.size, 64 << 10))
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
        return .xlsx
    }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
        if try containsUTF16(file, "EncryptedPackage") || containsUTF16(file, "EncryptionInfo") {
            throw ReadError(
                file: path, reason: .encrypted,
                detail: "the workbook is password-protected; remove the password in Excel (File > Info > Protect Workbook) and save again")
        }
        return .xls
    }
    // BIFF2–4 (Excel 2.x–4.x) files start with a BOF record directly, without OLE.
    if head.count >= 4, head[0] == 0x09, [0x00, 0x02, 0x04].contains(head[1]), head[3] == 0x00 {
        throw ReadError(
            file: path, reason: .unsupported,
            detail: "this is an Excel 2.x–4.x worksheet (BIFF2–4), which is not supported; save it as .xlsx")
    }
    if head.starts(with: [0x50, 0x4B]) {
        throw ReadError(file: path, reason: .corrupt, detail: "the zip archive is damaged (bad header)")
    }
    if looksLikeText(head) {
        if looksLikeSpreadsheetML(head) { return .xml2003 }
        return looksLikeHTML(head) ? .html : .csv
    }
    throw ReadError(
        file: path, reason: .notASpreadsheet,
        detail: "the file is not a spreadsheet (.xlsx, .xls) nor CSV/TSV text")
}

/// Text has a BOM, or hardly any control bytes (NUL, or below 0x20 other than tab, CR, LF,
/// form feed, ESC and SUB).
func looksLikeText(_ head: [UInt8]) -> Bool {
    if head.starts(with: [0xEF, 0xBB, 0xBF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
        return true
    }
    var control = 0
    for c in head where c < 0x20 {
        if c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x1A || c == 0x1B { continue }
        control += 1
    }
    return control * 200 <= head.count && !head.contains(0)
}

/// An Excel 2003 XML workbook: XML whose first 64 KB name the SpreadsheetML namespace.
func looksLikeSpreadsheetML(_ head: [UInt8]) -> Bool {
    var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while i < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[i]) { i += 1 }
    guard i < head.count, head[i] == UInt8(ascii: "<") else { return false }
    return contains(head, "urn:schemas-microsoft-com:office:spreadsheet")
        && (contains(head, "<Workbook") || contains(head, ":Workbook"))
}

private func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let t = Array(needle.utf8)
    guard haystack.count >= t.count else { return false }
    return (0...(haystack.count - t.count)).contains { haystack[$0] == t[0] && haystack[$0..<($0 + t.count)].elementsEqual(t) }
}

/// An HTML page: after a BOM and white space the text opens with a tag, and `<table`,
/// `<html` or `<!doctype html` appears in the first 64 KB (any case). A CSV whose first cell
/// starts with `<` has no such tag.
func looksLikeHTML(_ head: [UInt8]) -> Bool {
    var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while i < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[i]) { i += 1 }
    guard i < head.count, head[i] == UInt8(ascii: "<") else { return false }
    let lower = Array(head[i...].map(Text.lowerASCII))
    return ["<table", "<html", "<!doctype html"].contains { contains(lower, $0) }
}

/// Whether the file contains `needle` as UTF-16LE (OLE directory entry names).
private func containsUTF16(_ file: OpenFile, _ needle: String) throws -> Bool {
    var pattern: [UInt8] = []
    for u in needle.utf16 {
        pattern.append(UInt8(u & 0xFF))
        pattern.append(UInt8(u >> 8))
    }
    let chunk = 1 << 20
    var offset = 0
    while offset < file.size {
        let bytes = try file.read(at: offset, count: chunk + pattern.count)
        if bytes.count >= pattern.count {
            let first = pattern[0]
            let last = bytes.count - pattern.count
            var i = 0
            while i <= last {
                if bytes[i] == first, bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return true }
                i += 1
            }
        }
        offset += chunk
    }
    return false
}
