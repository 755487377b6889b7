import Evidence
import FastPath
import Foundation
import Testing

@testable import Suite

/// Claim 16: the rule reaches each verdict at the margin, the tuning rule, the wall-time
/// reading of a loss curve, the methods' schedules and the seeds the protocol names.
struct Claim16Tests {
    /// Losses whose ratio to HRTA's is `factor` on every seed, with alternating jitter.
    static func verdict(_ factor: Double, jitter: Double) -> Verdict {
        let hrta = [1.0, 0.8, 1.2, 0.9, 1.1, 1.05]
        let baseline = hrta.enumerated().map { k, h in h * factor * exp(jitter * (k % 2 == 0 ? 1 : -1)) }
        return ConjunctionDecision(alpha: Claim16.alpha, [Claim16.component("toy", baseline: baseline, hrta: hrta)]).verdict
    }

    /// The margin is ln 1.1: a baseline 1.5× higher confirms; 1.05× (HRTA only 5 % faster)
    /// and 0.5× refute; a noisy 1.1× is undecided.
    @Test func ruleReachesEveryVerdictAroundTheMargin() {
        #expect(Self.verdict(1.5, jitter: 0.01) == .confirmed)
        #expect(Self.verdict(1.05, jitter: 0.001) == .refuted)
        #expect(Self.verdict(0.5, jitter: 0.01) == .refuted)
        #expect(Self.verdict(1.1, jitter: 0.3) == .inconclusive)
        // A baseline that reaches L = 0 is floored, not −∞: HRTA clearly lost.
        let c = Claim16.component("zero", baseline: [0, 0, 0], hrta: [1e-3, 2e-3, 1.5e-3])
        #expect(c.0.value.isFinite && ConjunctionDecision(alpha: Claim16.alpha, [c]).verdict == .refuted)
        // A non-finite run can neither confirm nor refute.
        let nan = Claim16.component("nan", baseline: [.nan, 2, 2], hrta: [1, 1, 1])
        #expect(ConjunctionDecision(alpha: Claim16.alpha, [nan]).verdict == .inconclusive)
    }

    /// The smallest mean log loss wins; a tie and an all-diverged grid go to the larger rate
    /// (first in the grid); a diverged tuning run scores +∞.
    @Test func tuningTakesTheSmallestScoreAndBreaksTiesUpward() {
        #expect(Claim16.tunedIndex([-1, -3, -2]) == 1)
        #expect(Claim16.tunedIndex([-3, -3, -1]) == 0)
        #expect(Claim16.tunedIndex([.infinity, .infinity]) == 0)
        let run = { (loss: Double) in Claim16.RunSummary(losses: [1, loss], seconds: [0, 1], finalLoss: loss, totalSeconds: 1, steps: 1) }
        #expect(Claim16.tuningScore([run(exp(-2)), run(exp(-4))]) == -3)
        #expect(Claim16.tuningScore([run(exp(-2)), run(.nan)]) == .infinity)
        #expect(Claim16.rateGrid == [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001])
    }

    /// A curve read at a time budget: the last record at or before it, the final loss when
    /// the run ended sooner, and the first record at or below a target.
    @Test func wallTimeReadsTheCurveAtTheBudget() {
        let run = Claim16.RunSummary(losses: [8, 4, 2, 1], seconds: [0, 0.1, 0.2, 0.3], finalLoss: 1, totalSeconds: 0.3, steps: 3)
        #expect(run.loss(within: 0.15) == 4)
        #expect(run.loss(within: 0.2) == 2)
        #expect(run.loss(within: 5) == 1)
        #expect(run.seconds(toReach: 2.5) == 0.2)
        #expect(run.seconds(toReach: 0.5) == nil)
    }

