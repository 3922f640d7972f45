import Foundation

/// The complaint-theme dictionary (SPEC §8) as data: the default lives in
/// `Resources/themes.json`; a hospital extends it from its configuration with `merged(with:)`.
///
/// Words come in roles rather than as one flat keyword list per theme, because the same word
/// means opposite things in different company: 态度 is neither praise nor complaint until 很好 or
/// 很差 follows; 贵 is a complaint and 不贵 is not; 技术 is the nurse's skill or the doctor's
/// treatment depending on who is named. See docs/vocabulary.md for how the coder reads them.
public struct ThemeDictionary: Codable, Equatable, Sendable {
    public struct Theme: Codable, Equatable, Sendable {
        /// Output code (SPEC §8), e.g. `cost`.
        public var code: String
        /// Chinese label shown beside the code in reports.
        public var label: String
        /// Words that are a complaint of this theme by themselves (太贵, 乱收费, 扎不上).
        public var complaints: [String]
        /// Neutral words naming the subject (费用, 环境); a complaint only when a negative word
        /// or a suggestion (希望…, 建议…) goes with them in the clause, or when negated (没有热水).
        public var topics: [String]
        /// Positive words of this theme (便宜, 干净); negated they are complaints (不干净).
        public var positives: [String]
        /// Phrases that cancel this theme in their clause (不用排队, 没等多久).
        public var exclusions: [String]
        /// Role (`doctor`, `nurse`) → theme code to use instead when that person is named.
        public var byStaff: [String: String]
        /// Theme codes dropped from a clause that also carries this theme (出院指导 没讲 is
        /// guidance, not also communication).
        public var supersedes: [String]

        public init(code: String, label: String = "", complaints: [String] = [], topics: [String] = [],
                    positives: [String] = [], exclusions: [String] = [], byStaff: [String: String] = [:],
                    supersedes: [String] = []) {
            self.code = code
            self.label = label
            self.complaints = complaints
            self.topics = topics
            self.positives = positives
            self.exclusions = exclusions
            self.byStaff = byStaff
            self.supersedes = supersedes
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            label = try c.decodeIfPresent(String.self, forKey: .label) ?? ""
            complaints = try c.decodeIfPresent([String].self, forKey: .complaints) ?? []
            topics = try c.decodeIfPresent([String].self, forKey: .topics) ?? []
            positives = try c.decodeIfPresent([String].self, forKey: .positives) ?? []
            exclusions = try c.decodeIfPresent([String].self, forKey: .exclusions) ?? []
            byStaff = try c.decodeIfPresent([String: String].self, forKey: .byStaff) ?? [:]
            supersedes = try c.decodeIfPresent([String].self, forKey: .supersedes) ?? []
        }

        func merged(with o: Theme) -> Theme {
            var t = self
            if !o.label.isEmpty { t.label = o.label }
            t.complaints += o.complaints
            t.topics += o.topics
            t.positives += o.positives
            t.exclusions += o.exclusions
            for (k, v) in o.byStaff { t.byStaff[k] = v }
            t.supersedes += o.supersedes
            return t
        }
    }

    /// Words naming staff, by role: who is named decides doctor vs nurse attitude.
    public struct Staff: Codable, Equatable, Sendable {
        public var doctor: [String]
        public var nurse: [String]
        /// Other staff (收费处, 保安): their attitude is `service_attitude`.
        public var other: [String]

        public init(doctor: [String] = [], nurse: [String] = [], other: [String] = []) {
            self.doctor = doctor
            self.nurse = nurse
            self.other = other
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            doctor = try c.decodeIfPresent([String].self, forKey: .doctor) ?? []
            nurse = try c.decodeIfPresent([String].self, forKey: .nurse) ?? []
            other = try c.decodeIfPresent([String].self, forKey: .other) ?? []
        }
    }

    /// Characters that end a clause (each clause is read on its own).
    public var separators: String
    /// Words that negate the word right after them (intensifiers may sit between: 不太好).
    public var negations: [String]
    /// Degree words that do not break a negation's reach (很, 太, 有点…).
    public var intensifiers: [String]
    /// "Nothing to say" answers (无, 没有意见): a clause that is exactly one of them carries no theme.
    public var noComplaint: [String]
    /// Words with no polarity that shadow a shorter word inside them (还好 ⊃ 好, 好几 ⊃ 好).
    public var neutral: [String]
    /// Generic positive words (好, 满意): praise when the clause carries no complaint.
    public var positive: [String]
    /// Generic negative words (差, 一般): a complaint of the topics in the clause.
    public var negative: [String]
    /// Suggestion cues (希望, 建议): a suggestion about a topic counts as that topic's theme.
    public var suggestions: [String]
    /// Thanks and praise words (感谢, 表扬): praise even in a clause that also complains.
    public var praiseWords: [String]
    public var staff: Staff
    /// Common surnames, so "感谢王医生" yields the praised staff "王医生".
    public var surnames: String
    public var themes: [Theme]

