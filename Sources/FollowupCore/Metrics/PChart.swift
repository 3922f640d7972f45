import Foundation

/// A p-chart (Shewhart chart for proportions, e.g. Montgomery, Introduction to Statistical
/// Quality Control, §7.2) over a unit's monthly rates.
///
/// The centre line is the unit's own pooled proportion p̄ = Σx / Σn over its months, so a
/// department is judged against its history rather than against a target. Each month has its
/// own limits p̄ ± 3·sqrt(p̄(1−p̄)/n_i), clipped to [0, 1], because monthly denominators vary.
/// Two rules flag a special cause (Western Electric rules 1 and 4 of Nelson's list): a point
/// beyond the limits, or `runLength` consecutive points on the same side of the centre line
/// (a point exactly on the line, or a month without a denominator, ends a run). A month with
/// n = 0 has no rate and no limits.
public enum PChart {
    public struct Input: Sendable, Equatable {
        public var label: String
        public var numerator: Int
        public var denominator: Int
        public init(label: String, numerator: Int, denominator: Int) {
            self.label = label
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public enum Signal: String, Sendable, Equatable {
        case aboveLimit = "above_limit"
        case belowLimit = "below_limit"
        case runAbove = "run_above"
        case runBelow = "run_below"
    }

    public struct Point: Sendable, Equatable {
        public var label: String
        public var numerator: Int
        public var denominator: Int
        public var rate: Double?
        public var lower: Double?
        public var upper: Double?
        public var signals: [Signal]
        public var isSpecialCause: Bool { !signals.isEmpty }
    }

    public struct Chart: Sendable, Equatable {
        /// `nil` when no month has a denominator.
        public var centre: Double?
        public var points: [Point]
        public var specialCauses: Int { points.filter(\.isSpecialCause).count }
    }

    public static func analyse(_ inputs: [Input], sigma: Double = 3, runLength: Int = 8) -> Chart {
        let total = inputs.reduce(0) { $0 + max(0, $1.denominator) }
        let hits = inputs.reduce(0) { $0 + ($1.denominator > 0 ? max(0, $1.numerator) : 0) }
        guard total > 0 else {
            return Chart(centre: nil, points: inputs.map {
                Point(label: $0.label, numerator: $0.numerator, denominator: $0.denominator, rate: nil, lower: nil,
                    upper: nil, signals: [])
            })
        }
        let centre = Double(hits) / Double(total)
        var points = inputs.map { i -> Point in
            guard i.denominator > 0 else {
                return Point(label: i.label, numerator: i.numerator, denominator: i.denominator, rate: nil, lower: nil,
                    upper: nil, signals: [])
            }
            let rate = Double(i.numerator) / Double(i.denominator)
            let se = (centre * (1 - centre) / Double(i.denominator)).squareRoot()
            let lower = max(0, centre - sigma * se)
            let upper = min(1, centre + sigma * se)
            var signals: [Signal] = []
            // A tiny tolerance keeps a rate equal to a limit (up to rounding) inside it.
            if rate > upper + 1e-12 { signals.append(.aboveLimit) }
            if rate < lower - 1e-12 { signals.append(.belowLimit) }
            return Point(label: i.label, numerator: i.numerator, denominator: i.denominator, rate: rate, lower: lower,
                upper: upper, signals: signals)
        }
        // Runs: consecutive months strictly on one side of the centre line.
        var start = 0
        var side = 0
        func close(_ end: Int) {
            guard side != 0, end - start >= runLength else { return }
            for k in start..<end { points[k].signals.append(side > 0 ? .runAbove : .runBelow) }
        }
        for (k, p) in points.enumerated() {
            let s: Int
            if let r = p.rate { s = abs(r - centre) < 1e-12 ? 0 : (r > centre ? 1 : -1) } else { s = 0 }
            if s != side || s == 0 {
                close(k)
                start = k
                side = s
            }
        }
        close(points.count)
        return Chart(centre: centre, points: points)
    }
}
