import Glibc

/// Record ids of the BIFF5/BIFF8 records the reader uses ([MS-XLS] 2.3). Old ids that some
/// writers still emit inside BIFF8 files (BIFF3/4 FORMULA) are listed with them.
enum BIFF {
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let continueRecord: UInt16 = 0x003C
    static let filePass: UInt16 = 0x002F
    static let codePage: UInt16 = 0x0042
    static let dateMode: UInt16 = 0x0022
    static let boundSheet: UInt16 = 0x0085
    static let sst: UInt16 = 0x00FC
    static let format: UInt16 = 0x041E
    static let formatBIFF3: UInt16 = 0x001E
    static let xf: UInt16 = 0x00E0
    static let labelSST: UInt16 = 0x00FD
    static let label: UInt16 = 0x0204
    static let rstring: UInt16 = 0x00D6
    static let number: UInt16 = 0x0203
    static let rk: UInt16 = 0x027E
    static let mulRK: UInt16 = 0x00BD
    static let boolErr: UInt16 = 0x0205
    static let formula: UInt16 = 0x0006
    static let formulaBIFF3: UInt16 = 0x0206
    static let formulaBIFF4: UInt16 = 0x0406
    static let string: UInt16 = 0x0207
    static let blank: UInt16 = 0x0201
    static let mulBlank: UInt16 = 0x00BE

    /// Excel's error codes (BOOLERR and FORMULA results) as Excel shows them.
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: return "#NULL!"
        case 0x07: return "#DIV/0!"
        case 0x0F: return "#VALUE!"
        case 0x17: return "#REF!"
        case 0x1D: return "#NAME?"
        case 0x24: return "#NUM!"
        case 0x2A: return "#N/A"
        case 0x2B: return "#GETTING_DATA"
        default: return "#ERR\(code)"
        }
    }

    /// An RK value: a 30-bit integer or the top 30 bits of a double, optionally divided by 100.
    @inline(__always) static func rk(_ v: UInt32) -> Double {
        let d: Double
        if v & 0x02 != 0 {
            d = Double(Int32(bitPattern: v) >> 2)
        } else {
            d = Double(bitPattern: UInt64(v & 0xFFFF_FFFC) << 32)
        }
        return v & 0x01 != 0 ? d / 100 : d
    }
}

/// Reads one record's body and the CONTINUE records after it as one byte sequence.
///
/// BIFF8 strings longer than a record go on in CONTINUE records, and every CONTINUE that
/// resumes a string's *characters* starts with a fresh option byte saying whether they are
/// compressed (one byte each, Latin-1) or UTF-16LE; the same string may switch halfway.
/// Everything else (lengths, rich-text runs, phonetic data) just flows across the boundary.
struct BIFFCursor {
    let bytes: [UInt8]
    private(set) var segments: [Range<Int>]
    private var seg = 0
    private(set) var pos: Int

    init(bytes: [UInt8], segments: [Range<Int>]) {
        self.bytes = bytes
        self.segments = segments
        pos = segments.first?.lowerBound ?? 0
    }

    /// A record starting at `offset` (its header) plus the CONTINUE records that follow; also
    /// returns the offset after the last of them.
    static func record(in bytes: [UInt8], at offset: Int) -> (BIFFCursor, next: Int) {
        var segs: [Range<Int>] = []
        var at = offset
        var first = true
        while at + 4 <= bytes.count {
            let type = LE.u16(bytes, at)
            if !first && type != BIFF.continueRecord { break }
            let len = Int(LE.u16(bytes, at + 2))
            let end = min(at + 4 + len, bytes.count)
            segs.append((at + 4)..<end)
            at = end
            first = false
        }
        return (BIFFCursor(bytes: bytes, segments: segs), at)
    }

    /// Moves to the next segment when the current one is used up; `false` at the very end.
    private mutating func ensure() -> Bool {
        while seg < segments.count {
            if pos < segments[seg].upperBound { return true }
            seg += 1
            if seg < segments.count { pos = segments[seg].lowerBound }
        }
        return false
    }

