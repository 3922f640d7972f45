import Foundation
import Testing
@testable import FollowupCore

/// The native .xls reader: files from independent writers (LibreOffice, xlwt; see
/// scripts/make_xls_fixtures.py), and hand-built records for the BIFF corners those writers
/// only sometimes produce.
@Suite struct XLSReaderTests {
    typealias B = TestBIFF

    static func expected() throws -> [String: ReaderFixtureTests.Expected] {
        let data = try Data(contentsOf: ReaderFixtures.folder.appendingPathComponent("xls_expected.json"))
        return try JSONDecoder().decode([String: ReaderFixtureTests.Expected].self, from: data)
    }

    /// Rows of the first sheet of a workbook stream wrapped in a compound file.
    static func rows(_ workbook: [UInt8], stream: String = "Workbook", mini: Bool = false) throws -> [(Int, [Cell])] {
        let file = try ReaderFixtures.temp(TestCFB(streams: [(stream, workbook)], mini: mini).bytes(), suffix: ".xls")
        return try ReaderFixtures.readAll(try openTable(path: file))[0]
    }

    static func cells(_ rows: [(Int, [Cell])]) -> [[Cell]] { rows.map(\.1) }

    @Test(arguments: ["xls_libreoffice.xls", "xls_xlwt_1904.xls"])
    func readsWhatTheWriterWrote(_ name: String) throws {
        let expected = try #require(try Self.expected()[name])
        let table = try openTable(path: ReaderFixtures.path(name))
        #expect(table.sheets.map(\.name) == expected.sheets.map(\.name))
        #expect(table.sheets.map(\.isVisible) == expected.sheets.map(\.visible))
        let all = try ReaderFixtures.readAll(table)
        #expect(all.count == expected.lines.count)
        for (i, rows) in all.enumerated() where i < expected.lines.count {
            #expect(CellJSON.sheetLine(name: table.sheets[i].name, rows: rows) == expected.lines[i], "\(name) sheet \(i)")
        }
    }

    @Test func dateSystemIsTheWorkbooks() throws {
        let mac = try #require(try openTable(path: ReaderFixtures.path("xls_xlwt_1904.xls")) as? DescribedSource)
        #expect(mac.date1904)
        let win = try #require(try openTable(path: ReaderFixtures.path("xls_libreoffice.xls")) as? DescribedSource)
        #expect(!win.date1904)
        #expect(win.formatName == "xls")
    }

    @Test func sharedStringsSplitAcrossContinueRecords() throws {
        let wb = B.workbook(globals: { g in
            // "abc" compressed, then the CONTINUE switches to UTF-16 for "中文".
            g.record(0x00FC, B.le32(4) + B.le32(4) + B.le16(5) + [0x00] + Array("abc".utf8))
            // A rich string with phonetic data whose formatting run is cut by the next CONTINUE.
            g.record(0x003C, [0x01] + B.utf16("中文") + B.le16(2) + [0x0C] + B.le16(1) + B.le32(6) + Array("hi".utf8) + [1, 0])
            // No option byte here: the run and phonetic bytes just flow on; the next string
            // header starts exactly at the following boundary.
            g.record(0x003C, [0, 0] + [UInt8](repeating: 0xEE, count: 6))
            g.record(0x003C, B.le16(2) + [0x00] + Array("zz".utf8) + B.le16(4) + [0x00] + Array("ab".utf8))
            g.record(0x003C, [0x00] + Array("cd".utf8))
        }, sheet: { s in
            for i in 0..<4 { s.cell(0x00FD, row: 0, col: i, B.le32(i)) }
        })
        #expect(Self.cells(try Self.rows(wb)) == [[.string("abc中文"), .string("hi"), .string("zz"), .string("abcd")]])
    }

    @Test func rkAndMulrkNumbers() throws {
        func rkInt(_ v: Int, div100: Bool = false) -> [UInt8] { B.le32(((v << 2) | 2 | (div100 ? 1 : 0)) & 0xFFFF_FFFF) }
        let wb = B.workbook(sheet: { s in
            s.cell(0x027E, row: 0, col: 0, rkInt(42))
            let double25 = [UInt8](B.le32(0x4004_0000))  // the top 30 bits of 2.5
            s.record(0x00BD, B.le16(0) + B.le16(1) + B.le16(0) + rkInt(12_345, div100: true) + B.le16(0) + rkInt(-7)
                + B.le16(0) + double25 + B.le16(3))
        })
        #expect(Self.cells(try Self.rows(wb)) == [[.number(42), .number(123.45), .number(-7), .number(2.5)]])
    }

    @Test func formulasGiveTheirCachedResults() throws {
        let tail = B.le16(0) + B.le32(0) + B.le16(0)
        let wb = B.workbook(sheet: { s in
            s.cell(0x0006, row: 0, col: 0, B.f64(7.5) + tail)
            s.cell(0x0006, row: 0, col: 1, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + tail)
            s.record(0x04BC, [UInt8](repeating: 0, count: 10))  // SHRFMLA may sit before the STRING
            s.record(0x0207, B.xlString("结果"))
            s.cell(0x0006, row: 0, col: 2, [1, 0, 1, 0, 0, 0, 0xFF, 0xFF] + tail)
            s.cell(0x0006, row: 0, col: 3, [2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF] + tail)
            s.cell(0x0006, row: 0, col: 4, [3, 0, 0, 0, 0, 0, 0xFF, 0xFF] + tail)
            s.cell(0x0406, row: 0, col: 5, B.f64(1) + tail)  // BIFF4 record id, as some writers use
        })
        #expect(Self.cells(try Self.rows(wb)) == [[.number(7.5), .string("结果"), .bool(true), .error("#DIV/0!"), .empty, .number(1)]])
    }

