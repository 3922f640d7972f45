import Foundation

/// Named schema migrations, applied in order, each in its own transaction and recorded in
/// `schema_migrations`, so an old database is brought up to date and never rebuilt.
public enum Migrations {
    /// Migration names, in order; each is `Resources/sql/migrations/<name>.sql`.
    public static let names = [
        "001_initial", "002_load_reuse", "003_cascade_indexes", "004_run_reports", "005_call_row_days",
        "006_discharge_identity_index", "007_input_field_counts",
    ]

    public static var schemaVersion: Int { names.count }

    public static func apply(to db: Database) throws {
        try db.execute("create table if not exists schema_migrations (name text primary key, applied_at text not null)")
        let done = Set(try db.rows("select name from schema_migrations").compactMap { $0.first?.string })
        let pending = names.filter { !done.contains($0) }
        if pending.isEmpty { return }
        // A migration that rebuilds a table drops the old one, which with foreign keys on would
        // delete every row that references it (on delete cascade). Off around the migrations
        // (the pragma does nothing inside a transaction), and checked before each commits.
        try db.execute("pragma foreign_keys = off")
        defer { try? db.execute("pragma foreign_keys = on") }
        for name in pending {
            let sql = try SQLResource.text("migrations/\(name)")
            try db.transaction {
                try db.execute(sql)
                if let broken = try db.rows("pragma foreign_key_check").first {
                    throw DatabaseError(
                        code: -1, message: "migration \(name) leaves \(broken[0]) rows whose \(broken[2]) is missing",
                        sql: nil)
                }
                try db.prepare("insert into schema_migrations (name, applied_at) values (?, datetime('now'))")
                    .run([.text(name)])
            }
        }
    }
}

/// SQL kept as `.sql` files in the package resources (dbt style), read by name.
public enum SQLResource {
    public static func text(_ name: String) throws -> String {
        let (url, searched) = ResourceLocator.find("sql/\(name).sql")
        guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DatabaseError(
                code: -1, message: "missing SQL resource \(name).sql (looked in \(searched.prefix(3).joined(separator: ", ")) …)",
                sql: nil)
        }
        return text
    }
}
