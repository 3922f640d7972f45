import CLibXML2

/// Reads HTML tables, which many Chinese HIS systems write when a user clicks "导出Excel":
/// the file is named `.xls`, Excel opens it with a warning, and it holds `<table>` markup in
/// GBK or UTF-8. Every `<tr>` of the document, in order, is one row of a single sheet (a title
/// often sits in a table of its own above the data); a `<caption>` is a one-cell row.
///
/// libxml2's HTML push parser does the tolerant parsing (unclosed `<td>`, unquoted
/// attributes, entities, `<br>`), fed 1 MB of UTF-8 at a time through a SAX handler, so memory
/// stays flat however long the export. The text is decoded first, like a CSV export (BOM,
/// else valid UTF-8, else GB18030), and the page's own `<meta charset>` is ignored: exports
/// declare `gb2312` and then hold GBK-only characters.
///
/// Cells are text, as Excel shows them: white space collapsed, `<br>` a line break,
/// `&nbsp;` a space. `colspan` leaves empty cells to its right and `rowspan` empty cells below,
/// the way a merged range reads in a workbook.
public final class HTMLTableSource: TableSource, DescribedSource {
    public let sheets: [SheetInfo]
    private let input: TextInput

    init(file: OpenFile, options: ReadOptions) throws {
        input = try TextInput(file: file, options: options)
        sheets = [SheetInfo(name: input.baseName)]
    }

    public var path: String { input.path }
    public var encoding: ReadOptions.TextEncoding { input.encoding }

    public var formatName: String { "html" }
    public var encodingName: String? { encoding.rawValue }
    public var date1904: Bool { false }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard index == 0 else {
            throw ReadError(file: path, reason: .notFound, detail: "an HTML export has only one sheet")
        }
        let stream = try input.utf8Stream()
        let builder = HTMLRowBuilder(maxColumns: input.options.maxColumns, maxCellBytes: input.options.maxTokenBytes)
        let unmanaged = Unmanaged.passRetained(builder)
        defer { unmanaged.release() }
        var sax = HTMLRowBuilder.handler
        guard let ctxt = htmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), nil, 0, path, XML_CHAR_ENCODING_UTF8) else {
            throw ReadError(file: path, reason: .corrupt, detail: "libxml2 could not start an HTML parser")
        }
        defer { htmlFreeParserCtxt(ctxt) }
        let flags = HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOBLANKS.rawValue
        htmlCtxtUseOptions(ctxt, Int32(flags))

        var buffer: [UInt8] = []
        var done = false
        while !done {
            buffer.removeAll(keepingCapacity: true)
            done = try !stream.read(into: &buffer)
            _ = buffer.withUnsafeBytes { b in
                htmlParseChunk(
                    ctxt, b.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(b.count), done ? 1 : 0)
            }
            if let problem = builder.problem {
                throw ReadError(file: path, reason: .tooLarge, detail: "row \(builder.rowNumber + 1): \(problem)")
            }
            for (n, cells) in builder.ready where try !body(n, cells) { return }
            builder.ready.removeAll(keepingCapacity: true)
        }
    }
}

/// The SAX side: turns element events into rows. Lives as long as one read.
final class HTMLRowBuilder {
    let maxColumns: Int
    let maxCellBytes: Int
    /// Rows completed since the last chunk, with their 1-based numbers.
    var ready: [(Int, [Cell])] = []
    private(set) var rowNumber = 0
    /// Set when a limit is passed (an endless row or cell); the reader throws it.
    private(set) var problem: String?

    private var tableDepth = 0
    /// Table depth of the open row and cell (0: none); deeper tables are text of the cell.
    private var rowDepth = 0
    private var cellDepth = 0
    private var inCaption = false
    private var cells: [Cell] = []
    private var text: [UInt8] = []
    private var pendingSpace = false
    private var colspan = 1
    private var rowspan = 1
    /// Rows still covered by a `rowspan` from above, per column.
    private var covered: [Int] = []

    init(maxColumns: Int, maxCellBytes: Int) {
        self.maxColumns = maxColumns
        self.maxCellBytes = maxCellBytes
    }

