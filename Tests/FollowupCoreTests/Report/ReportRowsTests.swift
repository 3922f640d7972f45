import Testing
@testable import FollowupCore

/// Rows made from the model when read (the long lists) behave as rows held in an array.
@Suite struct ReportRowsTests {
    let cells: [[ReportValue]] = (0..<5).map { [.int($0), .text("第\($0)行")] }

    @Test func madeRowsReadAsTheHeldOnes() {
        let cells = self.cells
        let made = ReportRows(count: cells.count) { cells[$0] }
        let held = ReportRows(cells)
        #expect(made.count == 5 && !made.isEmpty)
        #expect(Array(made) == cells)
        #expect(made == held)
        #expect(made[3] == [.int(3), .text("第3行")])
        #expect(Array(made.prefix(2)) == Array(cells.prefix(2)))
        #expect(ReportRows(count: 4) { cells[$0] } != held)
        #expect(ReportRows(count: 0) { _ in [] }.isEmpty)
    }

    @Test func aListIsCutToItsFirstRows() {
        let items = [3, 1, 4, 1, 5]
        #expect(Array(ReportRows(first: 3, of: items) { [.int($0)] }) == [[.int(3)], [.int(1)], [.int(4)]])
        #expect(ReportRows(first: 10, of: items) { [.int($0)] }.count == 5)
        #expect(ReportRows(first: 0, of: items) { [.int($0)] }.isEmpty)
    }

    @Test func appendingToMadeRowsKeepsThemAndAddsTheNewOne() {
        let cells = self.cells
        var rows = ReportRows(count: 2) { cells[$0] }
        rows.append([.text("合计")])
        #expect(Array(rows) == Array(cells.prefix(2)) + [[.text("合计")]])
    }

    @Test func aTableAssignedCellsHoldsThem() {
        var t = ReportTable(title: "t", columns: ["a", "b"], rows: [])
        t.cells = cells
        #expect(t.rows == ReportRows(cells))
        #expect(t.cells == cells)
    }
}
