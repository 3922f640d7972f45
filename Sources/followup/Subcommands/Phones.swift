import ArgumentParser
import FollowupCore
import Foundation

/// SPEC §11 filter: the phone-cleaning rules on their own, for the HIS team and for tests.
struct Phones: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean phone cells: one raw cell per line on stdin, one TSV line per cell on stdout.",
        discussion: """
            Output columns: the input (tabs inside it become spaces), the canonical valid numbers \
            joined by ';' (an extension is written after 转: 010-62345678转801), and, when the \
            cell has no valid number, the reason code (placeholder, wrong_length, bad_prefix, \
            repeated_digit, sequence, mobile_zeros, lost_digits, no_area_code, …). \
            See docs/phones.md for the rules.
            """)

    @Option(name: .customLong("area-code"), help: "The hospital's area code, which completes local numbers (e.g. 010, 0755).")
    var areaCode: String?

    func validate() throws {
        do {
            try PhoneRules(hospitalAreaCode: areaCode).validate()
        } catch let error as PhoneRulesError {
            throw ValidationError("\(error.description)")
        }
    }

    func run() throws {
        let cleaner = PhoneCleaner(rules: PhoneRules(hospitalAreaCode: areaCode))
        var out = ""
        out.reserveCapacity(1 << 16)
        while let line = readLine(strippingNewline: true) {
            let parse = cleaner.parse(line)
            out += line.contains("\t") ? line.replacingOccurrences(of: "\t", with: " ") : line
            out += "\t"
            out += parse.valid.map(\.text).joined(separator: ";")
            out += "\t"
            out += parse.reason?.rawValue ?? ""
            out += "\n"
            if out.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
