import ArgumentParser
import FollowupCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")

    func run() throws {
        throw ValidationError("`followup validate` is not implemented yet")
    }
}
