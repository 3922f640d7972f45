import Testing
@testable import FollowupCore

@Suite struct BulkIndexesTests {
    func schema(_ db: Database) throws -> [String] {
        try db.rows("select name || ': ' || coalesce(sql, '(constraint)') from sqlite_master where type = 'index' order by name")
            .map { $0[0].string ?? "" }
    }

    @Test func setsAsideAndRebuildsTheDeclaredIndexesOfABulkLoad() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("b.sqlite"))
        try db.execute(
            """
            create table t (a integer, b text, unique (a, b));
            create index t_b on t (b);
            create index "t b desc" on t (b desc, a);
            """)
        let before = try schema(db)
        let bulk = try BulkIndexes(table: "t", incoming: 10, db: db)
        #expect(bulk.statements.count == 2)
        // only the unique constraint's own index stays while the rows go in
        #expect(try schema(db) == ["sqlite_autoindex_t_1: (constraint)"])
        try db.execute("insert into t values (1, 'x'), (2, 'y')")
        try bulk.restore()
        #expect(try schema(db) == before)
        #expect(try db.scalar("select count(*) from t indexed by t_b where b = 'y'").int == 1)
    }

    @Test func setsAsideOnlyTheNamedIndexesWhenAskedTo() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("b.sqlite"))
        try db.execute(
            """
            create table t (a integer, b text);
            create unique index t_identity on t (a, b);
            create index t_b on t (b);
            """)
        let before = try schema(db)
        let bulk = try BulkIndexes(table: "t", incoming: 10, only: ["t_identity"], db: db)
        #expect(try schema(db) == ["t_b: CREATE INDEX t_b on t (b)"])
        try db.execute("insert into t values (1, 'x'), (1, 'x')")
        // a unique index built again over rows that break it fails, as the insert would have
        #expect(throws: DatabaseError.self) { try bulk.restore() }
        try db.execute("delete from t where rowid = 2")
        try bulk.restore()
        #expect(try schema(db) == before)
    }

    @Test func keepsTheIndexesWhenTheTableHoldsMoreThanTheLoadBrings() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("b.sqlite"))
        try db.execute(
            """
            create table t (a integer, b text);
            create index t_b on t (b);
            insert into t values (1, 'x'), (2, 'y'), (3, 'z');
            """)
        let before = try schema(db)
        let bulk = try BulkIndexes(table: "t", incoming: 2, db: db)
        #expect(bulk.statements.isEmpty)
        #expect(try schema(db) == before)
    }

    @Test func aLoadLeavesThePhoneNumberIndexInPlace() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("l.sqlite"))
        try Migrations.apply(to: db)
        let before = try schema(db)
        var inputs = MemoryInputs()
        inputs.add("a.csv", LoaderTests.marchExport())
        _ = try LoaderTests().load(inputs, db: db)
        #expect(try schema(db).filter { $0.hasPrefix("discharge_phones") } == before.filter { $0.hasPrefix("discharge_phones") })
        // the discharges' identity index is set aside for the first load and built again
        #expect(try schema(db).filter { $0.hasPrefix("discharges") } == before.filter { $0.hasPrefix("discharges") })
        #expect(try db.scalar("select count(*) from discharges indexed by discharges_identity where inpatient_no > ''").int == 2)
        #expect(try db.scalar("select count(*) from discharge_phones indexed by discharge_phones_number").int == 2)
    }
}
