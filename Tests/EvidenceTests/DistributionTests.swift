import Evidence
import Testing

/// Quantiles and distribution functions against published tables (e.g. the t table of
/// Fisher & Yates; the normal table of Abramowitz & Stegun 26.2), printed to 6–7 digits,
/// and against SciPy 1.17 (`scipy.stats.t.ppf`, `norm.ppf`, `t.cdf`) where more digits are
/// useful. SciPy is an independent implementation; its values are typed in, not computed here.
@Suite("Evidence: normal and Student-t distributions against tables")
struct DistributionTests {
    @Test(arguments: [
        (0.95, 1.644854), (0.975, 1.959964), (0.99, 2.326348), (0.995, 2.575829), (0.999, 3.090232),
    ])
    func normalQuantilesMatchTheTable(p: Double, table: Double) {
        let z = StandardNormal.quantile(p)
        #expect(abs(z - table) <= 5e-7, "z(\(p)) = \(z), table \(table)")
        #expect(abs(StandardNormal.quantile(1 - p) + table) <= 5e-7)
    }

    @Test func normalQuantileFarInTheTail() {
        // SciPy: norm.ppf(1 - 1e-10) = 6.361340889697422.
        #expect(abs(StandardNormal.quantile(1 - 1e-10) - 6.361340889697422) <= 1e-6)
    }

    @Test(arguments: [
        (0.95, 3, 2.353363434801823), (0.975, 3, 3.182446305283708), (0.99, 3, 4.540702858568132),
        (0.995, 3, 5.840909309733355), (0.975, 1, 12.706204736174694), (0.975, 9, 2.262157162798205),
        (0.99, 9, 2.821437925025809), (0.995, 30, 2.7499956535672254), (0.9995, 3, 12.923978636687961),
        (0.999, 100, 3.173739493738783),
    ])
    func studentQuantilesMatchScipyAndTables(p: Double, k: Int, reference: Double) {
        let t = StudentT(degreesOfFreedom: k).quantile(p)
        #expect(abs(t - reference) <= 1e-9 * reference, "t(\(p); \(k)) = \(t), reference \(reference)")
    }

    @Test func studentCDFMatchesScipy() {
        #expect(abs(StudentT(degreesOfFreedom: 5).cdf(2.0) - 0.9490302605850708) <= 1e-12)
        #expect(abs(StudentT(degreesOfFreedom: 2).cdf(-1.5) - 0.13619656244550055) <= 1e-12)
        #expect(abs(StudentT(degreesOfFreedom: 3).cdf(10) - 0.9989358004707929) <= 1e-12)
    }

    /// The example: the quantile quoted for 7c as 7.5 with 3 degrees of freedom.
    /// One-sided 0.05/18 with 3 degrees of freedom is t(1 − 0.05/18; 3), about 7.18.
    @Test func bonferroniQuantileOfThe7cReview() {
        let t = StudentT(degreesOfFreedom: 3).quantile(1 - 0.05 / 18)
        #expect(t > 7.1 && t < 7.3)
    }

    @Test func quantileInvertsTheCDF() {
        for k in [1, 2, 3, 7, 30, 200] {
            let dist = StudentT(degreesOfFreedom: k)
            for p in [0.6, 0.9, 0.99, 0.999, 0.99999] {
                #expect(abs(dist.cdf(dist.quantile(p)) - p) <= 1e-11, "k = \(k), p = \(p)")
            }
        }
        // Large ν approaches the normal.
        #expect(abs(StudentT(degreesOfFreedom: 100_000).quantile(0.975) - StandardNormal.quantile(0.975)) < 1e-4)
    }
}

@Suite("Evidence: equivalence tests, multiplicity, decisions")
struct DecisionTests {
    /// A TOST example computed with SciPy (paired differences, bounds ±0.1):
    /// mean 0.04625, SE 0.02034852574512463, p-values 8.971726712347916e-05 and 0.016676125172693887.
    @Test func tostMatchesScipy() {
        let x = [0.12, -0.05, 0.08, 0.02, 0.10, -0.01, 0.04, 0.07]
        let estimate = Estimate(name: "difference", meanOf: x)
        #expect(abs(estimate.value - 0.04625) < 1e-15)
        #expect(abs(estimate.standardError - 0.02034852574512463) < 1e-15)
        let test = EquivalenceTest(estimate, low: -0.1, high: 0.1)
        #expect(abs(test.pValues.lower - 8.971726712347916e-05) <= 1e-12)
        #expect(abs(test.pValues.upper - 0.016676125172693887) <= 1e-12)
        // TOST at α rejects exactly when the 1 − 2α interval lies inside the bounds.
        for alpha in [0.01, 0.0166, 0.0168, 0.05] {
            let inside = ClaimRegion(lower: -0.1, upper: 0.1).contains(estimate.interval(oneSidedLevel: alpha))
            #expect(inside == (test.pValue < alpha), "α = \(alpha)")
        }
    }

    /// Holm (1979) on p = (0.01, 0.04, 0.03) at 0.05: 0.01 ≤ 0.05/3 is rejected, 0.03 > 0.05/2
    /// stops the procedure. Bonferroni rejects the same one here; with (0.01, 0.02, 0.04)
    /// Holm also rejects 0.02 ≤ 0.025 and 0.04 ≤ 0.05, which Bonferroni does not.
    @Test func holmStepsDown() {
        #expect(Multiplicity.holm([0.01, 0.04, 0.03], alpha: 0.05) == [true, false, false])
        #expect(Multiplicity.holm([0.01, 0.02, 0.04], alpha: 0.05) == [true, true, true])
        #expect(Multiplicity.bonferroni([0.01, 0.02, 0.04], alpha: 0.05) == [true, false, false])
    }

