import Evidence
import Testing
@testable import verify

/// The Student-t quantiles behind the calibrated verdicts of claims 5b, 7c and 8, against
/// published table values (4 significant digits; the quantile is bisected to 10⁻⁶).
@Suite("Suite statistics: Student-t quantiles and calibrated thresholds")
struct StatisticsTests {
    @Test(arguments: [
        (0.975, 1, 12.706), (0.975, 5, 2.571), (0.975, 9, 2.262), (0.995, 30, 2.750),
        (0.99, 3, 4.541), (0.995, 3, 5.841), (0.999, 3, 10.215), (0.95, 10, 1.812),
    ])
    func quantilesMatchTables(p: Double, k: Int, table: Double) {
        let t = StudentT(degreesOfFreedom: k).quantile(p)
        #expect(abs(t - table) <= 0.0005 + 1e-6, "t(\(p), \(k)) = \(t), table \(table)")
    }

    @Test func thresholdsGrowWithTheNumberOfComparisonsAndShrinkWithSeeds() {
        let few = Claim7.CurveTest.threshold(seeds: 4, curves: 1)
        let many = Claim7.CurveTest.threshold(seeds: 4, curves: 18)
        let moreSeeds = Claim7.CurveTest.threshold(seeds: 16, curves: 18)
        #expect(few < many && moreSeeds < many)
        // One curve, one-sided 5 % with 3 degrees of freedom: t(0.95, 3) = 2.353.
        #expect(abs(few - 2.353) <= 0.0005 + 1e-6)
        // Claim 8 is two-sided: 3 comparisons at 0.05/3 → t(1 − 0.05/6, 3).
        let two = Claim8.threshold(seeds: 4, comparisons: 3)
        #expect(abs(two - StudentT(degreesOfFreedom: 3).quantile(1 - 0.05 / 6)) < 1e-12)
    }
}
