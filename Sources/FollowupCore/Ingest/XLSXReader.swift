import Foundation

/// Reads .xlsx/.xlsm workbooks: sheet XML is streamed row by row through the zip entry, so
/// only the shared strings and one row are ever held in memory.
public final class XLSXSource: TableSource {
    public let path: String
    public let sheets: [SheetInfo]
    public let date1904: Bool
    private let zip: ZipArchive
    private let package: XLSXPackage
    private let options: ReadOptions

    public convenience init(path: String, options: ReadOptions = ReadOptions()) throws {
        try self.init(file: OpenFile(path: path), options: options)
    }

    init(file: OpenFile, options: ReadOptions) throws {
        self.path = file.path
        self.options = options
        self.zip = try ZipArchive(file: file, options: options)
        self.package = try XLSXPackage(zip: zip)
        self.sheets = package.sheets.map(\.info)
        self.date1904 = package.date1904
    }

    enum ValueType {
        case number
        case shared
        case string
        case inline
        case bool
        case error
        case isoDate
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard package.sheets.indices.contains(index) else {
            throw ReadError(file: path, reason: .notFound, detail: "no sheet number \(index + 1)")
        }
        let sheet = package.sheets[index]
        guard let entry = zip.entry(sheet.part) else {
            throw ReadError(file: path, reason: .corrupt, detail: "sheet \(sheet.info.name): part \(sheet.part) is missing")
        }
        let s = XMLScanner(stream: try zip.open(entry), file: path, part: sheet.part, maxToken: options.maxTokenBytes)
        let sst = package.sharedStrings
        let kinds = package.styleKinds
        let maxColumns = options.maxColumns

        var rowNumber = 0
        var inRow = false
        var cells: [Cell] = []
        var nextColumn = 0
        // Current cell.
        var inCell = false
        var column = 0
        var type = ValueType.number
        var style = 0
        var value: [UInt8] = []
        var inline: [UInt8] = []
        var hasValue = false
        var inV = false
        var inIS = false
        var inT = false
        var phonetic = 0

        func finishRow() throws -> Bool {
            while let last = cells.last, case .empty = last { cells.removeLast() }
            let keepGoing = try body(rowNumber, cells)
            cells.removeAll(keepingCapacity: true)
            return keepGoing
        }

