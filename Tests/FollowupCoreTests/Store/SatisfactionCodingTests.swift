import Testing

@testable import FollowupCore

/// Satisfaction coded as a sheet streams past: a column is 5-point until a number above 5
/// shows it is 10-point, and then what it coded before is coded again.
@Suite struct SatisfactionCodingTests {
    typealias Recoded = (column: Int, value: String, level: SatisfactionLevel?)

    static func code(_ cells: [(Int, String)], into coding: inout SatisfactionCoding) -> ([SatisfactionLevel?], [String]) {
        var recoded: [String] = []
        let levels = cells.map { column, value in
            coding.level(column: column, value) { c, v, l in recoded.append("\(c) \(v) \(l?.rawValue ?? "-")") }
        }
        return (levels, recoded)
    }

    @Test func numbersAreCodedAgainWhenTheColumnTurnsTenPoint() {
        var coding = SatisfactionCoding(classifier: SatisfactionClassifier())
        let (levels, recoded) = Self.code(
            [(1, "4"), (1, "满意"), (1, "3"), (2, "4"), (1, "9"), (1, "4"), (1, "3"), (1, "7")], into: &coding)
        #expect(levels == [.satisfied, .satisfied, .neutral, .satisfied, .satisfied, .dissatisfied, .dissatisfied, .neutral])
        // Only column 1's numbers whose level changes; words and column 2 keep theirs.
        #expect(recoded.sorted() == ["1 3 dissatisfied", "1 4 dissatisfied"])
    }

    @Test func eachSheetDecidesItsOwnScale() {
        var coding = SatisfactionCoding(classifier: SatisfactionClassifier())
        _ = Self.code([(0, "10"), (0, "5")], into: &coding)
        coding.beginSheet()
        let (levels, recoded) = Self.code([(0, "5"), (0, "2")], into: &coding)
        #expect(levels == [.satisfied, .dissatisfied])
        #expect(recoded.isEmpty)
    }

    @Test func answersAreComparedByTheirBytes() {
        var coding = SatisfactionCoding(classifier: SatisfactionClassifier())
        // "５" (full width) and "5" are both 5, but two answers: both are recoded.
        let (_, recoded) = Self.code([(3, "5"), (3, "５"), (3, "8")], into: &coding)
        #expect(recoded.sorted() == ["3 5 dissatisfied", "3 ５ dissatisfied"])
    }
}
