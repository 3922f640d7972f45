import FollowupCore
import Foundation
import Glibc

/// `followup-bench xls [FILE]`: reads a large .xls (default: a 200,000-row, 15-column xlwt
/// workbook over four sheets, written by `scripts/make_xls_fixtures.py --bench` when missing)
/// through `openTable`, and prints rows/s, MB/s and peak RSS of the read (opening included).
func xlsBench(_ args: [String]) throws {
    let path = args.first ?? NSTemporaryDirectory() + "followup-xls-bench/discharges_200k.xls"
    if !FileManager.default.fileExists(atPath: path) {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        print("writing \(path) with xlwt (about a minute)...")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "scripts/make_xls_fixtures.py", "--bench", path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            print("could not write the benchmark file; run from the package folder with xlwt installed")
            exit(1)
        }
    }
    for run in 1...3 {
        resetPeakRSS()
        let start = DispatchTime.now().uptimeNanoseconds
        let table = try openTable(path: path)
        let opened = DispatchTime.now().uptimeNanoseconds
        let (rows, cells, dates) = try readEveryCell(table)
        let end = DispatchTime.now().uptimeNanoseconds
        let secs = Double(end - start) / 1e9
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        print(
            String(
                format: "run %d, %@: %d sheets, %d rows, %d cells (%d dates), %.1f MB in %.2f s (open %.2f s): %.0f rows/s, %.1f MB/s, peak RSS %.0f MB",
                run, (path as NSString).lastPathComponent, table.sheets.count, rows, cells, dates, size / 1e6, secs,
                Double(opened - start) / 1e9, Double(rows) / secs, size / 1e6 / secs, peakRSSMegabytes()))
    }
}
