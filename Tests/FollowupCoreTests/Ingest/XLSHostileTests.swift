import Foundation
import Testing
@testable import FollowupCore

/// Damaged and forged .xls files end in a `ReadError` naming the problem: never a crash, a
/// hang or an unbounded allocation.
@Suite struct XLSHostileTests {
    typealias B = TestBIFF

    static let simple = B.workbook(sheet: { s in
        for r in 0..<200 { s.cell(0x0203, row: r, col: 0, B.f64(Double(r))) }
    })

    static func reason(_ bytes: [UInt8]) -> ReadError.Reason? { error(bytes)?.reason }

    static func error(_ bytes: [UInt8]) -> ReadError? {
        do {
            let file = try ReaderFixtures.temp(bytes, suffix: ".xls")
            _ = try ReaderFixtures.readAll(try openTable(path: file))
            return nil
        } catch let e as ReadError {
            return e
        } catch {
            return nil
        }
    }

    /// nil when the file is refused as corrupt with a message containing `words`; otherwise
    /// what happened instead.
    static func unlessCorrupt(_ bytes: [UInt8], _ words: String) -> String? {
        guard let e = error(bytes) else { return "read without error" }
        return e.reason == .corrupt && e.detail.contains(words) ? nil : e.description
    }

    @Test func wellFormedBaselineReads() throws {
        #expect(Self.reason(TestCFB(streams: [("Workbook", Self.simple)]).bytes()) == nil)
    }

    @Test func cyclicFATIsRefused() {
        // The workbook stream's chain (sectors 0, 1, ...) turns back from sector 2 to sector 0.
        let bytes = TestCFB(streams: [("Workbook", Self.simple)]).bytes { fat, _ in fat[2] = 0 }
        let why = Self.unlessCorrupt(bytes, "loops")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func chainPointingPastTheEndIsRefused() {
        let bytes = TestCFB(streams: [("Workbook", Self.simple)]).bytes { fat, _ in fat[1] = 0x00FF_FFFF }
        let why = Self.unlessCorrupt(bytes, "beyond the end of the file")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func loopingDirectoryChainIsRefused() {
        let bytes = TestCFB(streams: [("Workbook", Self.simple)]).bytes { fat, header in
            let dir = Int(header[0x30]) | Int(header[0x31]) << 8
            fat[dir] = dir
        }
        let why = Self.unlessCorrupt(bytes, "the directory has a sector chain that loops")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func loopingDIFATIsRefused() {
        let bytes = TestCFB(streams: [("Workbook", Self.simple)]).bytes { _, header in
            // The first DIFAT sector is sector 0, whose last entry (data bytes) points... to
            // sector 0 again once we make it so through the header count.
            header.replaceSubrange(0x44..<0x48, with: B.le32(0))
            header.replaceSubrange(0x48..<0x4C, with: B.le32(1))
        }
        var forged = bytes
        // Sector 0 starts at 512; its last four bytes are the next-DIFAT pointer: itself.
        forged.replaceSubrange((512 + 508)..<(512 + 512), with: B.le32(0))
        let why = Self.unlessCorrupt(forged, "DIFAT")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func truncatedFilesAreRefused() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ReaderFixtures.path("xls_libreoffice.xls"))))
        for cut in [100, 511, 4_000, whole.count / 2, whole.count - 600] {
            let r = Self.reason(Array(whole[0..<cut]))
            #expect(r == .corrupt, "cut at \(cut): \(String(describing: r))")
        }
    }

    @Test func absurdStreamSizeIsBoundedByTheChain() {
        let bytes = TestCFB(streams: [("Workbook", Self.simple)]).bytes()
        var forged = bytes
        // Directory entry 1 (the workbook stream) claims 2 GB.
        let dirStart = Int(bytes[0x30]) | Int(bytes[0x31]) << 8
        let sizeAt = 512 + dirStart * 512 + 128 + 0x78
        forged.replaceSubrange(sizeAt..<(sizeAt + 4), with: B.le32(0x7FFF_FFF0))
        // The chain ends where it ends: what is there is read, nothing more is allocated.
        #expect(Self.reason(forged) == nil)
    }

    @Test func filePassMeansEncrypted() {
        let wb = B.workbook(globals: { g in g.record(0x002F, B.le16(1) + [UInt8](repeating: 0, count: 52)) }, sheet: { _ in })
        #expect(Self.reason(TestCFB(streams: [("Workbook", wb)]).bytes()) == .encrypted)
    }

    @Test func sheetOffsetOutsideTheStreamIsRefused() {
        var wb = Self.simple
        // The BOUNDSHEET body starts right after the globals BOF record (4 + 16 bytes) and its header.
        wb.replaceSubrange(24..<28, with: B.le32(0x0100_0000))
        let why = Self.unlessCorrupt(TestCFB(streams: [("Workbook", wb)]).bytes(), "does not start where the workbook says")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func recordRunningPastTheStreamIsRefused() {
        var wb = Self.simple
        wb.removeLast(4)  // the sheet's EOF, replaced by a record claiming 8,000 bytes
        wb += B.le16(0x0203) + B.le16(8_000) + B.le16(0)
        let bytes = TestCFB(streams: [("Workbook", wb)]).bytes()
        // Padding to the 4 KB minimum makes the stream longer; the record still overruns it.
        let why = Self.unlessCorrupt(bytes, "runs past the end of the workbook stream")
        #expect(why == nil, "\(why ?? "")")
    }

    @Test func hugeSharedStringCountReadsOnlyWhatIsThere() throws {
        let wb = B.workbook(globals: { g in
            g.record(0x00FC, B.le32(-1 & 0xFFFF_FFFF) + B.le32(-1 & 0xFFFF_FFFF) + B.le16(1) + [0] + Array("a".utf8))
        }, sheet: { s in
            s.cell(0x00FD, row: 0, col: 0, B.le32(0))
            s.cell(0x00FD, row: 0, col: 1, B.le32(5_000_000))  // an index past the table
        })
        let rows = try XLSReaderTests.rows(wb)
        #expect(rows.map(\.1) == [[.string("a")]])
    }

    @Test func oleFileWithoutWorkbookIsNotASpreadsheet() {
        #expect(Self.reason(TestCFB(streams: [("WordDocument", [UInt8](repeating: 0, count: 5_000))]).bytes()) == .notASpreadsheet)
    }

    /// Random byte damage to a real LibreOffice file: every outcome is a read or a ReadError.
    @Test func randomDamageNeverCrashes() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ReaderFixtures.path("xls_libreoffice.xls"))))
        var rng = XLSHostileRandom(seed: 0x5EED)
        var refused = 0
        for _ in 0..<150 {
            var bytes = whole
            for _ in 0..<(1 + rng.next() % 12) {
                let at = 8 + rng.next() % (bytes.count - 8)
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                let file = try ReaderFixtures.temp(bytes, suffix: ".xls")
                defer { try? FileManager.default.removeItem(atPath: file) }
                _ = try ReaderFixtures.readAll(try openTable(path: file))
            } catch is ReadError {
                refused += 1
            }
        }
        // Some damage hits padding and is harmless, some is refused; both happen.
        #expect(refused > 0 && refused < 150)
    }
}

/// SplitMix64, so the damage is the same on every run.
struct XLSHostileRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
}
