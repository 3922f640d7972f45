import Testing

@testable import FollowupCore

@Suite struct SQLRowBatchTests {
    static let rows: [(UInt8, [SQLValue])] = [
        (1, [.integer(42), .text("张三"), .null, .real(36.6), .text("")]),
        (2, []),
        (3, [.text("138 0013 8000"), .integer(-1), .text("王医生很负责，表扬 👍"), .null]),
    ]

    static func batch() -> SQLRowBatch {
        var batch = SQLRowBatch()
        for (tag, values) in rows { batch.append(tag: tag, values) }
        return batch
    }

    @Test func rowsComeBackAsTheyWent() {
        let batch = Self.batch()
        #expect(batch.count == 3)
        var got: [(UInt8, [SQLValue])] = []
        batch.forEach { tag, row in got.append((tag, row.values)) }
        #expect(got.map(\.0) == Self.rows.map(\.0))
        #expect(got.map(\.1) == Self.rows.map(\.1))
    }

    /// Bound straight from the batch, the values land in SQLite as `[SQLValue]` binds them.
    @Test func packedRowsInsertAsValueArraysDo() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("b.sqlite"))
        try db.execute("create table a (id, v1, v2, v3, v4, v5); create table b (id, v1, v2, v3, v4, v5)")
        let a = try db.prepare("insert into a values (?, ?, ?, ?, ?, ?)")
        let b = try db.prepare("insert into b values (?, ?, ?, ?, ?, ?)")
        var n: Int64 = 0
        var batch = SQLRowBatch()
        for (_, values) in Self.rows where !values.isEmpty {
            let five = values + Array(repeating: SQLValue.null, count: 5 - values.count)
            n += 1
            try a.run([.integer(n)] + five)
            batch.append(tag: 0, five)
        }
        n = 0
        try batch.forEach { _, row in
            n += 1
            try b.run(.integer(n), row)
        }
        let typed = "select id, v1, typeof(v1), v2, typeof(v2), v3, typeof(v3), v4, typeof(v4), v5, typeof(v5) from"
        #expect(try db.rows("\(typed) a order by id") == db.rows("\(typed) b order by id"))
        #expect(try db.scalar("select count(*) from b").int == 2)
    }

    /// A packed row's texts are bound in place, not copied: once `run` returns the statement
    /// holds none of them (stepped again with no binding, it inserts NULLs, not the batch's bytes,
    /// which may be gone by then).
    @Test func noBindingOutlivesThePackedRow() throws {
        let dir = TempDir()
        let db = try Database(path: dir.file("b.sqlite"))
        try db.execute("create table t (id, v1, v2, v3, v4, v5)")
        let insert = try db.prepare("insert into t values (?, ?, ?, ?, ?, ?)")
        do {
            let batch = Self.batch()
            try batch.forEach { tag, row in if tag == 1 { try insert.run(.integer(1), row) } }
        }
        while try insert.step() {}
        #expect(try db.rows("select * from t order by rowid") == [
            [.integer(1), .integer(42), .text("张三"), .null, .real(36.6), .text("")],
            [.null, .null, .null, .null, .null, .null],
        ])
    }

    @Test func aBatchMadeLikeAnotherStartsEmpty() {
        let next = SQLRowBatch(capacityOf: Self.batch())
        #expect(next.count == 0)
        var rows = 0
        next.forEach { _, _ in rows += 1 }
        #expect(rows == 0)
    }
}
