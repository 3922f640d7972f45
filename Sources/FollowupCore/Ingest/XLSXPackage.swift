/// The parts of an .xlsx package a reader needs before any sheet: where the workbook is, its
/// sheets and their parts, the date system, the styles that make numbers dates, and the
/// shared strings. Strict-ISO packages (purl.oclc.org namespaces) and absolute `/xl/...`
/// targets are handled by matching relationship types by suffix and resolving paths here.
struct XLSXPackage {
    struct Sheet {
        var info: SheetInfo
        var part: String
    }

    var sheets: [Sheet] = []
    var date1904 = false
    /// Per `cellXfs` index, how its number format shows numbers.
    var styleKinds: [NumberFormatKind] = []
    var sharedStrings: [String] = []

    init(zip: ZipArchive) throws {
        let path = zip.file.path
        let maxToken = zip.options.maxTokenBytes
        func scanner(_ part: String) throws -> XMLScanner? {
            guard let e = zip.entry(part) else { return nil }
            return XMLScanner(stream: try zip.open(e), file: path, part: part, maxToken: maxToken)
        }

        // Package relationships name the workbook part (not always xl/workbook.xml).
        var workbookPart = "xl/workbook.xml"
        if let s = try scanner("_rels/.rels") {
            for r in try Self.relationships(s) where r.type.hasSuffix("/officeDocument") {
                workbookPart = Self.resolve(r.target, base: "")
                break
            }
        }
        if zip.entry(workbookPart) == nil, zip.entry("xl/workbook.xml") != nil { workbookPart = "xl/workbook.xml" }
        guard let wb = try scanner(workbookPart) else {
            if zip.entry("EncryptedPackage") != nil {
                throw ReadError(file: path, reason: .encrypted, detail: "the workbook is password-protected")
            }
            throw ReadError(
                file: path, reason: .notASpreadsheet,
                detail: "this zip file has no workbook part; it is not an Excel .xlsx file")
        }
        let base = Self.directory(of: workbookPart)
        let relsPart = base + "_rels/" + String(workbookPart.split(separator: "/").last ?? "workbook.xml") + ".rels"
        var rels: [String: Relationship] = [:]
        var sstPart: String?
        var stylesPart: String?
        if let s = try scanner(relsPart) {
            for r in try Self.relationships(s) {
                rels[r.id] = r
                if r.type.hasSuffix("/sharedStrings") { sstPart = Self.resolve(r.target, base: base) }
                if r.type.hasSuffix("/styles") { stylesPart = Self.resolve(r.target, base: base) }
            }
        }

        // workbook.xml: sheet names, visibility, relationship ids, date system.
        var declared: [(name: String, state: String, rid: String)] = []
        while true {
            let ev = try wb.next()
            if ev == .eof { break }
            guard ev == .start else { continue }
            if wb.nameIs("sheet") {
                declared.append(
                    (wb.attribute("name") ?? "Sheet\(declared.count + 1)", wb.attribute("state") ?? "visible",
                     wb.attribute("id") ?? ""))
            } else if wb.nameIs("workbookPr"), let v = wb.attribute("date1904")?.lowercased() {
                // Only an explicit attribute counts: extension lists repeat `workbookPr` bare.
                date1904 = v == "1" || v == "true" || v == "on"
            }
        }
        for (i, d) in declared.enumerated() {
            var part: String
            if let r = rels[d.rid] {
                // Chart sheets, dialog and macro sheets hold no table.
                guard r.type.hasSuffix("/worksheet") else { continue }
                part = Self.resolve(r.target, base: base)
            } else {
                // A missing relationship: fall back to the conventional part name.
                part = base + "worksheets/sheet\(i + 1).xml"
            }
            if zip.entry(part) == nil { continue }
            sheets.append(Sheet(info: SheetInfo(name: d.name, isVisible: d.state == "visible"), part: part))
        }

        if let sp = stylesPart ?? (zip.entry(base + "styles.xml") != nil ? base + "styles.xml" : nil),
            let s = try scanner(sp)
        {
            styleKinds = try Self.styles(s)
        }
        if let sp = sstPart ?? (zip.entry(base + "sharedStrings.xml") != nil ? base + "sharedStrings.xml" : nil),
            let s = try scanner(sp)
        {
            sharedStrings = try Self.sharedStrings(s)
        }
    }

