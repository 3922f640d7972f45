import Foundation

/// The call-result codes of SPEC §2.2, as written in outputs (`failures.csv`, final status).
public enum CallResultCode: String, Codable, CaseIterable, Sendable {
    case reached
    case invalidNumber = "invalid_number"
    case wrongNumber = "wrong_number"
    case suspended
    case poweredOff = "powered_off"
    case noAnswer = "no_answer"
    case busy
    case refused
    case hungUp = "hung_up"
    case deceased
    case readmitted
    case transferred
    case unclassified
}

/// What one result cell was read as: the code, the vocabulary word that decided it, and the
/// normalised cell text (kept so unclassified cells can be grouped and listed for review).
public struct CallResultMatch: Equatable, Sendable {
    public var code: CallResultCode
    /// The deciding vocabulary word (normalised); nil for `unclassified`.
    public var word: String?
    /// `Text.key` of the cell: half-width, lower case, no white space.
    public var normalised: String
}

/// The words agents type for each call result. Defaults follow SPEC §2.2; a hospital adds its
/// agents' own habits through configuration (`merged(with:)`) without recompiling.
///
/// Reading rule (see docs/vocabulary.md): longest vocabulary word at each position; a reached
/// word right after a negation (未/没/不/无…, at most one character between) counts as
/// `negatedAs[reached]` (no_answer), a negated word of any other code is ignored; when a cell
/// mentions several outcomes, a code in `alwaysWins` wins wherever it appears (death decides
/// eligibility), otherwise the last outcome mentioned wins, because agents write attempts in
/// the order they happened ("第一次未接，第二次接通" is reached).
public struct ResultVocabulary: Codable, Equatable, Sendable {
    /// Call-result code (`CallResultCode.rawValue`) → words.
    public var words: [String: [String]]
    /// Words that negate the outcome word right after them.
    public var negations: [String]
    /// Code → code it becomes when negated; codes absent here are ignored when negated.
    public var negatedAs: [String: String]
    /// Codes that decide the cell wherever they appear, first listed strongest.
    public var alwaysWins: [String]

    public init(words: [String: [String]] = [:], negations: [String] = [], negatedAs: [String: String] = [:], alwaysWins: [String] = []) {
        self.words = words
        self.negations = negations
        self.negatedAs = negatedAs
        self.alwaysWins = alwaysWins
    }

    /// Missing keys decode as empty, so a configuration file lists only its additions.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        words = try c.decodeIfPresent([String: [String]].self, forKey: .words) ?? [:]
        negations = try c.decodeIfPresent([String].self, forKey: .negations) ?? []
        negatedAs = try c.decodeIfPresent([String: String].self, forKey: .negatedAs) ?? [:]
        alwaysWins = try c.decodeIfPresent([String].self, forKey: .alwaysWins) ?? []
    }

    public static let `default` = ResultVocabulary(
        words: [
            "reached": ["成功", "回访成功", "随访成功", "已回访", "已随访", "已访", "接通", "已接通", "电话接通", "完成",
                        "已完成", "回访完成", "接听", "本人接听", "家属接听", "家属代答", "已联系", "联系上", "正常回访",
                        "满意", "非常满意", "基本满意", "不满意", "ok"],
            "invalid_number": ["空号", "号码不存在", "不存在", "号码无效", "无效号码", "查无此号", "号码不全",
                               "号码位数不对", "号码缺位", "号码少一位", "号码多一位"],
            "wrong_number": ["错号", "号码错误", "电话错误", "号码有误", "电话有误", "非本人", "非本人接听", "非患者本人",
                             "不是本人", "不是患者", "打错", "打错了", "不认识", "查无此人", "无此人"],
            "suspended": ["停机", "已停机", "欠费停机", "欠费", "暂停服务", "暂停使用"],
            "powered_off": ["关机", "已关机"],
            "no_answer": ["无人接听", "无人接", "没人接", "没人接听", "未接", "未接通", "没接通", "没接", "未接听",
                          "没有接", "没有接通", "没有人接", "不接", "不接电话", "接不通", "打不通", "没打通", "无应答",
                          "未应答", "无法接通", "暂时无法接通", "响铃无人接", "无人应答"],
            "busy": ["占线", "忙音", "通话中", "正在通话中", "正忙", "用户忙"],
            "refused": ["拒访", "拒绝", "拒绝回访", "拒绝随访", "拒答", "不愿意", "不愿", "不愿回答", "不想回答", "不配合",
                        "不需要回访", "不接受回访", "不愿配合"],
            "hung_up": ["挂断", "挂机", "挂了", "直接挂", "挂电话", "疑似诈骗", "以为是诈骗", "当成诈骗", "怀疑诈骗", "骗子",
                        "拒接"],
            "deceased": ["已故", "死亡", "已死亡", "去世", "已去世", "过世", "病故", "离世", "逝世"],
            "readmitted": ["再次入院", "再入院", "二次入院", "又住院", "又入院", "住院中", "正在住院", "在住院", "目前住院",
                           "再次住院"],
            "transferred": ["转院", "已转院", "转外院", "外院治疗", "在外院", "转上级医院", "转诊"],
        ],
        negations: ["未", "没", "没有", "不", "无", "无法", "未能", "不能"],
        negatedAs: ["reached": "no_answer"],
        alwaysWins: ["deceased"]
    )

    /// These words added to (and, for `negatedAs`, overriding) the receiver's; a non-empty
    /// `alwaysWins` replaces the receiver's.
    public func merged(with other: ResultVocabulary) -> ResultVocabulary {
        var out = self
        for (code, list) in other.words { out.words[code, default: []].append(contentsOf: list) }
        out.negations.append(contentsOf: other.negations)
        for (k, v) in other.negatedAs { out.negatedAs[k] = v }
        if !other.alwaysWins.isEmpty { out.alwaysWins = other.alwaysWins }
        return out
    }

    /// Fails on a code that is not one of SPEC §2.2's, naming it (a typo in configuration
    /// would otherwise silently drop words).
    public func validate() throws {
        let known = Set(CallResultCode.allCases.map(\.rawValue))
        let used = Array(words.keys) + Array(negatedAs.keys) + Array(negatedAs.values) + alwaysWins
        if let bad = used.first(where: { !known.contains($0) }) {
            throw VocabularyError.unknownCode(vocabulary: "callResults", code: bad)
        }
    }
}

