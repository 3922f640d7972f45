import Testing

@testable import FollowupCore

/// Cells by field, through the columns each sheet resolves once (`FieldColumns`).
@Suite struct MappedRowTests {
    @Test func eachFieldsSlotIsItsPlaceInAllCases() {
        #expect(HISField.allCases.enumerated().allSatisfy { $0.offset == $0.element.slot })
        #expect(AgentField.allCases.enumerated().allSatisfy { $0.offset == $0.element.slot })
    }

    @Test func fieldsReadTheCellsTheirNamesRead() throws {
        let layout = try #require(
            HeaderMatcher(aliases: .builtIn).layout(
                forHeader: ["住院号", "姓名", "出院日期", "电话", "手机", "回访日期", "回访结果", "备注", "意见建议"].map(Cell.string),
                row: 1))
        let row = MappedRow(
            cells: ["A1", "张三", "2026-03-05", "010-62345678", "", "2026-03-06 10:00", "已接通", "好", "满意"].map(Cell.string),
            layout: layout)
        for f in AgentField.allCases { #expect(row[f] == row[f.rawValue], "\(f)") }
        #expect(row[AgentField.inpatientNo] == .string("A1"))
        #expect(row[AgentField.phone] == .string("010-62345678"))  // the empty second phone column adds nothing
        #expect(row[AgentField.comment] == .string("好；满意"))
        #expect(row[AgentField.agent] == .empty)
    }
}