    public init(separators: String = "", negations: [String] = [], intensifiers: [String] = [],
                noComplaint: [String] = [], neutral: [String] = [], positive: [String] = [], negative: [String] = [],
                suggestions: [String] = [], praiseWords: [String] = [], staff: Staff = Staff(), surnames: String = "",
                themes: [Theme] = []) {
        self.separators = separators
        self.negations = negations
        self.intensifiers = intensifiers
        self.noComplaint = noComplaint
        self.neutral = neutral
        self.positive = positive
        self.negative = negative
        self.suggestions = suggestions
        self.praiseWords = praiseWords
        self.staff = staff
        self.surnames = surnames
        self.themes = themes
    }

    /// Missing keys decode as empty, so a configuration file lists only its additions.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        separators = try c.decodeIfPresent(String.self, forKey: .separators) ?? ""
        negations = try c.decodeIfPresent([String].self, forKey: .negations) ?? []
        intensifiers = try c.decodeIfPresent([String].self, forKey: .intensifiers) ?? []
        noComplaint = try c.decodeIfPresent([String].self, forKey: .noComplaint) ?? []
        neutral = try c.decodeIfPresent([String].self, forKey: .neutral) ?? []
        positive = try c.decodeIfPresent([String].self, forKey: .positive) ?? []
        negative = try c.decodeIfPresent([String].self, forKey: .negative) ?? []
        suggestions = try c.decodeIfPresent([String].self, forKey: .suggestions) ?? []
        praiseWords = try c.decodeIfPresent([String].self, forKey: .praiseWords) ?? []
        staff = try c.decodeIfPresent(Staff.self, forKey: .staff) ?? Staff()
        surnames = try c.decodeIfPresent(String.self, forKey: .surnames) ?? ""
        themes = try c.decodeIfPresent([Theme].self, forKey: .themes) ?? []
    }

    /// The theme codes of SPEC §8; `validate()` holds a dictionary to them.
    public static let codes = ["doctor_attitude", "nurse_attitude", "service_attitude", "communication", "cost",
                               "outcome", "nursing_skill", "waiting", "environment", "facilities", "privacy",
                               "guidance", "praise"]

    /// Code → Chinese label, for reports.
    public var labels: [String: String] {
        var out: [String: String] = [:]
        for t in themes { out[t.code] = t.label }
        return out
    }

    /// The dictionary shipped in the package resources. Throws, naming the places searched,
    /// when the resource bundle was not installed beside the executable.
    public static func loadDefault() throws -> ThemeDictionary {
        let (url, searched) = ResourceLocator.find("themes.json")
        guard let url else { throw VocabularyError.resourceMissing(name: "themes.json", searched: searched) }
        return try load(from: url)
    }

    /// A full dictionary (or additions) from a JSON file.
    public static func load(from url: URL) throws -> ThemeDictionary {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw VocabularyError.unreadable(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        do {
            let d = try JSONDecoder().decode(ThemeDictionary.self, from: data)
            try d.validate()
            return d
        } catch let e as VocabularyError {
            throw VocabularyError.unreadable(path: url.path, reason: e.description)
        } catch {
            throw VocabularyError.unreadable(path: url.path, reason: "not a theme dictionary (\(error))")
        }
    }

    /// The receiver with `other`'s words added; a theme of `other` with a known code extends
    /// that theme, an unknown code is kept as given (and rejected by `validate()`).
    public func merged(with other: ThemeDictionary) -> ThemeDictionary {
        var out = self
        out.separators += other.separators
        out.negations += other.negations
        out.intensifiers += other.intensifiers
        out.noComplaint += other.noComplaint
        out.neutral += other.neutral
        out.positive += other.positive
        out.negative += other.negative
        out.suggestions += other.suggestions
        out.praiseWords += other.praiseWords
        out.staff.doctor += other.staff.doctor
        out.staff.nurse += other.staff.nurse
        out.staff.other += other.staff.other
        out.surnames += other.surnames
        for t in other.themes {
            if let i = out.themes.firstIndex(where: { $0.code == t.code }) {
                out.themes[i] = out.themes[i].merged(with: t)
            } else {
                out.themes.append(t)
            }
        }
        return out
    }

    /// Rejects theme codes outside SPEC §8 (in themes, `byStaff` and `supersedes`), so a typo
    /// in configuration is an error rather than a theme no report shows.
    public func validate() throws {
        let known = Set(Self.codes)
        for t in themes {
            for code in [t.code] + Array(t.byStaff.values) + t.supersedes where !known.contains(code) {
                throw VocabularyError.unknownTheme(code)
            }
            for role in t.byStaff.keys where role != "doctor" && role != "nurse" && role != "other" {
                throw VocabularyError.unknownTheme("byStaff role \(role)")
            }
        }
    }
}
