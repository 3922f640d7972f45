/// The metric views, recreated on every run from `Resources/sql/views/*.sql` so that a new
/// version of the tool never leaves an old definition behind.
public enum Views {
    public static let names = [
        "010_contacts", "020_exclusions", "030_facts", "040_metrics", "045_changes", "050_themes", "060_report",
    ]

    public static func install(on db: Database) throws {
        let existing = try db.rows("select name from sqlite_master where type = 'view'").compactMap { $0[0].string }
        for v in existing { try db.execute("drop view if exists \"\(v)\"") }
        for name in names { try db.execute(try SQLResource.text("views/\(name)")) }
    }
}
