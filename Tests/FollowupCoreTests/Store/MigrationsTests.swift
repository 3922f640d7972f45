import Testing
@testable import FollowupCore

/// Migrations on a database that already holds data, as a hospital's does when a new version
/// of the tool first opens it.
@Suite struct MigrationsTests {
    /// A database brought up to `count` migrations, as an older version left it.
    func database(at dir: TempDir, migratedTo count: Int) throws -> Database {
        let db = try Database(path: dir.file("m.sqlite"))
        try db.execute("create table schema_migrations (name text primary key, applied_at text not null)")
        for name in Migrations.names.prefix(count) {
            try db.execute(try SQLResource.text("migrations/\(name)"))
            try db.prepare("insert into schema_migrations values (?, 'then')").run([.text(name)])
        }
        return db
    }

    func discharge(_ id: Int, _ no: String, _ date: String) -> String {
        """
        insert into discharges (discharge_id, month, inpatient_no, discharge_date, discharge_time, discharge_has_time,
          department, run_id, source_path, source_sheet, source_row)
        values (\(id), substr('\(date)', 1, 7), '\(no)', '\(date)', '\(date) 10:00:00', 1, '骨科', 1, 'a.csv', '', \(id));
        """
    }

    @Test func theDischargeTableRebuiltKeepsEveryRowAndWhatReferencesIt() throws {
        let dir = TempDir()
        let db = try database(at: dir, migratedTo: 5)
        try db.execute(
            discharge(7, "A001", "2026-03-05") + discharge(9, "A002", "2026-03-06")
                + """
                insert into discharge_phones (discharge_id, seq, number, kind, source) values (7, 1, '13800138000', 'mobile', 'phone');
                insert into invalid_contacts (discharge_id, source, raw, reason) values (9, 'phone', '123', 'too_short');
                """)
        try Migrations.apply(to: db)

        #expect(try db.scalar("select count(*) from schema_migrations").int == Migrations.names.count)
        // dropping the old table with foreign keys on would have deleted these (on delete cascade)
        #expect(try db.scalar("select group_concat(discharge_id || inpatient_no, ' ') from discharges").string == "7A001 9A002")
        #expect(try db.scalar("select count(*) from discharge_phones where discharge_id = 7").int == 1)
        #expect(try db.scalar("select count(*) from invalid_contacts where discharge_id = 9").int == 1)
        #expect(try db.scalar("pragma foreign_keys").int == 1)
        // the identity is still unique, now through a named index a bulk load can set aside
        #expect(try db.scalar("select count(*) from sqlite_master where name = 'discharges_identity'").int == 1)
        #expect(throws: DatabaseError.self) { try db.execute(discharge(10, "A001", "2026-03-05")) }
        // and the cascade still works once foreign keys are back on
        try db.execute("delete from discharges where discharge_id = 7")
        #expect(try db.scalar("select count(*) from discharge_phones").int == 0)
    }

    @Test func aMigrationThatLeavesAnOrphanIsRolledBack() throws {
        let dir = TempDir()
        let db = try database(at: dir, migratedTo: 5)
        try db.execute(discharge(7, "A001", "2026-03-05"))
        // an orphan already there (written with foreign keys off): the check refuses to commit
        try db.execute("pragma foreign_keys = off")
        try db.execute("insert into discharge_phones (discharge_id, seq, number, kind, source) values (99, 1, '1', 'mobile', 'phone')")
        try db.execute("pragma foreign_keys = on")
        #expect(throws: DatabaseError.self) { try Migrations.apply(to: db) }
        #expect(try db.scalar("select count(*) from schema_migrations").int == 5)
        #expect(try db.scalar("select count(*) from sqlite_master where name = 'discharges_identity'").int == 0)
        #expect(try db.scalar("pragma foreign_keys").int == 1)
    }
}
