/// The report as sections of tables and charts, already labelled and masked: the one layout
/// that `ReportWorkbook` (XLSX) and `HTMLReport` render, so both show the same cells.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    public var sections: [ReportSection]
}

/// One sheet of the workbook, one `<section>` of the page.
public struct ReportSection: Sendable, Equatable {
    /// The sheet name (Chinese, at most 31 characters).
    public var name: String
    public var title: String
    public var notes: [String] = []
    public var tables: [ReportTable] = []
    /// Charts drawn from the section's tables (by index).
    public var charts: [ReportChart] = []
}

/// A table: a header row and typed cells. `isList` tables get an autofilter and, when they
/// are the sheet's only table, a frozen header.
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var note: String?
    public var columns: [String]
    public var rows: ReportRows
    /// Total rows (`全院`, 合计), drawn bold.
    public var totalRows: Set<Int> = []
    public var isList: Bool = false
    /// Shown instead of an empty table body.
    public var emptyText: String = "无"
    /// Rows cut off to keep a list within the sheet (the workbook's row limit).
    public var omittedRows: Int = 0
    /// Rate columns judged against a target: the workbook adds a conditional format with the
    /// same rule as the direct red fill, so a figure corrected in Excel is judged again.
    public var targetRules: [TargetRule] = []

    /// The rows, assigned from cells held in an array.
    public var cells: [[ReportValue]] {
        get { Array(rows) }
        set { rows = ReportRows(newValue) }
    }

    public init(title: String, note: String? = nil, columns: [String], rows: [[ReportValue]]) {
        self.init(title: title, note: note, columns: columns, rows: ReportRows(rows))
    }

    public init(title: String, note: String? = nil, columns: [String], rows: ReportRows) {
        self.title = title
        self.note = note
        self.columns = columns
        self.rows = rows
    }
}

/// A table's rows: held as cells, or made one at a time from the report's model when a writer
/// reads them. The long lists are made: held, their cells were a second copy of the model's
/// rows for as long as the report was written (at 1 M, 219,714 pending patients and 92,318
/// number problems: RSS 189 → 234 MB for the document, the run's peak).
public struct ReportRows: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    private var held: [[ReportValue]]
    private var made: (count: Int, row: @Sendable (Int) -> [ReportValue])?

    public init(_ rows: [[ReportValue]]) {
        held = rows
        made = nil
    }

    public init(arrayLiteral rows: [ReportValue]...) { self.init(rows) }

    /// `count` rows, row `i` made by `row(i)` each time it is read.
    public init(count: Int, row: @escaping @Sendable (Int) -> [ReportValue]) {
        held = []
        made = (count, row)
    }

    /// The first `limit` of `items`, each made into a row by `row` when read (a list cut to the
    /// sheet's row limit).
    public init<Item: Sendable>(first limit: Int, of items: [Item], row: @escaping @Sendable (Item) -> [ReportValue]) {
        self.init(count: Swift.min(items.count, limit)) { row(items[$0]) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { made?.count ?? held.count }
    public subscript(i: Int) -> [ReportValue] { made.map { $0.row(i) } ?? held[i] }

    /// Appends a row (rows that were made are made once more and held from then on).
    public mutating func append(_ row: [ReportValue]) {
        if made != nil {
            held = Array(self)
            made = nil
        }
        held.append(row)
    }

    public static func == (a: ReportRows, b: ReportRows) -> Bool { a.elementsEqual(b) }
}

/// "Red when the rate is under `target` and its denominator (the sum of `denominatorColumns`)
/// is at least `minDenominator`": the rule of `ReportFlags`, for a spreadsheet to re-evaluate.
public struct TargetRule: Sendable, Equatable {
    public var column: Int
    public var denominatorColumns: [Int]
    public var target: Double
    public var minDenominator: Int
}

/// How a rate compares with its target and its denominator (SPEC §7).
public enum RateState: Sendable, Equatable, CaseIterable {
    case normal
    case belowTarget
    /// Denominator under `minDenominator`: shown, not ranked, not flagged.
    case smallSample
}

/// A typed cell. Percentages and dates stay numbers and dates down to the file.
public enum ReportValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    case percent(Double?, RateState)
    case number(Double?)
    /// `YYYY-MM-DD`; written as a date cell (an unreadable value as text).
    case date(String)
    /// A rate's numerator and denominator, `412/500`: text beside the rate's number cell, so
    /// the rate column still sorts and filters as a number.
    case fraction(Int, Int)
    case blank

    /// The text shown in HTML (and used to size workbook columns).
    public var display: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .percent(let d, _): return d.map { ReportFormat.percent($0) } ?? ""
        case .number(let d): return d.map { ReportFormat.decimal($0) } ?? ""
        case .date(let s): return s
        case .fraction(let n, let d): return "\(n)/\(d)"
        case .blank: return ""
        }
    }

    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .percent(let d, _), .number(let d): return d
        default: return nil
        }
    }
}

public struct ReportChart: Sendable, Equatable {
    /// `funnel`: departments as points (x `xColumn`, y the series column) with the limit curves
    /// of `curveTable` (x in its column 0, lines in `curveColumns`). `control`: a line chart
    /// whose rows with text in `flagColumn` are special causes. `intervals`: each row's rate
    /// (series column) with its interval (`lowColumn`…`highColumn`), drawn in the HTML only
    /// (libxlsxwriter has no custom error bars).
    public enum Kind: Sendable { case line, stackedBar, bar, funnel, control, intervals }
    public var kind: Kind
    public var title: String
    /// Index of the source table in its section.
    public var table: Int
    public var categoryColumn: Int = 0
    public var seriesColumns: [Int]
    /// Data rows of the table to draw (e.g. departments without the `全院` row).
    public var rows: Range<Int>
    public var percentAxis: Bool
    public var xColumn: Int? = nil
    public var curveTable: Int? = nil
    public var curveColumns: [Int] = []
    public var flagColumn: Int? = nil
    public var lowColumn: Int? = nil
    public var highColumn: Int? = nil
    /// A reference line (the hospital's rate) for `intervals`.
    public var reference: Double? = nil
}

/// Number rendering shared by the HTML page and the workbook's number formats (`0.0%`, `0.0`).
public enum ReportFormat {
    public static func percent(_ d: Double) -> String { format(d * 100) + "%" }

    /// One decimal always, as the workbook's `0.0` format shows it.
    public static func decimal(_ d: Double) -> String { format(d) }

    /// One decimal, rounded half away from zero as Excel does.
    static func format(_ d: Double) -> String {
        let scaled = (abs(d) * 10).rounded(.toNearestOrAwayFromZero)
        let whole = Int64(scaled) / 10
        let tenth = Int64(scaled) % 10
        return (d < 0 && scaled > 0 ? "-" : "") + "\(whole).\(tenth)"
    }
}
