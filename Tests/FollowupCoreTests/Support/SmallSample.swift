import Foundation
@testable import FollowupCore

/// The end-to-end sample (`e2e/small`) run for March 2026 as of 10 April, as the rerun,
/// archive and report tests run it: the database and the reports in a temporary folder.
enum SmallSample {
    static let inputs = Fixtures.path("e2e/small/Inputs")

    /// A copy of the sample inputs in `dir`, for tests that change or add a file.
    static func copyInputs(into dir: TempDir) throws -> String {
        let copy = dir.file("Inputs")
        try FileManager.default.copyItem(atPath: inputs, toPath: copy)
        return copy
    }

    static func options(
        _ dir: TempDir, inputs: String = SmallSample.inputs, asOfDay day: Int = 10, reuse: Bool = true,
        unmasked: Bool = false, out: String = "Reports"
    ) throws -> RunOptions {
        RunOptions(
            inputs: inputs, period: try Period("2026-03"), asOf: CivilDateTime(year: 2026, month: 4, day: day),
            databasePath: dir.file("db.sqlite"), outputRoot: dir.file(out),
            configuration: try Configuration.load(path: inputs + "/followup.config.json"), unmasked: unmasked,
            reuseUnchanged: reuse)
    }

    /// `followup run` with `options`: load, then reports.
    static func run(
        _ dir: TempDir, inputs: String = SmallSample.inputs, asOfDay day: Int = 10, reuse: Bool = true,
        unmasked: Bool = false, out: String = "Reports"
    ) throws -> Pipeline.Outcome {
        let options = try options(dir, inputs: inputs, asOfDay: day, reuse: reuse, unmasked: unmasked, out: out)
        return try Pipeline(options: options, opener: defaultOpener).run()
    }

    /// Every output file of a run, by its path in the manifest.
    static func contents(_ outcome: Pipeline.Outcome) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for o in outcome.manifest.outputs {
            out[o.path] = try Data(contentsOf: URL(fileURLWithPath: outcome.folder + "/" + o.path))
        }
        return out
    }
}
