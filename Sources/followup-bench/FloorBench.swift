import FollowupCore
import Foundation

/// `followup-bench floor DATABASE`: the least a run's SQL can cost on one connection, measured
/// on the database a run left (e.g. `bench/out/run-1m/followup.sqlite`).
///
/// Every layer a run writes (raw rows, staged rows, materialised models) is a table; writing
/// each once is work no query plan can avoid, whatever the SQL that fills it. So each table of
/// 10,000 rows or more is copied as it is (`create table … as select *`: no expressions, joins,
/// sorts or constraints) and each of its indexes built once on the copy, with the load's page
/// cache, inside one transaction that is rolled back: the database is left as it was. The sum is
/// a floor for the run's single-connection stages (resolve, clean, match, models), to compare
/// with their measured times (docs/performance.md). Indexes SQLite makes for a table's own
/// constraints (`sqlite_autoindex_…`) are not rebuilt: the floor leaves them out.
func floorBench(_ args: [String]) throws {
    guard let path = args.first else {
        print("usage: followup-bench floor DATABASE")
        exit(2)
    }
    let db = try Database(path: path)
    let tables = try db.rows(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
    ).compactMap(\.first?.string)
    var sizes: [String: (rows: Int, megabytes: Double)] = [:]
    for table in tables {
        let rows = try db.scalar("select count(*) from \"\(table)\"").int ?? 0
        let bytes = try db.scalar("select coalesce(sum(pgsize), 0) from dbstat where name = ?", [.text(table)]).int ?? 0
        sizes[table] = (rows, Double(bytes) / 1_048_576)
    }
    let large = tables.filter { (sizes[$0]?.rows ?? 0) >= 10_000 }.sorted { sizes[$0]!.megabytes > sizes[$1]!.megabytes }

    func run(_ sql: String) throws -> Timing { try timed { try db.execute(sql) }.timing }
    func line(_ what: String, _ rows: String, _ mb: String, _ t: Timing) {
        print(
            what.padding(toLength: 44, withPad: " ", startingAt: 0) + rows.leftPadded(10) + mb.leftPadded(8)
                + String(format: " %7.2f s wall %7.2f s CPU", t.wall, t.cpu))
    }

    print("what".padding(toLength: 44, withPad: " ", startingAt: 0) + "rows".leftPadded(10) + "MB".leftPadded(8))
    var copies = Timing()
    var indexes = Timing()
    try db.execute("begin immediate")
    defer { try? db.execute("rollback") }
    for (n, table) in large.enumerated() {
        let copy = "floor_copy_\(n)"
        let t = try run("create table \(copy) as select * from \"\(table)\"")
        copies = copies + t
        let size = sizes[table]!
        line("copy \(table)", "\(size.rows)", String(format: "%.0f", size.megabytes), t)
        let definitions = try db.rows(
            "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null order by name",
            [.text(table)])
        for (k, definition) in definitions.enumerated() {
            guard let name = definition[0].string, let sql = definition[1].string,
                let columns = sql.firstIndex(of: "(")
            else { continue }
            // `create [unique] index NAME on TABLE (COLUMNS) [where …]`: the same columns and
            // condition on the copy.
            let t = try run("create index floor_index_\(n)_\(k) on \(copy) " + sql[columns...])
            indexes = indexes + t
            line("  index \(name)", "", "", t)
        }
    }
    line("all copies", "", "", copies)
    line("all indexes", "", "", indexes)
    line("floor (copies + indexes)", "", "", copies + indexes)
    print("(rolled back: \(path) is unchanged)")
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
