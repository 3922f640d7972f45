import Glibc

/// Encoding detection and transcoding for CSV/TSV exports.
///
/// Detection (it classified every test file, MEASURED.md): a BOM decides; otherwise a file
/// that is valid UTF-8 throughout is UTF-8; anything else is GB18030, the superset of GBK and
/// GB2312 that Chinese Excel and most HIS write. glibc `iconv` transcodes at about 300 MB/s
/// and, unlike Foundation, goes on past a bad byte (it becomes U+FFFD).
enum TextDecoding {
    /// The encoding and the length of the BOM to skip.
    static func detect(file: OpenFile) throws -> (ReadOptions.TextEncoding, bomLength: Int) {
        let head = try file.read(at: 0, count: 4)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        return (try isValidUTF8(file: file) ? .utf8 : .gb18030, 0)
    }

    /// The encoding of a text export, forced by the options or else detected, and its BOM length.
    static func resolve(file: OpenFile, options: ReadOptions) throws -> (ReadOptions.TextEncoding, bomLength: Int) {
        if let forced = options.encoding { return (forced, try bomLength(file: file, encoding: forced)) }
        return try detect(file: file)
    }

    /// The file after its BOM, as UTF-8 (transcoded unless it already is).
    static func utf8Stream(file: OpenFile, encoding: ReadOptions.TextEncoding, bomLength: Int) throws -> ByteStream {
        let raw = FileRangeStream(file: file, offset: bomLength, length: file.size - bomLength)
        return encoding == .utf8 ? raw : try IconvStream(source: raw, from: encoding, file: file.path)
    }

    /// The BOM length for a forced encoding (a BOM is still skipped when present).
    static func bomLength(file: OpenFile, encoding: ReadOptions.TextEncoding) throws -> Int {
        let head = try file.read(at: 0, count: 3)
        switch encoding {
        case .utf8: return head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        case .utf16le: return head.starts(with: [0xFF, 0xFE]) ? 2 : 0
        case .utf16be: return head.starts(with: [0xFE, 0xFF]) ? 2 : 0
        case .gb18030: return 0
        }
    }

    /// Streams the whole file through a UTF-8 validator, stopping at the first bad sequence.
    static func isValidUTF8(file: OpenFile) throws -> Bool {
        let stream = FileRangeStream(file: file, chunk: 1 << 20)
        var buf: [UInt8] = []
        while true {
            let more = try stream.read(into: &buf)
            let (ok, consumed) = validateUTF8(buf, final: !more)
            if !ok { return false }
            if !more { return true }
            buf.removeSubrange(0..<consumed)
        }
    }

    /// Validates `b`; returns whether it is valid and how many bytes form complete sequences
    /// (an incomplete sequence at the end is left for the next chunk unless `final`).
    static func validateUTF8(_ b: [UInt8], final: Bool) -> (Bool, Int) {
        b.withUnsafeBufferPointer { p -> (Bool, Int) in
            let n = p.count
            var i = 0
            while i < n {
                // Fast path over ASCII, eight bytes at a time.
                while i + 8 <= n {
                    let w = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { break }
                let c = p[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let len: Int
                var lo: UInt8 = 0x80
                var hi: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: len = 2
                case 0xE0: len = 3; lo = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: len = 3
                case 0xED: len = 3; hi = 0x9F
                case 0xF0: len = 4; lo = 0x90
                case 0xF1...0xF3: len = 4
                case 0xF4: len = 4; hi = 0x8F
                default: return (false, i)
                }
                if i + len > n { return final ? (false, i) : (true, i) }
                if p[i + 1] < lo || p[i + 1] > hi { return (false, i) }
                var k = 2
                while k < len {
                    if p[i + k] < 0x80 || p[i + k] > 0xBF { return (false, i) }
                    k += 1
                }
                i += len
            }
            return (true, n)
        }
    }

    static func iconvName(_ e: ReadOptions.TextEncoding) -> String {
        switch e {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .utf16le: return "UTF-16LE"
        case .utf16be: return "UTF-16BE"
        }
    }
}

/// A text export opened for reading (HTML and Excel 2003 XML pages): the file, its encoding
/// and BOM as `TextDecoding.resolve` finds them, and the read options.
struct TextInput {
    let file: OpenFile
    let encoding: ReadOptions.TextEncoding
    let bomLength: Int
    let options: ReadOptions

