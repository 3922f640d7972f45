/// What a hospital may change about phone cleaning, decoded from the project's configuration.
///
/// Every field has a default, and a configuration file that names only some of them keeps the
/// defaults for the rest (hence the hand-written `init(from:)`): a hospital writes
/// `{"hospitalAreaCode": "0755"}` and nothing else.
public struct PhoneRules: Codable, Sendable, Equatable {
    /// The area code that completes a local number written without one (`62345678` in a
    /// Beijing hospital's export is `010-62345678`). Without it such numbers are `no_area_code`.
    public var hospitalAreaCode: String?
    /// A number found on this many different patients or more is a ward phone or made up
    /// (`shared_number`); decided over the whole data set by the database.
    public var sharedNumberThreshold: Int
    /// Whole-cell values that mean "no number" (compared after `Text.key`: half-width, lower
    /// case, no spaces). Digit placeholders such as `00000000000` need no entry: any number made
    /// of zeros only is a placeholder anyway.
    public var placeholders: [String]
    /// Words between a landline and a short number that make the short number its extension
    /// (`010-62345678转801`). Compared lower case, ignoring spaces, `:`, `.`, `-` and brackets.
    public var extensionMarkers: [String]

    public static let defaultPlaceholders = [
        "无", "没有", "暂无", "无电话", "无号码", "无联系电话", "不详", "未知", "不知道", "不清楚", "空", "空号",
        "未提供", "拒绝提供", "拒绝", "待补", "待补充", "同上", "null", "none", "nil", "nan", "n/a", "na", "#n/a",
        "/", "-", "--", "—", "——", "\\", "?", "？", ".", "0",
    ]
    public static let defaultExtensionMarkers = ["转", "分机", "转分机", "分机号", "内线", "ext", "extension", "x", "#"]

    public static let `default` = PhoneRules()

    public init(
        hospitalAreaCode: String? = nil, sharedNumberThreshold: Int = 5,
        placeholders: [String] = PhoneRules.defaultPlaceholders,
        extensionMarkers: [String] = PhoneRules.defaultExtensionMarkers
    ) {
        self.hospitalAreaCode = hospitalAreaCode
        self.sharedNumberThreshold = sharedNumberThreshold
        self.placeholders = placeholders
        self.extensionMarkers = extensionMarkers
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            hospitalAreaCode: try c.decodeIfPresent(String.self, forKey: .hospitalAreaCode),
            sharedNumberThreshold: try c.decodeIfPresent(Int.self, forKey: .sharedNumberThreshold) ?? 5,
            placeholders: try c.decodeIfPresent([String].self, forKey: .placeholders) ?? Self.defaultPlaceholders,
            extensionMarkers: try c.decodeIfPresent([String].self, forKey: .extensionMarkers)
                ?? Self.defaultExtensionMarkers)
    }

    /// Throws when a value cannot work (an empty area code means none), so a typo in the configuration stops the run with a
    /// message instead of silently marking every local number `no_area_code`.
    public func validate() throws {
        if let code = hospitalAreaCode, !Text.clean(code).isEmpty, PhoneAreaCodes.normalise(code) == nil {
            throw PhoneRulesError.unknownAreaCode(code)
        }
        if sharedNumberThreshold < 2 { throw PhoneRulesError.badSharedThreshold(sharedNumberThreshold) }
    }

    /// `shared_number` rule in one place: the database counts distinct patients per number and
    /// asks here.
    public func isShared(patientCount: Int) -> Bool { patientCount >= sharedNumberThreshold }
}

public enum PhoneRulesError: Error, Equatable, CustomStringConvertible {
    case unknownAreaCode(String)
    case badSharedThreshold(Int)

    public var description: String {
        switch self {
        case .unknownAreaCode(let c):
            return "phone rules: hospitalAreaCode \"\(c)\" is not a mainland area code (e.g. 010, 0755)"
        case .badSharedThreshold(let n):
            return "phone rules: sharedNumberThreshold must be at least 2 (got \(n))"
        }
    }
}
