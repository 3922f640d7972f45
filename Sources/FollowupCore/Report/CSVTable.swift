import Foundation

/// A CSV writer for the machine-readable outputs: RFC 4180 quoting, `\n` line ends, UTF-8
/// with a byte-order mark, so that Excel on a Chinese Windows opens the files without
/// garbling (it reads BOM-less CSV as GBK). Rates are fractions with six decimals, empty when
/// undefined (denominator 0).
public struct CSVTable {
    public var columns: [String]
    public var rows: [[SQLValue]]

    public init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Reads a view or query with the given columns, in the given order.
    public static func query(_ db: Database, _ columns: [String], from source: String, orderBy: String) throws -> CSVTable {
        let sql = "select " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " from \(source) order by \(orderBy)"
        return CSVTable(columns: columns, rows: try db.rows(sql))
    }

    public func render() -> String {
        var out = columns.map(Self.quote).joined(separator: ",") + "\n"
        for r in rows {
            out += zip(columns, r).map { c, v in Self.quote(Self.format(v, column: c)) }.joined(separator: ",") + "\n"
        }
        return out
    }

    public func write(to path: String) throws {
        try Data(("\u{FEFF}" + render()).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func format(_ v: SQLValue, column: String) -> String {
        switch v {
        case .null: return ""
        case .integer(let i): return String(i)
        case .text(let s): return s
        case .real(let d):
            if column.hasSuffix("_rate") || column == "share" || column.hasSuffix("_ratio") || column.hasSuffix("_low")
                || column.hasSuffix("_high")
            {
                return String(format: "%.6f", d)
            }
            if d == d.rounded() { return String(Int64(d)) }
            return String(format: "%.2f", d).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
        }
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The machine-readable metric files of SPEC §9, with their exact columns.
public enum MetricFiles {
    public static let departmentColumns = [
        "period", "department", "discharges", "excluded", "eligible", "no_valid_contact", "attempted", "reached",
        "followup_rate", "contact_success_rate", "timely_rate", "median_days_to_contact", "satisfied", "neutral",
        "dissatisfied", "satisfaction_rate", "complaints", "praise",
    ]

    /// Added after SPEC §9's columns (which stay first and unchanged): the national indicator,
    /// survey-style call outcome rates, and a Wilson 95 % interval for every rate.
    public static let extraRates = [
        "nhc_followup_ratio", "contact_rate", "cooperation_rate", "refusal_rate", "bad_number_rate",
    ]
    public static let intervalRates = [
        "followup_rate", "contact_success_rate", "timely_rate", "satisfaction_rate",
    ] + extraRates

    public static var departmentFileColumns: [String] {
        departmentColumns + extraRates + intervalRates.flatMap { [$0 + "_low", $0 + "_high"] }
    }

    public static var trendColumns: [String] { ["month"] + departmentFileColumns.dropFirst() }

    /// Departments by name, the whole hospital (`全院`) last.
    static let unitOrder = "department = '全院', department"

    public static func tables(_ db: Database) throws -> [(String, CSVTable)] {
        [
            ("departments.csv", try .query(db, departmentFileColumns, from: "departments", orderBy: unitOrder)),
            ("trend.csv", try .query(db, trendColumns, from: "trend", orderBy: "month, " + unitOrder)),
            ("failures.csv", try .query(db, ["department", "final_status", "count"], from: "failures",
                orderBy: unitOrder + ", count desc, final_status")),
            ("exclusions.csv", try .query(db, ["department", "reason", "count"], from: "exclusions",
                orderBy: unitOrder + ", count desc, reason")),
            ("themes.csv", try .query(db, ["department", "theme", "count", "share"], from: "themes",
                orderBy: unitOrder + ", count desc, theme")),
        ]
    }

    public static func write(_ db: Database, to dir: String) throws -> [String] {
        var written: [String] = []
        for (name, table) in try tables(db) {
            let path = (dir as NSString).appendingPathComponent(name)
            try table.write(to: path)
            written.append(path)
        }
        return written
    }
}
