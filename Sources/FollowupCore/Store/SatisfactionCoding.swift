/// Codes satisfaction answers as a sheet streams past (SPEC §2.2): a numeric column is on the
/// 10-point scale when any of its values exceeds 5, else on the 5-point scale, decided per sheet
/// and column over its values.
///
/// The scale is known only at the sheet's end, but a column is coded on the 5-point scale until
/// one of its values exceeds 5: then the numbers it already coded are coded again on the 10-point
/// scale and handed to `recoded`, for the rows already written (in a 10-point column that happens
/// within its first few rows). So each answer is coded once per distinct value, and levels are
/// written with the rows instead of by a scan and an update of every call row after the read
/// (1 M calls: 0.6 s to collect the answers, and most of the 3.7 s update the levels shared
/// with the calls' match, which is also decided as each row is written now).
///
/// Answers are compared by their bytes (`TextKey`), as the database compares them.
struct SatisfactionCoding {
    /// Raw column of `call_rows` → the level column it codes into.
    static let columns: [(raw: String, level: String)] = [
        ("satisfaction_text", "satisfaction"), ("score_attitude", "level_attitude"),
        ("score_skill", "level_skill"), ("score_nursing", "level_nursing"),
        ("score_environment", "level_environment"), ("score_cost", "level_cost"),
        ("score_guidance", "level_guidance"),
    ]

    let classifier: SatisfactionClassifier

    private struct Coded {
        var level: SatisfactionLevel?
        /// The answer is a number, whose level depends on the scale.
        var isNumber: Bool
    }

    /// Per column of the current sheet: on the 10-point scale yet, and each answer seen so far.
    private var tenPoint = [Bool](repeating: false, count: columns.count)
    private var coded = [[TextKey: Coded]](repeating: [:], count: columns.count)

    init(classifier: SatisfactionClassifier) { self.classifier = classifier }

    /// A new sheet: its columns' scales are its own.
    mutating func beginSheet() {
        tenPoint = [Bool](repeating: false, count: Self.columns.count)
        coded = [[TextKey: Coded]](repeating: [:], count: Self.columns.count)
    }

    /// The level of answer `value` of column `column` (a position in `columns`) of the current
    /// sheet. When the answer puts the column on the 10-point scale, `recoded` is called first
    /// with each number the column already coded whose level changes: `(column, value, level)`.
    mutating func level(
        column: Int, _ value: String, recoded: (Int, String, SatisfactionLevel?) throws -> Void
    ) rethrows -> SatisfactionLevel? {
        let key = TextKey(value)
        if let known = coded[column][key] { return known.level }
        let number = SatisfactionClassifier.score(value)
        if let number, SatisfactionScale.showsTenPoint(number), !tenPoint[column] {
            tenPoint[column] = true
            for (answer, before) in coded[column] where before.isNumber {
                let after = classifier.classify(answer.text, scale: .tenPoint)
                coded[column][answer] = Coded(level: after, isNumber: true)
                if after != before.level { try recoded(column, answer.text, after) }
            }
        }
        let level = classifier.classify(value, scale: tenPoint[column] ? .tenPoint : .fivePoint)
        coded[column][key] = Coded(level: level, isNumber: number != nil)
        return level
    }
}
