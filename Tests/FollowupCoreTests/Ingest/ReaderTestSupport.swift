import CZlib
import Foundation
@testable import FollowupCore

/// Paths and builders shared by the reader tests.
enum ReaderFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/readers")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// `s` encoded as GB18030 (glibc iconv), as Chinese Excel and HIS write it.
    static func gb18030(_ s: String) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")!
        defer { iconv_close(cd) }
        var input = Array(s.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let n = input.withUnsafeMutableBytes { i in
            output.withUnsafeMutableBytes { o -> Int in
                var ip = i.baseAddress?.assumingMemoryBound(to: CChar.self)
                var il = i.count
                var op = o.baseAddress?.assumingMemoryBound(to: CChar.self)
                var ol = o.count
                _ = iconv(cd, &ip, &il, &op, &ol)
                return o.count - ol
            }
        }
        return Array(output[0..<n])
    }

    /// Surveys and reads a fixture through the real opener and staging.
    static func staged(_ name: String) throws -> (survey: FileSurvey, rows: RecordingSink) {
        let p = path(name)
        let size = (try FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
        return try readThrough(
            TableReader(configuration: Configuration(), opener: defaultOpener), InputFile(path: p, name: name, size: size))
    }

    /// A fresh temporary file holding `bytes`.
    static func temp(_ bytes: [UInt8], suffix: String = ".bin") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Reads every row of every sheet.
    static func readAll(_ table: TableSource) throws -> [[(Int, [Cell])]] {
        var out: [[(Int, [Cell])]] = []
        for i in table.sheets.indices {
            var rows: [(Int, [Cell])] = []
            try table.forEachRow(inSheet: i) { n, cells in
                rows.append((n, cells))
                return true
            }
            out.append(rows)
        }
        return out
    }
}

/// Writes zip archives in tests (deflated entries through zlib), so hostile packages such as
/// zip bombs are generated on the spot rather than committed.
struct TestZipWriter {
    private var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    static func deflateRaw(_ input: [UInt8]) -> [UInt8] {
        var zs = z_stream()
        _ = deflateInit2_(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&zs, UInt(input.count))) + 64)
        var inp = input
        let produced = inp.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o -> Int in
                zs.next_in = i.baseAddress
                zs.avail_in = UInt32(i.count)
                zs.next_out = o.baseAddress
                zs.avail_out = UInt32(o.count)
                _ = deflate(&zs, Z_FINISH)
                return o.count - Int(zs.avail_out)
            }
        }
        deflateEnd(&zs)
        return Array(out[0..<produced])
    }

    private static func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    mutating func add(_ name: String, _ content: [UInt8], declaredSize: Int? = nil) {
        let comp = Self.deflateRaw(content)
        let crc = content.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let nameBytes = Array(name.utf8)
        let offset = data.count
        let size = declaredSize ?? content.count
        data += Self.le(0x0403_4B50, 4) + Self.le(20, 2) + Self.le(0, 2) + Self.le(8, 2) + Self.le(0, 4)
            + Self.le(crc, 4) + Self.le(comp.count, 4) + Self.le(size, 4) + Self.le(nameBytes.count, 2) + Self.le(0, 2)
            + nameBytes + comp
        central += Self.le(0x0201_4B50, 4) + Self.le(20, 2) + Self.le(20, 2) + Self.le(0, 2) + Self.le(8, 2)
            + Self.le(0, 4) + Self.le(crc, 4) + Self.le(comp.count, 4) + Self.le(size, 4)
            + Self.le(nameBytes.count, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 2)
            + Self.le(0, 4) + Self.le(offset, 4) + nameBytes
        count += 1
    }

    func bytes() -> [UInt8] {
        data + central + Self.le(0x0605_4B50, 4) + Self.le(0, 2) + Self.le(0, 2) + Self.le(count, 2)
            + Self.le(count, 2) + Self.le(central.count, 4) + Self.le(data.count, 4) + Self.le(0, 2)
    }

    /// A minimal workbook with one sheet whose XML (and optional shared strings) are given.
    static func workbook(
        sheet: String, sharedStrings: String? = nil, styles: String? = nil, date1904: Bool = false,
        sheetDeclaredSize: Int? = nil
    )
        -> TestZipWriter
    {
        var z = TestZipWriter()
        z.add("_rels/.rels", Array("""
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """.utf8))
        z.add("xl/workbook.xml", Array("""
            <?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <workbookPr date1904="\(date1904 ? 1 : 0)"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8))
        var rels = """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
            """
        if sharedStrings != nil {
            rels += #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        if styles != nil {
            rels += #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        }
        z.add("xl/_rels/workbook.xml.rels", Array((rels + "</Relationships>").utf8))
        z.add("xl/worksheets/sheet1.xml", Array(sheet.utf8), declaredSize: sheetDeclaredSize)
        if let s = sharedStrings { z.add("xl/sharedStrings.xml", Array(s.utf8)) }
        if let s = styles { z.add("xl/styles.xml", Array(s.utf8)) }
        return z
    }
}
