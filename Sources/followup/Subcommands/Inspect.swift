import ArgumentParser
import FollowupCore

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")

    func run() throws {
        throw ValidationError("`followup inspect` is not implemented yet")
    }
}
