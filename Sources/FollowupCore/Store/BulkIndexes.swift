/// Secondary indexes set aside while a bulk load fills their table, and built again after it.
///
/// Inserting rows whose index keys come in random order (phone numbers) touches a random page
/// of the index for every row; once the index outgrows the page cache each of those is a read
/// from the kernel. Building the index after the load is one sort. Worth it only when the load
/// brings more rows than the table holds: a monthly run into a year's database keeps its
/// indexes, a first load or a full reload sets them aside. Inside the run's transaction, so a
/// failed load rolls the drop back with everything else.
struct BulkIndexes {
    let db: Database
    /// The `create index` statements of the indexes set aside, as the schema holds them.
    private(set) var statements: [String] = []

    /// Sets aside the indexes of `table` declared with `create index` (not the ones that
    /// enforce a primary key or unique constraint), or those of them in `only`, when
    /// `incoming` exceeds the table's rows.
    init(table: String, incoming: Int, only: Set<String>? = nil, db: Database) throws {
        self.db = db
        let held = try db.scalar("select count(*) from \"\(table)\"").int ?? 0
        guard incoming > held else { return }
        let indexes = try db.rows(
            "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null order by name",
            [.text(table)])
        for index in indexes {
            guard let name = index[0].string, let sql = index[1].string, only?.contains(name) ?? true else { continue }
            try db.execute("drop index \"\(name)\"")
            statements.append(sql)
        }
    }

    /// Builds the indexes set aside again.
    func restore() throws {
        for sql in statements { try db.execute(sql) }
    }
}
