import Foundation
import Testing

@testable import FollowupCore

/// A rerun on unchanged inputs reuses the previous load (issue 8); anything the load depends
/// on that changed makes the run load again.
@Suite(.serialized) struct LoadReuseTests {
    @Test func unchangedInputsReuseTheLoadAndGiveTheSameReports() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let first = try SmallSample.run(dir, inputs: inputs)
        #expect(first.load.reusedRunID == nil)
        let second = try SmallSample.run(dir, inputs: inputs)
        #expect(second.load.reusedRunID == first.load.runID)
        #expect(second.manifest.reusedRunID == first.load.runID && first.manifest.reusedRunID == nil)
        #expect(second.load.runID > first.load.runID)
        #expect(try SmallSample.contents(first) == SmallSample.contents(second))
        #expect(first.load.files == second.load.files)
        #expect(first.manifest.inputs.map(\.sha256) == second.manifest.inputs.map(\.sha256))

        let db = try Database(path: dir.file("db.sqlite"))
        let runID = SQLValue.integer(Int64(second.load.runID))
        #expect(try db.scalar("select reused_run_id from runs where run_id = ?", [runID]).int == first.load.runID)
        #expect(try db.scalar("select status from runs where run_id = ?", [runID]).string == "complete")
        // The reports read the load the database holds: the first run's (raw rows, data quality).
        #expect(try db.scalar("select run_id from report_params").int == first.load.runID)
        // The new run has its own accounting, sheets, conflicts and metrics, equal to the first's.
        for table in ["input_files", "conflicts", "run_metrics"] {
            let a = try db.scalar("select count(*) from \(table) where run_id = ?", [.integer(Int64(first.load.runID))])
            let b = try db.scalar("select count(*) from \(table) where run_id = ?", [runID])
            #expect(a == b, "\(table)")
        }
        #expect(
            try db.scalar(
                "select count(*) from input_sheets s join input_files f using (file_id) where f.run_id = ?", [runID]
            ).int ?? 0 > 0)
        #expect(try db.rows("select * from run_changes").isEmpty)

        // Reusing a reuse: the third run names the run that really loaded.
        let again = try SmallSample.run(dir, inputs: inputs)
        #expect(again.load.reusedRunID == first.load.runID)
        #expect(try SmallSample.contents(again) == SmallSample.contents(first))

        // A full reload on request gives the same reports again.
        let third = try SmallSample.run(dir, inputs: inputs, reuse: false)
        #expect(third.load.reusedRunID == nil)
        #expect(try SmallSample.contents(third) == SmallSample.contents(first))
    }

    @Test func aChangedFileOrOptionLoadsAgain() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let first = try SmallSample.run(dir, inputs: inputs)
        // Another as-of date: the same files, but the load is not the same.
        let other = try SmallSample.run(dir, inputs: inputs, asOfDay: 20)
        #expect(other.load.reusedRunID == nil)
        // Back to the first options: the latest run is now the other one, so no reuse either.
        let back = try SmallSample.run(dir, inputs: inputs)
        #expect(back.load.reusedRunID == nil)
        #expect(try SmallSample.contents(back) == SmallSample.contents(first))
        // One byte changed in one file (same name): loaded again.
        let csv = inputs + "/his/2026-02_出院名单.csv"
        var data = try Data(contentsOf: URL(fileURLWithPath: csv))
        data.append(contentsOf: Array("\n".utf8))
        try data.write(to: URL(fileURLWithPath: csv))
        let changed = try SmallSample.run(dir, inputs: inputs)
        #expect(changed.load.reusedRunID == nil)
        let again = try SmallSample.run(dir, inputs: inputs)
        #expect(again.load.reusedRunID == changed.load.runID)
    }
}
