/// The judgements a report adds to the numbers (SPEC §7): rates below target, rates on too
/// small a denominator to rank, and the bottom-two satisfaction streak.
public struct ReportFlags: Sendable {
    public var targets: Configuration.Targets
    public var minDenominator: Int
    /// Consecutive months in the bottom two for satisfaction that flag a department.
    public var streakMonths: Int = 6

    public init(targets: Configuration.Targets, minDenominator: Int) {
        self.targets = targets
        self.minDenominator = minDenominator
    }

    /// Small denominators first: a rate on 3 patients is not "below target", it is unknown.
    public func state(_ rate: Double?, denominator: Int, target: Double?) -> RateState {
        if denominator < minDenominator { return .smallSample }
        if let rate, let target, rate < target { return .belowTarget }
        return .normal
    }

    public func followup(_ r: MetricRow) -> RateState { state(r.followupRate, denominator: r.eligible, target: targets.followupRate) }
    public func timely(_ r: MetricRow) -> RateState { state(r.timelyRate, denominator: r.eligible, target: targets.timelyRate) }
    public func contact(_ r: MetricRow) -> RateState { state(r.contactSuccessRate, denominator: r.attempted, target: nil) }
    public func satisfaction(_ r: MetricRow) -> RateState {
        state(r.satisfactionRate, denominator: r.answered, target: targets.satisfactionRate)
    }

    /// Departments in the bottom two for satisfaction in each of the `streakMonths` months
    /// ending with `lastMonth` (`YYYY-MM`). Only departments with enough answers are ranked,
    /// and a month with fewer than three ranked departments ranks nobody.
    public func bottomTwoStreak(trend: [MetricRow], lastMonth: String) -> [String] {
        guard let end = CivilDateTime(sqlDate: lastMonth + "-01") else { return [] }
        var streak: Set<String>?
        for k in 0..<streakMonths {
            let m = end.addingMonths(-k)
            let month = Period.monthKey(m.year, m.month)
            var ranked: [(unit: String, rate: Double)] = []
            for r in trend where r.cohort == month && r.unit != ReportModel.hospitalUnit && r.answered >= minDenominator {
                if let rate = r.satisfactionRate { ranked.append((r.unit, rate)) }
            }
            ranked.sort { a, b in a.rate != b.rate ? a.rate < b.rate : a.unit < b.unit }
            let bottom: Set<String> = ranked.count >= 3 ? Set(ranked.prefix(2).map { $0.unit }) : []
            streak = streak.map { $0.intersection(bottom) } ?? bottom
        }
        return (streak ?? []).sorted()
    }
}
