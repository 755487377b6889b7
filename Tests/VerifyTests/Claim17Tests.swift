import Evidence
import Exact
import FastPath
import Foundation
import Testing

@testable import Suite

/// Claim 17: the skip kernel against the σ_s kernel (two code paths), the two predictions,
/// the equivalence rule's verdicts, its calibration and the sizes of the protocol.
struct Claim17Tests {
    static func problem() throws -> KernelProblem {
        let data = SyntheticDataset.gaussian(count: 8, dimension: 2, seed: 3)
        return try KernelProblem(name: "toy", data: data, note: "toy", bits: 48)
    }

    /// `K_s^∞ = s²(H + α(s)²G)`, `α(s)² = 2(1 − s)/s²`: the enclosure of `s²·skipKernel(α)`
    /// and `InfiniteWidthKernel.full(s)` overlap entry by entry, for s = 1/2 (α = 2) and
    /// s = 1 (α = 0, the ReLU kernel); a wrong α (1 at s = 1/2) does not.
    @Test func skipKernelIsTheSigmaKernelUpToSSquared() throws {
        let p = try Self.problem()
        for (s, a) in [(Rational(1, 2), Rational(2)), (Rational(1), Rational(0))] {
            let skip = Claim17.skipKernel(p, alpha: a), sigma = p.kernel.full(s: s)
            for i in 0..<p.count {
                for j in 0..<p.count {
                    let lhs = skip[i, j] * (s * s), rhs = sigma[i, j]
                    #expect(lhs.lo <= rhs.hi && rhs.lo <= lhs.hi, "entry (\(i), \(j)) at s = \(s)")
                }
            }
        }
        let wrong = Claim17.skipKernel(p, alpha: 1), sigma = p.kernel.full(s: Rational(1, 2))
        let disjoint = (0..<p.count).contains { (i: Int) -> Bool in
            let lhs = wrong[i, i] * Rational(1, 4)
            return lhs.hi < sigma[i, i].lo || sigma[i, i].hi < lhs.lo
        }
        #expect(disjoint, "α = 1 is not σ_1/2's skip scale")
    }

    /// The σ_s prediction (the suite's schedule code, kernel 2(1 − s)G + s²H at rate η) and
    /// the skip linear model (H + 4G at rate η/4) are the same iteration; they agree to
    /// rounding of Double sums over T steps.
    @Test func twoPredictionsOfTheSameIterationAgree() throws {
        let p = try Self.problem()
        let eta: Float = 0.5
        let sigma = p.schedulePredictionFinal([FastPath.Stage(s: 0.5, steps: 50, learningRate: eta)], evaluatedAt: 0.5)
        let skip = Claim17.linearModelFinal(p, alphaSquared: 4, eta: eta / 4, steps: 50)
        #expect(abs(sigma - skip) <= 1e-9 * sigma)
        // A different α gives a different curve.
        #expect(abs(Claim17.linearModelFinal(p, alphaSquared: 1, eta: eta / 4, steps: 50) - sigma) > 1e-3 * sigma)
    }

    static func verdict(_ ratio: Double, jitter: Double, seeds: Int = 8) -> Verdict {
        let sigma = (0..<seeds).map { 1 + 0.1 * Double($0 % 3) }
        let skip = sigma.enumerated().map { k, v in v * ratio * exp(jitter * (k % 2 == 0 ? 1 : -1)) }
        return ConjunctionDecision(alpha: Claim17.alpha, [Claim17.component("toy", skip: skip, sigma: sigma)]).verdict
    }

    /// Within 10 % confirms from either side, 25 % apart refutes from either side, and a noisy
    /// 1.1 is undecided.
    @Test func equivalenceRuleReachesEveryVerdict() {
        #expect(Self.verdict(1.02, jitter: 0.005) == .confirmed)
        #expect(Self.verdict(0.97, jitter: 0.005) == .confirmed)
        #expect(Self.verdict(1.25, jitter: 0.005) == .refuted)
        #expect(Self.verdict(0.8, jitter: 0.005) == .refuted)
        #expect(Self.verdict(1.1, jitter: 0.2) == .inconclusive)
    }

    /// The simulation puts the truth where its name says. With sds 0.02 and 0.05 and 16 seeds
    /// the larger SE is 0.0125: at truth 0 the 98 % interval (±2.6 SE = ±0.033) lies inside
    /// ±δ = ±0.095 unless the mean strays 5 SE, so CONFIRMED is all but certain; at +2δ the
    /// refuting interval (±t(0.995; 15) ≈ 2.95 SE = ±0.037, α/K with K = 2) lies above δ unless
    /// the mean falls 4.6 SE; so > 0.9 leaves room only for the simulation. On the boundary a CONFIRMED has
    /// rate at most α; `+ 0.01` is over four binomial SEs at 2000 replicates.
    @Test func calibrationScenariosBehave() {
        let scenarios = Claim17.scenarios(sds: [("a", 0.02), ("b", 0.05)], seeds: 16, replicates: 2000, seed: 11)
        func rate(_ prefix: String, _ v: Verdict) -> Double { scenarios.first { $0.name.hasPrefix(prefix) }!.counts.rate(v) }
        #expect(rate("every gap 0 (claim true)", .confirmed) > 0.9)
        #expect(rate("every gap at +δ", .confirmed) <= Claim17.alpha + 0.01)
        #expect(rate("the noisiest at +2δ", .refuted) > 0.9)
    }

    @Test func protocolPinsTheSizes() {
        let quick = SuiteContext(profile: .quick, seed: 1), full = SuiteContext(profile: .full, seed: 1)
        #expect(Claim17.lazyWidth(quick) == 16384 && Claim17.lazyWidth(full) == 65536)
        #expect(Claim17.narrowSeeds(quick) == 512 && Claim17.narrowSeeds(full) == 1024 && Claim17.narrowWidths == [16, 64, 256])
        let design = Claim17.skipProtocol.design
        #expect(design.contains("17a: width 16384 (full: 65536), 8 paired seeds (full: 12)") && design.contains("512 paired seeds (full: 1024"))
        #expect(Claim17.skipProtocol.alpha == Claim17.alpha && Claim17.margin == log(1.1) && Claim17.rateFraction == 0.5)
        #expect(Claim17.s == 0.5 && Claim17.skipScale * Claim17.skipScale * Rational(1, 4) == 2 * (1 - Rational(1, 2)))
    }
}
