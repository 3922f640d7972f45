import FollowupCore
import Foundation

/// `followup-bench ingest [DIR [csv|xlsx]]`: file to SQLite, the tool's way beside pandas' way.
///
/// The files are the readers benchmark's (a 1,000,000-row GB18030 CSV and a 200,000-row .xlsx,
/// generated into DIR when missing). The tool reads each through `openTable` and inserts every
/// row as text cells into one table with a prepared statement inside one transaction, the way
/// the loader writes its raw layer. `bench/ingest_pandas.py` then does the same with
/// `pandas.read_csv` + `DataFrame.to_sql` and openpyxl read-only + `executemany`, in its own
/// process, and the ratios are printed. Peak RSS is per process (the tool's reset per file).
func ingestBench(_ args: [String]) throws {
    let (csv, xlsx) = try benchFiles(args.first)
    let dir = (csv as NSString).deletingLastPathComponent

    let only = args.count > 1 ? args[1] : ""  // csv or xlsx: that file only, without pandas
    var ours: [String: (rows: Int, secs: Double, rss: Double)] = [:]
    for path in [csv, xlsx] where only.isEmpty || path.hasSuffix("." + only) {
        let dbPath = dir + "/ingest-tool.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
        resetPeakRSS()
        let cpuStart = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let db = try Database(path: dbPath)
        let table = try openTable(path: path, options: ReadOptions())
        var rows = 0
        var width = 0
        var insert: Statement?
        var values: [SQLValue] = []
        try db.transaction {
            for i in table.sheets.indices {
                try table.forEachRow(inSheet: i) { _, row in
                    if insert == nil {
                        // The first row is the header: one text column per header cell.
                        width = row.count
                        let cols = (1...width).map { "c\($0) text" }.joined(separator: ", ")
                        try db.execute("create table raw (row_no integer, \(cols))")
                        insert = try db.prepare(
                            "insert into raw values (?" + String(repeating: ", ?", count: width) + ")")
                        return true
                    }
                    rows += 1
                    values.removeAll(keepingCapacity: true)
                    values.append(.integer(Int64(rows)))
                    for c in 0..<width {
                        let cell = c < row.count ? row[c] : .empty
                        if case .empty = cell { values.append(.null) } else { values.append(.text(cell.text)) }
                    }
                    try insert?.run(values)
                    return true
                }
            }
        }
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = cpuSeconds() - cpuStart
        let rss = peakRSSMegabytes()
        ours[(path as NSString).pathExtension] = (rows, secs, rss)
        print(
            String(
                format: "tool   %@: %d rows into SQLite in %.2f s (CPU %.2f s): %.0f rows/s, peak RSS %.0f MB",
                (path as NSString).lastPathComponent, rows, secs, cpu, Double(rows) / secs, rss))
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
        if let mine = ours[ext] {
            print(
                String(
                    format: "ratio  %@: tool %.1f× faster than pandas, %.1f× less memory%@", ext, secs / mine.secs,
                    rss / mine.rss, mine.rows == rows ? "" : " (row counts differ: \(mine.rows) vs \(rows))"))
        }
    }
}
