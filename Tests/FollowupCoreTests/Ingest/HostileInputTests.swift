import Foundation
import Testing
@testable import FollowupCore

/// Broken and hostile files fail fast with the right reason, never crash or hang.
@Suite struct HostileInputTests {
    func reason(_ path: String, _ options: ReadOptions = ReadOptions()) -> ReadError.Reason? {
        do {
            let t = try openTable(path: path, options: options)
            _ = try ReaderFixtures.readAll(t)
            return nil
        } catch let e as ReadError {
            #expect(e.file == path)
            return e.reason
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func emptyFile() throws {
        #expect(reason(try ReaderFixtures.temp([])) == .notASpreadsheet)
    }

    @Test func randomBytes() throws {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &g) }
        #expect(reason(try ReaderFixtures.temp(bytes)) == .notASpreadsheet)
    }

    @Test func missingFile() {
        #expect(reason("/nonexistent/discharges.xlsx") == .notFound)
    }

    @Test func truncatedZip() throws {
        let whole = [UInt8](try Data(contentsOf: ReaderFixtures.folder.appendingPathComponent("his_openpyxl.xlsx")))
        for cut in [whole.count / 2, whole.count - 30, 100] {
            #expect(reason(try ReaderFixtures.temp(Array(whole[0..<cut]), suffix: ".xlsx")) == .corrupt, "cut at \(cut)")
        }
    }

    @Test func damagedDeflateData() throws {
        var z = TestZipWriter.workbook(sheet: "<worksheet><sheetData/></worksheet>")
        z.add("xl/extra.bin", [UInt8](repeating: 7, count: 10))
        var bytes = z.bytes()
        // Overwrite the sheet entry's compressed bytes with junk.
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        if let at = (0..<(bytes.count - name.count)).first(where: { bytes[$0..<($0 + name.count)].elementsEqual(name) }) {
            for k in (at + name.count)..<(at + name.count + 8) { bytes[k] = 0xFF }
        }
        #expect(reason(try ReaderFixtures.temp(bytes)) == .corrupt)
    }

    @Test func zipBombIsRefused() throws {
        // 12 MB of one repeated row inflates ~1000× its compressed size; the floor is lowered so
        // the test stays fast, as the ratio rule is what is under test.
        let row = #"<row><c t="inlineStr"><is><t>x</t></is></c></row>"#
        let sheet = "<worksheet><sheetData>" + String(repeating: row, count: (12 << 20) / row.utf8.count)
            + "</sheetData></worksheet>"
        let z = TestZipWriter.workbook(sheet: sheet)
        let path = try ReaderFixtures.temp(z.bytes(), suffix: ".xlsx")
        let options = ReadOptions(inflateRatioFloorBytes: 1 << 20)
        #expect(reason(path, options) == .tooLarge)
        // A lying size header (declares 1 byte) does not get past the running count either.
        let liar = TestZipWriter.workbook(sheet: sheet, sheetDeclaredSize: 1)
        #expect(reason(try ReaderFixtures.temp(liar.bytes()), options) == .tooLarge)
    }

    @Test func entityDeclarationsAreRefused() throws {
        let sst = """
            <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\
            <sst><si><t>&b;</t></si></sst>
            """
        let z = TestZipWriter.workbook(
            sheet: #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
            sharedStrings: sst)
        #expect(reason(try ReaderFixtures.temp(z.bytes())) == .unsafeXML)
    }

    @Test func encryptedWorkbookInOLEContainer() throws {
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1_000)
        for u in "EncryptedPackage".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        bytes += [UInt8](repeating: 0, count: 500)
        #expect(reason(try ReaderFixtures.temp(bytes, suffix: ".xlsx")) == .encrypted)
    }

    @Test func damagedXlsIsRefused() throws {
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        bytes += [UInt8](repeating: 0x41, count: 4_000)
        let r = reason(try ReaderFixtures.temp(bytes, suffix: ".xls"))
        #expect(r == .corrupt || r == .unsupported || r == .notASpreadsheet)
    }

    @Test func unclosedQuoteDoesNotGrowForever() throws {
        let text = Array("a,b\n\"never closed,".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3_000)
        let options = ReadOptions(maxTokenBytes: 1_000)
        #expect(reason(try ReaderFixtures.temp(text, suffix: ".csv"), options) == .tooLarge)
    }
}
