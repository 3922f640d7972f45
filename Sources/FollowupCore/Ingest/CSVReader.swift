import Glibc

/// Reads CSV and TSV exports (and text files saved as `.xls`, which Chinese HIS and banks
/// produce) as a single sheet of string cells; typing happens later in staging.
///
/// A byte-level state machine over 1 MB chunks: the delimiters, quotes and line breaks are
/// ASCII, and neither UTF-8 nor GB18030 (after transcoding to UTF-8 here) hides them inside a
/// multibyte character. 20× faster than the Swift CSV libraries measured (MEASURED.md).
/// Quoting follows RFC 4180 as Excel and Python's csv module read it: quotes only open a
/// field at its start, `""` is a quote inside one, and a quoted field may span lines.
public final class CSVSource: TableSource {
    public let path: String
    public let sheets: [SheetInfo]
    public let encoding: ReadOptions.TextEncoding
    /// The detected (or forced) field delimiter.
    public let delimiter: UInt8
    private let file: OpenFile
    private let bomLength: Int
    private let options: ReadOptions

    public convenience init(path: String, options: ReadOptions = ReadOptions()) throws {
        try self.init(file: OpenFile(path: path), options: options)
    }

    init(file: OpenFile, options: ReadOptions) throws {
        self.file = file
        self.path = file.path
        self.options = options
        (encoding, bomLength) = try TextDecoding.resolve(file: file, options: options)
        let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
        sheets = [SheetInfo(name: base)]
        if let d = options.delimiter, let b = d.utf8.first, d.utf8.count == 1 {
            delimiter = b
        } else {
            delimiter = CSVSource.sniffDelimiter(try CSVSource.head(file: file, encoding: encoding, bom: bomLength))
        }
    }

    private func stream() throws -> ByteStream {
        try TextDecoding.utf8Stream(file: file, encoding: encoding, bomLength: bomLength)
    }

    /// The first 64 KB as UTF-8, for delimiter sniffing.
    private static func head(file: OpenFile, encoding: ReadOptions.TextEncoding, bom: Int) throws -> [UInt8] {
        let raw = FileRangeStream(file: file, offset: bom, length: min(64 << 10, file.size - bom))
        let s: ByteStream = encoding == .utf8 ? raw : try IconvStream(source: raw, from: encoding, file: file.path)
        var out: [UInt8] = []
        while try s.read(into: &out) {}
        return out
    }

    /// Picks comma, tab, semicolon or `|` (HIS text dumps) by how often each appears outside quotes in the first
    /// ten lines (a title line with no delimiter at all does not decide). Ties go to comma.
    static func sniffDelimiter(_ head: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [0, 0, 0, 0]
        var lines = 0
        var inQuotes = false
        for c in head {
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if c == 0x0A {
                lines += 1
                if lines >= 10 { break }
            }
            if let k = candidates.firstIndex(of: c) { counts[k] += 1 }
        }
        var best = 0
        for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard index == 0 else {
            throw ReadError(file: path, reason: .notFound, detail: "a CSV file has only one sheet")
        }
        var parser = CSVParser(
            delimiter: delimiter, unwrapFormulas: options.unwrapExcelTextFormulas, maxField: options.maxTokenBytes,
            maxColumns: options.maxColumns)
        var record = 0
        var stop = false
        let emit: ([Cell]) throws -> Bool = { cells in
            record += 1
            if try !body(record, cells) { stop = true }
            return !stop
        }
        switch encoding {
        case .utf8: try readUTF8(&parser, emit)
        case .gb18030: try readGB18030(&parser, emit)
        case .utf16le, .utf16be: try readTranscoded(&parser, emit)
        }
        if parser.fieldTooLong {
            throw ReadError(
                file: path, reason: .tooLarge,
                detail: "record \(record + 1): a field is longer than \(options.maxTokenBytes) bytes (an unclosed quote?)")
        }
    }

    private static let chunk = 1 << 20

