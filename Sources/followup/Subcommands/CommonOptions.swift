import ArgumentParser
import FollowupCore
import Foundation

/// Options shared by the commands that read inputs.
struct InputOptions: ParsableArguments {
    @Option(help: "Folder of HIS exports and agent sheets, read recursively in name order.")
    var inputs: String = "Inputs"

    @Option(help: """
        Configuration file (JSON; comments allowed). Default: followup.config.json in the \
        inputs folder when there is one, else the built-in defaults.
        """)
    var config: String?

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    /// The configuration file in force: `--config`, or the one that travels with the inputs.
    var configPath: String? {
        if let config { return config }
        let beside = (inputs as NSString).appendingPathComponent(Configuration.defaultFileName)
        return FileManager.default.fileExists(atPath: beside) ? beside : nil
    }

    func configuration() throws -> Configuration {
        do {
            return try Configuration.load(path: configPath)
        } catch let e as ConfigError {
            throw ValidationError(e.description)
        }
    }

    var progress: StageProgress { StageProgress(enabled: !quiet) }
}

/// Parses `YYYY-MM-DD` for `--as-of`.
func parseDay(_ text: String) throws -> CivilDateTime {
    guard let d = DateParser.parse(text: text) else {
        throw ValidationError("invalid date `\(text)`: use YYYY-MM-DD")
    }
    return CivilDateTime(year: d.value.year, month: d.value.month, day: d.value.day)
}
