import ArgumentParser
import FollowupCore

struct Phones: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")

    func run() throws {
        throw ValidationError("`followup phones` is not implemented yet")
    }
}