    /// Each verdict is reached on constructed estimates.
    @Test func everyVerdictIsReachable() {
        let region = ClaimRegion(around: -0.5, margin: 0.125)
        func decide(_ value: Double, _ se: Double) -> Verdict {
            ConjunctionDecision(alpha: 0.01, [(Estimate(name: "b", value: value, standardError: se, degreesOfFreedom: 9), region)]).verdict
        }
        #expect(decide(-0.5, 0.01) == .confirmed)
        #expect(decide(-0.9, 0.01) == .refuted)
        #expect(decide(-0.5, 0.2) == .inconclusive)
        #expect(decide(-0.64, 0.001) == .refuted)
        #expect(decide(-0.62, 0.001) == .confirmed)
        // A direction claim.
        let faster = ClaimRegion(above: 0)
        #expect(ConjunctionDecision(alpha: 0.01, [(Estimate(name: "gap", value: 1, standardError: 0.1, degreesOfFreedom: 3), faster)]).verdict == .confirmed)
        #expect(ConjunctionDecision(alpha: 0.01, [(Estimate(name: "gap", value: -1, standardError: 0.1, degreesOfFreedom: 3), faster)]).verdict == .refuted)
        #expect(
            ConjunctionDecision(alpha: 0.01, [(Estimate(name: "gap", value: 0.1, standardError: 0.1, degreesOfFreedom: 3), faster)]).verdict == .inconclusive)
    }

    /// A conjunction: one refuted component refutes; one inconclusive component blocks
    /// confirmation; the refutation side uses α/K (wider intervals).
    @Test func conjunctionCombinesComponents() {
        let faster = ClaimRegion(above: 0)
        let sure = Estimate(name: "a", value: 1, standardError: 0.1, degreesOfFreedom: 3)
        let swapped = Estimate(name: "b", value: -1, standardError: 0.1, degreesOfFreedom: 3)
        let unclear = Estimate(name: "c", value: 0.05, standardError: 0.1, degreesOfFreedom: 3)
        #expect(ConjunctionDecision(alpha: 0.01, [(sure, faster), (swapped, faster)]).verdict == .refuted)
        #expect(ConjunctionDecision(alpha: 0.01, [(sure, faster), (unclear, faster)]).verdict == .inconclusive)
        #expect(ConjunctionDecision(alpha: 0.01, [(sure, faster), (sure, faster)]).verdict == .confirmed)
        // Upper end −0.5: refuted alone (q(0.99; 3) = 4.54 < 5), not with K = 10 (q(0.999; 3) = 10.2).
        let borderline = Estimate(name: "d", value: -1, standardError: 0.1, degreesOfFreedom: 3)
        #expect(ConjunctionDecision(alpha: 0.01, [(borderline, faster)]).verdict == .refuted)
        let ten = ConjunctionDecision(alpha: 0.01, Array(repeating: (sure, faster), count: 9) + [(borderline, faster)])
        #expect(ten.verdict == .inconclusive)
    }

    @Test func wilsonBoundIsAboveTheRate() {
        var counts = VerdictCounts()
        for _ in 0..<500 { counts.add(.confirmed) }
        #expect(counts.rate(.refuted) == 0)
        let bound = counts.upperBound(.refuted)
        // Wilson, z = 1.645, N = 500, p̂ = 0: z²/(N + z²) = 2.706/502.706 = 0.00538.
        #expect(abs(bound - 2.705543 / 502.705543) < 1e-6)
    }

    @Test func leastSquaresSlopeRecoversALine() {
        let x = [0.0, 1, 2, 3]
        #expect(abs(leastSquaresSlope(x: x, y: x.map { 2 - 0.5 * $0 }) + 0.5) < 1e-14)
        // y = (0, 1, 1, 3): Σ(x − 1.5)(y − 1.25) = 4.5, Σ(x − 1.5)² = 5.
        #expect(abs(leastSquaresSlope(x: x, y: [0, 1, 1, 3]) - 0.9) < 1e-14)
    }
}

/// Rank correlation against values worked by hand and from the textbook formula.
struct RankCorrelationTests {
    @Test func averageRanksSplitTies() {
        #expect(averageRanks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(averageRanks([3, 1, 2]) == [3, 1, 2])
        #expect(averageRanks([7, 7, 7]) == [2, 2, 2])
    }

    @Test func spearmanWithoutTiesIsTheTextbookFormula() {
        // ρ = 1 − 6 Σ d² / (n(n² − 1)); here d = (0, −1, 1, −1, 1): Σd² = 4, n = 5: ρ = 1 − 24/120 = 0.8.
        let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [1, 3, 2, 5, 4]
        let d = zip(averageRanks(x), averageRanks(y)).map { $0 - $1 }
        let formula = 1 - 6 * d.reduce(0) { $0 + $1 * $1 } / Double(5 * 24)
        #expect(abs(spearmanCorrelation(x, y) - formula) < 1e-15)
        #expect(abs(spearmanCorrelation(x, y) - 0.8) < 1e-15)
        #expect(spearmanCorrelation(x, x.map { $0 * $0 * $0 }) == 1, "monotone transforms keep ρ = 1")
        #expect(spearmanCorrelation(x, x.map { -$0 }) == -1)
    }

    @Test func spearmanWithTies() {
        // Ranks of y = [5, 6, 7, 8, 7] are [1, 2, 3.5, 5, 3.5]; Pearson of those with 1…5: 0.8208 (to 4 digits).
        let rho = spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])
        #expect(abs(rho - 0.820_782_681_668_123_6) < 1e-12)
        #expect(pearsonCorrelation([1, 1, 1], [1, 2, 3]).isNaN)
    }
}
