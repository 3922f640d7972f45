import Foundation

/// A proportion's confidence interval, both ends in [0, 1].
public struct ProportionInterval: Sendable, Equatable {
    public var low: Double
    public var high: Double
}

/// The Wilson score interval (Wilson 1927; Newcombe 1998, method 3).
///
/// Chosen over the textbook p ± z·sqrt(p(1−p)/n) because department denominators are small:
/// the Wald interval collapses to a point at 0 % or 100 % and spills outside [0, 1], while the
/// Wilson interval stays inside and keeps close to its nominal coverage down to n ≈ 10. The SQL
/// view `cohort_rates` computes the same formula for the CSV files; a test holds the two equal.
public enum WilsonInterval {
    /// z of a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// `nil` when there are no trials (the rate is undefined, not zero).
    public static func interval(successes x: Int, trials n: Int, z: Double = z95) -> ProportionInterval? {
        guard n > 0, x >= 0, x <= n else { return nil }
        let p = Double(x) / Double(n)
        let nn = Double(n)
        let z2 = z * z
        let centre = p + z2 / (2 * nn)
        let spread = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        let scale = 1 + z2 / nn
        // At x = 0 (x = n) the lower (upper) end is exactly 0 (1); rounding would leave 1e-17.
        return ProportionInterval(
            low: x == 0 ? 0 : max(0, (centre - spread) / scale), high: x == n ? 1 : min(1, (centre + spread) / scale))
    }
}
