import Foundation
import Testing

@testable import FollowupCore

/// A rerun on unchanged inputs reuses the previous load (issue 8); anything the load depends
/// on that changed makes the run load again.
@Suite(.serialized) struct LoadReuseTests {
    func run(
        _ dir: TempDir, inputs: String, asOf day: Int = 10, reuse: Bool = true
    ) throws -> Pipeline.Outcome {
        let options = RunOptions(
            inputs: inputs, period: try Period("2026-03"), asOf: CivilDateTime(year: 2026, month: 4, day: day),
            databasePath: dir.file("db.sqlite"), outputRoot: dir.file("Reports"),
            configuration: try Configuration.load(path: inputs + "/followup.config.json"), reuseUnchanged: reuse)
        return try Pipeline(options: options, opener: defaultOpener).run()
    }

    func copyInputs(_ dir: TempDir) throws -> String {
        let inputs = dir.file("Inputs")
        try FileManager.default.copyItem(atPath: Fixtures.path("e2e/small/Inputs"), toPath: inputs)
        return inputs
    }

    func contents(_ outcome: Pipeline.Outcome) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for o in outcome.manifest.outputs {
            out[o.path] = try Data(contentsOf: URL(fileURLWithPath: outcome.folder + "/" + o.path))
        }
        return out
    }

    @Test func unchangedInputsReuseTheLoadAndGiveTheSameReports() throws {
        let dir = TempDir()
        let inputs = try copyInputs(dir)
        let first = try run(dir, inputs: inputs)
        #expect(first.load.reusedRunID == nil)
        let second = try run(dir, inputs: inputs)
        #expect(second.load.reusedRunID == first.load.runID)
        #expect(second.manifest.reusedRunID == first.load.runID && first.manifest.reusedRunID == nil)
        #expect(second.load.runID > first.load.runID)
        #expect(try contents(first) == contents(second))
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
        let again = try run(dir, inputs: inputs)
        #expect(again.load.reusedRunID == first.load.runID)
        #expect(try contents(again) == contents(first))

        // A full reload on request gives the same reports again.
        let third = try run(dir, inputs: inputs, reuse: false)
        #expect(third.load.reusedRunID == nil)
        #expect(try contents(third) == contents(first))
    }

    @Test func aChangedFileOrOptionLoadsAgain() throws {
        let dir = TempDir()
        let inputs = try copyInputs(dir)
        let first = try run(dir, inputs: inputs)
        // Another as-of date: the same files, but the load is not the same.
        let other = try run(dir, inputs: inputs, asOf: 20)
        #expect(other.load.reusedRunID == nil)
        // Back to the first options: the latest run is now the other one, so no reuse either.
        let back = try run(dir, inputs: inputs)
        #expect(back.load.reusedRunID == nil)
        #expect(try contents(back) == contents(first))
        // One byte changed in one file (same name): loaded again.
        let csv = inputs + "/his/2026-02_出院名单.csv"
        var data = try Data(contentsOf: URL(fileURLWithPath: csv))
        data.append(contentsOf: Array("\n".utf8))
        try data.write(to: URL(fileURLWithPath: csv))
        let changed = try run(dir, inputs: inputs)
        #expect(changed.load.reusedRunID == nil)
        let again = try run(dir, inputs: inputs)
        #expect(again.load.reusedRunID == changed.load.runID)
    }
}
