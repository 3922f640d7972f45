import ArgumentParser
import Foundation
import FollowupCore

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Pack a period's runs (reports and manifests, optionally the inputs) into one zip.")

    @Option(help: "Period whose runs to pack (2026-03, 2026-Q1, …).")
    var period: String

    @Option(help: "Folder the reports were written under.")
    var reports: String = "Reports"

    @Option(help: "Also pack the input files named by the manifests, from this folder.")
    var inputs: String?

    @Option(help: "Zip file to write. Default: <reports>/<period>-archive.zip")
    var output: String?

    func validate() throws { _ = try Period(period) }

    func run() throws {
        let p = try Period(period)
        let out = output ?? (reports as NSString).appendingPathComponent("\(p.label)-archive.zip")
        do {
            let r = try Archive.pack(reportsRoot: reports, period: p, inputsRoot: inputs, to: out)
            print("wrote \(out): \(r.runs.count) run(s), \(r.files) report file(s), \(r.inputs) input file(s)")
            for m in r.inputsNotIncluded { print("  not included (missing or changed since the run): \(m)") }
        } catch let e as ArchiveError {
            throw CLIError(e.description)
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an archive's reports and inputs against the SHA-256 digests of its manifests.")

    @Argument(help: "The zip written by `followup archive`.")
    var archive: String

    func run() throws {
        let r: Archive.VerifyResult
        do {
            r = try Archive.verify(archive)
        } catch let e as ReadError {
            throw CLIError(e.description)
        }
        for p in r.problems { print("MISMATCH \(p)") }
        print("\(r.runs) run(s), \(r.filesChecked) report file(s) and \(r.inputsChecked) input file(s) checked: "
            + (r.problems.isEmpty ? "all match" : "\(r.problems.count) problem(s)"))
        if !r.problems.isEmpty { throw ExitCode(1) }
    }
}
