import Foundation
import Testing

/// Crash safety, end to end: `scripts/kill_test.py` starts `followup run` on the sample inputs
/// and SIGKILLs it at random moments; after each round the database must be exactly as before
/// the run or as after it (never half-written) and every visible run folder must verify.
/// Runs the debug binary that `swift build --build-tests` leaves next to the tests.
struct KillTests {
    @Test func killedRunsLeaveTheDatabaseBeforeOrAfter() throws {
        let binary = Fixtures.repository + "/.build/debug/followup"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the CLI first: swift build --build-tests")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Fixtures.repository + "/scripts/kill_test.py", "--binary", binary, "--rounds", "8", "--seed", "3"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("database always before or after"), "\(text)")
        // At least one round must really have been killed mid-run, or nothing was tested.
        let killed = text.components(separatedBy: " killed mid-run").first
            .flatMap { $0.split(separator: "(").last }.flatMap { Int($0) } ?? 0
        #expect(killed > 0, "\(text)")
    }
}
