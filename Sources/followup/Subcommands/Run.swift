import ArgumentParser
import Foundation
import FollowupCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest the inputs, load the database and write the period's reports.",
        discussion: """
            Every file under --inputs is read (CSV in UTF-8 or GB18030, .xlsx, .xls); a file is a \
            HIS export or an agent sheet by its columns. The period's months are replaced in the \
            database in one transaction; months the database does not hold yet are added; other \
            months stay untouched. A bad file stops the run before the database is touched, \
            unless --skip-bad-files is given.
            """)

    @OptionGroup var input: InputOptions

    @Option(help: "Report period: a month (2026-03), quarter (2026-Q1), half year (2026-H1) or year (2026).")
    var period: String

    @Option(name: .customLong("as-of"), help: "Count calls recorded up to this date (YYYY-MM-DD). Default: today.")
    var asOf: String?

    @Option(help: "SQLite database file. Default: followup.sqlite in the --out folder.")
    var db: String?

    @Option(help: "Folder the reports are written under (Reports/<period>/...).")
    var out: String = "Reports"

    @Flag(help: "Skip input files that cannot be read instead of stopping the run.")
    var skipBadFiles = false

    @Flag(help: "Write full names and phone numbers in the lists (internal use only).")
    var unmasked = false

    @Flag(help: "Load the inputs again even when the database's latest run loaded the same files.")
    var reload = false

    func validate() throws {
        _ = try Period(period)
        if let asOf { _ = try parseDay(asOf) }
    }

    func run() throws {
        let options = RunOptions(
            inputs: input.inputs, period: try Period(period), asOf: try asOf.map(parseDay) ?? Pipeline.today(),
            databasePath: db ?? (out as NSString).appendingPathComponent("followup.sqlite"), outputRoot: out,
            configuration: try input.configuration(), skipBadFiles: skipBadFiles, unmasked: unmasked,
            reuseUnchanged: !reload)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let pipeline = Pipeline(options: options, opener: defaultOpener, progress: input.progress)
        do {
            let outcome = try pipeline.run()
            let result = outcome.load
            input.progress.done()
            for d in result.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
            print("run \(result.runID): period \(options.period), as of \(options.asOf.dateString)")
            if let reused = result.reusedRunID { print("inputs unchanged since run \(reused): its load was reused") }
            print("months replaced: \(result.monthsReplaced.joined(separator: ", ")); added: \(result.monthsAdded.joined(separator: ", "))")
            for f in result.files {
                print("  \(f.name): read \(f.rowsRead) = loaded \(f.loaded) + duplicate \(f.duplicate) + rejected \(f.rejected) + skipped \(f.skipped)")
            }
            if let copied = outcome.manifest.reportsCopiedFromRunID {
                print("reports: copies of run \(copied)'s, checked against its manifest")
            }
            print("reports: \(outcome.folder)")
        } catch let e as PipelineError {
            input.progress.done()
            throw CLIError(e.description)
        }
    }
}

/// A failure reported as one line on stderr with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
