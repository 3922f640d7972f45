import ArgumentParser
import FollowupCore

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")

    func run() throws {
        throw ValidationError("`followup themes` is not implemented yet")
    }
}