    static var handler: htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { ctx, name, atts in
            guard let ctx, let name else { return }
            Unmanaged<HTMLRowBuilder>.fromOpaque(ctx).takeUnretainedValue().start(String(cString: name), atts)
        }
        sax.endElement = { ctx, name in
            guard let ctx, let name else { return }
            Unmanaged<HTMLRowBuilder>.fromOpaque(ctx).takeUnretainedValue().end(String(cString: name))
        }
        sax.characters = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            Unmanaged<HTMLRowBuilder>.fromOpaque(ctx).takeUnretainedValue().characters(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        return sax
    }

    private var inCell: Bool { cellDepth > 0 }

    func start(_ name: String, _ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        switch name {
        case "table":
            tableDepth += 1
        case "caption" where !inCell && rowDepth == 0:
            inCaption = true
            text.removeAll(keepingCapacity: true)
            pendingSpace = false
        case "tr":
            if inCell && tableDepth > cellDepth { return }
            if rowDepth > 0 { endRow() }
            beginRow()
        case "td", "th":
            if inCell && tableDepth > cellDepth {
                pendingSpace = true
                return
            }
            if inCell { endCell() }
            if rowDepth == 0 { beginRow() }
            fillCovered()
            colspan = 1
            rowspan = 1
            var p = atts
            while let a = p, let key = a.pointee, let value = a.advanced(by: 1).pointee {
                let k = String(cString: key).lowercased()
                let v = Int(String(cString: value).filter { !$0.isWhitespace }) ?? 1
                if k == "colspan" { colspan = min(max(v, 1), 1000) }
                if k == "rowspan" { rowspan = min(max(v, 1), 65_536) }
                p = a.advanced(by: 2)
            }
            cellDepth = tableDepth
            text.removeAll(keepingCapacity: true)
            pendingSpace = false
        case "br":
            if inCell || inCaption {
                text.append(0x0A)
                pendingSpace = false
            }
        default:
            break
        }
    }

    func end(_ name: String) {
        switch name {
        case "td", "th":
            if inCell && cellDepth == tableDepth { endCell() }
        case "tr":
            if rowDepth > 0 && rowDepth == tableDepth && !(inCell && cellDepth < tableDepth) { endRow() }
        case "caption":
            if inCaption {
                inCaption = false
                rowNumber += 1
                ready.append((rowNumber, [finishedText()]))
            }
        case "table":
            if rowDepth > 0 && rowDepth == tableDepth { endRow() }
            tableDepth = max(tableDepth - 1, 0)
        default:
            break
        }
    }

    /// Appends text with HTML's white-space collapsing; `&nbsp;` (U+00A0) counts as a space.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inCell || inCaption else { return }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pendingSpace = true
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                pendingSpace = true
                i += 1
            } else {
                if pendingSpace, let last = text.last, last != 0x0A { text.append(0x20) }
                pendingSpace = false
                text.append(b)
            }
            i += 1
        }
        if text.count > maxCellBytes { problem = "a cell is longer than \(maxCellBytes) bytes" }
    }

    private func finishedText() -> Cell {
        // Spaces before a line break were never written; trailing ones neither.
        defer {
            text.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        while let last = text.last, last == 0x0A { text.removeLast() }
        var start = 0
        while start < text.count, text[start] == 0x0A { start += 1 }
        return start == text.count ? .empty : .string(String(decoding: text[start...], as: UTF8.self))
    }

    private func beginRow() {
        rowDepth = max(tableDepth, 1)
        cells.removeAll(keepingCapacity: true)
    }

    /// Columns still covered by a rowspan from an earlier row get an empty cell.
    private func fillCovered() {
        while cells.count < covered.count, covered[cells.count] > 0 {
            covered[cells.count] -= 1
            cells.append(.empty)
        }
    }

    private func endCell() {
        let cell = finishedText()
        cellDepth = 0
        let first = cells.count
        cells.append(cell)
        for _ in 1..<colspan { cells.append(.empty) }
        if rowspan > 1 {
            if covered.count < cells.count { covered += Array(repeating: 0, count: cells.count - covered.count) }
            for c in first..<cells.count { covered[c] = rowspan - 1 }
        }
        if cells.count > maxColumns { problem = "more than \(maxColumns) columns" }
    }

    private func endRow() {
        if inCell { endCell() }
        fillCovered()
        // Columns covered past the row's last cell still count down.
        if cells.count < covered.count {
            for c in cells.count..<covered.count where covered[c] > 0 { covered[c] -= 1 }
        }
        rowDepth = 0
        rowNumber += 1
        ready.append((rowNumber, cells))
        cells.removeAll(keepingCapacity: true)
    }
}