    mutating func u8() -> UInt8? {
        guard ensure() else { return nil }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func u16() -> UInt16? {
        guard let a = u8(), let b = u8() else { return nil }
        return UInt16(a) | UInt16(b) << 8
    }

    mutating func u32() -> UInt32? {
        guard let a = u16(), let b = u16() else { return nil }
        return UInt32(a) | UInt32(b) << 16
    }

    /// Skips `n` bytes across segments; `false` when the data ends first.
    mutating func skip(_ n: Int) -> Bool {
        var left = n
        while left > 0 {
            guard ensure() else { return false }
            let take = min(left, segments[seg].upperBound - pos)
            pos += take
            left -= take
        }
        return true
    }

    /// `count` BIFF8 characters, compressed or not per `highByte`, re-reading the option byte
    /// at the start of each CONTINUE segment they run into. A string cut short by the end of
    /// the data keeps what was there.
    mutating func chars(_ count: Int, highByte: Bool, into units: inout [UInt16]) {
        units.removeAll(keepingCapacity: true)
        var high = highByte
        var left = count
        while left > 0, seg < segments.count {
            let end = segments[seg].upperBound
            if pos >= end {
                // The characters resume in the next CONTINUE, after its own option byte.
                seg += 1
                guard seg < segments.count else { return }
                pos = segments[seg].lowerBound
                if pos < segments[seg].upperBound {
                    high = bytes[pos] & 0x01 != 0
                    pos += 1
                }
                continue
            }
            if high {
                let n = min(left, (end - pos) / 2)
                for k in 0..<n { units.append(UInt16(bytes[pos + 2 * k]) | UInt16(bytes[pos + 2 * k + 1]) << 8) }
                pos = n == 0 ? end : pos + 2 * n  // n == 0: a stray odd byte before the boundary
                left -= n
            } else {
                let n = min(left, end - pos)
                for k in 0..<n { units.append(UInt16(bytes[pos + k])) }
                pos += n
                left -= n
            }
        }
    }
}

/// Decodes BIFF strings: BIFF8 text as UTF-16 units, BIFF5 byte strings in the workbook's
/// CODEPAGE (Chinese Excel 95 files are GBK, code page 936) through glibc iconv.
final class BIFFText {
    private let cd: iconv_t?
    private var units: [UInt16] = []

    /// `codepage` from the CODEPAGE record; nil or unknown means Windows-1252, Excel's default.
    init(codepage: Int?) {
        let name = Self.iconvName(codepage ?? 1252)
        let h = iconv_open("UTF-8", name)
        cd = h == iconv_t(bitPattern: -1) ? nil : h
    }

    deinit { if let cd { iconv_close(cd) } }

    static func iconvName(_ cp: Int) -> String {
        switch cp {
        case 367: return "ASCII"
        case 936: return "GBK"
        case 1200: return "UTF-16LE"
        case 1361: return "JOHAB"
        case 10000, 32768: return "MACINTOSH"
        case 10006: return "MACGREEK"
        case 10007: return "MACCYRILLIC"
        case 10079: return "MACICELAND"
        case 10081: return "MACTURKISH"
        case 32769: return "CP1252"
        case 65001: return "UTF-8"
        case 437, 720, 737, 775, 850, 852, 855, 857, 858, 860...866, 869, 874, 932, 949, 950, 1250...1258:
            return "CP\(cp)"
        default: return "CP1252"
        }
    }

    /// A BIFF8 string's characters (`count` of them) from the cursor.
    func biff8(_ c: inout BIFFCursor, count: Int, highByte: Bool) -> String {
        c.chars(count, highByte: highByte, into: &units)
        return Self.string(units)
    }

    static func string(_ units: [UInt16]) -> String {
        if units.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: units.count) { buf in
                for (i, u) in units.enumerated() { buf[i] = UInt8(u) }
                return units.count
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// A BIFF5 byte string in the workbook's code page; bytes iconv rejects become U+FFFD.
    func bytes(_ b: ArraySlice<UInt8>) -> String {
        if b.allSatisfy({ $0 < 0x80 }) { return String(decoding: b, as: UTF8.self) }
        guard let cd else { return String(decoding: b.map { UInt16($0) }, as: UTF16.self) }
        _ = iconv(cd, nil, nil, nil, nil)
        var input = Array(b)
        var out = [UInt8](repeating: 0, count: b.count * 4 + 16)
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return }
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { break }
                    guard errno == EILSEQ || errno == EINVAL, outLeft >= 3, let o = outPtr, let i = inPtr else { break }
                    // Replace the rejected byte with U+FFFD and go on.
                    o[0] = CChar(bitPattern: 0xEF)
                    o[1] = CChar(bitPattern: 0xBF)
                    o[2] = CChar(bitPattern: 0xBD)
                    outPtr = o + 3
                    outLeft -= 3
                    inPtr = i + 1
                    inLeft -= 1
                }
                produced = outBuf.count - outLeft
            }
        }
        return String(decoding: out[0..<produced], as: UTF8.self)
    }
}
