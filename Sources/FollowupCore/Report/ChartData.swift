import Foundation

/// `chart-data.json`: the monthly series behind the trend charts, per department and for the
/// whole hospital, for anyone who draws their own charts (SPEC §9), and, given the report's
/// model, its funnel plots and control charts. Rates are fractions or null.
public enum ChartData {
    public static let series = ["followup_rate", "timely_rate", "satisfaction_rate", "contact_success_rate"]

    public static func json(_ db: Database, model: ReportModel? = nil) throws -> Data {
        let months = try db.rows("select distinct month from trend order by month").compactMap { $0[0].string }
        let units = try db.rows("select distinct department from trend order by department = '全院', department")
            .compactMap { $0[0].string }
        let cols = ["month", "department", "discharges", "eligible", "reached"] + series
        let rows = try db.rows("select \(cols.joined(separator: ", ")) from trend")
        var byKey: [String: [SQLValue]] = [:]
        for r in rows { byKey[(r[0].string ?? "") + "|" + (r[1].string ?? "")] = r }
        var out = "{\n  \"months\": [" + months.map { "\"\($0)\"" }.joined(separator: ", ") + "],\n  \"series\": {\n"
        out += units.enumerated().map { i, unit in
            var s = "    \"\(JSONText.escape(unit))\": {\n"
            s += cols.dropFirst(2).map { c in
                let idx = cols.firstIndex(of: c) ?? 0
                let values = months.map { m -> String in
                    guard let r = byKey[m + "|" + unit] else { return "null" }
                    switch r[idx] {
                    case .null: return "null"
                    case .integer(let v): return String(v)
                    case .real(let d): return String(format: "%.6f", d)
                    case .text(let t): return "\"\(JSONText.escape(t))\""
                    }
                }
                return "      \"\(c)\": [" + values.joined(separator: ", ") + "]"
            }.joined(separator: ",\n")
            return s + "\n    }" + (i == units.count - 1 ? "" : ",")
        }.joined(separator: "\n")
        out += "\n  }"
        if let model { out += ",\n" + statisticsFragment(model) }
        out += "\n}\n"
        return Data(out.utf8)
    }

    public static func write(_ db: Database, model: ReportModel? = nil, to dir: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent("chart-data.json")
        try json(db, model: model).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
