import Foundation
import Testing
@testable import FollowupCore

/// The statistics pinned to values computed independently (scipy.stats.norm.ppf for z, the
/// published Wilson interval of 8/10, hand arithmetic for the funnel and the p-chart).
@Suite struct StatisticsTests {
    func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool { a.map { abs($0 - b) < tol } ?? false }

    @Test func wilsonIntervalKnownValues() throws {
        // 8/10: 0.490–0.943 (Newcombe 1998; scipy: 0.4901624715, 0.9433178485).
        let a = try #require(WilsonInterval.interval(successes: 8, trials: 10))
        #expect(close(a.low, 0.4901624715366418, 1e-9) && close(a.high, 0.9433178485456247, 1e-9))
        let b = try #require(WilsonInterval.interval(successes: 412, trials: 500))
        #expect(close(b.low, 0.78818582871064, 1e-9) && close(b.high, 0.854873598670274, 1e-9))
        // All or nothing stays inside [0, 1] (a Wald interval would collapse to a point).
        let c = try #require(WilsonInterval.interval(successes: 12, trials: 12))
        #expect(close(c.low, 0.7575059933447591, 1e-9) && c.high == 1)
        let d = try #require(WilsonInterval.interval(successes: 0, trials: 12))
        #expect(d.low == 0 && close(d.high, 0.24249400665524087, 1e-9))
        #expect(WilsonInterval.interval(successes: 0, trials: 0) == nil)
        #expect(WilsonInterval.interval(successes: 5, trials: 3) == nil)
    }

    @Test func funnelLimitsNormalApproximation() throws {
        // p = 0.9, n = 100: SE 0.03; 95 %: 0.9 ± 1.96·0.03 = 0.8412–0.9588; 99.8 %: ± 3.09·0.03.
        let l = try #require(FunnelPlot.limits(p0: 0.9, n: 100))
        #expect(close(l.lower95, 0.8412010804637984) && close(l.upper95, 0.9587989195362017))
        #expect(close(l.lower998, 0.8072930308149656) && close(l.upper998, 0.9927069691850344))
        // Small n: clipped to [0, 1].
        let s = try #require(FunnelPlot.limits(p0: 0.9, n: 4))
        #expect(s.upper95 == 1 && s.upper998 == 1 && s.lower998 < s.lower95)
        #expect(FunnelPlot.limits(p0: 0.9, n: 0) == nil)
        // Positions around p0 = 0.9, n = 100.
        #expect(FunnelPlot.position(rate: 0.80, n: 100, p0: 0.9) == .lowOutlier)
        #expect(FunnelPlot.position(rate: 0.83, n: 100, p0: 0.9) == .lowWarning)
        #expect(FunnelPlot.position(rate: 0.85, n: 100, p0: 0.9) == .inControl)
        #expect(FunnelPlot.position(rate: 0.97, n: 100, p0: 0.9) == .highWarning)
        #expect(FunnelPlot.position(rate: 1.0, n: 100, p0: 0.9) == .highOutlier)
        // The same 80 % on 10 patients is not distinguishable from the hospital.
        #expect(FunnelPlot.position(rate: 0.80, n: 10, p0: 0.9) == .inControl)
        let g = FunnelPlot.grid(from: 10, to: 500)
        #expect(g.first == 10 && g.last == 500 && g == g.sorted() && Set(g).count == g.count)
    }

    func series(_ xs: [Int], n: Int = 100) -> [PChart.Input] {
        xs.enumerated().map { PChart.Input(label: "m\($0.offset)", numerator: $0.element, denominator: n) }
    }

    @Test func pChartFlagsPlantedSpecialCause() throws {
        // 11 ordinary months and one at 40 %: p̄ = 922/1200, limits p̄ ± 3·sqrt(p̄(1−p̄)/100).
        let chart = PChart.analyse(series([82, 78, 82, 78, 82, 40, 82, 78, 82, 78, 82, 78]))
        #expect(close(chart.centre, 922.0 / 1200))
        #expect(close(chart.points[0].lower, 0.6417641822735273) && close(chart.points[0].upper, 0.8949024843931394))
        #expect(chart.points.indices.filter { chart.points[$0].isSpecialCause } == [5])
        #expect(chart.points[5].signals == [.belowLimit])
    }

    @Test func pChartFlagsPlantedRunOfEight() throws {
        // 4 months below the centre, 8 above (inside the limits), 4 below: p̄ = 1312/1600 = 0.82.
        let chart = PChart.analyse(series([79, 81, 79, 81] + Array(repeating: 84, count: 8) + [79, 81, 79, 81]))
        #expect(close(chart.centre, 0.82))
        #expect(chart.points.allSatisfy { !$0.signals.contains(.aboveLimit) && !$0.signals.contains(.belowLimit) })
        #expect(chart.points.indices.filter { chart.points[$0].isSpecialCause } == Array(4..<12))
        #expect(chart.points[4...11].allSatisfy { $0.signals == [.runAbove] })
        // Seven in a row is not a signal.
        let seven = PChart.analyse(series([79, 81, 79, 81] + Array(repeating: 84, count: 7) + [79, 81, 79, 81]))
        #expect(seven.specialCauses == 0)
        // A month without a denominator ends the run.
        var broken = series([79, 81, 79, 81] + Array(repeating: 84, count: 8) + [79, 81, 79, 81])
        broken[7] = PChart.Input(label: "gap", numerator: 0, denominator: 0)
        #expect(PChart.analyse(broken).specialCauses == 0)
    }

    @Test func pChartCleanSeriesFlagsNothing() {
        let chart = PChart.analyse(series([39, 41, 39, 41, 39, 41, 39, 41, 39, 41, 39, 41], n: 50))
        #expect(close(chart.centre, 0.8))
        #expect(close(chart.points[0].lower, 0.6302943725152286) && close(chart.points[0].upper, 0.9697056274847715))
        #expect(chart.specialCauses == 0)
        #expect(PChart.analyse([]).centre == nil)
        #expect(PChart.analyse(series([0, 0], n: 0)).points.allSatisfy { $0.rate == nil && !$0.isSpecialCause })
    }
}