    init(file: OpenFile, options: ReadOptions) throws {
        self.file = file
        self.options = options
        (encoding, bomLength) = try TextDecoding.resolve(file: file, options: options)
    }

    var path: String { file.path }
    var baseName: String { file.path.split(separator: "/").last.map(String.init) ?? file.path }
    func utf8Stream() throws -> ByteStream { try TextDecoding.utf8Stream(file: file, encoding: encoding, bomLength: bomLength) }
}

/// Transcodes a byte stream to UTF-8 with glibc iconv. A byte iconv rejects becomes U+FFFD
/// and decoding goes on: one damaged byte in a 100,000-row export must not lose the file.
final class IconvStream: ByteStream {
    private let source: ByteStream
    private let cd: iconv_t
    private var pending: [UInt8] = []
    private var sourceDone = false
    private var out = [UInt8](repeating: 0, count: 1 << 20)
    private let unitSize: Int

    init(source: ByteStream, from encoding: ReadOptions.TextEncoding, file: String) throws {
        self.source = source
        self.unitSize = encoding == .utf16le || encoding == .utf16be ? 2 : 1
        let cd = iconv_open("UTF-8", TextDecoding.iconvName(encoding))
        guard let cd, cd != iconv_t(bitPattern: -1) else {
            throw ReadError(
                file: file, reason: .encoding, detail: "this system cannot decode \(TextDecoding.iconvName(encoding))")
        }
        self.cd = cd
    }

    deinit { iconv_close(cd) }

    func read(into buffer: inout [UInt8]) throws -> Bool {
        while true {
            if pending.isEmpty || (!sourceDone && pending.count < 4) {
                if !sourceDone, !(try source.read(into: &pending)) { sourceDone = true }
                if pending.isEmpty && sourceDone { return false }
            }
            var consumed = 0
            var produced = 0
            pending.withUnsafeMutableBytes { inRaw in
                out.withUnsafeMutableBytes { outRaw in
                    var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var inLeft = inRaw.count
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count - 8
                    while inLeft > 0 {
                        let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                        if rc != -1 { break }
                        let err = errno
                        if err == EILSEQ || (err == EINVAL && sourceDone) {
                            // Replace the bad unit with U+FFFD and go on.
                            guard outLeft >= 3 else { break }
                            outPtr?[0] = CChar(bitPattern: 0xEF)
                            outPtr?[1] = CChar(bitPattern: 0xBF)
                            outPtr?[2] = CChar(bitPattern: 0xBD)
                            outPtr = outPtr.map { $0 + 3 }
                            outLeft -= 3
                            let skip = min(unitSize, inLeft)
                            inPtr = inPtr.map { $0 + skip }
                            inLeft -= skip
                        } else if err == EINVAL {
                            break  // an incomplete sequence at the chunk end: wait for more
                        } else {
                            break  // E2BIG: output full
                        }
                    }
                    consumed = inRaw.count - inLeft
                    produced = outRaw.count - 8 - outLeft
                }
            }
            if consumed > 0 { pending.removeSubrange(0..<consumed) }
            if produced > 0 {
                buffer.append(contentsOf: out[0..<produced])
                return true
            }
            if consumed > 0 { continue }
            // No progress: an incomplete sequence waits for more input, or the input ended.
            if sourceDone {
                pending.removeAll()
            } else if !(try source.read(into: &pending)) {
                sourceDone = true
            }
        }
    }
}

/// GB18030 to UTF-8 without a call into iconv for the common characters.
///
/// glibc's iconv goes through UCS-4 one character at a time (about 300 MB/s); HIS exports are
/// mostly ASCII (digits, dates, commas) with two-byte Chinese characters. ASCII is copied
/// through, and every two-byte code is looked up in a table that iconv itself filled once, so
/// the output is iconv's, byte for byte. Everything else (four-byte codes, bad bytes, codes
/// iconv rejects) goes to iconv at that character boundary, with `IconvStream`'s rule for bad
/// input: a byte iconv rejects becomes U+FFFD and decoding goes on after it.
struct GB18030Decoder {
    /// UTF-8 of each two-byte code, indexed `(lead - 0x81) << 8 | trail`: bytes in the low 24
    /// bits, length in the top 8; 0 where iconv must decide.
    private static let table: [UInt32] = buildTable()
    private let cd: iconv_t

