import ArgumentParser
import FollowupCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")

    func run() throws {
        throw ValidationError("`followup run` is not implemented yet")
    }
}
