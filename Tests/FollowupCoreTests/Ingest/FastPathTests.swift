import Foundation
import Glibc
import Testing
@testable import FollowupCore

/// The fast paths of the readers (fields cut from the chunk, the GB18030 table decoder, the
/// pointer XML scanner, the byte number parser) against slow references, at every split.
@Suite struct ReaderFastPathTests {
    /// A seeded generator (SplitMix64), so a failure repeats.
    struct FastPathRNG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The CSV rules written the obvious way, one byte and one `Character`-free step at a time:
    /// what the chunked parser must reproduce.
    static func referenceCSV(_ b: [UInt8], delimiter d: UInt8 = UInt8(ascii: ",")) -> [[Cell]] {
        let q = UInt8(ascii: "\"")
        var rows: [[Cell]] = []
        var row: [Cell] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var afterQuote = false
        var started = false
        var i = 0
        func endField() {
            var f = field[...]
            if !wasQuoted, f.count >= 3, f.first == UInt8(ascii: "="), f[f.startIndex + 1] == q, f.last == q,
                !f.dropFirst(2).dropLast().contains(q)
            {
                f = f.dropFirst(2).dropLast()
            }
            row.append(f.isEmpty ? .empty : .string(String(decoding: f, as: UTF8.self)))
            field = []
            wasQuoted = false
            afterQuote = false
            started = true
        }
        func endRow() {
            while let last = row.last, case .empty = last { row.removeLast() }
            rows.append(row)
            row = []
            started = false
        }
        while i < b.count {
            let c = b[i]
            if quoted {
                if c == q {
                    quoted = false
                    afterQuote = true
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            if c == q && afterQuote {
                field.append(q)
                quoted = true
                afterQuote = false
            } else if c == q && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
                started = true
            } else if c == d {
                endField()
            } else if c == 0x0D || c == 0x0A {
                if started || !field.isEmpty { endField() }
                endRow()
                if c == 0x0D, i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
            } else {
                field.append(c)
                afterQuote = false
                started = true
            }
            i += 1
        }
        if started || !field.isEmpty || quoted { endField(); endRow() }
        return rows
    }

    static func parse(_ bytes: [UInt8], chunks: [Int]) -> [[Cell]] {
        var p = CSVParser(delimiter: UInt8(ascii: ","), unwrapFormulas: true, maxField: 1 << 20, maxColumns: 16_384)
        var out: [[Cell]] = []
        var start = 0
        var k = 0
        repeat {
            let end = min(bytes.count, start + max(1, chunks[k % chunks.count]))
            k += 1
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

    @Test func csvFieldsSplitAtEveryPosition() {
        // Quoted delimiters and line breaks, doubled quotes, `"ab"c`, `="0012"`, CR LF split.
        let text = "住院号,\"诊断,多\r\n行\",\"说\"\"好\"\"\",\"ab\"c,=\"0012\",末\r\n\"\",,x\"y\r\n2,\"\"\"\"\r\n"
        let bytes = Array(text.utf8)
        let expected = Self.referenceCSV(bytes)
        #expect(expected.count == 3)
        #expect(expected[0] == [.string("住院号"), .string("诊断,多\r\n行"), .string("说\"好\""), .string("abc"),
                                .string("0012"), .string("末")])
        for split in 0...bytes.count {
            // Two chunks cut at `split`: every field, quote pair and CR LF is cut somewhere.
            #expect(Self.parse(bytes, chunks: [split, bytes.count]) == expected, "split at \(split)")
        }
    }

    @Test func csvRandomInputMatchesReferenceAtRandomChunkSizes() {
        var rng = FastPathRNG(state: 0x5EED_C5F0)
        let alphabet: [[UInt8]] = [
            Array("a".utf8), Array("中".utf8), Array(",".utf8), Array("\"".utf8), Array("\r".utf8), Array("\n".utf8),
            Array("=".utf8), Array(" ".utf8), Array("7".utf8),
        ]
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &rng) {
                bytes += alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            }
            let expected = Self.referenceCSV(bytes)
            let chunks = (0..<5).map { _ in Int.random(in: 1...9, using: &rng) }
            #expect(Self.parse(bytes, chunks: chunks) == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(Self.parse(bytes, chunks: [1 << 20]) == expected)
        }
    }

    @Test func csvFieldLimitHoldsInsideOneChunk() {
        var p = CSVParser(delimiter: UInt8(ascii: ","), unwrapFormulas: true, maxField: 8, maxColumns: 16_384)
        var rows = 0
        Array("ok,12345678\n123456789,x\n".utf8).withUnsafeBufferPointer { b in
            p.feed(b, final: true) { _ in
                rows += 1
                return true
            }
        }
        #expect(rows == 1)
        #expect(p.fieldTooLong)
    }

    // MARK: - GB18030


    /// Decodes `bytes` in chunks as `CSVSource` does (carrying an incomplete character).
    static func decodeChunked(_ bytes: [UInt8], chunk: Int) throws -> [UInt8] {
        let d = try GB18030Decoder(file: "t")
        defer { d.close() }
        var out: [UInt8] = []
        var pending: [UInt8] = []
        var offset = 0
        while true {
            let end = min(bytes.count, offset + chunk)
            pending += bytes[offset..<end]
            offset = end
            let final = offset == bytes.count
            var buf = [UInt8](repeating: 0, count: GB18030Decoder.outputCapacity(forInput: pending.count))
            let (used, produced) = pending.withUnsafeBufferPointer { p in
                buf.withUnsafeMutableBufferPointer { d.decode(p, final: final, into: $0.baseAddress!) }
            }
            out += buf[0..<produced]
            pending.removeFirst(used)
            if final { break }
        }
        return out
    }

    /// What plain iconv (through `IconvStream`) makes of the same bytes.
    static func iconvReference(_ bytes: [UInt8]) throws -> [UInt8] {
        let s = try IconvStream(source: MemoryStream(bytes), from: .gb18030, file: "t")
        var out: [UInt8] = []
        while try s.read(into: &out) {}
        return out
    }

    @Test func gb18030DecoderMatchesIconvOnRandomBytesAndSplits() throws {
        var rng = FastPathRNG(state: 18030)
        // Real text with 2- and 4-byte codes (€ 2-byte, U+0080 and 😀 4-byte) plus raw byte soup.
        let text = ReaderFixtures.gb18030("张三,\"冠心病\"\r\n€\u{80}😀é骨科ABC")
        #expect(try Self.decodeChunked(text, chunk: 1) == Array("张三,\"冠心病\"\r\n€\u{80}😀é骨科ABC".utf8))
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes += text[Int.random(in: 0..<text.count, using: &rng)...].prefix(6)
                case 1: bytes.append(UInt8.random(in: 0x81...0xFE, using: &rng))
                case 2: bytes.append(UInt8.random(in: 0x30...0x39, using: &rng))
                default: bytes.append(UInt8.random(in: 0...0xFF, using: &rng))
                }
            }
            let expected = try Self.iconvReference(bytes)
            for chunk in [1, 2, 3, 5, 1 << 20] {
                #expect(try Self.decodeChunked(bytes, chunk: chunk) == expected, "\(bytes) chunk \(chunk)")
            }
        }
    }

    /// A multi-byte character (2 or 4 bytes) cut by the reader's own 1 MB chunk boundary.
    @Test(arguments: [1, 2, 3, 4])
    func gb18030CharacterSplitByTheFileChunk(_ before: Int) throws {
        let chunk = 1 << 20
        let filler = String(repeating: "x", count: chunk - before)
        let head = ReaderFixtures.gb18030("a,b\n" + filler.dropFirst(4))  // still `chunk - before` bytes
        #expect(head.count == chunk - before)
        let bytes = head + ReaderFixtures.gb18030("中😀,\"引号,\r\n里\"\n")
        let t = try CSVSource(path: try ReaderFixtures.temp(bytes, suffix: ".csv"))
        #expect(t.encoding == .gb18030)
        let rows = try ReaderFixtures.readAll(t)[0]
        #expect(rows.count == 2)
        #expect(rows[1].1 == [.string(String(filler.dropFirst(4)) + "中😀"), .string("引号,\r\n里")])
    }

    // MARK: - Numbers

    @Test func numbersParsedFromBytesEqualFoundationsParse() {
        let samples = [
            "1E-3", "-0.5", "1.38001E+10", "46086.4375", "0.1", "13800138000", "-0", "1.", ".5", "+1", "2.5e-7",
            "9007199254740992", "123456.789012", "0.000001", "1e22", "1E-22", "45356",
        ]
        for s in samples {
            let fast = Array(s.utf8).withUnsafeBufferPointer { NumberText.double($0) }
            #expect(fast != nil, "\(s)")
            #expect(fast?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
        // Forms the fast path leaves to `Double(String)`: the answer is still the same.
        for s in ["1e400", "0x10", "12345678901234567890123", "1e-30", "9007199254740993", "1e", "-", ".", "1,5"] {
            #expect(Array(s.utf8).withUnsafeBufferPointer { NumberText.double($0) } == nil, "\(s)")
            #expect(XLSXSource.double(Array(s.utf8))?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
        var rng = FastPathRNG(state: 46086)
        for _ in 0..<5_000 {
            let intPart = String(UInt64.random(in: 0...99_999_999, using: &rng))
            let frac = String(UInt64.random(in: 0...9_999_999, using: &rng))
            let exp = Int.random(in: -12...12, using: &rng)
            let s = (Bool.random(using: &rng) ? "-" : "") + intPart + "." + frac + (exp == 0 ? "" : "E\(exp)")
            let fast = Array(s.utf8).withUnsafeBufferPointer { NumberText.double($0) }
            #expect(fast?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
    }

    // MARK: - XML

    @Test func attributesInOnePassAgreeWithOneAtATime() throws {
        let xml = #"<c xmlns:r="urn" s="3" r:r="B7" t='inlineStr' r="ignored"/><c t="s"/>"#
        let s = XMLScanner(stream: MemoryStream(Array(xml.utf8)), file: "f", part: "p")
        for _ in 0..<2 {
            while try s.next() != .start {}
            let (r, t, st) = s.attributeRanges("r", "t", "s")
            #expect(r == s.attributeRange("r"))
            #expect(t == s.attributeRange("t"))
            #expect(st == s.attributeRange("s"))
        }
        #expect(s.attribute("t") == "s")
        #expect(s.attribute("r") == nil)
    }

    /// Sheet XML far larger than the scanner's buffer, with a string longer than it (the
    /// buffer grows) and numbers in every form, read through a real package.
    @Test func largeSheetWithLongStringAndNumberForms() throws {
        let long = String(repeating: "长", count: 300_000)  // 900 KB of UTF-8
        var xml = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        xml += #"<row r="1"><c r="A1" t="inlineStr"><is><t>\#(long)</t></is></c><c r="B1"><v>1E-3</v></c>"#
        xml += #"<c r="C1"><v>-0.5</v></c><c r="D1"><v>1.38001E+10</v></c><c r="E1"><v> 7 </v></c></row>"#
        for r in 2...20_000 {
            xml += #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>a&amp;b\#(r)</t></is></c><c r="C\#(r)"><v>\#(r).25</v></c></row>"#
        }
        xml += "</sheetData></worksheet>"
        let z = TestZipWriter.workbook(sheet: xml)
        let t = try openTable(path: try ReaderFixtures.temp(z.bytes()))
        let rows = try ReaderFixtures.readAll(t)[0]
        #expect(rows.count == 20_000)
        #expect(rows[0].1 == [.string(long), .number(0.001), .number(-0.5), .number(13_800_100_000), .number(7)])
        #expect(rows[19_999].0 == 20_000)
        #expect(rows[19_999].1 == [.string("a&b20000"), .empty, .number(20_000.25)])
    }
}