        while true {
            let ev = try s.next()
            switch ev {
            case .eof:
                if inRow { _ = try finishRow() }
                return
            case .start:
                if s.nameIs("c") {
                    inCell = true
                    let (rAttr, tAttr, sAttr) = s.letterAttributes(UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "s"))
                    if let r = rAttr, let c = Self.column(of: s.bytes(r)) {
                        column = c
                    } else {
                        column = nextColumn
                    }
                    nextColumn = column + 1
                    type = .number
                    if let t = tAttr { type = Self.valueType(s.bytes(t)) }
                    style = sAttr.flatMap { Self.int(s.bytes($0)) } ?? 0
                    if !value.isEmpty { value.removeAll(keepingCapacity: true) }
                    if !inline.isEmpty { inline.removeAll(keepingCapacity: true) }
                    hasValue = false
                } else if s.nameIs("v") {
                    inV = inCell
                    if inCell { hasValue = true }
                } else if s.nameIs("row") {
                    if inRow, !(try finishRow()) { return }
                    inRow = true
                    if let r = s.attributeRange("r").flatMap({ Self.int(s.bytes($0)) }), r > 0 {
                        rowNumber = r
                    } else {
                        rowNumber += 1
                    }
                    nextColumn = 0
                } else if s.nameIs("is") {
                    inIS = inCell
                } else if s.nameIs("t") {
                    inT = inIS
                } else if s.nameIs("rPh") {
                    phonetic += 1
                }
            case .end:
                if s.nameIs("c") {
                    guard inCell else { break }
                    inCell = false
                    let cell = makeCell(
                        type: type, style: style, value: value, inline: inline, hasValue: hasValue, sst: sst,
                        kinds: kinds)
                    guard column < maxColumns else { break }
                    if case .empty = cell { break }
                    if column == cells.count {
                        cells.append(cell)
                    } else if column < cells.count {
                        cells[column] = cell
                    } else {
                        while cells.count < column { cells.append(.empty) }
                        cells.append(cell)
                    }
                } else if s.nameIs("v") {
                    inV = false
                } else if s.nameIs("row") {
                    if inRow, !(try finishRow()) { return }
                    inRow = false
                } else if s.nameIs("is") {
                    inIS = false
                } else if s.nameIs("t") {
                    inT = false
                } else if s.nameIs("rPh") {
                    phonetic = max(0, phonetic - 1)
                } else if s.nameIs("sheetData") {
                    if inRow { _ = try finishRow() }
                    return
                }
            case .text:
                if inV {
                    s.appendText(to: &value)
                } else if inT, phonetic == 0 {
                    s.appendText(to: &inline)
                }
            }
        }
    }

    private func makeCell(
        type: ValueType, style: Int, value: [UInt8], inline: [UInt8], hasValue: Bool, sst: [String],
        kinds: [NumberFormatKind]
    ) -> Cell {
        switch type {
        case .inline:
            let bytes = inline.isEmpty ? value : inline
            return bytes.isEmpty ? .empty : .string(excelUnescape(bytes))
        case .shared:
            guard let i = Self.int(value), sst.indices.contains(i) else { return .empty }
            let str = sst[i]
            return str.isEmpty ? .empty : .string(str)
        case .string:
            return value.isEmpty ? .empty : .string(excelUnescape(value))
        case .bool:
            guard hasValue, !value.isEmpty else { return .empty }
            return .bool(value.first == UInt8(ascii: "1") || value.first == UInt8(ascii: "t"))
        case .error:
            return value.isEmpty ? .empty : .error(String(decoding: value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self)
            return ISODate.cell(text) ?? (text.isEmpty ? .empty : .string(text))
        case .number:
            guard hasValue, !value.isEmpty else { return .empty }
            guard let d = Self.double(value) else {
                // A non-numeric value in a numeric cell: show it as text rather than lose it.
                return .string(String(decoding: value, as: UTF8.self))
            }
            let kind = style >= 0 && style < kinds.count ? kinds[style] : .number
            return Self.typed(d, kind: kind, date1904: date1904)
        }
    }

    /// A number under its cell's format: dates become civil dates, times and durations
    /// seconds. Serials below 1 under a date format are a time of day, as Excel users mean
    /// them (and as both reference readers report them).
    static func typed(_ d: Double, kind: NumberFormatKind, date1904: Bool) -> Cell {
        switch kind {
        case .number:
            return .number(d)
        case .duration:
            return .duration((d * 86_400 * 1_000_000).rounded() / 1_000_000)
        case .date, .time:
            if d >= 0 && d < 1 { return .time((d * 86_400 * 1_000_000).rounded() / 1_000_000) }
            return CivilDateTime(excelSerial: d, date1904: date1904).map { .date($0) } ?? .number(d)
        }
    }

    // MARK: - Byte parsing helpers

    /// The `t` attribute of a cell; anything unknown is read as a number, as before.
    static func valueType(_ t: UnsafeBufferPointer<UInt8>) -> ValueType {
        switch t.count {
        case 1:
            switch t[0] {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "b"): return .bool
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        case 3: return same(t, "str") ? .string : .number
        case 9: return same(t, "inlineStr") ? .inline : .number
        default: return .number
        }
    }

    @inline(__always) private static func same(_ t: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard t.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<t.count where t[k] != p[k] { return false }
        return true
    }

    /// Zero-based column of a cell reference such as `AB12`.
    static func column<C: Collection>(of ref: C) -> Int? where C.Element == UInt8 {
        var col = 0
        var letters = 0
        for c in ref {
            if c >= 0x41 && c <= 0x5A {
                col = col * 26 + Int(c - 0x40)
            } else if c >= 0x61 && c <= 0x7A {
                col = col * 26 + Int(c - 0x60)
            } else if c == UInt8(ascii: "$") {
                continue
            } else {
                break
            }
            letters += 1
            if letters > 4 { return nil }
        }
        return letters == 0 ? nil : col - 1
    }

    static func int<C: Collection>(_ b: C) -> Int? where C.Element == UInt8 {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v = 0
        for c in b {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    static func double(_ b: [UInt8]) -> Double? {
        if let d = b.withUnsafeBufferPointer({ NumberText.double($0) }) { return d }
        if let i = int(b) { return Double(i) }
        var s = String(decoding: b, as: UTF8.self)
        s = s.trimmingCharacters(in: .whitespaces)
        return Double(s)
    }
}

/// ISO 8601 values of `t="d"` cells (`2021-01-01T10:00:00`, `2021-01-01`, `10:00:00`).
enum ISODate {
    static func cell(_ s: String) -> Cell? {
        let u = Array(s.utf8)
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= u.count else { return nil }
            var v = 0
            for i in a..<(a + n) {
                guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        if u.count >= 8, u.count < 10 || u[2] == UInt8(ascii: ":"), let h = num(0, 2), let m = num(3, 2),
            let sec = num(6, 2)
        {
            return .time(Double(h * 3_600 + m * 60 + sec))
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), CivilDateTime.isValid(year: y, month: mo, day: d)
        else { return nil }
        var dt = CivilDateTime(year: y, month: mo, day: d)
        if u.count >= 19, let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2) {
            dt.hour = h
            dt.minute = mi
            dt.second = sec
        }
        return .date(dt)
    }
}
