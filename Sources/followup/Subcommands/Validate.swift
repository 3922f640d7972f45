import ArgumentParser
import FollowupCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dry run: show what each input file is recognised as, and its row accounting.",
        discussion: """
            Reads every input like `run` does (kind, header row, mapped and unmapped columns, rows \
            rejected and skipped) without touching the database. Exits non-zero when a file \
            cannot be used.
            """)

    @OptionGroup var input: InputOptions

    func run() throws {
        let config = try input.configuration()
        let survey = try Pipeline.survey(
            inputs: input.inputs, configuration: config, opener: defaultOpener, progress: input.progress)
        let validation = try Validation.run(survey, reader: TableReader(configuration: config, opener: defaultOpener))
        input.progress.done()
        print(validation.render(refused: survey.refused, ignored: survey.ignored), terminator: "")
        if !survey.refused.isEmpty { throw ExitCode(1) }
    }
}
