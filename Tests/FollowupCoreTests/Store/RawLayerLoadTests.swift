import Foundation
import Testing

@testable import FollowupCore

/// The pipelined read (files parsed and staged on a second thread while the caller's inserts)
/// leaves the database, the results, the warnings, the errors and the stage lines exactly as
/// the single-threaded read does.
@Suite struct RawLayerLoadTests {
    /// One load: the database afterwards (every table, rows in rowid order), the
    /// outcome and the stage lines printed.
    struct Load {
        var tables: [String: [[SQLValue]]]
        var result: Result<LoadResult, Error>
        var lines: [String]

        var error: String? {
            if case .failure(let e) = result { return "\(type(of: e)): \(e)" }
            return nil
        }
    }

    /// Lines recorded from any thread.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        var all: [String] { lock.withLock { lines } }
        func add(_ s: String) { lock.withLock { lines.append(s) } }
    }

    /// Every table but the migrations' (they hold the time they were applied).
    static func tables(_ db: Database) throws -> [String: [[SQLValue]]] {
        var out: [String: [[SQLValue]]] = [:]
        for t in try db.rows(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'schema_migrations'"
        ) {
            let name = t[0].string ?? ""
            out[name] = try db.rows("select * from \"\(name)\" order by rowid")
        }
        return out
    }

    /// Loads `files` into a fresh database (after `prepare`), reading with `opener`.
    static func load(
        _ files: [InputFile], surveyWith surveyOpener: @escaping TableOpener, readWith opener: TableOpener? = nil,
        configuration: Configuration = Configuration(), period: String = "2026-03",
        asOf: CivilDateTime = CivilDateTime(year: 2026, month: 4, day: 30), pipelined: Bool,
        prepare: (Database) throws -> Void = { _ in }, before: ((Load) -> Void)? = nil
    ) throws -> Load {
        let dir = TempDir()
        let db = try Database(path: dir.file("db.sqlite"))
        try Migrations.apply(to: db)
        try prepare(db)
        let surveyor = TableReader(configuration: configuration, opener: surveyOpener)
        let surveys = try files.map(surveyor.survey)
        let lines = Lines()
        var loader = Loader(
            db: db, configuration: configuration,
            reader: TableReader(configuration: configuration, opener: opener ?? surveyOpener),
            progress: StageProgress(recording: { lines.add($0) }), reuseUnchanged: false)
        loader.pipelinedRead = pipelined
        let result = Result {
            try loader.load(
                surveys, digests: Dictionary(uniqueKeysWithValues: files.map { ($0.path, "sha-" + $0.name) }),
                period: try Period(period), asOf: asOf, configHash: "test", startedAt: "2026-05-01 00:00:00")
        }
        return Load(tables: try tables(db), result: result, lines: lines.all)
    }

    static func expectSame(_ a: Load, _ b: Load, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a.tables.keys.sorted() == b.tables.keys.sorted(), sourceLocation: sourceLocation)
        for (name, rows) in a.tables {
            #expect(rows == b.tables[name], "table \(name)", sourceLocation: sourceLocation)
        }
        #expect(a.lines == b.lines, sourceLocation: sourceLocation)
        #expect(a.error == b.error, sourceLocation: sourceLocation)
        if case .success(let x) = a.result, case .success(let y) = b.result {
            #expect(x.files == y.files && x.diagnostics == y.diagnostics, sourceLocation: sourceLocation)
            #expect(x.runID == y.runID && x.monthsAdded == y.monthsAdded, sourceLocation: sourceLocation)
        }
    }

    /// Several files of a few thousand rows (several batches each): HIS rows with rejections,
    /// titles and totals, agent sheets with words to code, and a sheet without a table.
    static func generated() -> MemoryInputs {
        var inputs = MemoryInputs()
        func his(_ prefix: String, _ n: Int) -> [[String]] {
            var r = [["2026年3月出院病人一览表", "", "", "", "", ""], LoaderTests.hisHeader]
            for i in 0..<n {
                let day = 1 + i % 27
                r.append([
                    i % 97 == 5 ? "" : "\(prefix)\(i)", "患者\(i % 50)", ["心内科", "骨科", "普外科"][i % 3],
                    "2026-03-\(day < 10 ? "0" : "")\(day)", "2026-03-\(day + 1 < 10 ? "0" : "")\(day + 1)",
                    i % 5 == 0 ? "138 0013 \(8000 + i % 1000)" : i % 7 == 0 ? "0571-8\(1_000_000 + i)" : "",
                ])
            }
            r.append(["合计", "\(n)人", "", "", "", ""])
            return r
        }
        func calls(_ n: Int) -> [[String]] {
            var r = [["住院号", "姓名", "回访日期", "回访结果", "意见建议", "回访员"]]
            let results = ["已接通", "未接通", "空号", "接通，满意", "拒访", "关机"]
            let comments = ["", "护士态度很好", "收费太贵", "", "王医生很负责，表扬", "厕所不干净"]
            for i in 0..<n {
                r.append([
                    "A\(i % 3000)", "", "2026-04-\(1 + i % 28 < 10 ? "0" : "")\(1 + i % 28)", results[i % results.count],
                    comments[i % comments.count], i % 11 == 0 ? "" : "小王",
                ])
            }
            return r
        }
        inputs.add("a_his.csv", [("Sheet1", rows(his("A", 3000)))])
        inputs.add("b_calls.xlsx", [("回访", rows(calls(2500))), ("备注", rows([["说明"], ["本表由回访员填写"]]))])
        inputs.add("c_his.csv", [("Sheet1", rows(his("C", 1500)))])
        return inputs
    }

    @Test func theSampleInputsLoadTheSameOnTwoThreads() throws {
        let inputs = Fixtures.repository + "/Inputs"
        let config = try Configuration.load(path: inputs + "/followup.config.json")
        let files = try InputCatalog.list(root: inputs).0
        func load(pipelined: Bool) throws -> Load {
            try Self.load(
                files, surveyWith: defaultOpener, configuration: config, period: "2026-H1",
                asOf: CivilDateTime(year: 2026, month: 5, day: 15), pipelined: pipelined)
        }
        let one = try load(pipelined: false)
        let two = try load(pipelined: true)
        #expect(one.error == nil)
        #expect(one.tables["his_rows"]?.isEmpty == false && one.tables["call_rows"]?.isEmpty == false)
        // The HIS exports first, then the agents' files (their calls are matched as they are written).
        let his = files.filter { $0.name.hasPrefix("his/") }, agents = files.filter { !$0.name.hasPrefix("his/") }
        #expect(one.lines.filter { $0.hasPrefix("▸ read ") } == (his + agents).map { "▸ read \($0.name)\n" })
        try Self.expectSame(one, two)
    }

    @Test func generatedInputsLoadTheSameOnTwoThreads() throws {
        let inputs = Self.generated()
        let one = try Self.load(inputs.files, surveyWith: inputs.opener, pipelined: false)
        let two = try Self.load(inputs.files, surveyWith: inputs.opener, pipelined: true)
        #expect(one.error == nil)
        #expect(one.tables["his_rows"]?.count == 4500)
        #expect(one.tables["call_rows"]?.count == 2500)
        #expect(one.tables["input_sheets"]?.count == 4)
        if case .success(let r) = one.result {
            #expect(r.diagnostics.map(\.code) == ["ingest.sheet_without_table"])
        }
        #expect(one.lines == [
            "▸ read a_his.csv\n", "▸ read c_his.csv\n", "▸ resolve discharges\n", "▸ clean phone numbers\n",
            "▸ index stays\n", "▸ read b_calls.xlsx\n", "▸ resolve calls\n", "▸ compute metrics\n",
        ])
        try Self.expectSame(one, two)
    }

    /// A table whose reading fails part-way through, as a truncated file does.
    final class BreakingTable: TableSource {
        let inner: MemoryTable
        let rowsBeforeBreak: Int

        init(_ inner: MemoryTable, rowsBeforeBreak: Int) {
            self.inner = inner
            self.rowsBeforeBreak = rowsBeforeBreak
        }

        var sheets: [SheetInfo] { inner.sheets }

        func forEachRow(inSheet index: Int, _ body: (Int, [Cell]) throws -> Bool) throws {
            try inner.forEachRow(inSheet: index) { n, cells in
                if n > rowsBeforeBreak {
                    throw ReadError(file: "b_calls.xlsx", reason: .corrupt, detail: "truncated after row \(rowsBeforeBreak)")
                }
                return try body(n, cells)
            }
        }
    }

    /// A corrupt file among good ones, found after more than a batch of its rows were handed
    /// over: the same diagnostic comes back, nothing of the run stays in the database, and the
    /// stage lines stop at that file.
    @Test func aFileThatBreaksMidwayFailsTheSameAndLeavesNothing() throws {
        let inputs = Self.generated()
        let breaking: TableOpener = { file in
            let table = try inputs.opener(file)
            guard file.name == "b_calls.xlsx", let memory = table as? MemoryTable else { return table }
            return BreakingTable(memory, rowsBeforeBreak: 2200)
        }
        var empty: [String: [[SQLValue]]] = [:]
        let one = try Self.load(
            inputs.files, surveyWith: inputs.opener, readWith: breaking, pipelined: false,
            prepare: { empty = try Self.tables($0) })
        let two = try Self.load(inputs.files, surveyWith: inputs.opener, readWith: breaking, pipelined: true)
        guard case .failure(let error) = two.result else {
            Issue.record("the load did not fail")
            return
        }
        let diagnostic = try #require(error as? Diagnostic)
        #expect(diagnostic.file == "b_calls.xlsx" && diagnostic.sheet == "回访")
        #expect(diagnostic.message == "truncated after row 2200")
        #expect(two.lines == [
            "▸ read a_his.csv\n", "▸ read c_his.csv\n", "▸ resolve discharges\n", "▸ clean phone numbers\n",
            "▸ index stays\n", "▸ read b_calls.xlsx\n",
        ])
        #expect(two.tables == empty)
        try Self.expectSame(one, two)
    }

    /// Rows taken from a table, counted from the reading thread.
    final class CountingOpener: @unchecked Sendable {
        private let lock = NSLock()
        private var rowsTaken = 0
        private var opened: [String] = []
        let inputs: MemoryInputs

        init(_ inputs: MemoryInputs) { self.inputs = inputs }

        var rows: Int { lock.withLock { rowsTaken } }
        var files: [String] { lock.withLock { opened } }

        final class Counted: TableSource {
            let inner: TableSource
            let owner: CountingOpener
            init(_ inner: TableSource, _ owner: CountingOpener) {
                self.inner = inner
                self.owner = owner
            }
            var sheets: [SheetInfo] { inner.sheets }
            func forEachRow(inSheet index: Int, _ body: (Int, [Cell]) throws -> Bool) throws {
                try inner.forEachRow(inSheet: index) { n, cells in
                    owner.lock.withLock { owner.rowsTaken += 1 }
                    return try body(n, cells)
                }
            }
        }

        var opener: TableOpener {
            { file in
                self.lock.withLock { self.opened.append(file.name) }
                return Counted(try self.inputs.opener(file), self)
            }
        }
    }

    /// An insert that fails early in a long file (a trigger plays the database error): the
    /// database's error comes back, and the reading thread stopped a few batches later instead
    /// of reading on to the end of the inputs.
    @Test func aDatabaseErrorStopsTheReadingThread() throws {
        var inputs = MemoryInputs()
        var his = [LoaderTests.hisHeader]
        for i in 0..<20_000 { his.append(["P\(i)", "患者", "心内科", "2026-03-01", "2026-03-05", ""]) }
        inputs.add("a.csv", [("Sheet1", rows(his))])
        inputs.add("b.csv", LoaderTests.marchExport())
        let planted: (Database) throws -> Void = { db in
            try db.execute(
                """
                create temp trigger planted before insert on his_rows when new.inpatient_no = 'P10'
                begin select raise(abort, 'planted failure'); end
                """)
        }
        let counter = CountingOpener(inputs)
        var empty: [String: [[SQLValue]]] = [:]
        let two = try Self.load(
            inputs.files, surveyWith: inputs.opener, readWith: counter.opener, pipelined: true,
            prepare: { db in
                try planted(db)
                empty = try Self.tables(db)
            })
        let one = try Self.load(
            inputs.files, surveyWith: inputs.opener, readWith: inputs.opener, pipelined: false, prepare: planted)
        guard case .failure(let error) = two.result else {
            Issue.record("the load did not fail")
            return
        }
        #expect((error as? DatabaseError)?.message == "planted failure")
        #expect(two.tables == empty)
        #expect(two.lines == ["▸ read a.csv\n"])
        #expect(counter.files == ["a.csv"])
        // At most the queue, the batch being inserted and the one being filled past the row
        // that failed (header and row 11), then that batch is filled before its hand-over stops.
        #expect(counter.rows <= 12 + (RawLayerLoad.depth + 3) * RawLayerLoad.batchSize)
        try Self.expectSame(one, two)
    }
}
