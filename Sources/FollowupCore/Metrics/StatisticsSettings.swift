import Foundation

/// The thresholds of the statistics sections, in one place. A hospital may want other
/// values (a stricter duplicate rate, runs of 7 instead of 8), so this is data with defaults,
/// decoded like the rest of the configuration (every key optional).
public struct StatisticsSettings: Codable, Sendable, Equatable {
    /// p-chart limits at centre ± sigma standard errors.
    public var controlSigma: Double = 3
    /// Consecutive months on one side of the centre line that make a special cause.
    public var runLength: Int = 8
    public var dataQuality: DataQualityRules = DataQualityRules()

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = StatisticsSettings()
        controlSigma = try c.decodeIfPresent(Double.self, forKey: .controlSigma) ?? d.controlSigma
        runLength = try c.decodeIfPresent(Int.self, forKey: .runLength) ?? d.runLength
        dataQuality = try c.decodeIfPresent(DataQualityRules.self, forKey: .dataQuality) ?? d.dataQuality
    }
}

/// Status of one input file or agent: 正常 / 注意 / 异常.
public enum QualityStatus: Int, Sendable, Comparable {
    case ok = 0, attention, abnormal
    public var label: String { ["正常", "注意", "异常"][rawValue] }
    public static func < (a: QualityStatus, b: QualityStatus) -> Bool { a.rawValue < b.rawValue }
}

/// When a data-quality share earns 注意 or 异常. Each check is a share of rows; "at least"
/// checks (completeness) flag values under their limits, the others values over them.
public struct DataQualityRules: Codable, Sendable, Equatable {
    public struct Limit: Codable, Sendable, Equatable {
        public var attention: Double
        public var abnormal: Double
    }

    /// A call logged more than this many days after discharge is "late".
    public var lateCallDays: Int = 30
    public var requiredCompleteness = Limit(attention: 0.99, abnormal: 0.95)
    public var usefulCompleteness = Limit(attention: 0.90, abnormal: 0.70)
    public var rejectedShare = Limit(attention: 0.01, abnormal: 0.05)
    public var duplicateShare = Limit(attention: 0.10, abnormal: 0.30)
    public var lateCallShare = Limit(attention: 0.05, abnormal: 0.20)
    public var beforeDischargeShare = Limit(attention: 0, abnormal: 0.02)
    public var unmatchedShare = Limit(attention: 0.02, abnormal: 0.10)
    public var unclassifiedShare = Limit(attention: 0.02, abnormal: 0.10)
    public var invalidNumberShare = Limit(attention: 0.05, abnormal: 0.15)

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DataQualityRules()
        func get(_ k: CodingKeys, _ v: Limit) throws -> Limit { try c.decodeIfPresent(Limit.self, forKey: k) ?? v }
        lateCallDays = try c.decodeIfPresent(Int.self, forKey: .lateCallDays) ?? d.lateCallDays
        requiredCompleteness = try get(.requiredCompleteness, d.requiredCompleteness)
        usefulCompleteness = try get(.usefulCompleteness, d.usefulCompleteness)
        rejectedShare = try get(.rejectedShare, d.rejectedShare)
        duplicateShare = try get(.duplicateShare, d.duplicateShare)
        lateCallShare = try get(.lateCallShare, d.lateCallShare)
        beforeDischargeShare = try get(.beforeDischargeShare, d.beforeDischargeShare)
        unmatchedShare = try get(.unmatchedShare, d.unmatchedShare)
        unclassifiedShare = try get(.unclassifiedShare, d.unclassifiedShare)
        invalidNumberShare = try get(.invalidNumberShare, d.invalidNumberShare)
    }

    /// A share over its limits (higher is worse; attention 0 flags any); `nil` (no rows) is fine.
    public static func over(_ v: Double?, _ l: Limit) -> QualityStatus {
        guard let v else { return .ok }
        return v > l.abnormal ? .abnormal : v > l.attention ? .attention : .ok
    }

    /// A completeness under its limits (lower is worse).
    public static func under(_ v: Double?, _ l: Limit) -> QualityStatus {
        guard let v else { return .ok }
        return v < l.abnormal ? .abnormal : v < l.attention ? .attention : .ok
    }
}
