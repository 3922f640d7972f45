import Foundation
import Testing

/// The built `followup` binary, run as a user would: exit status, stdout and the one-line
/// reasons on stderr (argument-parser's example tests do the same).
@Suite(.serialized) struct CommandLineTests {
    static let binary: String? = {
        // The executable is built beside the test bundle (`swift build --build-tests`).
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
        let candidates = [bundle?.deletingLastPathComponent().appendingPathComponent("followup").path,
                          Fixtures.repository + "/.build/debug/followup"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], stdin: String? = nil) throws -> Result {
        let binary = try #require(Self.binary, "the followup executable is not built")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func everySubcommandHasHelp() throws {
        let top = try run(["--help"])
        #expect(top.status == 0)
        for sub in ["run", "validate", "inspect", "phones", "themes", "runs", "archive", "verify"] {
            #expect(top.stdout.contains(sub), "\(sub) missing from --help")
            let help = try run([sub, "--help"])
            #expect(help.status == 0 && help.stdout.contains("USAGE"), "\(sub) --help")
        }
    }

    @Test func phonesAndThemesFilters() throws {
        let phones = try run(["phones", "--area-code", "0571"], stdin: "138 0013 8000\n无\n88881234\n")
        #expect(phones.status == 0)
        #expect(phones.stdout == "138 0013 8000\t13800138000\t\n无\t\tplaceholder\n88881234\t0571-88881234\t\n")
        let themes = try run(["themes"], stdin: "医生态度很好，没什么意见\n费用太贵了\n")
        #expect(themes.stdout == "医生态度很好，没什么意见\tpraise\n费用太贵了\tcost\n")
    }

    @Test func badInputsStopTheRunWithOneLine() throws {
        let dir = TempDir()
        let inputs = dir.file("in")
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x01]).write(to: URL(fileURLWithPath: inputs + "/broken.xlsx"))
        let r = try run(["run", "--inputs", inputs, "--period", "2026-03", "--out", dir.file("out"), "--quiet"])
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains("broken.xlsx") && r.stderr.contains("read.corrupt"))
        // Stopped before touching the database: none was created.
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/followup.sqlite")))

        let period = try run(["run", "--inputs", inputs, "--period", "2026-13"])
        #expect(period.status != 0 && period.stderr.contains("invalid period"))
    }

    @Test func aRerunSaysItsReportsAreCopiesAndRunsListsTheFolders() throws {
        let dir = TempDir()
        let args = ["run", "--inputs", Fixtures.path("e2e/small/Inputs"), "--period", "2026-03", "--as-of", "2026-04-10",
                    "--out", dir.file("out"), "--quiet"]
        let first = try run(args)
        #expect(first.status == 0 && !first.stdout.contains("copies of run"))
        let second = try run(args)
        #expect(second.status == 0)
        #expect(second.stdout.contains("inputs unchanged since run 1"))
        #expect(second.stdout.contains("reports: copies of run 1's, checked against its manifest"))
        let runs = try run(["runs", "--db", dir.file("out/followup.sqlite")])
        let lines = runs.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(lines.count == 3 && lines[0].last == "reports")
        // Newest first: run 2 reused run 1's load; each names its own published folder.
        #expect(lines[1].first == "2" && lines[1][lines[1].count - 2] == "1")
        #expect(lines[2].first == "1" && lines[2][lines[2].count - 2] == "")
        let folders = lines.dropFirst().map { String($0.last ?? "") }
        #expect(Set(folders).count == 2)
        #expect(folders.allSatisfy { FileManager.default.fileExists(atPath: $0 + "/manifest.json") })
    }

    @Test func validateDescribesTheSample() throws {
        let r = try run(["validate", "--inputs", Fixtures.path("e2e/small/Inputs"), "--quiet"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("his/2026-03_出院名单.xlsx"))
        #expect(r.stdout.contains("mapped: "))
        #expect(r.stdout.contains("rows: read"))
    }
}