    /// HRTA is s = 0.5 for ⌊T/2⌋ steps, then s = 1; a baseline is s = 1 throughout; the
    /// optimisers are the ones named.
    @Test func methodsRunTheSchedulesTheProtocolNames() throws {
        let hrta = try Claim16.Method.hrta.schedule(steps: 401, learningRate: 0.3)
        #expect(hrta.stages.map(\.s) == [0.5, 1] && hrta.stages.map(\.steps) == [200, 201] && hrta.stages.allSatisfy { $0.learningRate == 0.3 })
        for b in Claim16.Method.baselines {
            let schedule = try b.schedule(steps: 400, learningRate: 0.1)
            #expect(schedule.stages.count == 1 && schedule.stages[0].s == 1 && schedule.totalSteps == 400)
        }
        #expect(Claim16.Method.baselines.map(\.optimizer) == [.gradientDescent, .momentum, .nesterov, .rmsprop, .adam])
        #expect(OptimizerSettings() == OptimizerSettings(momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.99, epsilon: 1e-8))
    }

    /// The sizes and constants the protocol states are the code's, and tuning seeds never
    /// serve the verdict (nor across neighbouring suite seeds).
    @Test func protocolPinsSizesAndDisjointSeeds() {
        let quick = SuiteContext(profile: .quick, seed: 1), full = SuiteContext(profile: .full, seed: 1)
        #expect(Claim16.Sizes.of(quick) == Claim16.Sizes(count: 128, width: 512, steps: 400, tuningSeeds: 3, seeds: 8))
        #expect(Claim16.Sizes.of(full) == Claim16.Sizes(count: 256, width: 1024, steps: 1000, tuningSeeds: 3, seeds: 10))
        let design = Claim16.baselineProtocol.design
        #expect(design.contains("n = 128 (full: 256)") && design.contains("width 512 (full: 1024)") && design.contains("T = 400 steps (full: 1000)"))
        #expect(design.contains("8 verdict seeds (full: 10)") && design.contains("over 3 tuning seeds"))
        #expect(Claim16.baselineProtocol.alpha == Claim16.alpha && Claim16.margin == log(1.1))
        for a in [quick, full, SuiteContext(profile: .quick, seed: 2)] {
            let sizes = Claim16.Sizes.of(a)
            // Each run uses the seed for the data and seed + 1 for the weights: keep those apart too.
            let tuning = (0..<sizes.tuningSeeds).flatMap { [Claim16.tuningSeed(a, $0), Claim16.tuningSeed(a, $0) &+ 1] }
            let verdict = (0..<sizes.seeds).flatMap { [Claim16.verdictSeed(a, $0), Claim16.verdictSeed(a, $0) &+ 1] }
            #expect(Set(tuning).isDisjoint(with: verdict) && Set(verdict).count == verdict.count)
        }
    }

    /// The calibration's simulation puts the truth relative to the margin. Truths 10 SE from
    /// it (8 seeds): a CONFIRMED needs each lower bound above the margin, `t(0.99; 7) ≈ 3.0`
    /// SE below the mean, and a REFUTED an upper bound below it, `t(0.995; 7) ≈ 3.5` SE above;
    /// both are then all but certain (each over 0.999), so > 0.95 leaves room only for the
    /// simulation. On the margin a CONFIRMED has rate at most α; `+ 0.01` is over four binomial
    /// SEs at 2000 replicates.
    @Test func calibrationScenariosAreMeasuredFromTheMargin() {
        let pairs: [PairedGapCalibration.Pair] = [("a", 10 * 0.5 / 8.0.squareRoot(), 0.5), ("b", 10 * 0.2 / 8.0.squareRoot(), 0.2)]
        let scenarios = PairedGapCalibration.scenarios(pairs: pairs, seeds: 8, replicates: 2000, alpha: Claim16.alpha, seed: 5, margin: Claim16.margin)
        let atMargin = scenarios.first { $0.name.hasPrefix("no gap anywhere") }!
        #expect(atMargin.counts.rate(.confirmed) <= Claim16.alpha + 0.01)
        let claimTrue = scenarios.first { $0.name.hasPrefix("every gap +|predicted| (claim true), normal") }!
        #expect(claimTrue.counts.rate(.confirmed) > 0.95)
        let reversed = scenarios.first { $0.name.hasPrefix("that comparison reversed") }!
        #expect(reversed.counts.rate(.refuted) > 0.95)
    }
}
