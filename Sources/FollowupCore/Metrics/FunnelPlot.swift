import Foundation

/// Funnel-plot control limits (Spiegelhalter, "Funnel plots for comparing institutional
/// performance", Statistics in Medicine 2005;24:1185–1202).
///
/// A department is compared with the hospital's proportion p0, not with its neighbours: under
/// the hypothesis "this department performs like the hospital", its rate on n patients lies
/// within p0 ± z·sqrt(p0(1−p0)/n) with the stated probability. The limits are the normal
/// approximation to the binomial (Spiegelhalter's eq. 4 without the exact-binomial
/// interpolation), clipped to [0, 1]; with the minimum denominator at 10 and hospital rates
/// between 5 % and 95 % the two differ by less than one patient. 95 % limits ("warning",
/// z = 1.96) and 99.8 % limits ("alarm", z = 3.09) are drawn; only a point outside the 99.8 %
/// limits is called an outlier, so that with 20 departments one false alarm is expected about
/// every 25 reports rather than in every report.
public enum FunnelPlot {
    /// Two-sided z for 95 % and 99.8 %.
    public static let z95 = 1.959963984540054
    public static let z998 = 3.090232306167813

    public struct Limits: Sendable, Equatable {
        public var n: Int
        public var lower95: Double
        public var upper95: Double
        public var lower998: Double
        public var upper998: Double
    }

    /// Where a department's point falls.
    public enum Position: String, Sendable, Equatable {
        /// Above the 99.8 % limit: better than the hospital beyond chance.
        case highOutlier = "high_outlier"
        /// Between the upper 95 % and 99.8 % limits: a warning, not an outlier.
        case highWarning = "high_warning"
        case inControl = "in_control"
        case lowWarning = "low_warning"
        /// Below the 99.8 % limit: worse than the hospital beyond chance.
        case lowOutlier = "low_outlier"
    }

    /// Limits around `p0` for a denominator `n`; `nil` for n ≤ 0 or p0 outside [0, 1].
    public static func limits(p0: Double, n: Int) -> Limits? {
        guard n > 0, p0 >= 0, p0 <= 1 else { return nil }
        let se = (p0 * (1 - p0) / Double(n)).squareRoot()
        func clip(_ v: Double) -> Double { min(1, max(0, v)) }
        return Limits(n: n, lower95: clip(p0 - z95 * se), upper95: clip(p0 + z95 * se),
            lower998: clip(p0 - z998 * se), upper998: clip(p0 + z998 * se))
    }

    public static func position(rate: Double, n: Int, p0: Double) -> Position? {
        guard let l = limits(p0: p0, n: n) else { return nil }
        if rate > l.upper998 { return .highOutlier }
        if rate < l.lower998 { return .lowOutlier }
        if rate > l.upper95 { return .highWarning }
        if rate < l.lower95 { return .lowWarning }
        return .inControl
    }

    /// Denominators at which to draw the limit curves from `minN` to `maxN`: dense where the
    /// funnel is curved (small n), geometric spacing, always including both ends.
    public static func grid(from minN: Int, to maxN: Int, points: Int = 40) -> [Int] {
        let lo = max(1, minN)
        let hi = max(lo, maxN)
        guard hi > lo, points > 1 else { return [lo] }
        let ratio = pow(Double(hi) / Double(lo), 1 / Double(points - 1))
        var out: [Int] = []
        for i in 0..<points {
            let n = Int((Double(lo) * pow(ratio, Double(i))).rounded())
            if out.last != n { out.append(min(n, hi)) }
        }
        if out.last != hi { out.append(hi) }
        return out
    }
}
