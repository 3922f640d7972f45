import Foundation
import Testing
@testable import FollowupCore

/// HIS "export to Excel" files that are HTML pages: sniffed by content, decoded like CSV,
/// tables parsed by libxml2, merged cells placed as a workbook would hold them.
@Suite struct HTMLTableTests {
    func write(_ name: String, _ bytes: [UInt8], in dir: TempDir) -> String {
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func texts(_ path: String) throws -> [[String]] {
        let table = try openTable(path: path)
        var out: [[String]] = []
        try table.forEachRow(inSheet: 0) { _, cells in
            out.append(cells.map(\.text))
            return true
        }
        return out
    }

    @Test func gbkPageDeclaringGB2312IsReadWithItsGBKOnlyCharacters() throws {
        let dir = TempDir()
        // 喆 and 堃 are in GBK but not in GB2312, as in real names; the page claims gb2312.
        let html = """
            <html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
            <style>td{mso-number-format:'\\@'}</style><script>var x = "<td>no</td>";</script></head><body>
            <table><tr><td colspan=3 align=center><b>出院病人一览表</b></td></tr></table>
            <table border=1>
            <tr><th>住院号<th>姓名<th>联系电话
            <tr><td>ZY001<td>王喆&nbsp;<td>0571-87654321<br>138 0013 8000
            <tr><td>ZY002<td> 李　堃 <td>&#x31;&#51;&amp;&lt;
            </table></body></html>
            """
        let path = write("出院病人.xls", ReaderFixtures.gb18030(html), in: dir)
        #expect(try sniffFormat(path: path) == .html)
        let source = try #require(try openTable(path: path) as? HTMLTableSource)
        #expect(source.encoding == .gb18030)
        #expect(try texts(path) == [
            ["出院病人一览表", "", ""],
            ["住院号", "姓名", "联系电话"],
            ["ZY001", "王喆", "0571-87654321\n138 0013 8000"],
            ["ZY002", "李　堃", "13&<"],
        ])
    }

    @Test func mergedCellsLeaveEmptyCellsLikeAWorkbook() throws {
        let dir = TempDir()
        let html = """
            <table>
            <tr><td rowspan=2>科室</td><td colspan=2>回访</td><td rowspan=3>备注</td></tr>
            <tr><td>成功</td><td>失败</td></tr>
            <tr><td>骨科</td><td>5</td><td>1</td></tr>
            <tr><td>眼科<table><tr><td>内</td><td>嵌</td></tr></table></td><td>2</td></tr>
            </table>
            """
        let path = write("merged.html", Array(html.utf8), in: dir)
        #expect(try texts(path) == [
            ["科室", "回访", "", "备注"],
            ["", "成功", "失败", ""],
            ["骨科", "5", "1", ""],
            ["眼科 内 嵌", "2"],
        ])
    }

    @Test func csvStartingWithAngleBracketStaysCSV() throws {
        let dir = TempDir()
        let path = write("odd.csv", Array("<备注>,住院号\n<无>,A1\n".utf8), in: dir)
        #expect(try sniffFormat(path: path) == .csv)
        #expect(!looksLikeHTML(Array("住院号,<table>\n".utf8)))
        #expect(looksLikeHTML(Array("\u{FEFF}\n  <!DOCTYPE HTML><p>".utf8)))
    }

    @Test func longPageStreamsAcrossChunks() throws {
        let dir = TempDir()
        var html = "<html><body><table>\n<tr><td>住院号</td><td>姓名</td><td>备注</td></tr>\n"
        for i in 1...40_000 { html += "<tr><td>ZY\(i)</td><td>患者\(i)</td><td>第 \(i) 行，含&amp;与&lt;</td></tr>\n" }
        html += "</table></body></html>"
        let path = write("big.html", Array(html.utf8), in: dir)
        #expect(html.utf8.count > 3 << 20)  // several 1 MB chunks
        var count = 0
        var last: [String] = []
        var numbers: [Int] = []
        try openTable(path: path).forEachRow(inSheet: 0) { n, cells in
            count += 1
            last = cells.map(\.text)
            if n % 10_000 == 1 { numbers.append(n) }
            return true
        }
        #expect(count == 40_001)
        #expect(numbers == [1, 10_001, 20_001, 30_001, 40_001])
        #expect(last == ["ZY40000", "患者40000", "第 40000 行，含&与<"])
    }

    /// LibreOffice saved the openpyxl HIS fixture as HTML (`scripts/make_reader_fixtures.py`):
    /// read through the whole staging, both files give the same discharges and rejections.
    @Test func libreOfficeHTMLStagesLikeTheWorkbook() throws {
        let xlsx = try ReaderFixtures.staged("his_one_sheet.xlsx")
        let html = try ReaderFixtures.staged("his_libreoffice.html")
        #expect(html.survey.format == "html")
        #expect(html.survey.sheets.first?.layout?.columns == xlsx.survey.sheets.first?.layout?.columns)
        #expect(html.rows.discharges.count == 2)
        #expect(html.rows.discharges.map(\.row) == xlsx.rows.discharges.map(\.row))
        #expect(html.rows.discharges.map(\.record.inpatientNo) == xlsx.rows.discharges.map(\.record.inpatientNo))
        #expect(html.rows.discharges.map(\.record.dischargeTime) == xlsx.rows.discharges.map(\.record.dischargeTime))
        #expect(html.rows.discharges.map(\.record.admitTime) == xlsx.rows.discharges.map(\.record.admitTime))
        #expect(html.rows.discharges.map(\.record.department) == xlsx.rows.discharges.map(\.record.department))
        #expect(html.rows.rejected.map(\.reason) == xlsx.rows.rejected.map(\.reason))
        #expect(html.rows.skipped.map(\.kind) == xlsx.rows.skipped.map(\.kind))
    }
}
