import Foundation
import Testing
@testable import FollowupCore

/// The byte-level pieces: CSV state machine, XML scanner, number formats, cell JSON.
@Suite struct ParserTests {
    /// Feeds `text` to the CSV parser in chunks of `chunk` bytes.
    func records(_ text: String, delimiter: Character = ",", chunk: Int = 1 << 20) -> [[Cell]] {
        var p = CSVParser(
            delimiter: UInt8(ascii: delimiter.unicodeScalars.first!), unwrapFormulas: true, maxField: 1 << 20,
            maxColumns: 16_384)
        var out: [[Cell]] = []
        let bytes = Array(text.utf8)
        var start = 0
        repeat {
            let end = min(bytes.count, start + chunk)
            bytes[start..<end].withUnsafeBufferPointer { b in
                p.feed(b, final: end == bytes.count) { cells in
                    out.append(cells)
                    return true
                }
            }
            start = end
        } while start < bytes.count
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func csvQuotingAcrossChunks(_ chunk: Int) {
        let text = "住院号,诊断\r\n001,\"冠心病,高血压\"\r\n002,\"多行\r\n诊断\"\r\n003,\"说\"\"好\"\"\"\r\n"
        #expect(
            records(text, chunk: chunk) == [
                [.string("住院号"), .string("诊断")], [.string("001"), .string("冠心病,高血压")],
                [.string("002"), .string("多行\r\n诊断")], [.string("003"), .string("说\"好\"")],
            ])
    }

    @Test func csvLineEndsBlankLinesAndRaggedRows() {
        #expect(records("a,b\rc\n\nd,e,f,,\n") == [[.string("a"), .string("b")], [.string("c")], [], [.string("d"), .string("e"), .string("f")]])
        #expect(records("x,y") == [[.string("x"), .string("y")]])
        #expect(records(",\n") == [[]])
        #expect(records("a\tb\n", delimiter: "\t") == [[.string("a"), .string("b")]])
    }

    @Test func csvExcelTextFormulasAndStrayQuotes() {
        #expect(records("=\"00123\",ab\"c\n") == [[.string("00123"), .string("ab\"c")]])
        #expect(records("\"ab\"c,d\n") == [[.string("abc"), .string("d")]])
    }

    @Test func delimiterSniffingIgnoresTitleLineAndQuotedCommas() {
        let head = Array("2026年3月出院病人一览表\n住院号\t姓名\t科室\n\"1,2\"\t张三\t骨科\n".utf8)
        #expect(CSVSource.sniffDelimiter(head) == UInt8(ascii: "\t"))
        #expect(CSVSource.sniffDelimiter(Array("a;b;c\n1;2;3\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSVSource.sniffDelimiter(Array("住院号|姓名|出院日期\nZ1|张三|2026-03-05\n".utf8)) == UInt8(ascii: "|"))
        #expect(CSVSource.sniffDelimiter(Array("住院号,备注\nZ1,\"a|b|c|d\"\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVSource.sniffDelimiter(Array("only one column\n".utf8)) == UInt8(ascii: ","))
    }

