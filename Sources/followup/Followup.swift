import ArgumentParser
import FollowupCore

@main
struct Followup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Discharge follow-up reporting for the hospital quality office (出院患者电话回访).",
        discussion: """
            Turns HIS discharge exports and call agents' spreadsheets into the monthly \
            follow-up report: an XLSX workbook, an HTML page, chart data and a manifest.
            """,
        version: FollowupVersion.string,
        subcommands: [Run.self, Validate.self, Inspect.self, Phones.self, Themes.self, Runs.self, ArchiveCommand.self, Verify.self]
    )
}
