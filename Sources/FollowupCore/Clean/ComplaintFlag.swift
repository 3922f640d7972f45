/// The values agents type in a 是否投诉 / 投诉 column. A blank cell means no complaint: agents
/// fill the column only when there is one.
public struct ComplaintFlagVocabulary: Codable, Equatable, Sendable {
    public var yes: [String]
    public var no: [String]

    public init(yes: [String] = [], no: [String] = []) {
        self.yes = yes
        self.no = no
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        yes = try c.decodeIfPresent([String].self, forKey: .yes) ?? []
        no = try c.decodeIfPresent([String].self, forKey: .no) ?? []
    }

    public static let `default` = ComplaintFlagVocabulary(
        yes: ["是", "有", "y", "yes", "1", "√", "✓", "✔", "投诉", "已投诉", "有投诉", "true"],
        no: ["否", "无", "n", "no", "0", "×", "✗", "没有", "不是", "无投诉", "未投诉", "没投诉", "false", "/", "-", "—"]
    )

    public func merged(with other: ComplaintFlagVocabulary) -> ComplaintFlagVocabulary {
        ComplaintFlagVocabulary(yes: yes + other.yes, no: no + other.no)
    }

    /// true / false for a known value or a blank cell; nil for anything else (listed for review).
    /// Compared on `Text.key`, so `Ｙ`, ` y ` and `Y` are the same answer.
    public func parse(_ text: String) -> Bool? {
        let key = Text.key(text)
        if key.isEmpty { return false }
        if no.contains(where: { Text.key($0) == key }) { return false }
        if yes.contains(where: { Text.key($0) == key }) { return true }
        return nil
    }
}