    init(file: String) throws {
        let cd = iconv_open("UTF-8", "GB18030")
        guard let cd, cd != iconv_t(bitPattern: -1) else {
            throw ReadError(file: file, reason: .encoding, detail: "this system cannot decode GB18030")
        }
        self.cd = cd
    }

    /// Frees the iconv descriptor; the decoder is not used afterwards.
    func close() { iconv_close(cd) }

    /// Most output bytes `decode` writes for `count` input bytes (a bad byte becomes 3).
    static func outputCapacity(forInput count: Int) -> Int { count * 3 + 16 }

    private static func buildTable() -> [UInt32] {
        var t = [UInt32](repeating: 0, count: 126 << 8)
        guard let cd = iconv_open("UTF-8", "GB18030"), cd != iconv_t(bitPattern: -1) else { return t }
        defer { iconv_close(cd) }
        var inb: [CChar] = [0, 0]
        var outb = [CChar](repeating: 0, count: 8)
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                inb[0] = CChar(bitPattern: UInt8(lead))
                inb[1] = CChar(bitPattern: UInt8(trail))
                let (rc, left, produced) = inb.withUnsafeMutableBufferPointer { i in
                    outb.withUnsafeMutableBufferPointer { o -> (Int, Int, Int) in
                        var ip: UnsafeMutablePointer<CChar>? = i.baseAddress
                        var il = 2
                        var op: UnsafeMutablePointer<CChar>? = o.baseAddress
                        var ol = 8
                        let rc = iconv(cd, &ip, &il, &op, &ol)
                        return (rc, il, 8 - ol)
                    }
                }
                _ = iconv(cd, nil, nil, nil, nil)
                guard rc != -1, left == 0, produced >= 1, produced <= 3 else { continue }
                var v = UInt32(produced) << 24
                for k in 0..<produced { v |= UInt32(UInt8(bitPattern: outb[k])) << (8 * k) }
                t[(lead - 0x81) << 8 | trail] = v
            }
        }
        return t
    }

    /// Decodes `input` into `out` (room for `outputCapacity(forInput: input.count)` bytes).
    /// Returns how many input bytes were used and output bytes written; unless `final`, an
    /// incomplete character at the end is left for the next call.
    func decode(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: UnsafeMutablePointer<UInt8>) -> (
        consumed: Int, produced: Int
    ) {
        guard let src = input.baseAddress else { return (0, 0) }
        let n = input.count
        var i = 0
        var o = 0
        Self.table.withUnsafeBufferPointer { tp in
            let table = tp.baseAddress!
            while i < n {
                // ASCII, eight bytes at a time.
                while i + 8 <= n {
                    let w = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    UnsafeMutableRawPointer(out + o).storeBytes(of: w, as: UInt64.self)
                    i += 8
                    o += 8
                }
                guard i < n else { break }
                let c = src[i]
                if c < 0x80 {
                    out[o] = c
                    i += 1
                    o += 1
                    continue
                }
                if c >= 0x81, c <= 0xFE, i + 1 < n {
                    let v = table[Int(c - 0x81) << 8 | Int(src[i + 1])]
                    if v != 0 {
                        let len = Int(v >> 24)
                        out[o] = UInt8(truncatingIfNeeded: v)
                        if len > 1 { out[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                        if len > 2 { out[o + 2] = UInt8(truncatingIfNeeded: v >> 16) }
                        o += len
                        i += 2
                        continue
                    }
                }
                // iconv decides, from this character boundary on (at most one 4-byte code).
                let window = min(4, n - i)
                var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: src + i)
                    .assumingMemoryBound(to: CChar.self)
                var il = window
                var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out + o).assumingMemoryBound(to: CChar.self)
                var ol = 16
                let rc = iconv(cd, &ip, &il, &op, &ol)
                let err = rc == -1 ? errno : 0
                let used = window - il
                if used > 0 {
                    i += used
                    o += 16 - ol
                    continue
                }
                if err == EINVAL && window < 4 && !final { break }  // wait for the rest of it
                // A byte iconv rejects (or an incomplete code at the very end): U+FFFD.
                out[o] = 0xEF
                out[o + 1] = 0xBF
                out[o + 2] = 0xBD
                o += 3
                i += 1
            }
        }
        return (i, o)
    }
}
