import Foundation

/// Everything a hospital may want to change without recompiling.
///
/// Read from a JSON file (JSON5 syntax allowed, so comments and trailing commas are fine);
/// every key is optional and falls back to the default below. The configuration's hash goes
/// into the manifest, so a report always says which rules produced it.
public struct Configuration: Codable, Sendable, Equatable {
    public var hospitalName: String = "医院"
    /// The hospital's telephone area code, used to complete local landline numbers (`0571`).
    public var areaCode: String? = nil
    /// Extra header aliases, added to the built-in tables.
    public var headerAliases: HeaderAliases = HeaderAliases()
    /// Exclusion rules, applied in this order; the first that matches gives the reason.
    public var exclusionOrder: [ExclusionReason] = ExclusionReason.defaultOrder
    /// Diagnosis code prefixes not to be called; `A50-A64` ranges are allowed.
    public var privacyDiagnosisPrefixes: [String] = ["O04", "O05", "O06", "O07", "A50-A64", "B20-B24"]
    /// Inpatient numbers never to be called (disputes, explicit refusals).
    public var doNotCall: [String] = []
    /// A first reached call at most this many calendar days after discharge is timely.
    public var timelyDays: Int = 7
    /// Rates with a smaller denominator are shown but marked too small to rank.
    public var minDenominator: Int = 10
    public var targets: Targets = Targets()
    /// A number on at least this many different patients is a ward phone or made up.
    public var sharedNumberThreshold: Int = 5
    /// Words that mark a totals row (first non-empty cell starts with one of them).
    public var totalsWords: [String] = ["合计", "总计", "小计", "汇总", "共计"]
    /// Parts of file and sheet names that are not an agent's name.
    /// Words that mean "no number" in a phone cell, added to the built-in list (无, 不详, /, …).
    public var phonePlaceholders: [String] = []
    /// Words added to the call-result, satisfaction and complaint-flag vocabularies.
    public var vocabulary: Vocabulary = Vocabulary()
    /// Words and themes added to the complaint-theme dictionary (Resources/themes.json).
    public var themes: ThemeDictionary = ThemeDictionary()
    /// Control-chart rules and the data-quality limits behind 正常 / 注意 / 异常.
    public var statistics: StatisticsSettings = StatisticsSettings()
    public var agentNameStopWords: [String] = [
        "回访", "随访", "登记", "记录", "汇总", "名单", "明细", "患者", "出院", "电话", "表", "sheet", "工作表", "第",
    ]

    public struct Targets: Codable, Sendable, Equatable {
        public var followupRate: Double = 0.90
        public var timelyRate: Double = 0.70
        public var satisfactionRate: Double = 0.95
        public init() {}
    }

    /// Looked for in the inputs folder when no configuration file is named.
    public static let defaultFileName = "followup.config.json"

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Configuration()
        hospitalName = try c.decodeIfPresent(String.self, forKey: .hospitalName) ?? d.hospitalName
        areaCode = try c.decodeIfPresent(String.self, forKey: .areaCode) ?? d.areaCode
        headerAliases = try c.decodeIfPresent(HeaderAliases.self, forKey: .headerAliases) ?? d.headerAliases
        exclusionOrder = try c.decodeIfPresent([ExclusionReason].self, forKey: .exclusionOrder) ?? d.exclusionOrder
        privacyDiagnosisPrefixes =
            try c.decodeIfPresent([String].self, forKey: .privacyDiagnosisPrefixes) ?? d.privacyDiagnosisPrefixes
        doNotCall = try c.decodeIfPresent([String].self, forKey: .doNotCall) ?? d.doNotCall
        timelyDays = try c.decodeIfPresent(Int.self, forKey: .timelyDays) ?? d.timelyDays
        minDenominator = try c.decodeIfPresent(Int.self, forKey: .minDenominator) ?? d.minDenominator
        targets = try c.decodeIfPresent(Targets.self, forKey: .targets) ?? d.targets
        sharedNumberThreshold =
            try c.decodeIfPresent(Int.self, forKey: .sharedNumberThreshold) ?? d.sharedNumberThreshold
        totalsWords = try c.decodeIfPresent([String].self, forKey: .totalsWords) ?? d.totalsWords
        agentNameStopWords =
            try c.decodeIfPresent([String].self, forKey: .agentNameStopWords) ?? d.agentNameStopWords
        phonePlaceholders = try c.decodeIfPresent([String].self, forKey: .phonePlaceholders) ?? d.phonePlaceholders
        vocabulary = try c.decodeIfPresent(Vocabulary.self, forKey: .vocabulary) ?? d.vocabulary
        themes = try c.decodeIfPresent(ThemeDictionary.self, forKey: .themes) ?? d.themes
        statistics = try c.decodeIfPresent(StatisticsSettings.self, forKey: .statistics) ?? d.statistics
    }

    /// The phone-cleaning rules in force (SPEC §3).
    public var phoneRules: PhoneRules {
        PhoneRules(
            hospitalAreaCode: areaCode, sharedNumberThreshold: sharedNumberThreshold,
            placeholders: PhoneRules.defaultPlaceholders + phonePlaceholders)
    }

    /// The header aliases in force: built-in tables plus the configured ones.
    public var aliases: HeaderAliases { headerAliases.extending() }

    /// Loads a configuration file; `nil` gives the defaults.
    public static func load(path: String?) throws -> Configuration {
        guard let path else { return Configuration() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, detail: "cannot read the configuration file")
        }
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        do {
            let config = try decoder.decode(Configuration.self, from: data)
            do {
                try config.phoneRules.validate()
            } catch {
                throw ConfigError(file: path, detail: "\(error)")
            }
            do {
                try Vocabulary.default.merged(with: config.vocabulary).validate()
                try ThemeDictionary.loadDefault().merged(with: config.themes).validate()
            } catch let e as VocabularyError {
                throw ConfigError(file: path, detail: e.description)
            }
            return config
        } catch let DecodingError.dataCorrupted(ctx) {
            throw ConfigError(file: path, detail: "not valid JSON: \(ctx.debugDescription)")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            let at = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigError(file: path, detail: "wrong value at `\(at)`: \(ctx.debugDescription)")
        }
    }

    /// Canonical JSON (sorted keys) of the configuration in force, for the manifest and its hash.
    public func canonicalJSON() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? e.encode(self)) ?? Data()
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public var file: String
    public var detail: String
    public var description: String { "\(file): error: [config.invalid] \(detail)" }
}

/// Why a discharge is not due a call (SPEC §5). Raw values are the reason codes of the outputs.
public enum ExclusionReason: String, Codable, CaseIterable, Sendable {
    case diedInHospital = "died_in_hospital"
    case leftAgainstAdvice = "left_against_advice"
    case stayUnder24h = "stay_under_24h"
    case privacyDiagnosis = "privacy_diagnosis"
    case doNotCall = "do_not_call"
    case diedAfterDischarge = "died_after_discharge"

    public static let defaultOrder: [ExclusionReason] = [
        .diedInHospital, .leftAgainstAdvice, .stayUnder24h, .privacyDiagnosis, .doNotCall, .diedAfterDischarge,
    ]
}
