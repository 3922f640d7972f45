import ArgumentParser
import FollowupCore
import Foundation

/// `followup themes`: the complaint-theme coder on its own (SPEC §11), for checking the
/// dictionary against real comments without running the whole pipeline.
struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Code comments into complaint themes: one comment per line on stdin.",
        discussion: """
            Writes each comment, a TAB, and its theme codes joined by `;` (empty when none). \
            Theme codes: doctor_attitude, nurse_attitude, service_attitude, communication, cost, \
            outcome, nursing_skill, waiting, environment, facilities, privacy, guidance, praise.
            """
    )

    @Option(name: .long, help: "A JSON theme dictionary whose words are added to the default one.")
    var dictionary: String?

    func run() throws {
        var dict: ThemeDictionary
        do {
            dict = try ThemeDictionary.loadDefault()
            if let path = dictionary {
                dict = dict.merged(with: try ThemeDictionary.load(from: URL(fileURLWithPath: path)))
                try dict.validate()
            }
        } catch let e as VocabularyError {
            throw ThemesError(message: e.description)
        }
        let coder = ThemeCoder(dictionary: dict)
        var out = ""
        out.reserveCapacity(1 << 16)
        while let line = readLine(strippingNewline: true) {
            let comment = line.hasSuffix("\r") ? String(line.dropLast()) : line
            // A TAB inside the comment would shift the columns; show it as a space.
            out += comment.replacingOccurrences(of: "\t", with: " ")
            out += "\t"
            out += coder.code(comment).themes.joined(separator: ";")
            out += "\n"
            if out.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// A one-line failure (no usage text: the command line was fine, the dictionary was not).
struct ThemesError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
