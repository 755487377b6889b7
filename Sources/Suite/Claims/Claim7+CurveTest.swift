import Evidence
import FastPath
import Foundation
import Reference

/// The decision of 7c (protocol version 4): do the measured loss curves match the
/// infinite-width prediction closely enough to explain the ordering of claim 7?
///
/// The margin is derived from the predictions alone, before any measurement: a curve's
/// margin `δ` is half the smallest predicted log gap, over the second half of training, to
/// the curve of any other `s` on the same data set and rule. If every measured curve stays
/// within its `δ` of its prediction, no two measured curves can change places in that
/// window, so the kernel prediction explains the measured order. The effect per seed is the
/// largest `|log(L_measured/L_predicted)|` in the window, divided by `δ`; the claim is that
/// its mean is below 1 (a non-inferiority test in both directions, `ConjunctionDecision`).
enum Claim7Curves {
    static let alpha = 0.01

    static let curveProtocol = ExperimentProtocol(
        check: "7c", version: 4, registered: "2026-12-03",
        hypothesis:
            "on every data set, rule and s, GD on a wide symmetric network follows the certified infinite-width prediction of its loss curve closely enough that the predicted order of the s values holds along the second half of training",
        statistic:
            "per curve and seed k, e_k = max over recorded steps t ∈ [T/2, T] with L_pred(t) ≥ 10⁻⁶·L_0 of |log L_k(t) − log L_pred(t)|, divided by the curve's margin δ; the mean over seeds, SE sd/√S, Student t with S − 1 degrees of freedom",
        null: "mean e/δ ≥ 1 for some curve",
        alternative: "mean e/δ < 1 for every curve",
        alpha: alpha,
        margin:
            "δ = ½·min over the other s' of the same data set and rule, and over the window, of |log L_pred(s', t) − log L_pred(s, t)|: derived from the certified predictions alone (their midpoints), before measurement. Two curves each within half their smallest gap cannot cross",
        design:
            "as 7a and 7b: 3 data sets × 3 values of s × 2 rules = 18 curves (full: 3 × 5 × 2 = 30), width 32768 (full: 65536), T = 200 steps (full: 300), recorded every 5 steps; 16 seeds (full: 24): the 8 (full: 12) initialisations of 7a and 7b and as many more of the same seed stream, trained for 7c alone, so t(1 − 0.01/18; 15) = 4.02 (full: t(1 − 0.01/30; 23) = 3.93); curves whose prediction falls by less than 2⁻¹⁶·L_0 are not compared (Float cannot resolve them) and make the check INCONCLUSIVE",
        decision: [
            "CONFIRMED: every curve's upper bound mean + t(1 − α; S − 1)·SE is < 1, and no curve was left out",
            "REFUTED: some curve's lower bound mean − t(1 − α/K; S − 1)·SE is ≥ 1 (K = number of curves compared, Bonferroni)",
            "INCONCLUSIVE: otherwise",
        ],
        history: [
            ExperimentProtocol.Revision(
                version: 1,
                rule:
                    "per seed, e_k = the largest relative error of the measured curve against the prediction over the whole curve and τ_k = e_fluct + e_drift, the finite-width effect estimated from the same network's kernel (linear model with K_m(θ_0), and its change with K_m(θ_T)); a curve matched when mean(e_k − τ_k) ≤ t·SE, t the one-sided Student quantile at 0.05/N (N curves). This rule replaced, in review and after the results were seen, a fixed 3·SE, which turned REFUTED (3.2 SE, borderline) into CONFIRMED.",
                verdict: "CONFIRMED (18/18 curves within τ; largest error 21 %) under the default seed.",
                reason:
                    "one-sided (CONFIRMED meant only 'no evidence against'), the rule had been changed after its results were seen, and τ, called a triangle inequality, bounds nothing it is compared with. Version 2 (2026-12-01, before its results were seen) decides in both directions against a margin derived from the predictions."
            ),
            ExperimentProtocol.Revision(
                version: 2,
                rule: "the decision of version 3 with 4 seeds (full: 8).",
                verdict:
                    "REFUTED under the default seed (13/18 curves within the margin; gaussian at η = n/λ_max: s = 1 and 1.5 at 1.78 and 2.36 margins); on 20 unused seeds (700001–700020) 17 REFUTED and 3 INCONCLUSIVE, the latter with curves at 2–26 margins that the refuting side (t(1 − 0.01/18; 3) = 12.5) could not decide. Calibration: CONFIRMED 0.1 % even with the curves exactly as predicted (seed-to-seed spread up to 1.3 margins).",
                reason:
                    "power of the refuting side. Version 3 (2026-12-01) doubles the seeds, t(1 − 0.01/18; 7) = 5.3; the decision table is unchanged. Decided AFTER version 2's results and stability table were seen; its stability was measured on another 20 unused seeds. CONFIRMED stays out of reach at this width (the spread of one network's curve is a finite-width effect that more seeds do not remove)."
            ),
            ExperimentProtocol.Revision(
                version: 3,
                rule: "the decision of version 4 with only the 8 seeds (full: 12) shared with 7a and 7b, t(1 − 0.01/18; 7) = 5.31.",
                verdict:
                    "REFUTED under the default seed (13/18 curves within the margin, 3 outside; worst error/δ 2.29); on three sets of 20 unused seeds 19/20 (800001–800020), 19/20 (940001–940020) and 18/20 (970001–970020) REFUTED, the rest INCONCLUSIVE (4 of 60): each time the worst curve lay a few tenths of a margin above 1 (e.g. 970008: 1.31, SE 0.084), where 5.31·SE reaches below 1.",
                reason:
                    "power of the refuting side: the last stability table failed issue 8's 19/20. Version 4 (2026-12-03) doubles 7c's seeds again, with the 8 new ones trained for 7c alone so that 7a, 7b and 14 keep their registered designs; t falls to 4.02 and the SE by √2, so the refuting bound moves from 5.31·SE to 2.84·SE of version 3. The statistic, margin and decision table are unchanged. Decided AFTER version 3's results and stability tables were seen; its stability is measured on 20 seeds never used before (1010001–1010020), declared here, before any run of version 4."
            ),
        ])

