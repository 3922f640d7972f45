import FollowupCore
import Foundation

/// `followup-bench report DB [OUT]`: the report stage alone, on a database a run has loaded
/// (e.g. `bench/out/run-1m/followup.sqlite`), phase by phase: the model's reads on one
/// connection and on two (as `followup run` does), the workbook, the HTML page, and the CSV
/// files with the chart data. Prints wall and CPU seconds per phase, to see which phase bounds
/// the stage on two cores. Writes into OUT (default: a temporary folder), read-only otherwise.
func reportBench(_ args: [String]) throws {
    guard let path = args.first else {
        print("usage: followup-bench report DATABASE [OUT]")
        exit(2)
    }
    let out = args.count > 1 ? args[1] : NSTemporaryDirectory() + "followup-report-bench"
    try? FileManager.default.removeItem(atPath: out)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let db = try Database(path: path, cacheMegabytes: Pipeline.reportCacheMegabytes)
    let side = try Database(path: path, cacheMegabytes: Pipeline.reportCacheMegabytes)

    func phase<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
        let (result, t) = try timed(work)
        let label = name.padding(toLength: 26, withPad: " ", startingAt: 0)
        print(label + String(format: " %7.2f s wall %7.2f s CPU  RSS %4.0f MB, peak %4.0f MB", t.wall, t.cpu,
            rssMegabytes(), peakRSSMegabytes()))
        return result
    }

    _ = try phase("model, one connection") { try ReportModel.load(db: db) }
    let model = try phase("model, two connections") { try ReportModel.load(db: db, side: side) }
    let writer = phase("document (sections)") { ReportWriter(model: model) }
    try phase("workbook (report.xlsx)") { try writer.writeXLSX(to: out + "/report.xlsx") }
    try phase("page (report.html)") { try writer.writeHTML(to: out + "/report.html") }
    _ = try phase("CSV files and chart data") {
        try Pipeline.writeDataFiles(db, model: model, to: out)
    }
    // As `followup run` wrote them before stop 23, once the model was read: the workbook and
    // page on a second thread (its own malloc arena), the CSV files and chart data on this one.
    try phase("all files, two threads") {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        let thread = Thread {
            do { _ = try writer.write(to: out) } catch { failure = error }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        _ = try Pipeline.writeDataFiles(db, model: model, to: out)
        done.wait()
        if let failure { throw failure }
    }
    // As `followup run` does it: the workbook written while the model is read (before: the
    // phases "model, two connections", "document" and "all files, two threads" one after
    // the other).
    try phase("model and files, pipelined") {
        _ = try ReportWriter.write(db: db, side: side, configuration: Configuration(), to: out) { model in
            try Pipeline.writeDataFiles(db, model: model, to: out)
        }
    }
    print(String(format: "pending patients %d, peak RSS %.0f MB", model.pending.count, peakRSSMegabytes()))
}
