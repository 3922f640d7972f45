import FollowupCore
import Foundation

/// `followup-bench ingest [DIR [csv|xlsx]]`: file to SQLite, the tool's way beside pandas' way.
///
/// The files are the readers benchmark's (a 1,000,000-row GB18030 CSV and a 200,000-row .xlsx,
/// generated into DIR when missing). The tool reads each through `openTable` and inserts every
/// row as text cells into one table with a prepared statement inside one transaction, the way
/// the loader writes its raw layer (`toolIngest`): once on one thread, once reading on a second
/// thread while the first inserts. `bench/ingest_pandas.py` then does the same with
/// `pandas.read_csv` + `DataFrame.to_sql` and openpyxl read-only + `executemany`, in its own
/// process, and the ratios are printed. Peak RSS is per process (the tool's reset per file).
func ingestBench(_ args: [String]) throws {
    let (csv, xlsx) = try benchFiles(args.first)
    let dir = (csv as NSString).deletingLastPathComponent

    let only = args.count > 1 ? args[1] : ""  // csv or xlsx: that file only, without pandas
    var ours: [String: [(how: String, rows: Int, secs: Double, rss: Double)]] = [:]
    for path in [csv, xlsx] where only.isEmpty || path.hasSuffix("." + only) {
        for pipelined in [false, true] {
            let how = pipelined ? "2 threads" : "1 thread"
            let dbPath = dir + "/ingest-tool.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
            resetPeakRSS()
            let cpuStart = cpuSeconds()
            let sysStart = systemCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            let rows = try toolIngest(path, into: try Database(path: dbPath), pipelined: pipelined)
            let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = cpuSeconds() - cpuStart
            let sys = systemCPUSeconds() - sysStart
            let rss = peakRSSMegabytes()
            ours[(path as NSString).pathExtension, default: []].append((how, rows, secs, rss))
            print(
                String(
                    format: "tool   %@ (%@): %d rows into SQLite in %.2f s (CPU %.2f s, of which sys %.2f s): %.0f rows/s, peak RSS %.0f MB",
                    (path as NSString).lastPathComponent, how, rows, secs, cpu, sys, Double(rows) / secs, rss))
        }
    }

    guard only.isEmpty else { return }
    // pandas on the same files, in its own process (bench/ingest_pandas.py prints one JSON line per file).
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("bench/ingest_pandas.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script, csv, xlsx, dir + "/ingest-pandas.sqlite"]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        print("pandas baseline failed (exit \(p.terminationStatus)); pip install pandas openpyxl")
        return
    }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let ext = obj["ext"] as? String, let rows = obj["rows"] as? Int, let secs = obj["seconds"] as? Double,
            let rss = obj["peak_rss_mb"] as? Double, let how = obj["how"] as? String
        else { continue }
        print(
            String(
                format: "pandas %@ (%@): %d rows in %.2f s: %.0f rows/s, peak RSS %.0f MB", ext, how, rows, secs,
                Double(rows) / secs, rss))
        for mine in ours[ext] ?? [] {
            print(
                String(
                    format: "ratio  %@ (%@): tool %.1f× faster than pandas, %.1f× less memory%@", ext, mine.how,
                    secs / mine.secs, rss / mine.rss,
                    mine.rows == rows ? "" : " (row counts differ: \(mine.rows) vs \(rows))"))
        }
    }
}

/// One file into one table of text columns, inside one transaction; returns the rows written.
/// The way the loader reads its inputs (`RawLayerLoad`): each row's values are built and
/// packed into batches of 1,024 (`SQLRowBatch`) as the file is read, and inserted from there;
/// on 2 threads the reading and packing happen on a second thread and the batches are handed
/// over through a queue of 4 (`Handoff`), on 1 thread each batch is inserted when full.
func toolIngest(_ path: String, into db: Database, pipelined: Bool) throws -> Int {
    /// The first row is the header: it sets the width; the others are rows to insert.
    enum Item {
        case header(Int)
        case rows(SQLRowBatch)
    }
    var rows = 0
    var insert: Statement?
    func consume(_ item: Item) throws {
        switch item {
        case .header(let width):
            let cols = (1...width).map { "c\($0) text" }.joined(separator: ", ")
            try db.execute("create table raw (row_no integer, \(cols))")
            insert = try db.prepare("insert into raw values (?" + String(repeating: ", ?", count: width) + ")")
        case .rows(let batch):
            try batch.forEach { _, row in try insert?.run(row) }
        }
    }
    func produce(_ send: (Item) throws -> Void) throws {
        let table = try openTable(path: path, options: ReadOptions())
        var width = 0
        var produced = 0
        var batch = SQLRowBatch()
        var values: [SQLValue] = []
        for i in table.sheets.indices {
            try table.forEachRow(inSheet: i) { _, row in
                if width == 0 {
                    width = row.count
                    try send(.header(width))
                    return true
                }
                produced += 1
                values.removeAll(keepingCapacity: true)
                values.append(.integer(Int64(produced)))
                for c in 0..<width {
                    let cell = c < row.count ? row[c] : .empty
                    if case .empty = cell { values.append(.null) } else { values.append(.text(cell.text)) }
                }
                batch.append(tag: 0, values)
                if batch.count == 1024 {
                    let full = batch
                    batch = SQLRowBatch(capacityOf: full)
                    try send(.rows(full))
                }
                return true
            }
        }
        if batch.count > 0 { try send(.rows(batch)) }
        rows = produced
    }
    try db.transaction {
        if pipelined {
            try Handoff.run(produce: { sender in try produce(sender.send) }, consume: consume)
        } else {
            try produce(consume)
        }
    }
    return rows
}
