import Foundation
import Testing
@testable import FollowupCore

/// Excel 2003 XML workbooks (SpreadsheetML), as .NET and Java HIS modules write them.
@Suite struct SpreadsheetMLTests {
    func rows(_ path: String, sheet: Int = 0) throws -> [(Int, [Cell])] {
        var out: [(Int, [Cell])] = []
        try openTable(path: path).forEachRow(inSheet: sheet) { n, cells in
            out.append((n, cells))
            return true
        }
        return out
    }

    /// What Excel itself writes: namespaces and prefixes, skipped rows and cells (`ss:Index`),
    /// a merged title (`ss:MergeAcross`), a rich-text value, a cell comment, typed data, and a
    /// second sheet.
    @Test func excelFeaturesAreReadAsAWorkbookShowsThem() throws {
        let dir = TempDir()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
             xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
             <Worksheet ss:Name="出院名单">
              <Table ss:ExpandedColumnCount="5">
               <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">出院病人一览表</Data></Cell></Row>
               <Row ss:Index="3">
                <Cell><Data ss:Type="String">住院号</Data></Cell><Cell><Data ss:Type="String">姓名</Data></Cell>
                <Cell><Data ss:Type="String">出院日期</Data></Cell><Cell><Data ss:Type="String">联系电话</Data></Cell>
                <Cell><Data ss:Type="String">已婚</Data></Cell>
               </Row>
               <Row>
                <Cell><Data ss:Type="String">ZY001</Data><Comment ss:Author="HIS"><ss:Data><B>note</B></ss:Data></Comment></Cell>
                <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>张</B><Font>三</Font></ss:Data></Cell>
                <Cell ss:StyleID="d"><Data ss:Type="DateTime">2026-03-05T14:30:00.000</Data></Cell>
                <Cell><Data ss:Type="Number">13800138000</Data></Cell>
                <Cell><Data ss:Type="Boolean">1</Data></Cell>
               </Row>
               <Row>
                <Cell><Data ss:Type="String">ZY002 &amp; &#x4E2D;</Data></Cell>
                <Cell ss:Index="3"><Data ss:Type="DateTime">2026-03-06T00:00:00.000</Data></Cell>
                <Cell><Data ss:Type="Error">#N/A</Data></Cell>
               </Row>
              </Table>
             </Worksheet>
             <ss:Worksheet ss:Name="第二页"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="Number">2.5</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet>
            </Workbook>
            """
        let path = dir.file("export.xls")
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try sniffFormat(path: path) == .xml2003)
        let table = try openTable(path: path)
        #expect(table.sheets.map(\.name) == ["出院名单", "第二页"])
        let got = try rows(path)
        #expect(got.map(\.0) == [1, 3, 4, 5])
        #expect(got[0].1 == [.string("出院病人一览表")])
        #expect(got[2].1 == [
            .string("ZY001"), .string("张三"), .date(CivilDateTime(year: 2026, month: 3, day: 5, hour: 14, minute: 30)),
            .number(13_800_138_000), .bool(true),
        ])
        #expect(got[3].1 == [.string("ZY002 & 中"), .empty, .date(CivilDateTime(year: 2026, month: 3, day: 6)), .error("#N/A")])
        #expect(try rows(path, sheet: 1).map(\.1) == [[.number(2.5)]])
    }

    @Test func gbkBytesUnderAGB2312DeclarationAreDecoded() throws {
        let dir = TempDir()
        let xml = """
            <?xml version="1.0" encoding="gb2312"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">李堃</Data></Cell></Row></Table></Worksheet></Workbook>
            """
        let path = dir.file("gbk.xls")
        _ = FileManager.default.createFile(atPath: path, contents: Data(ReaderFixtures.gb18030(xml)))
        #expect(try rows(path).map(\.1) == [[.string("李堃")]])
    }

    @Test func notAWorkbookIsRefusedWithItsName() throws {
        let dir = TempDir()
        let path = dir.file("empty.xls")
        try "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ReadError.self) { try openTable(path: path) }
    }

    /// LibreOffice saved a HIS export as Excel 2003 XML (`scripts/make_reader_fixtures.py`):
    /// staged, it gives the same discharges, rejections and skipped rows as the CSV it came from.
    @Test func libreOfficeWorkbookStagesLikeItsSource() throws {
        let csv = try ReaderFixtures.staged("his_2003_source.csv")
        let xml = try ReaderFixtures.staged("his_libreoffice_2003.xml")
        #expect(xml.survey.format == "xml2003")
        #expect(xml.rows.discharges.count == 2)
        #expect(xml.rows.discharges.map(\.row) == csv.rows.discharges.map(\.row))
        #expect(xml.rows.discharges.map(\.record.inpatientNo) == csv.rows.discharges.map(\.record.inpatientNo))
        #expect(xml.rows.discharges.map(\.record.name) == ["张三", "李喆"])
        #expect(xml.rows.discharges.map(\.record.dischargeTime) == csv.rows.discharges.map(\.record.dischargeTime))
        #expect(xml.rows.discharges.map(\.record.admitTime) == csv.rows.discharges.map(\.record.admitTime))
        #expect(xml.rows.rejected.map(\.reason) == csv.rows.rejected.map(\.reason))
        #expect(xml.rows.skipped.map(\.kind) == csv.rows.skipped.map(\.kind))
    }
}