    // MARK: - Relationships and paths

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    static func relationships(_ s: XMLScanner) throws -> [Relationship] {
        var out: [Relationship] = []
        while true {
            let ev = try s.next()
            if ev == .eof { break }
            if ev == .start, s.nameIs("Relationship") {
                if (s.attribute("TargetMode") ?? "") == "External" { continue }
                out.append(
                    Relationship(id: s.attribute("Id") ?? "", type: s.attribute("Type") ?? "",
                                 target: s.attribute("Target") ?? ""))
            }
        }
        return out
    }

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// Resolves a relationship target against the source part's folder; `/xl/...` is absolute.
    static func resolve(_ target: String, base: String) -> String {
        let t = target.replacingOccurrences(of: "\\", with: "/")
        let joined = t.hasPrefix("/") ? String(t.dropFirst()) : base + t
        var parts: [Substring] = []
        for p in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(p)
        }
        return parts.joined(separator: "/")
    }

    // MARK: - Styles

    static func styles(_ s: XMLScanner) throws -> [NumberFormatKind] {
        var custom: [Int: NumberFormatKind] = [:]
        var ids: [Int] = []
        var inCellXfs = false
        var depth = 0
        var xfDepth = -1
        while true {
            let ev = try s.next()
            if ev == .eof { break }
            if ev == .start {
                depth += 1
                if s.nameIs("numFmt"), let id = s.attribute("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = NumberFormatKind.classify(s.attribute("formatCode") ?? "")
                } else if s.nameIs("cellXfs") {
                    inCellXfs = true
                } else if inCellXfs, s.nameIs("xf"), xfDepth < 0 {
                    xfDepth = depth
                    ids.append(s.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                }
            } else if ev == .end {
                if s.nameIs("cellXfs") { inCellXfs = false }
                if depth == xfDepth { xfDepth = -1 }
                depth -= 1
            }
        }
        return ids.map { custom[$0] ?? NumberFormatKind.builtIn($0) }
    }

    // MARK: - Shared strings

    /// Each `<si>` is the concatenation of its `<t>` runs, leaving out phonetic `<rPh>` runs
    /// (furigana/pinyin guides that Excel does not show in the cell).
    static func sharedStrings(_ s: XMLScanner) throws -> [String] {
        var out: [String] = []
        var acc: [UInt8] = []
        var inSI = false
        var inT = false
        var phonetic = 0
        while true {
            let ev = try s.next()
            switch ev {
            case .eof:
                return out
            case .start:
                if s.nameIs("si") {
                    inSI = true
                    acc.removeAll(keepingCapacity: true)
                } else if s.nameIs("t") {
                    inT = true
                } else if s.nameIs("rPh") {
                    phonetic += 1
                }
            case .end:
                if s.nameIs("si") {
                    inSI = false
                    out.append(excelUnescape(acc))
                } else if s.nameIs("t") {
                    inT = false
                } else if s.nameIs("rPh") {
                    phonetic = max(0, phonetic - 1)
                }
            case .text:
                if inSI, inT, phonetic == 0 { s.appendText(to: &acc) }
            }
        }
    }
}

/// Decodes OOXML's `_xHHHH_` escapes as Excel shows them: `_x000D_` is a carriage return,
/// `_x005F_` an underscore (so `_x005F_x000D_` shows as the literal text `_x000D_`).
func excelUnescape(_ bytes: [UInt8]) -> String {
    guard bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) else { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    let n = bytes.count
    while i < n {
        if bytes[i] == UInt8(ascii: "_"), i + 6 < n, bytes[i + 1] == UInt8(ascii: "x") || bytes[i + 1] == UInt8(ascii: "X"),
            bytes[i + 6] == UInt8(ascii: "_")
        {
            var v: UInt32 = 0
            var ok = true
            for k in 2...5 {
                let c = bytes[i + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default:
                    ok = false
                    d = 0
                }
                v = v * 16 + d
            }
            if ok, let u = Unicode.Scalar(v) {
                XMLScanner.appendUTF8(u, to: &out)
                i += 7
                continue
            }
        }
        out.append(bytes[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}
