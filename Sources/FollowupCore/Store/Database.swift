import CSQLite
import Foundation

/// An SQLite error with the result code, SQLite's message and the statement that failed,
/// so the cause is never lost on the way up (as GRDB's `DatabaseError` does).
public struct DatabaseError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " - while executing `\($0.prefix(300))`" } ?? "")
    }
}

/// A connection to the embedded SQLite database (system libsqlite3, raw C API).
///
/// A thin wrapper rather than GRDB: MEASURED.md shows the raw API binding at twice GRDB's
/// speed, and the tool needs only prepared statements, transactions and migrations.
public final class Database {
    let handle: OpaquePointer
    public let path: String

    /// `cacheMegabytes`: SQLite's page cache for this connection (see the pragma below).
    /// `writeAheadLog`: false to leave a database without one in SQLite's rollback-journal mode
    /// (`Pipeline` does for the first load into a new file; any later connection with the
    /// default puts it in WAL mode).
    public init(path: String, cacheMegabytes: Int = 32, writeAheadLog: Bool = true) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw DatabaseError(code: rc, message: "\(message) (\(path))", sql: nil)
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5_000)
        try execute("pragma foreign_keys = on")
        // 16 KB pages for a new database (an existing one keeps its own: the size is fixed once the
        // file is in WAL mode). The load and the models read and rewrite whole tables; with 4 KB
        // pages a 300 k run took 7–10 % more CPU (docs/performance-history.md). Must precede WAL mode.
        try execute("pragma page_size = 16384")
        if writeAheadLog { try execute("pragma journal_mode = wal") }
        try execute("pragma synchronous = normal")
        // A run is one large transaction over tables of a few hundred MB at a million rows:
        // with SQLite's default 2 MB page cache most page reads went back to the kernel
        // (pread was 10 % of a 100 k run). The size counts twice at the peak: each sort (index
        // builds, group by) also keeps up to the cache's size of rows in memory before it spills
        // to a temporary file. At 1 M rows 64 MB took the models to 292 MB RSS, 32 MB to 195 MB
        // at the same speed. A fixed cost, not one that grows with the input.
        // https://sqlite.org/pragma.html#pragma_cache_size
        try execute("pragma cache_size = -\(cacheMegabytes * 1024)")
        if Self.isProfiling { Self.profileStatements(db) }
    }

    /// Process-wide settings, made once before the first connection opens (SQLite takes them only
    /// before it initialises). Memory statistics off: SQLite otherwise takes a global mutex around
    /// every allocation and free to count them, for `sqlite3_status`, which the tool never reads.
    private static let configured: Void = { _ = followup_sqlite_disable_memstatus() }()

    deinit {
        sqlite3_close_v2(handle)
    }

    /// `FOLLOWUP_SQL_PROFILE=1`: every statement that runs 50 ms or longer is printed on
    /// stderr with its time, to find the SQL worth optimising (docs/performance.md).
    static func profileStatements(_ db: OpaquePointer) {
        sqlite3_trace_v2(
            db, UInt32(SQLITE_TRACE_PROFILE),
            { _, _, statement, elapsed in
                guard let statement, let elapsed else { return 0 }
                let ns = elapsed.load(as: Int64.self)
                if ns >= 50_000_000, let sql = sqlite3_sql(OpaquePointer(statement)) {
                    let text = String(cString: sql).split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(" ") }
                        .joined(separator: " ")
                    Database.profile(seconds: Double(ns) / 1e9, String(text.prefix(160)))
                }
                return 0
            }, nil)
    }

    /// `FOLLOWUP_SQL_PROFILE` is set (`profileStatements`).
    static let isProfiling = getenv("FOLLOWUP_SQL_PROFILE") != nil

    /// One line of the profile on stderr: a statement, or other database work, and its time.
    static func profile(seconds: Double, _ text: String) {
        fputs(String(format: "sql %8.3f s  %@\n", seconds, text), stderr)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? lastError
            sqlite3_free(err)
            throw DatabaseError(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs `body` in a transaction: it commits when `body` returns and rolls back, then
    /// rethrows the first error, when it throws. `immediate` takes the write lock up front so
    /// two runs never interleave.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "begin immediate" : "begin")
        do {
            let value = try body()
            try execute("commit")
            return value
        } catch {
            try? execute("rollback")
            throw error
        }
    }

    /// The first column of the first row, for counts and single values.
    public func scalar(_ sql: String, _ args: [SQLValue] = []) throws -> SQLValue {
        let st = try prepare(sql)
        try st.bind(args)
        return try st.step() ? st.value(0) : .null
    }

    /// Every row of a query as values, for small result sets (reports, tests).
    public func rows(_ sql: String, _ args: [SQLValue] = []) throws -> [[SQLValue]] {
        let st = try prepare(sql)
        try st.bind(args)
        var out: [[SQLValue]] = []
        while try st.step() { out.append((0..<st.columnCount).map(st.value)) }
        return out
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}

/// A value going into or coming out of SQLite.
public enum SQLValue: Equatable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var int: Int? {
        switch self {
        case .integer(let i): return Int(i)
        case .real(let d): return Int(d)
        case .text(let s): return Int(s)
        case .null: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }

    public var string: String? {
        switch self {
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .null: return nil
        }
    }

    public var description: String { string ?? "NULL" }
}

/// A prepared statement: prepare once, bind and step many times; finalized on deinit.
public final class Statement {
    let stmt: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws {
        var s: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
        guard rc == SQLITE_OK, let s else {
            throw DatabaseError(code: rc, message: database.lastError, sql: sql)
        }
        stmt = s
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(stmt)
    }

    public var columnCount: Int { Int(sqlite3_column_count(stmt)) }

    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(stmt, Int32(i))) }

    /// The declared type of a result column that is a table's column, as written in its table.
    public func columnDeclaredType(_ i: Int) -> String? { sqlite3_column_decltype(stmt, Int32(i)).map { String(cString: $0) } }

    /// Clears previous bindings and binds positional values (1-based in SQL, 0-based here).
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    public func bind(_ v: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch v {
        case .null: rc = sqlite3_bind_null(stmt, index)
        case .integer(let i): rc = sqlite3_bind_int64(stmt, index, i)
        case .real(let d): rc = sqlite3_bind_double(stmt, index, d)
        case .text(let s):
            // A native string's UTF-8 bytes, with their length: no C-string copy, no strlen.
            var text = s
            rc = text.withUTF8 { bindText($0, at: index) }
        }
        if rc != SQLITE_OK { throw DatabaseError(code: rc, message: database.lastError, sql: sql) }
    }

    /// UTF-8 bytes with their length, copied by SQLite (`SQLITE_TRANSIENT`) unless `inPlace`.
    private func bindText(_ b: UnsafeBufferPointer<UInt8>, at index: Int32, inPlace: Bool = false) -> Int32 {
        guard let base = b.baseAddress else { return sqlite3_bind_text(stmt, index, "", 0, followup_sqlite_transient()) }
        return base.withMemoryRebound(to: CChar.self, capacity: b.count) {
            sqlite3_bind_text(stmt, index, $0, Int32(b.count), inPlace ? nil : followup_sqlite_transient())
        }
    }

    /// Binds a packed row's values from parameter `index` on, straight from the batch: its texts
    /// in place (`SQLITE_STATIC`), so the caller clears the bindings before the row goes away.
    /// The insert copies them into its record anyway; a copy for the binding as well (a malloc,
    /// a memcpy and a free per text value, 25 per raw row) was pure overhead.
    private func bind(_ row: SQLRowBatch.Row, from index: Int32) throws {
        for i in 0..<row.count {
            let at = index + Int32(i)
            let rc: Int32
            switch row.kind(i) {
            case .null: rc = sqlite3_bind_null(stmt, at)
            case .integer: rc = sqlite3_bind_int64(stmt, at, row.number(i))
            case .real: rc = sqlite3_bind_double(stmt, at, Double(bitPattern: UInt64(bitPattern: row.number(i))))
            case .text: rc = bindText(row.text(i), at: at, inPlace: true)
            }
            if rc != SQLITE_OK { throw DatabaseError(code: rc, message: database.lastError, sql: sql) }
        }
    }

    /// Binds and runs a statement that returns no rows.
    public func run(_ values: [SQLValue]) throws {
        try bind(values)
        while try step() {}
    }

    /// Binds a packed row (`SQLRowBatch`) and runs a statement that returns no rows.
    public func run(_ row: SQLRowBatch.Row) throws { try run(first: nil, row) }

    /// Binds `first` as parameter 1 and a packed row after it, then runs: the loader's raw
    /// rows are built (on another thread) without the id only the database knows, their
    /// file's, which is added here.
    public func run(_ first: SQLValue, _ row: SQLRowBatch.Row) throws { try run(first: first, row) }

    /// `run(first, row)` with some of the row's values replaced: `replacing` maps a value's
    /// position in the row to the value bound instead (the store's decision on a call row).
    func run(_ first: SQLValue, _ row: SQLRowBatch.Row, replacing: [(Int, SQLValue)]) throws {
        try run(first: first, row, replacing: replacing)
    }

    private func run(first: SQLValue?, _ row: SQLRowBatch.Row, replacing: [(Int, SQLValue)] = []) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        // The row's texts are bound in place: no binding may outlive this call.
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        if let first { try bind(first, at: 1) }
        let from: Int32 = first == nil ? 1 : 2
        try bind(row, from: from)
        for (i, v) in replacing { try bind(v, at: from + Int32(i)) }
        while try step() {}
    }

    /// Steps once: `true` when a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw DatabaseError(code: rc, message: database.lastError, sql: sql)
    }

    /// Column `i` as text (`nil` for NULL), read with its length: no `SQLValue` in between.
    func text(_ i: Int) -> String? {
        let c = Int32(i)
        guard sqlite3_column_type(stmt, c) != SQLITE_NULL, let p = sqlite3_column_text(stmt, c) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, c))), as: UTF8.self)
    }

    /// Column `i` as an integer (`nil` for NULL).
    func integer(_ i: Int) -> Int64? {
        let c = Int32(i)
        return sqlite3_column_type(stmt, c) == SQLITE_NULL ? nil : sqlite3_column_int64(stmt, c)
    }

    public func value(_ i: Int) -> SQLValue {
        let c = Int32(i)
        switch sqlite3_column_type(stmt, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, c))
        case SQLITE_NULL: return .null
        default:
            guard let p = sqlite3_column_text(stmt, c) else { return .null }
            return .text(String(cString: p))
        }
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral s: String) { self = .text(s) }
    public init(integerLiteral i: Int) { self = .integer(Int64(i)) }
    public init(nilLiteral: ()) { self = .null }
    public init(_ s: String?) { self = s.map { .text($0) } ?? .null }
    public init(_ i: Int?) { self = i.map { .integer(Int64($0)) } ?? .null }
    public init(_ d: Double?) { self = d.map { .real($0) } ?? .null }
}