    /// Version 4: the seeds 7c trains for itself beyond the `sizes.seeds` it shares with 7a
    /// and 7b (as many again: 16 in all, full 24).
    static func ownSeeds(_ sizes: KernelRegimeSizes) -> Int { sizes.seeds }

    static let ownCurves = RunCache<[[Double]]>()

    /// The loss curves of 7c's own initialisations `sizes.seeds ..< sizes.seeds + ownSeeds`
    /// for one run of claim 7 (the same data, `s`, rate and recorded steps), cached per suite run.
    static func ownSeedCurves(_ problem: KernelProblem, run: Claim7.Run, context: SuiteContext) throws -> [[Double]] {
        let sizes = KernelRegimeSizes.of(context)
        return try ownCurves.value(Claim7.key(context) + "-\(problem.name)-\(run.s)-\(run.eta.bitPattern)") {
            let schedule = try Schedule(stages: [FastPath.Stage(s: run.s, steps: sizes.steps, learningRate: run.eta)])
            return KernelRegimeTraining.runSeeds(
                problem, schedule: schedule, width: sizes.width, seeds: sizes.seeds..<sizes.seeds + ownSeeds(sizes),
                stride: sizes.stride, context: context
            ).map { $0.lossCurve.map { Double($0.loss) } }
        }
    }

    /// Every seed's loss curve of one run: the shared seeds, then 7c's own.
    static func allSeedCurves(_ problem: Claim7.ProblemRuns, index: Int, context: SuiteContext) throws -> [[Double]] {
        let run = problem.runs[index]
        guard let data = problem.problem else { return run.seedCurves }
        return run.seedCurves + (try ownSeedCurves(data, run: run, context: context))
    }

