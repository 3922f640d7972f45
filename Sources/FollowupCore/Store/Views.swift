/// The metric models (`Resources/sql/views/*.sql`), rebuilt at the end of every load so that a
/// new version of the tool never leaves an old definition behind.
///
/// Each model is written as `create view NAME as …`. As dbt does, the heavy ones are
/// materialised: built once per run as tables (with indexes) from the same SQL, so that every
/// report and CSV reads them instead of recomputing a stack of views per query. The light ones
/// on top stay views. Either way an analyst who opens the database sees, under the spec's
/// names, the numbers of the latest report.
public enum Views {
    public static let names = [
        "010_contacts", "020_exclusions", "030_facts", "040_metrics", "045_changes", "050_themes", "060_report", "070_statistics",
    ]

    /// Models built as tables, with the indexes their readers need.
    static let materialized: [String: [String]] = [
        "shared_numbers": ["number"],
        "valid_contacts": ["discharge_id"],
        "discharge_exclusions": ["discharge_id"],
        // by discharge only: no reader looks a call up by its id here (an index on call_id took
        // 0.27 s to build at 1 M and appeared in no query plan)
        "fct_calls": ["discharge_id"],
        "discharge_call_summary": [],
        // no index: every reader scans it or looks a discharge up by its key (the row id, `keyed`).
        // One on (department, discharge_date) took 0.7–1.1 s to build at 1 M; of the models and
        // report reads only invalid_numbers_by_department used it (0.65 s with it, 1.05 s without
        // in the shell), which summing the departments' rows there makes up for.
        "fct_followup": [],
        "cohort_metrics": ["cohort, department"],
        "cohort_rates": ["cohort, department"],
        "cohort_report": ["cohort, department"],
        "theme_calls": ["call_id"],
        // read four times by the data-quality views and the report
        "data_quality_call_rows": ["file_id", "agent"],
        // each read twice, by the workbook's model and by its CSV file (0.5 and 0.25 s a read
        // at 300 k)
        "themes": [],
        "failures": [],
    ]

    /// Materialised models stored in the order of an integer key that is their row id: a reader
    /// that looks a row up by that key descends one tree, where through an index it descends the
    /// index's and then the table's.
    static let keyed: [String: String] = [
        "discharge_call_summary": "discharge_id",
        "fct_followup": "discharge_id",
    ]

    public static func install(on db: Database) throws {
        let existing = try db.rows(
            "select type, name from sqlite_master where type in ('view', 'table') and name in ("
                + (materialized.keys.map { "'\($0)'" } + ["''"]).joined(separator: ", ") + ") or type = 'view'")
        for r in existing {
            guard let type = r[0].string, let name = r[1].string else { continue }
            try db.execute("drop \(type) if exists \"\(name)\"")
        }
        for file in names {
            // One statement per model (a model starts at a line `create view NAME as`), so a
            // materialised model gets its indexes before the models that read it are built.
            let sql = try SQLResource.text("views/\(file)")
            for statement in sql.split(separator: "\ncreate view ").enumerated().map({ i, part in
                i == 0 ? String(part) : "create view " + part
            }) {
                guard let name = modelName(statement) else {
                    try db.execute(statement)
                    continue
                }
                if let indexes = materialized[name] {
                    if let key = keyed[name] {
                        try createKeyed(name, key: key, select: statement.replacing("create view \(name) as", with: ""), on: db)
                    } else {
                        try db.execute(statement.replacing("create view \(name) as", with: "create table \(name) as"))
                    }
                    for (i, columns) in indexes.enumerated() {
                        try db.execute("create index \"\(name)_\(i)\" on \"\(name)\" (\(columns))")
                    }
                } else {
                    try db.execute(statement)
                }
            }
        }
    }

    /// `create table NAME as SELECT`, but with `key` as the row id (`integer primary key`). The
    /// other columns get the declared types `create table … as` would give a column taken from a
    /// table, computed ones none: either way a value is stored as the select computes it.
    static func createKeyed(_ name: String, key: String, select: String, on db: Database) throws {
        let probe = try db.prepare(select)  // compiled for its columns, not run
        let names = (0..<probe.columnCount).map(probe.columnName)
        guard names.contains(key) else {
            throw DatabaseError(code: -1, message: "model \(name) has no column \(key) to key it by", sql: select)
        }
        let columns = names.enumerated().map { i, column in
            column == key
                ? "\"\(column)\" integer primary key"
                : "\"\(column)\"" + (probe.columnDeclaredType(i).map { " \($0)" } ?? "")
        }
        try db.execute("create table \"\(name)\" (\(columns.joined(separator: ", ")))")
        try db.execute("insert into \"\(name)\" " + select)
    }

    /// `NAME` of a statement that starts with `create view NAME as` (after comments).
    static func modelName(_ statement: String) -> String? {
        guard let r = statement.firstRange(of: "create view ") else { return nil }
        let rest = statement[r.upperBound...]
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}