    @Test func gb18030WithABadByteKeepsTheRest() throws {
        var bytes: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]  // 张三
        bytes += [0x2C, 0xFF, 0x2C]  // ,<bad>,
        bytes += [0xC0, 0xEE, 0xCB, 0xC4, 0x0A]  // 李四\n
        let path = try ReaderFixtures.temp(bytes, suffix: ".csv")
        let t = try CSVSource(path: path)
        #expect(t.encoding == .gb18030)
        let rows = try ReaderFixtures.readAll(t)[0]
        #expect(rows.map(\.1) == [[.string("张三"), .string("\u{FFFD}"), .string("李四")]])
    }

    @Test func forcedEncodingWins() throws {
        let path = try ReaderFixtures.temp(Array("abc\n".utf8), suffix: ".csv")
        let t = try CSVSource(path: path, options: ReadOptions(encoding: .gb18030))
        #expect(t.encoding == .gb18030)
    }

    /// A stream that hands out one byte at a time, to split every token.
    final class Trickle: ByteStream {
        var bytes: [UInt8]
        init(_ s: String) { bytes = Array(s.utf8) }
        func read(into buffer: inout [UInt8]) throws -> Bool {
            guard !bytes.isEmpty else { return false }
            buffer.append(bytes.removeFirst())
            return true
        }
    }

    @Test func xmlScannerHandlesSplitTokensPrefixesEntitiesAndCDATA() throws {
        let xml = """
            <?xml version="1.0"?><!-- c --><x:row r="2" x:spans='1:2'><x:c r="B2" t="s"/>\
            <t>a &amp; b &#x4E2D;&#25991; &lt;&gt;&quot;&apos; &bogus;</t><t><![CDATA[<raw> & ]]></t></x:row>
            """
        let s = XMLScanner(stream: Trickle(xml), file: "f", part: "p")
        var log: [String] = []
        while true {
            let ev = try s.next()
            if ev == .eof { break }
            switch ev {
            case .start: log.append("<\(s.name) r=\(s.attribute("r") ?? "-") spans=\(s.attribute("spans") ?? "-")")
            case .end: log.append("</\(s.name)")
            case .text: log.append("'\(s.text)'")
            case .eof: break
            }
        }
        #expect(
            log == [
                "<row r=2 spans=1:2", "<c r=B2 spans=-", "</c", "<t r=- spans=-", "'a & b 中文 <>\"' &bogus;'", "</t",
                "<t r=- spans=-", "'<raw> & '", "</t", "</row",
            ])
    }

    @Test func xmlScannerRefusesDoctypeAndTruncation() {
        let bomb = XMLScanner(stream: MemoryStream(Array("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>".utf8)), file: "f", part: "p")
        #expect(throws: ReadError.self) { while try bomb.next() != .eof {} }
        let cut = XMLScanner(stream: MemoryStream(Array("<x><c r=\"A1".utf8)), file: "f", part: "p")
        #expect(throws: ReadError.self) { while try cut.next() != .eof {} }
    }

    @Test func excelEscapes() {
        #expect(excelUnescape(Array("ABC_x000D_DEF".utf8)) == "ABC\rDEF")
        #expect(excelUnescape(Array("SH_x005f_x000D_Z002".utf8)) == "SH_x000D_Z002")
        #expect(excelUnescape(Array("_x4E2D_".utf8)) == "中")
        #expect(excelUnescape(Array("_xZZZZ_ kept".utf8)) == "_xZZZZ_ kept")
    }

    @Test func numberFormats() {
        #expect(NumberFormatKind.builtIn(14) == .date)
        #expect(NumberFormatKind.builtIn(31) == .date)  // yyyy"年"m"月"d"日"
        #expect(NumberFormatKind.builtIn(32) == .time)  // h"时"mm"分"
        #expect(NumberFormatKind.builtIn(46) == .duration)
        #expect(NumberFormatKind.builtIn(2) == .number)
        #expect(NumberFormatKind.classify(#"yyyy"年"m"月"d"日""#) == .date)
        #expect(NumberFormatKind.classify(#"[DBNum1][$-804]yyyy"年"m"月"d"日";@"#) == .date)
        #expect(NumberFormatKind.classify(#"yyyy\-mm\-dd"#) == .date)
        #expect(NumberFormatKind.classify("h:mm:ss AM/PM") == .time)
        #expect(NumberFormatKind.classify("[h]:mm:ss") == .duration)
        #expect(NumberFormatKind.classify("mm:ss") == .time)
        #expect(NumberFormatKind.classify(#"#,##0.00 "元";[Red]-#,##0.00"#) == .number)
        #expect(NumberFormatKind.classify("0.00E+00") == .number)
        #expect(NumberFormatKind.classify("[$-409]General") == .number)
        #expect(NumberFormatKind.classify(#""day "0"#) == .number)
    }

    @Test func typedNumbers() {
        #expect(XLSXSource.typed(45356.5, kind: .date, date1904: false) == .date(CivilDateTime(year: 2024, month: 3, day: 5, hour: 12)))
        #expect(XLSXSource.typed(0.25, kind: .date, date1904: false) == .time(21_600))
        #expect(XLSXSource.typed(1.25, kind: .duration, date1904: false) == .duration(108_000))
        #expect(XLSXSource.typed(-1, kind: .date, date1904: false) == .number(-1))
        #expect(XLSXSource.typed(0, kind: .date, date1904: true) == .time(0))
        #expect(XLSXSource.typed(1, kind: .date, date1904: true) == .date(CivilDateTime(year: 1904, month: 1, day: 2)))
    }

    @Test func cellJSON() {
        #expect(CellJSON.encode(.empty) == "null")
        #expect(CellJSON.encode(.string("")) == "null")
        #expect(CellJSON.encode(.string("a\"b\n\u{1}")) == #"{"t":"s","v":"a\"b\n\u0001"}"#)
        #expect(CellJSON.encode(.number(13800138000)) == #"{"t":"n","v":13800138000}"#)
        #expect(CellJSON.encode(.number(0.5)) == #"{"t":"n","v":0.5}"#)
        #expect(CellJSON.encode(.bool(false)) == #"{"t":"b","v":false}"#)
        #expect(CellJSON.encode(.time(34_200.5)) == #"{"t":"tm","v":"09:30:00.500000"}"#)
        #expect(CellJSON.encode(.error("#N/A")) == ##"{"t":"e","v":"#N/A"}"##)
        let line = CellJSON.sheetLine(name: "S", rows: [(2, [.number(1), .empty]), (4, [.empty]), (5, [])])
        #expect(line == #"{"sheet":"S","rows":[[],[{"t":"n","v":1}]]}"#)
        let long = CellJSON.encode(.string(String(repeating: "x", count: 40_000)))
        #expect(long.contains(#""truncated":true,"len":40000"#))
    }

    @Test func xlsxCellTypesFromHandWrittenXML() throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="b"><v>1</v></c><c t="e"><v>#DIV/0!</v></c>\
            <c t="str"><f>A1</f><v>公式_x000D_值</v></c><c t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>\
            <c s="1"><v>45356</v></c><c t="d"><v>2026-03-05T14:30:00</v></c><c><f>1+1</f></c></row>\
            <row><c><v>2.5</v></c></row></sheetData></worksheet>
            """
        let sst = "<sst><si><r><t>出院</t></r><r><t>小结</t></r><rPh><t>ちゅう</t></rPh></si></sst>"
        let styles = #"<styleSheet><numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs></styleSheet>"#
        let z = TestZipWriter.workbook(sheet: sheet, sharedStrings: sst, styles: styles)
        let t = try openTable(path: try ReaderFixtures.temp(z.bytes()))
        let rows = try ReaderFixtures.readAll(t)[0]
        #expect(rows.map(\.0) == [3, 4])
        #expect(
            rows[0].1 == [
                .string("出院小结"), .empty, .bool(true), .error("#DIV/0!"), .string("公式\r值"), .string("富文本"),
                .date(CivilDateTime(year: 2024, month: 3, day: 5)),
                .date(CivilDateTime(year: 2026, month: 3, day: 5, hour: 14, minute: 30)),
            ])
        #expect(rows[1].1 == [.number(2.5)])
    }
}