    @Test func booleansAndErrorCells() throws {
        let wb = B.workbook(sheet: { s in
            s.cell(0x0205, row: 0, col: 0, [1, 0])
            s.cell(0x0205, row: 0, col: 1, [0, 0])
            s.cell(0x0205, row: 0, col: 2, [0x2A, 1])
            s.cell(0x0205, row: 0, col: 3, [0x17, 1])
        })
        #expect(Self.cells(try Self.rows(wb)) == [[.bool(true), .bool(false), .error("#N/A"), .error("#REF!")]])
    }

    @Test(arguments: [false, true])
    func numberFormatsMakeDatesTimesAndDurations(_ mac: Bool) throws {
        let wb = B.workbook(globals: { g in
            if mac { g.record(0x0022, B.le16(1)) }
            g.record(0x041E, B.le16(164) + B.xlString("yyyy-mm-dd hh:mm"))
            g.record(0x041E, B.le16(165) + B.xlString("[h]:mm:ss"))
            g.record(0x041E, B.le16(166) + B.xlString("0.00%"))
            B.xfs(&g, formatIds: [14, 164, 165, 166, 20])
        }, sheet: { s in
            s.cell(0x0203, row: 0, col: 0, xf: 2, B.f64(45356.5))
            s.cell(0x0203, row: 0, col: 1, xf: 1, B.f64(45356))
            s.cell(0x0203, row: 0, col: 2, xf: 3, B.f64(1.25))
            s.cell(0x0203, row: 0, col: 3, xf: 4, B.f64(0.5))
            s.cell(0x0203, row: 0, col: 4, xf: 5, B.f64(0.75))
            s.cell(0x0203, row: 0, col: 5, xf: 0, B.f64(45356))
            s.cell(0x0203, row: 0, col: 6, xf: 99, B.f64(3))  // an XF index the file never defined
        })
        let base = mac ? CivilDateTime(year: 2028, month: 3, day: 6) : CivilDateTime(year: 2024, month: 3, day: 5)
        var noon = base
        noon.hour = 12
        #expect(Self.cells(try Self.rows(wb)) == [[
            .date(noon), .date(base), .duration(108_000), .number(0.5), .time(64_800), .number(45356), .number(3),
        ]])
    }

    @Test func rowsOutOfOrderAreDeliveredInOrder() throws {
        let wb = B.workbook(sheet: { s in
            s.cell(0x0203, row: 4, col: 0, B.f64(5))
            s.cell(0x0203, row: 1, col: 0, B.f64(2))
            s.cell(0x0203, row: 4, col: 2, B.f64(6))
            s.cell(0x0201, row: 7, col: 0, [])  // a BLANK-only row is not a row of values
        })
        let rows = try Self.rows(wb)
        #expect(rows.map(\.0) == [2, 5])
        #expect(Self.cells(rows) == [[.number(2)], [.number(5), .empty, .number(6)]])
    }

    @Test func smallWorkbookInTheMiniStream() throws {
        let wb = B.workbook(sheet: { s in s.cell(0x0203, row: 0, col: 0, B.f64(1)) })
        #expect(wb.count < 4_096)
        #expect(Self.cells(try Self.rows(wb, mini: true)) == [[.number(1)]])
    }

    /// Excel 5.0/95: a `Book` stream, byte strings in the CODEPAGE (936, GBK, for Chinese).
    @Test func biff5WithGBKStrings() throws {
        var g = B()
        g.bof(sheet: false, biff5: true)
        g.record(0x0042, B.le16(936))
        let patch = g.bytes.count + 4
        g.record(0x0085, B.le32(0) + [0, 0] + [4, 0xB2, 0xA1, 0xC8, 0xCB])  // 病人
        g.eof()
        var s = B()
        s.bof(sheet: true, biff5: true)
        s.cell(0x0204, row: 0, col: 0, B.le16(4) + [0xD5, 0xC5, 0xC8, 0xFD])  // 张三
        s.cell(0x0204, row: 0, col: 1, B.le16(2) + Array("ok".utf8))
        s.eof()
        var wb = g.bytes
        wb.replaceSubrange(patch..<(patch + 4), with: B.le32(g.bytes.count))
        wb += s.bytes
        let file = try ReaderFixtures.temp(TestCFB(streams: [("Book", wb)]).bytes(), suffix: ".xls")
        let table = try #require(try openTable(path: file) as? XLSSource)
        #expect(table.biffVersion == 5)
        #expect(table.sheets.map(\.name) == ["病人"])
        #expect(Self.cells(try ReaderFixtures.readAll(table)[0]) == [[.string("张三"), .string("ok")]])
    }

    @Test func stoppingEarlyStopsTheStream() throws {
        let table = try openTable(path: ReaderFixtures.path("xls_libreoffice.xls"))
        var seen: [Int] = []
        try table.forEachRow(inSheet: 0) { n, _ in
            seen.append(n)
            return seen.count < 2
        }
        #expect(seen == [1, 2])
    }

    @Test func hiddenAndNonWorksheetSheets() throws {
        // A chart sheet (BOUNDSHEET type 2) holds no table and is not listed.
        let wb = B.workbook(globals: { g in
            g.record(0x0085, B.le32(0) + [0, 2] + [1, 0x01] + B.utf16("C"))
        }, sheet: { s in s.cell(0x0203, row: 0, col: 0, B.f64(1)) })
        let file = try ReaderFixtures.temp(TestCFB(streams: [("Workbook", wb)]).bytes(), suffix: ".xls")
        #expect(try openTable(path: file).sheets.map(\.name) == ["S"])
    }
}
