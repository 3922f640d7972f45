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
        "010_contacts", "020_exclusions", "030_facts", "040_metrics", "045_changes", "050_themes", "060_report",
    ]

    /// Models built as tables, with the indexes their readers need.
    static let materialized: [String: [String]] = [
        "shared_numbers": ["number"],
        "valid_contacts": ["discharge_id"],
        "discharge_exclusions": ["discharge_id"],
        "fct_calls": ["discharge_id", "call_id"],
        "fct_followup": ["discharge_id", "department, discharge_date"],
        "cohort_members": ["cohort, unit"],
        "cohort_metrics": ["cohort, department"],
        "cohort_rates": ["cohort, department"],
        "cohort_report": ["cohort, department"],
        "theme_calls": ["call_id"],
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
            var sql = try SQLResource.text("views/\(file)")
            for name in materialized.keys {
                sql = sql.replacing("create view \(name) as", with: "create table \(name) as")
            }
            try db.execute(sql)
        }
        for (name, indexes) in materialized.sorted(by: { $0.key < $1.key }) {
            for (i, columns) in indexes.enumerated() {
                try db.execute("create index \"\(name)_\(i)\" on \"\(name)\" (\(columns))")
            }
        }
    }
}
