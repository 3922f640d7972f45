import Foundation
import Testing
@testable import FollowupCore

/// Files written by independent writers (openpyxl, xlwt, Python codecs; see
/// scripts/make_reader_fixtures.py) read back exactly as the writer's record says.
@Suite struct ReaderFixtureTests {
    struct Expected: Decodable {
        struct Sheet: Decodable {
            var name: String
            var visible: Bool
        }
        var sheets: [Sheet]
        var lines: [String]
    }

    static func load() throws -> [String: Expected] {
        let data = try Data(contentsOf: ReaderFixtures.folder.appendingPathComponent("expected.json"))
        return try JSONDecoder().decode([String: Expected].self, from: data)
    }

    static let names = [
        "his_openpyxl.xlsx", "mac1904_openpyxl.xlsx", "calls_xlwt.xls", "his_gb18030.csv", "his_utf8_bom.csv",
        "his_utf16.txt", "his_gb18030_tab.xls", "his_semicolon.csv",
    ]

    @Test(arguments: names)
    func readsWhatTheWriterWrote(_ name: String) throws {
        let expected = try #require(try Self.load()[name])
        let table = try openTable(path: ReaderFixtures.path(name), options: ReadOptions())
        #expect(table.sheets.map(\.name) == expected.sheets.map(\.name))
        #expect(table.sheets.map(\.isVisible) == expected.sheets.map(\.visible))
        let all = try ReaderFixtures.readAll(table)
        for (i, rows) in all.enumerated() {
            let line = CellJSON.sheetLine(name: table.sheets[i].name, rows: rows)
            #expect(line == expected.lines[i], "\(name) sheet \(i)")
        }
    }

    @Test func formatIsSniffedFromBytesNotExtension() throws {
        #expect(try sniffFormat(path: ReaderFixtures.path("his_gb18030_tab.xls")) == .csv)
        #expect(try sniffFormat(path: ReaderFixtures.path("calls_xlwt.xls")) == .xls)
        #expect(try sniffFormat(path: ReaderFixtures.path("his_openpyxl.xlsx")) == .xlsx)
    }

    @Test func encodingAndDelimiterDetection() throws {
        let gb = try CSVSource(path: ReaderFixtures.path("his_gb18030.csv"))
        #expect(gb.encoding == .gb18030)
        #expect(gb.delimiter == UInt8(ascii: ","))
        let u16 = try CSVSource(path: ReaderFixtures.path("his_utf16.txt"))
        #expect(u16.encoding == .utf16le)
        #expect(u16.delimiter == UInt8(ascii: "\t"))
        let semi = try CSVSource(path: ReaderFixtures.path("his_semicolon.csv"))
        #expect(semi.encoding == .utf8)
        #expect(semi.delimiter == UInt8(ascii: ";"))
    }

    @Test func rowNumbersAreTheOnesExcelShows() throws {
        let table = try openTable(path: ReaderFixtures.path("his_openpyxl.xlsx"))
        let rows = try ReaderFixtures.readAll(table)[0]
        #expect(rows.map(\.0) == [1, 2, 3, 4, 5, 8])
        let xls = try ReaderFixtures.readAll(try openTable(path: ReaderFixtures.path("calls_xlwt.xls")))[0]
        #expect(xls.map(\.0) == [1, 2, 3, 6])
    }

    @Test func stoppingEarlyStopsTheStream() throws {
        let table = try openTable(path: ReaderFixtures.path("his_gb18030.csv"))
        var seen = 0
        try table.forEachRow(inSheet: 0) { _, _ in
            seen += 1
            return seen < 2
        }
        #expect(seen == 2)
    }
}