    /// Indices of the recorded steps in the window `[T/2, T]` where the prediction is above
    /// the rounding floor `10⁻⁶·L_0`.
    static func window(steps recorded: [Int], predicted: [Double], horizon: Int) -> [Int] {
        let floor = Claim7.floorRatio * (predicted.first ?? 0)
        return recorded.indices.filter { recorded[$0] * 2 >= horizon && predicted[$0] >= floor && predicted[$0] > 0 }
    }

    /// The margin of curve `index` among the predicted curves of one data set and rule (same
    /// recorded steps): half the smallest `|log L_pred(s') − log L_pred(s)|` over the window.
    static func margin(predicted curves: [[Double]], index: Int, window: [Int]) -> Double? {
        let others = curves.indices.filter { $0 != index }
        guard !others.isEmpty, !window.isEmpty else { return nil }
        var gap = Double.infinity
        for o in others {
            for t in window where curves[o][t] > 0 {
                gap = min(gap, abs(log(curves[o][t]) - log(curves[index][t])))
            }
        }
        return gap.isFinite && gap > 0 ? gap / 2 : nil
    }

    /// Per seed, the largest `|log(L_k/L_pred)|` over the window (∞ for a diverged or zero loss).
    static func errors(seedCurves: [[Double]], predicted: [Double], window: [Int]) -> [Double] {
        seedCurves.map { curve in
            window.reduce(0.0) { worst, t in
                let value = curve[t] > 0 && curve[t].isFinite ? abs(log(curve[t]) - log(predicted[t])) : .infinity
                return max(worst, value)
            }
        }
    }

    /// The component of curve `index`: the estimate of mean `e/δ`, region `< 1`; `nil` when
    /// the curve has no window or no other curve to be separated from.
    static func component(
        _ name: String, steps recorded: [Int], predicted: [[Double]], seedCurves: [[Double]],
        index: Int, horizon: Int
    ) -> (component: (Estimate, ClaimRegion), margin: Double, errors: [Double])? {
        let w = window(steps: recorded, predicted: predicted[index], horizon: horizon)
        guard let delta = margin(predicted: predicted, index: index, window: w) else { return nil }
        let e = errors(seedCurves: seedCurves, predicted: predicted[index], window: w)
        return ((Estimate(name: "\(name): error/δ", meanOf: e.map { $0 / delta }), ClaimRegion(below: 1)), delta, e)
    }

    /// The component of curve `index` of one data set and rule, over all 16 (full: 24) seeds.
    static func component(_ name: String, problem: Claim7.ProblemRuns, index: Int, context: SuiteContext) throws
        -> (component: (Estimate, ClaimRegion), margin: Double, errors: [Double])?
    {
        let runs = problem.runs
        return component(
            name, steps: runs[index].steps, predicted: runs.map(\.predicted),
            seedCurves: try allSeedCurves(problem, index: index, context: context),
            index: index, horizon: KernelRegimeSizes.of(context).steps)
    }

