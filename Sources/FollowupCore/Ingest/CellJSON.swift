/// The typed-cell JSON of `followup inspect`, identical in form to the corpus's expected files
/// (`shared/corpus/README.md`), so the readers can be compared cell by cell with openpyxl,
/// calamine and xlrd.
public enum CellJSON {
    /// `null`, `{"t":"s","v":…}`, `{"t":"n","v":…}`, `{"t":"b","v":…}`,
    /// `{"t":"d","v":"YYYY-MM-DDTHH:MM:SS"}`, `{"t":"tm","v":"HH:MM:SS"}`, `{"t":"dur","v":s}`,
    /// `{"t":"e","v":"#DIV/0!"}`. An empty string is `null`, as in the corpus.
    public static func encode(_ cell: Cell) -> String {
        switch cell {
        case .empty: return "null"
        case .string(let s):
            if s.isEmpty { return "null" }
            let n = s.count
            if n > maxString {
                // Longer than Excel allows in a cell: a damaged or hostile file. Printed the way
                // the corpus prints it, so a 1 MB string repeated in 10,000 cells stays readable.
                return #"{"t":"s","v":"# + quote(String(s.prefix(200)) + "...") + #","truncated":true,"len":"# + String(n)
                    + "}"
            }
            return #"{"t":"s","v":"# + quote(s) + "}"
        case .number(let d): return #"{"t":"n","v":"# + number(d) + "}"
        case .bool(let b): return #"{"t":"b","v":"# + (b ? "true" : "false") + "}"
        case .date(let dt): return #"{"t":"d","v":""# + dt.isoString + #""}"#
        case .time(let s): return #"{"t":"tm","v":""# + timeOfDay(s) + #""}"#
        case .duration(let s): return #"{"t":"dur","v":"# + number(s) + "}"
        case .error(let e): return #"{"t":"e","v":"# + quote(e) + "}"
        }
    }

    /// One sheet as a JSON line: rows laid out from row 1 (absent rows are `[]`), trailing
    /// empty cells and trailing empty rows trimmed.
    public static func sheetLine(name: String, rows: [(Int, [Cell])]) -> String {
        var out = #"{"sheet":"# + quote(name) + #","rows":["#
        var next = 1
        var firstRow = true
        var lastNonEmpty = rows.lastIndex { row in row.1.contains { !isNull($0) } }
        if lastNonEmpty == nil { lastNonEmpty = -1 }
        for (k, (number, cells)) in rows.enumerated() where k <= (lastNonEmpty ?? -1) {
            while next < number {
                out += firstRow ? "[]" : ",[]"
                firstRow = false
                next += 1
            }
            var trimmed = cells[...]
            while let l = trimmed.last, isNull(l) { trimmed = trimmed.dropLast() }
            out += (firstRow ? "[" : ",[") + trimmed.map(encode).joined(separator: ",") + "]"
            firstRow = false
            next = number + 1
        }
        return out + "]}"
    }

    /// Excel's own limit on the characters of one cell.
    public static let maxString = 32_767

    static func isNull(_ c: Cell) -> Bool {
        switch c {
        case .empty: return true
        case .string(let s): return s.isEmpty
        default: return false
        }
    }

    /// Whole numbers as integers, others in the shortest form that reads back exactly.
    static func number(_ d: Double) -> String {
        if !d.isFinite { return quote(String(d)) }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    static func timeOfDay(_ seconds: Double) -> String {
        let micros = Int64((seconds * 1_000_000).rounded())
        let whole = Int(micros / 1_000_000)
        let frac = Int(micros % 1_000_000)
        var s = CivilDateTime.pad(whole / 3_600, 2) + ":" + CivilDateTime.pad((whole % 3_600) / 60, 2) + ":"
            + CivilDateTime.pad(whole % 60, 2)
        if frac != 0 { s += "." + CivilDateTime.pad(frac, 6) }
        return s
    }

    /// A JSON string literal (quotes included), escaping only what JSON requires.
    public static func quote(_ s: String) -> String { JSONText.quote(s) }
}
