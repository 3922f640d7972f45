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
        if let forced = options.encoding {
            encoding = forced
            bomLength = try TextDecoding.bomLength(file: file, encoding: forced)
        } else {
            (encoding, bomLength) = try TextDecoding.detect(file: file)
        }
        let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
        sheets = [SheetInfo(name: base)]
        if let d = options.delimiter, let b = d.utf8.first, d.utf8.count == 1 {
            delimiter = b
        } else {
            delimiter = CSVSource.sniffDelimiter(try CSVSource.head(file: file, encoding: encoding, bom: bomLength))
        }
    }

    private func stream() throws -> ByteStream {
        let raw = FileRangeStream(file: file, offset: bomLength, length: file.size - bomLength)
        return encoding == .utf8 ? raw : try IconvStream(source: raw, from: encoding, file: path)
    }

    /// The first 64 KB as UTF-8, for delimiter sniffing.
    private static func head(file: OpenFile, encoding: ReadOptions.TextEncoding, bom: Int) throws -> [UInt8] {
        let raw = FileRangeStream(file: file, offset: bom, length: min(64 << 10, file.size - bom))
        let s: ByteStream = encoding == .utf8 ? raw : try IconvStream(source: raw, from: encoding, file: file.path)
        var out: [UInt8] = []
        while try s.read(into: &out) {}
        return out
    }

    /// Picks comma, tab or semicolon by how often each appears outside quotes in the first
    /// ten lines (a title line with no delimiter at all does not decide). Ties go to comma.
    static func sniffDelimiter(_ head: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")]
        var counts = [0, 0, 0]
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
        for k in 1..<3 where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    public func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws {
        guard index == 0 else {
            throw ReadError(file: path, reason: .notFound, detail: "a CSV file has only one sheet")
        }
        let s = try stream()
        var parser = CSVParser(
            delimiter: delimiter, unwrapFormulas: options.unwrapExcelTextFormulas, maxField: options.maxTokenBytes,
            maxColumns: options.maxColumns)
        var buf: [UInt8] = []
        var record = 0
        var stop = false
        var tooLong = false
        while !stop {
            buf.removeAll(keepingCapacity: true)
            let more = try s.read(into: &buf)
            try buf.withUnsafeBufferPointer { p in
                try parser.feed(p, final: !more) { cells in
                    record += 1
                    if try !body(record, cells) { stop = true }
                    return !stop
                }
            }
            if parser.fieldTooLong { tooLong = true }
            if !more || tooLong { break }
        }
        if tooLong {
            throw ReadError(
                file: path, reason: .tooLarge,
                detail: "record \(record + 1): a field is longer than \(options.maxTokenBytes) bytes (an unclosed quote?)")
        }
    }
}

/// The CSV state machine, fed chunk by chunk; it keeps the partial field and record between
/// chunks so records may straddle them.
struct CSVParser {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        case quoteInQuoted
    }

    let delimiter: UInt8
    let unwrapFormulas: Bool
    let maxField: Int
    let maxColumns: Int
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldWasQuoted = false
    private var cells: [Cell] = []
    private var recordStarted = false
    private var skipLF = false
    private(set) var fieldTooLong = false

    init(delimiter: UInt8, unwrapFormulas: Bool, maxField: Int, maxColumns: Int) {
        self.delimiter = delimiter
        self.unwrapFormulas = unwrapFormulas
        self.maxField = maxField
        self.maxColumns = maxColumns
    }

    private mutating func endField() {
        var cell = Cell.empty
        if !field.isEmpty {
            var bytes = field[...]
            // `="00123"` is how exports force Excel to keep text; Excel shows `00123`.
            if unwrapFormulas, !fieldWasQuoted, bytes.count >= 3, bytes[bytes.startIndex] == UInt8(ascii: "="),
                bytes[bytes.startIndex + 1] == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"")
            {
                let inner = bytes.dropFirst(2).dropLast()
                if !inner.contains(UInt8(ascii: "\"")) { bytes = inner }
            }
            if !bytes.isEmpty { cell = .string(String(decoding: bytes, as: UTF8.self)) }
        }
        if cells.count < maxColumns { cells.append(cell) }
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        recordStarted = true
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
        var i = 0
        let n = p.count
        while i < n {
            let c = p[i]
            if skipLF {
                skipLF = false
                if c == lf {
                    i += 1
                    continue
                }
            }
            switch state {
            case .fieldStart:
                if c == quote {
                    state = .quoted
                    fieldWasQuoted = true
                    recordStarted = true
                } else if c == d {
                    endField()
                } else if c == cr || c == lf {
                    if recordStarted { endField() }
                    skipLF = c == cr
                    if try !endRecord(emit) { return }
                } else {
                    field.append(c)
                    state = .unquoted
                    recordStarted = true
                }
                i += 1
            case .unquoted:
                // Copy a run of ordinary bytes at once.
                var j = i
                while j < n, p[j] != d, p[j] != cr, p[j] != lf { j += 1 }
                if j > i {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                    if field.count > maxField {
                        fieldTooLong = true
                        return
                    }
                    i = j
                    continue
                }
                if c == d {
                    endField()
                    state = .fieldStart
                } else {
                    endField()
                    skipLF = c == cr
                    if try !endRecord(emit) { return }
                }
                i += 1
            case .quoted:
                var j = i
                while j < n, p[j] != quote { j += 1 }
                if j > i {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                    if field.count > maxField {
                        fieldTooLong = true
                        return
                    }
                    i = j
                    continue
                }
                state = .quoteInQuoted
                i += 1
            case .quoteInQuoted:
                if c == quote {
                    field.append(quote)
                    state = .quoted
                } else if c == d {
                    endField()
                    state = .fieldStart
                } else if c == cr || c == lf {
                    endField()
                    skipLF = c == cr
                    if try !endRecord(emit) { return }
                } else {
                    // `"ab"c` reads as `abc`, as Excel and Python's csv do.
                    field.append(c)
                    state = .unquoted
                }
                i += 1
            }
        }
        if final && (recordStarted || !field.isEmpty || state != .fieldStart) {
            endField()
            _ = try endRecord(emit)
        }
    }
}
