import Foundation

/// The three satisfaction levels of SPEC §2.2, as written in outputs.
public enum SatisfactionLevel: String, Codable, CaseIterable, Sendable, Comparable {
    case satisfied
    case neutral
    case dissatisfied

    /// Ordered from worst to best, so `min` picks the most critical answer.
    private var rank: Int {
        switch self {
        case .dissatisfied: return 0
        case .neutral: return 1
        case .satisfied: return 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The words agents type for satisfaction (overall and per item: 服务态度, 医疗技术, …).
///
/// Longest match decides which word a cell holds (基本满意 is neutral although it contains
/// 满意, 不满意 is dissatisfied); a satisfied word right after a negation (不太好, 不是很满意)
/// counts as `negatedAs[satisfied]`. When a cell holds several levels the least satisfied wins:
/// the quality office would rather follow up a lukewarm answer than miss it.
public struct SatisfactionVocabulary: Codable, Equatable, Sendable {
    /// Level (`SatisfactionLevel.rawValue`) → words.
    public var words: [String: [String]]
    public var negations: [String]
    /// Level → level it becomes when negated; levels absent here are ignored when negated.
    public var negatedAs: [String: String]

    public init(words: [String: [String]] = [:], negations: [String] = [], negatedAs: [String: String] = [:]) {
        self.words = words
        self.negations = negations
        self.negatedAs = negatedAs
    }

    /// Missing keys decode as empty, so a configuration file lists only its additions.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        words = try c.decodeIfPresent([String: [String]].self, forKey: .words) ?? [:]
        negations = try c.decodeIfPresent([String].self, forKey: .negations) ?? []
        negatedAs = try c.decodeIfPresent([String: String].self, forKey: .negatedAs) ?? [:]
    }

    public static let `default` = SatisfactionVocabulary(
        words: [
            "satisfied": ["非常满意", "很满意", "十分满意", "特别满意", "挺满意", "比较满意", "满意", "很好", "非常好", "挺好",
                          "好", "较好", "比较好", "不错", "很不错", "良好", "优", "优秀", "棒", "满分"],
            "neutral": ["一般", "一般般", "基本满意", "还行", "还可以", "可以", "还好", "尚可", "凑合", "中", "中等",
                        "说得过去", "马马虎虎"],
            "dissatisfied": ["不满意", "非常不满意", "很不满意", "不太满意", "差", "较差", "很差", "非常差", "太差", "不好",
                             "不行", "糟糕", "失望"],
        ],
        negations: ["不", "不太", "不是很", "不怎么", "不大", "没有", "没"],
        negatedAs: ["satisfied": "dissatisfied", "dissatisfied": "neutral"]
    )

    /// These words added to the receiver's; `negatedAs` entries override.
    public func merged(with other: SatisfactionVocabulary) -> SatisfactionVocabulary {
        var out = self
        for (level, list) in other.words { out.words[level, default: []].append(contentsOf: list) }
        out.negations.append(contentsOf: other.negations)
        for (k, v) in other.negatedAs { out.negatedAs[k] = v }
        return out
    }

    public func validate() throws {
        let known = Set(SatisfactionLevel.allCases.map(\.rawValue))
        let used = Array(words.keys) + Array(negatedAs.keys) + Array(negatedAs.values)
        if let bad = used.first(where: { !known.contains($0) }) {
            throw VocabularyError.unknownCode(vocabulary: "satisfaction", code: bad)
        }
    }
}

/// Which numeric scale a satisfaction column uses. Decided per column, not per cell: a `5`
/// is satisfied on a 5-point column and dissatisfied on a 10-point one.
public enum SatisfactionScale: Int, Codable, Sendable {
    case fivePoint = 5
    case tenPoint = 10

    /// 10-point when any numeric value of the column exceeds 5 (SPEC §2.2), else 5-point.
    /// Words (满意, 满分) say nothing about the scale and are ignored here.
    public static func detect<S: Sequence>(values: S) -> SatisfactionScale where S.Element == String {
        for v in values {
            if let n = SatisfactionClassifier.score(v), showsTenPoint(n) { return .tenPoint }
        }
        return .fivePoint
    }

    /// A score only a 10-point column can hold: the one rule `detect` and the streaming coding
    /// (`SatisfactionCoding`) decide a column's scale by.
    public static func showsTenPoint(_ score: Double) -> Bool { score > 5 }

    /// Fractions are rounded half up first (4.5 → 5, 7.5 → 8): the bands of SPEC §2.2 are
    /// given for whole numbers, and a half point is the agent leaning to the upper band.
    /// Out of range (negative, above the scale) → nil, listed as unreadable rather than guessed.
    public func level(score: Double) -> SatisfactionLevel? {
        guard score.isFinite, score >= 0, score <= Double(rawValue) else { return nil }
        let n = Int((score + 0.5).rounded(.down))
        switch self {
        case .fivePoint: return n >= 4 ? .satisfied : n == 3 ? .neutral : .dissatisfied
        case .tenPoint: return n >= 8 ? .satisfied : n >= 6 ? .neutral : .dissatisfied
        }
    }
}

/// Reads satisfaction cells, words or numbers, into levels.
public struct SatisfactionClassifier: Sendable {
    private enum Entry {
        case level(SatisfactionLevel)
        case negation
        case fullMarks
    }

    private let matcher: PhraseMatcher<Entry>
    private let negatedAs: [SatisfactionLevel: SatisfactionLevel]

    public init(vocabulary: SatisfactionVocabulary = .default) {
        var m = PhraseMatcher<Entry>()
        for n in vocabulary.negations { m.add(n, .negation) }
        for (level, list) in vocabulary.words.sorted(by: { $0.key < $1.key }) {
            guard let l = SatisfactionLevel(rawValue: level) else { continue }
            for w in list { m.add(w, .level(l)) }
        }
        // 满分 means the top of whatever scale the column uses; it is a satisfied word anyway.
        m.add("满分", .fullMarks)
        matcher = m
        var neg: [SatisfactionLevel: SatisfactionLevel] = [:]
        for (k, v) in vocabulary.negatedAs {
            if let a = SatisfactionLevel(rawValue: k), let b = SatisfactionLevel(rawValue: v) { neg[a] = b }
        }
        negatedAs = neg
    }

    /// A level for one cell; nil for blank, unreadable or out-of-range cells.
    /// Use `SatisfactionScale.detect(values:)` on the whole column first.
    public func classify(_ text: String, scale: SatisfactionScale) -> SatisfactionLevel? {
        let key = Text.key(text)
        guard !key.isEmpty else { return nil }
        if let n = Self.score(key) { return scale.level(score: n) }
        var found: SatisfactionLevel?
        var negationEnd = -10
        for hit in matcher.scan(PhraseMatcher<Entry>.normalise(key)) {
            var level: SatisfactionLevel?
            switch hit.payload {
            case .negation:
                negationEnd = hit.end
                continue
            case .fullMarks: level = .satisfied
            case .level(let l): level = l
            }
            if let l = level, hit.start - negationEnd <= 1 { level = negatedAs[l] }
            negationEnd = -10
            if let l = level { found = found.map { min($0, l) } ?? l }
        }
        return found
    }

    /// Detects the column's scale and classifies every cell of it.
    public func classifyColumn(_ values: [String]) -> (scale: SatisfactionScale, levels: [SatisfactionLevel?]) {
        let scale = SatisfactionScale.detect(values: values)
        return (scale, values.map { classify($0, scale: scale) })
    }

    /// The number in a cell such as `4`, `4.5`, `5分`, `８分`, `4星`, `五分`; nil for anything else.
    public static func score(_ text: String) -> Double? {
        var s = Text.key(text)
        for suffix in ["颗星", "points", "point", "分", "星", "pts"] where s.hasSuffix(suffix) {
            s.removeLast(suffix.count)
            break
        }
        if s.isEmpty { return nil }
        if let d = Double(s), d.isFinite, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) { return d }
        let numerals: [String: Double] = ["零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                                          "八": 8, "九": 9, "十": 10]
        return numerals[s]
    }
}