/// Reads free-typed call-result cells into `CallResultCode`s.
public struct CallResultClassifier: Sendable {
    private enum Entry {
        case outcome(CallResultCode, String)
        case negation
    }

    private let matcher: PhraseMatcher<Entry>
    private let negatedAs: [CallResultCode: CallResultCode]
    private let alwaysWins: [CallResultCode]

    public init(vocabulary: ResultVocabulary = .default) {
        var m = PhraseMatcher<Entry>()
        for n in vocabulary.negations { m.add(n, .negation) }
        // Sorted so that a word listed under two codes resolves the same way on every run.
        for (code, list) in vocabulary.words.sorted(by: { $0.key < $1.key }) {
            guard let c = CallResultCode(rawValue: code) else { continue }
            for w in list { m.add(w, .outcome(c, Text.key(w))) }
        }
        matcher = m
        var neg: [CallResultCode: CallResultCode] = [:]
        for (k, v) in vocabulary.negatedAs {
            if let a = CallResultCode(rawValue: k), let b = CallResultCode(rawValue: v) { neg[a] = b }
        }
        negatedAs = neg
        alwaysWins = vocabulary.alwaysWins.compactMap(CallResultCode.init(rawValue:))
    }

    /// nil for a blank cell; otherwise a code, `unclassified` when no vocabulary word is found.
    public func classify(_ text: String) -> CallResultMatch? {
        let key = Text.key(text)
        guard !key.isEmpty else { return nil }
        let scalars = PhraseMatcher<Entry>.normalise(key)
        var outcomes: [(CallResultCode, String)] = []
        var negationEnd = -10
        for hit in matcher.scan(scalars) {
            switch hit.payload {
            case .negation:
                negationEnd = hit.end
            case .outcome(let code, let word):
                if hit.start - negationEnd <= 1 {
                    if let to = negatedAs[code] { outcomes.append((to, word)) }
                } else {
                    outcomes.append((code, word))
                }
                negationEnd = -10
            }
        }
        for strong in alwaysWins {
            if let o = outcomes.first(where: { $0.0 == strong }) {
                return CallResultMatch(code: o.0, word: o.1, normalised: key)
            }
        }
        if let last = outcomes.last {
            return CallResultMatch(code: last.0, word: last.1, normalised: key)
        }
        return CallResultMatch(code: .unclassified, word: nil, normalised: key)
    }
}