    /// UTF-8 needs no transcoding: the parser reads the file's own bytes, one reused buffer.
    private func readUTF8(_ parser: inout CSVParser, _ emit: ([Cell]) throws -> Bool) throws {
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunk, alignment: 16)
        defer { buf.deallocate() }
        var offset = bomLength
        var stopped = false
        while !stopped {
            let n = try file.read(at: offset, into: buf)
            offset += n
            let final = n == 0 || offset >= file.size
            try parser.feed(UnsafeBufferPointer(rebasing: buf.bindMemory(to: UInt8.self)[0..<n]), final: final) {
                let go = try emit($0)
                if !go { stopped = true }
                return go
            }
            if final || parser.fieldTooLong { break }
        }
    }

    /// GB18030 through `GB18030Decoder` into one reused buffer; up to 3 bytes of a character
    /// split by the chunk boundary are carried to the front of the next chunk.
    private func readGB18030(_ parser: inout CSVParser, _ emit: ([Cell]) throws -> Bool) throws {
        let decoder = try GB18030Decoder(file: path)
        defer { decoder.close() }
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunk + 8, alignment: 16)
        defer { raw.deallocate() }
        let outCount = GB18030Decoder.outputCapacity(forInput: Self.chunk + 8)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: outCount)
        defer { out.deallocate() }
        let rawBytes = raw.bindMemory(to: UInt8.self)
        var offset = bomLength
        var kept = 0
        var stopped = false
        while !stopped {
            let n = try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[kept..<(kept + Self.chunk)]))
            offset += n
            let final = n == 0 || offset >= file.size
            let have = kept + n
            let (used, produced) = decoder.decode(
                UnsafeBufferPointer(rebasing: rawBytes[0..<have]), final: final, into: out)
            kept = have - used
            if kept > 0 { memmove(raw.baseAddress!, raw.baseAddress! + used, kept) }
            try parser.feed(UnsafeBufferPointer(start: out, count: produced), final: final) {
                let go = try emit($0)
                if !go { stopped = true }
                return go
            }
            if final || parser.fieldTooLong { break }
        }
    }

    /// UTF-16 (Excel's "Unicode text") through iconv.
    private func readTranscoded(_ parser: inout CSVParser, _ emit: ([Cell]) throws -> Bool) throws {
        let s = try stream()
        var buf: [UInt8] = []
        var stopped = false
        while !stopped {
            buf.removeAll(keepingCapacity: true)
            let more = try s.read(into: &buf)
            try buf.withUnsafeBufferPointer { p in
                try parser.feed(p, final: !more) {
                    let go = try emit($0)
                    if !go { stopped = true }
                    return go
                }
            }
            if !more || parser.fieldTooLong { break }
        }
    }
}

