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

    /// The report read on two connections is the report read on one.
    @Test func reportModelIsTheSameOnTwoConnections() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let side = try Database(path: db.path)
        let one = try ReportModel.load(db: db)
        let two = try ReportModel.load(db: db, side: side)
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
