import Foundation
import Testing

@testable import FollowupCore

@Suite struct ParallelTests {
    struct Planted: Error, Equatable { var which: String }

    @Test func bothResultsComeBack() throws {
        let (a, b) = try Parallel.both({ (1...1000).reduce(0, +) }, { "second" })
        #expect(a == 500_500)
        #expect(b == "second")
    }

    /// The two tasks really overlap: each waits for the other to have started, which would
    /// deadlock (and time out) if they ran one after the other.
    @Test func theTasksRunAtTheSameTime() throws {
        let firstStarted = DispatchSemaphore(value: 0)
        let secondStarted = DispatchSemaphore(value: 0)
        let (a, b) = try Parallel.both(
            { () -> Bool in
                firstStarted.signal()
                return secondStarted.wait(timeout: .now() + 10) == .success
            },
            { () -> Bool in
                secondStarted.signal()
                return firstStarted.wait(timeout: .now() + 10) == .success
            })
        #expect(a && b)
    }

    @Test func errorsOfEitherTaskAreRethrownAfterBothFinish() throws {
        var secondFinished = false
        #expect(throws: Planted(which: "first")) {
            _ = try Parallel.both({ () throws -> Int in throw Planted(which: "first") }, { () -> Int in
                Thread.sleep(forTimeInterval: 0.05)
                secondFinished = true
                return 2
            })
        }
        #expect(secondFinished)
        #expect(throws: Planted(which: "second")) {
            _ = try Parallel.both({ 1 }, { () throws -> Int in throw Planted(which: "second") })
        }
    }

    @Test func forEachRunsEveryIndexOnceOnBothResources() throws {
        let lock = NSLock()
        var seen: [Int: String] = [:]
        let firstBusy = DispatchSemaphore(value: 0)
        try Parallel.forEach(50, on: ["a", "b"]) { resource, i in
            // "a" holds its first task until "b" has done one: both threads take work.
            if resource == "a" && i == 0 { _ = firstBusy.wait(timeout: .now() + 10) }
            lock.withLock { seen[i, default: ""] += resource }
            if resource == "b" { firstBusy.signal() }
        }
        #expect(seen.keys.sorted() == Array(0..<50))
        #expect(seen.values.allSatisfy { $0.count == 1 })
        #expect(Set(seen.values) == ["a", "b"])
        var alone: [Int] = []
        try Parallel.forEach(3, on: ["only"]) { _, i in alone.append(i) }
        #expect(alone == [0, 1, 2])
    }

    @Test func forEachStopsAfterAFailureAndRethrowsTheLowestFailedIndex() throws {
        let lock = NSLock()
        var ran: [Int] = []
        #expect(throws: Planted(which: "3")) {
            try Parallel.forEach(1000, on: [0, 1]) { _, i in
                lock.withLock { ran.append(i) }
                if i == 3 || i == 5 { throw Planted(which: "\(i)") }
            }
        }
        #expect(ran.count < 1000)
    }

    /// Every part of the model's reads hands over every field it reads: reading all parts again
    /// into the loaded model changes nothing (a field left out of a part's `take` would stay
    /// empty in the loaded model and be filled by the second read).
    @Test func everyPartOfTheModelHandsOverWhatItReads() throws {
        let dir = TempDir()
        let db = try PipelinedWorkbookTests.everyListDatabase(in: dir)
        let loaded = try ReportModel.load(db: db, side: try Database(path: db.path))
        let counts: [String: Int] = [
            "satisfactionItems": loaded.satisfactionItems.count, "themes": loaded.themes.count,
            "themeExamples": loaded.themeExamples.count, "agents": loaded.agents.count,
            "contactProblems": loaded.contactProblems.count, "files": loaded.files.count,
            "rejectedRows": loaded.rejectedRows.count, "unmatchedCalls": loaded.unmatchedCalls.count,
            "conflicts": loaded.conflicts.count, "unclassifiedWords": loaded.unclassifiedWords.count,
            "pending": loaded.pending.count, "agentOutcomes": loaded.agentOutcomes.count,
            "agentWorkload": loaded.agentWorkload.count, "fileQuality": loaded.fileQuality.count,
            "fieldCompleteness": loaded.fieldCompleteness.count, "agentQuality": loaded.agentQuality.count,
            "invalidNumbers": loaded.invalidNumbers.count,
        ]
        #expect(counts.filter { $0.value == 0 }.isEmpty, "\(counts.filter { $0.value == 0 }.keys.sorted())")
        var again = loaded
        for part in ReportModel.parts { try part.read(db, &again) }
        #expect(again == loaded)
    }

    /// The report read on two connections is the report read on one.
    @Test func reportModelIsTheSameOnTwoConnections() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let side = try Database(path: db.path)
        let one = try ReportModel.load(db: db)
        let two = try ReportModel.load(db: db, side: side)
        #expect(two == one)
        #expect(two.pending.map(\.inpatientNo) == one.pending.map(\.inpatientNo))
        #expect(!one.pending.isEmpty)
        #expect(two.agentOutcomes.map(\.agent) == one.agentOutcomes.map(\.agent))
        #expect(two.fileQuality.count == one.fileQuality.count && !one.fileQuality.isEmpty)
        #expect(two.invalidNumbers.count == one.invalidNumbers.count)
        #expect(two.satisfactionItems.count == one.satisfactionItems.count)
        #expect(ReportDocument(model: two, mask: ReportMask(enabled: true)).sections.map(\.tables.count)
            == ReportDocument(model: one, mask: ReportMask(enabled: true)).sections.map(\.tables.count))
    }
}