/// The CSV state machine, fed chunk by chunk; it keeps the partial field and record between
/// chunks so records may straddle them.
///
/// Fields are cut straight out of the chunk (one `String` built from a slice, no copy) when
/// they lie inside it and hold no doubled quote; only a field that straddles a chunk boundary
/// or needs unescaping is assembled in `field`. Runs are found with a byte-class table
/// (unquoted) or `memchr` (quoted), so the inner loop does no per-byte `Array` work.
struct CSVParser {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A quote seen inside a quoted field: `""`, the end of the field, or `"ab"c`.
        case quoteInQuoted
    }

    let delimiter: UInt8
    let unwrapFormulas: Bool
    let maxField: Int
    let maxColumns: Int
    private var state = State.fieldStart
    /// The part of the current field that came before the current segment (earlier chunks,
    /// or text before a doubled quote). Empty in the common case.
    private var field: [UInt8] = []
    private var fieldWasQuoted = false
    private var cells: [Cell] = []
    private var recordStarted = false
    private var skipLF = false
    private(set) var fieldTooLong = false
    /// 1 for the delimiter, CR and LF: the bytes that end an unquoted run.
    private let stops: [UInt8]

    init(delimiter: UInt8, unwrapFormulas: Bool, maxField: Int, maxColumns: Int) {
        self.delimiter = delimiter
        self.unwrapFormulas = unwrapFormulas
        self.maxField = maxField
        self.maxColumns = maxColumns
        var t = [UInt8](repeating: 0, count: 256)
        t[Int(delimiter)] = 1
        t[0x0A] = 1
        t[0x0D] = 1
        self.stops = t
    }

    /// Ends the current field; its bytes are `field` followed by `seg`.
    /// Returns `false` when the field is over `maxField` (parsing must stop).
    private mutating func endField(_ seg: UnsafeBufferPointer<UInt8>) -> Bool {
        if field.count + seg.count > maxField {
            fieldTooLong = true
            return false
        }
        if field.isEmpty {
            if cells.count < maxColumns { cells.append(makeCell(seg)) }
        } else {
            if cells.count < maxColumns {
                field.append(contentsOf: seg)
                let cell = field.withUnsafeBufferPointer { makeCell($0) }
                cells.append(cell)
            }
            field.removeAll(keepingCapacity: true)
        }
        fieldWasQuoted = false
        recordStarted = true
        return true
    }

    private func makeCell(_ b: UnsafeBufferPointer<UInt8>) -> Cell {
        var bytes = b
        let n = bytes.count
        if n == 0 { return .empty }
        // `="00123"` is how exports force Excel to keep text; Excel shows `00123`.
        if unwrapFormulas, !fieldWasQuoted, n >= 3, bytes[0] == UInt8(ascii: "="), bytes[1] == UInt8(ascii: "\""),
            bytes[n - 1] == UInt8(ascii: "\"")
        {
            let inner = UnsafeBufferPointer(rebasing: bytes[2..<(n - 1)])
            if !inner.contains(UInt8(ascii: "\"")) { bytes = inner }
            if bytes.isEmpty { return .empty }
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Appends the unfinished segment of a field to `field` at a chunk's end.
    private mutating func carry(_ seg: UnsafeBufferPointer<UInt8>) -> Bool {
        if field.count + seg.count > maxField {
            fieldTooLong = true
            return false
        }
        field.append(contentsOf: seg)
        return true
    }

    private mutating func endRecord(_ emit: ([Cell]) throws -> Bool) rethrows -> Bool {
        while let last = cells.last, case .empty = last { cells.removeLast() }
        let go = try emit(cells)
        cells.removeAll(keepingCapacity: true)
        recordStarted = false
        state = .fieldStart
        return go
    }

    /// Feeds one chunk; `emit` receives each complete record and returns `false` to stop.
    mutating func feed(_ p: UnsafeBufferPointer<UInt8>, final: Bool, _ emit: ([Cell]) throws -> Bool) rethrows {
        let d = delimiter
        let quote = UInt8(ascii: "\"")
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        let n = p.count
        guard let base = p.baseAddress else {
            if final { try finish(emit) }
            return
        }
        @inline(__always) func slice(_ a: Int, _ b: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + a, count: b - a)
        }
        // The current segment of the field being read: [segStart, segEnd) in this chunk.
        var segStart = 0
        var segEnd = 0
        var i = 0
        let stopTable = stops
        try stopTable.withUnsafeBufferPointer { stopsP in
            let stop = stopsP.baseAddress!
            while i < n {
                if skipLF {
                    skipLF = false
                    if base[i] == lf {
                        i += 1
                        continue
                    }
                }
                switch state {
                case .fieldStart:
                    let c = base[i]
                    if c == quote {
                        state = .quoted
                        fieldWasQuoted = true
                        recordStarted = true
                        segStart = i + 1
                        i += 1
                    } else if c == d {
                        guard endField(slice(i, i)) else { return }
                        i += 1
                    } else if c == cr || c == lf {
                        if recordStarted { guard endField(slice(i, i)) else { return } }
                        skipLF = c == cr
                        i += 1
                        if try !endRecord(emit) { return }
                    } else {
                        // An unquoted field, usually whole in this chunk: cut it out at once.
                        recordStarted = true
                        segStart = i
                        var j = i + 1
                        while j < n, stop[Int(base[j])] == 0 { j += 1 }
                        if j == n {
                            state = .unquoted
                            i = n
                            break
                        }
                        let e = base[j]
                        guard endField(slice(segStart, j)) else { return }
                        i = j + 1
                        if e != d {
                            skipLF = e == cr
                            if try !endRecord(emit) { return }
                        }
                    }
                case .unquoted:
                    var j = i
                    while j < n, stop[Int(base[j])] == 0 { j += 1 }
                    if j == n {
                        i = n
                        break
                    }
                    let c = base[j]
                    guard endField(slice(segStart, j)) else { return }
                    i = j + 1
                    if c == d {
                        state = .fieldStart
                    } else {
                        skipLF = c == cr
                        if try !endRecord(emit) { return }
                    }
                case .quoted:
                    let rest = n - i
                    if let q = memchr(base + i, Int32(quote), rest) {
                        let j = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                        segEnd = j
                        state = .quoteInQuoted
                        i = j + 1
                    } else {
                        i = n
                    }
                case .quoteInQuoted:
                    let c = base[i]
                    if c == quote {
                        // `""`: keep the text so far and one quote, go on after the pair.
                        guard carry(slice(segStart, segEnd + (segEnd < i ? 1 : 0))) else { return }
                        if segEnd >= i { field.append(quote) }
                        state = .quoted
                        segStart = i + 1
                        i += 1
                    } else if c == d {
                        guard endField(slice(segStart, segEnd)) else { return }
                        state = .fieldStart
                        i += 1
                    } else if c == cr || c == lf {
                        guard endField(slice(segStart, segEnd)) else { return }
                        skipLF = c == cr
                        i += 1
                        if try !endRecord(emit) { return }
                    } else {
                        // `"ab"c` reads as `abc`, as Excel and Python's csv do.
                        guard carry(slice(segStart, segEnd)) else { return }
                        state = .unquoted
                        segStart = i
                        i += 1
                    }
                }
            }
            // The chunk ends inside a field: keep its unfinished segment for the next chunk.
            switch state {
            case .unquoted, .quoted:
                guard carry(slice(segStart, n)) else { return }
            case .quoteInQuoted:
                if segEnd >= segStart { guard carry(slice(segStart, segEnd)) else { return } }
                segStart = 0
                segEnd = 0
            case .fieldStart:
                break
            }
            if final { try finish(emit) }
        }
    }

    /// Ends the input: a last record without a line break still counts.
    private mutating func finish(_ emit: ([Cell]) throws -> Bool) rethrows {
        guard recordStarted || !field.isEmpty || state != .fieldStart else { return }
        guard endField(UnsafeBufferPointer(start: nil, count: 0)) else { return }
        _ = try endRecord(emit)
    }
}