    /// Calibration: simulated per-seed log deviations `D_k(t) = λ·δ + z_k·σ(t)` of every
    /// compared curve from its prediction, with `σ(t)` the seed sd of the measured deviations
    /// at step `t` (one normal `z_k` per seed and curve: a seed's deviation is smooth in `t`),
    /// for offsets `λ` of 0 (the prediction exact), ½, 1 (on the margin) and 2, and with no
    /// offset and the noise scaled so that every curve's mean `e/δ` is exactly 1 (the null's
    /// boundary, where a REFUTED is the test's false-positive rate). At `λ = 0` a curve whose
    /// seed noise alone exceeds its margin (`σ` up to 2.1·`δ` at the default seed) has mean
    /// `e/δ > 1`: the null holds for it, and a REFUTED there is correct for the statistic
    /// although the table counts it under "error if".
    static func calibrate(replicates: Int, seed: UInt64, quick: Bool) -> (Calibration, [String]) {
        let context = SuiteContext(profile: quick ? .quick : .full, seed: 20_240_601)
        var curves: [(delta: Double, sigma: [Double])] = []
        var seeds = 0
        do {
            for rule in [Claim7.Rule.fixed, .normalised] {
                for problem in try Claim7.experiment(context, rule: rule) where problem.skipped == nil {
                    for index in problem.runs.indices where Claim7.hasSignal(problem.runs[index]) {
                        let run = problem.runs[index]
                        let w = window(steps: run.steps, predicted: run.predicted, horizon: KernelRegimeSizes.of(context).steps)
                        guard let delta = margin(predicted: problem.runs.map(\.predicted), index: index, window: w) else { continue }
                        let seedCurves = try allSeedCurves(problem, index: index, context: context)
                        seeds = seedCurves.count
                        let sigma = w.map { t in SampleSummary(seedCurves.map { log($0[t]) }).standardDeviation }
                        curves.append((delta, sigma))
                    }
                }
            }
        } catch {
            return (
                Calibration(
                    check: "7c", protocolVersion: curveProtocol.version, replicates: 0, scenarios: [],
                    method: "the experiment failed: \(error)"), []
            )
        }
        guard !curves.isEmpty else {
            return (
                Calibration(
                    check: "7c", protocolVersion: curveProtocol.version, replicates: 0, scenarios: [],
                    method: "no curve could be compared"), []
            )
        }
        let truths: [(String, Double, Verdict?, Verdict?)] = [
            ("curves exactly as predicted (λ = 0), measured noise", 0, .confirmed, .refuted),
            ("every curve offset by half its margin (λ = ½)", 0.5, .confirmed, .refuted),
            ("every curve offset by its margin (λ = 1, boundary)", 1, nil, .confirmed),
            ("one curve offset by its margin, the others exact", -1, nil, .confirmed),
            ("mean e/δ = 1 on every curve, noise only (boundary)", -2, nil, .refuted),
            ("every curve offset by twice its margin (λ = 2)", 2, .refuted, .confirmed),
        ]
        var gaussian = GaussianSampler(seed: seed ^ 0x7C7C)
        var scenarios: [CalibrationScenario] = []
        for (name, lambda, expected, wrong) in truths {
            var counts = VerdictCounts()
            for _ in 0..<replicates {
                let parts = curves.indices.map { c -> (Estimate, ClaimRegion) in
                    let offset = lambda == -1 ? (c == 0 ? 1.0 : 0.0) : max(lambda, 0)
                    // λ = −2: no offset, the noise scaled by δ/(√(2/π)·max σ), so that
                    // e = |z|·√(π/2) and E[e/δ] = 1 exactly on every curve.
                    let largest = curves[c].sigma.max() ?? 0
                    let scale = lambda == -2 ? (largest > 0 ? curves[c].delta / ((2 / Double.pi).squareRoot() * largest) : 0) : 1
                    let e = (0..<seeds).map { _ -> Double in
                        let z = gaussian.nextNormal() * scale
                        return curves[c].sigma.reduce(0.0) { max($0, abs(offset * curves[c].delta + z * $1)) } / curves[c].delta
                    }
                    return (Estimate(name: "curve \(c)", meanOf: e), ClaimRegion(below: 1))
                }
                counts.add(ConjunctionDecision(alpha: alpha, parts).verdict)
            }
            scenarios.append(CalibrationScenario(name: name, expected: expected, wrong: wrong, counts: counts))
        }
        let ratios = curves.map { ($0.sigma.max() ?? 0) / $0.delta }.sorted()
        let lines = [
            "\(curves.count) curves; seed sd of the log deviation relative to the margin: largest \(Format.short(ratios.last!)), median \(Format.short(ratios[ratios.count / 2]))"
        ]
        let method =
            "the suite's own run of 7c (default seed, \(context.profile.rawValue) profile) gives each curve's margin and the seed sd σ(t) of its measured log deviations over all \(seeds) seeds; simulated deviations λ·δ + z·σ(t), \(seeds) seeds, the same decision as the check"
        return (Calibration(check: "7c", protocolVersion: curveProtocol.version, replicates: replicates, scenarios: scenarios, method: method), lines)
    }
}
