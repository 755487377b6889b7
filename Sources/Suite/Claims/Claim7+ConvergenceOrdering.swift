import Evidence
import Exact
import FastPath
import Foundation
import Reference

/// Claim 7: the kernel regime orders the values of `s` by convergence speed, and FastPath
/// training of wide symmetric networks reproduces the ordering and the predicted loss curves.
/// See proofs-notes/claim-07-convergence-ordering.md.
enum Claim7: Claim {
    static let protocols: [ExperimentProtocol] = [Claim7Ordering.orderingProtocol, Claim7Curves.curveProtocol]
    static let calibrations: [CalibrationRun] =
        ["7a", "7b"].map { id in
            CalibrationRun(check: id) { request in
                request.progress("\(id): \(request.replicates) simulated runs per scenario")
                let (calibration, notes) = Claim7Ordering.calibrate(
                    check: id, replicates: request.replicates,
                    seed: request.seed, quick: request.isQuick)
                return (calibration, notes)
            }
        } + [
            CalibrationRun(check: "7c") { request in
                request.progress("7c: \(request.replicates) simulated runs per scenario")
                let (calibration, notes) = Claim7Curves.calibrate(
                    replicates: request.replicates, seed: request.seed,
                    quick: request.isQuick)
                return (calibration, notes)
            }
        ]
    static let checks: [Check] = [
        Check(
            id: "7a", title: "s ordering, fixed η",
            statement:
                "at one learning rate for all s, the certified kernel prediction orders s by the loss after T steps, and GD on wide symmetric networks reproduces the order of every pair predicted at least 10 % apart",
            method: "certified λ and loss enclosures of K_s^∞; FastPath GD, paired seeds",
            expected: .confirmed
        ) { context in try ordering(context, rule: .fixed) },
        Check(
            id: "7b", title: "s ordering, η = n/λmax",
            statement: "the same at η_s = n/λ_max(K_s^∞) (the fair comparison); near ties (predicted < 10 % apart) are reported, not decided",
            method: "certified λ and loss enclosures of K_s^∞; FastPath GD, paired seeds",
            expected: .confirmed
        ) { context in try ordering(context, rule: .normalised) },
        Check(
            id: "7c", title: "loss curves vs kernel",
            statement:
                "the measured loss curves follow the infinite-width prediction closely enough to explain the order of s: in the second half of training each is within half its predicted gap to the nearest other s",
            method: "per-seed max |log(L/L_pred)| over t ∈ [T/2, T] against a margin derived from the predictions; paired seeds",
            expected: .refuted
        ) { context in try curves(context) },
    ]

    /// How the learning rate is chosen for each `s`.
    enum Rule: String {
        /// One `η` for every `s`: `n/max_s λ_max(K_s)`, so `(η/n)λ_max(K_s) ≤ 1` for all `s`.
        case fixed = "fixed η"
        /// `η_s = n/λ_max(K_s)`: every `s` at the same relative step.
        case normalised = "η = n/λmax"
    }

    /// Predicted losses below `floorRatio·L_0` are not compared: there the Float residuals'
    /// rounding (relative `≈ 2^−24·|y|/|r|`) would start to matter.
    static let floorRatio = 1e-6

    /// A curve is compared only when the predicted loss falls by at least this fraction of
    /// `L_0` over the `T` steps. Below it the Float loss cannot resolve the movement (its
    /// rounding is a few units of `2^−24` relative), so errors of that size would measure
    /// rounding, not the kernel regime. It happens when the targets lie (almost) in the null
    /// space of `K_s^∞`, e.g. `y = sin 3θ` on equally spaced circle points.
    static let signalRatio = 0x1p-16

    /// Does the prediction move enough over the horizon to be compared?
    static func hasSignal(_ run: Run) -> Bool {
        guard let first = run.predicted.first, let last = run.predicted.last, first > 0 else { return false }
        return (first - last) / first >= signalRatio
    }

    /// The second, smaller measured width is `m/widthRatio`: its error shows the convergence in `m`.
    static let widthRatio = 16

    /// What one `s` gave on one data set.
    struct Run {
        let s: Float
        let eta: Float
        let lambdaMin: EigenvalueBracket
        let lambdaMax: EigenvalueBracket
        /// Certified `L_T` of the infinite-width prediction.
        let predictedFinal: RationalInterval
        /// Recorded steps and the predicted (midpoint) and seed-mean measured losses there.
        let steps: [Int]
        let predicted: [Double]
        let measured: [Double]
        /// Seed-mean measured `L_T` at the large width and its standard error.
        let measuredFinal: Double
        let measuredFinalSE: Double
        /// Per seed: the measured `L_T` at the large width (seed `k` starts from the same
        /// initial weights for every `s`, so seeds pair across `s`).
        let finals: [Double]
        /// Per seed: the measured loss at each recorded step (`steps`).
        let seedCurves: [[Double]]
        /// Per seed, version 1's estimated finite-width effect `τ_k = e_fluct + e_drift` (evidence
        /// only): `e_fluct` the largest relative deviation from the prediction of the linear model
        /// run with that network's own initial kernel `K_m(θ_0)`, `e_drift` the largest relative
        /// change of that linear curve when `K_m(θ_0)` is replaced by the kernel at the end, `K_m(θ_T)`.
        let tolerances: [Double]
        /// Mean over seeds of the largest relative error at width m/widthRatio (convergence evidence).
        let errorSmall: Double
        var tolerance: Double { SampleSummary.mean(tolerances) }
    }

    /// The runs of one data set under one rule (`nil`: the data cannot be used, with the reason).
    struct ProblemRuns: Sendable {
        let name: String
        /// The data set and its kernel (`nil` when it was skipped before it was built).
        let problem: KernelProblem?
        let note: String
        /// Number of points `n`.
        let count: Int
        let runs: [Run]
        let skipped: String?
        let figure: Figure?
    }

    /// Runs shared between the parts (7a, 7b, 7c) of one suite run.
    static let experiments = RunCache<[ProblemRuns]>()
    static let runCache = RunCache<Run>()

    static func key(_ context: SuiteContext) -> String { RunCache<Run>.key(context) }

    /// The experiment of one rule on every data set (cached per suite run).
    static func experiment(_ context: SuiteContext, rule: Rule) throws -> [ProblemRuns] {
        try experiments.value(key(context) + "-" + rule.rawValue) {
            let sizes = KernelRegimeSizes.of(context)
            return try KernelProblem.problems(context, sizes: sizes).map { problem in
                Progress.note("      claim 7 (\(rule.rawValue)): \(problem.name)")
                guard problem.data.targets.contains(where: { $0 != 0 }) else {
                    return ProblemRuns(
                        name: problem.name, problem: problem, note: problem.note, count: problem.count, runs: [],
                        skipped: "every target is 0, the loss is 0 from the start: nothing to order", figure: nil)
                }
                var spectra: [(EigenvalueBracket, EigenvalueBracket)] = []
                for s in sizes.sGrid { spectra.append(try problem.spectrum(s: s)) }
                let common = try spectra.map { try problem.normalisedRate($0.1) }.min()!
                var runs: [Run] = []
                for (index, s) in sizes.sGrid.enumerated() {
                    let eta = rule == .fixed ? common : try problem.normalisedRate(spectra[index].1)
                    runs.append(
                        try runCache.value(key(context) + "-\(problem.name)-\(s)-\(eta.bitPattern)") {
                            try measure(problem, s: s, eta: eta, spectrum: spectra[index], sizes: sizes, context: context)
                        })
                }
                return ProblemRuns(
                    name: problem.name, problem: problem, note: problem.note, count: problem.count, runs: runs, skipped: nil,
                    figure: figure(problem, runs: runs, rule: rule, sizes: sizes))
            }
        }
    }

    /// 7a, 7b: the predicted order of the `s` values and the measured one.
    static func ordering(_ context: SuiteContext, rule: Rule) throws -> Outcome {
        let sizes = KernelRegimeSizes.of(context)
        var evidence: [String] = [], figures: [Figure] = [], verdicts: [String] = [], orders: [String] = []
        var inconclusive = false
        var components: [(Estimate, ClaimRegion)] = [], nearTies: [Estimate] = []
        evidence.append(
            "rule: protocol \(rule == .fixed ? "7a" : "7b") version \(Claim7Ordering.orderingProtocol.version) (proofs-notes/protocols.md): paired per-seed gaps log(L_slower/L_faster) of every covered pair (certified predicted ratio ≥ \(Claim7Ordering.coveredRatio)), near ties reported and not decided, one-sided α = \(Claim7Ordering.alpha) per direction; calibration: `verify calibrate \(rule == .fixed ? "7a" : "7b")`"
        )
        for problem in try experiment(context, rule: rule) {
            evidence.append("data: \(problem.note)")
            if let reason = problem.skipped {
                inconclusive = true
                evidence.append("\(problem.name): \(reason)")
                continue
            }
            let runs = problem.runs
            for r in runs {
                let lmin = r.lambdaMin, lmax = r.lambdaMax
                evidence.append(
                    "\(problem.name) s = \(r.s): λ_min(K_s^∞) ∈ [\(Format.sci(Double(lmin.lower), 4)), \(Format.sci(Double(lmin.upper), 4))], "
                        + "λ_max ∈ [\(Format.sci(Double(lmax.lower), 4)), \(Format.sci(Double(lmax.upper), 4))] (certified), "
                        + "η = \(r.eta), (η/n)λ_max ≤ \(Format.sci(Double(r.eta) * Double(lmax.upper) / Double(problem.count), 4)); "
                        + "predicted L_\(sizes.steps) ∈ [\(Format.sci(Double(r.predictedFinal.lo), 6)), \(Format.sci(Double(r.predictedFinal.hi), 6))], "
                        + "measured \(Format.sci(r.measuredFinal, 4)) ± \(Format.sci(r.measuredFinalSE, 2)) (m = \(sizes.width), \(sizes.seeds) seeds)")
            }
            // Orders: fastest (smallest L_T) first.
            let predictedOrder = Claim7Ordering.predictedOrder(runs)
            let measuredOrder = runs.indices.sorted { runs[$0].measuredFinal < runs[$1].measuredFinal }
            let certifiedOrder = zip(predictedOrder, predictedOrder.dropFirst()).allSatisfy {
                runs[$0.0].predictedFinal.hi < runs[$0.1].predictedFinal.lo
            }
            let parts = Claim7Ordering.components(problem.name, runs)
            components += parts.covered
            nearTies += parts.nearTies
            let text = { (order: [Int]) in order.map { "\(runs[$0].s)" }.joined(separator: " < ") }
            evidence.append(
                "\(problem.name): predicted order of L_\(sizes.steps) (fastest first) \(text(predictedOrder))"
                    + "\(certifiedOrder ? " (certified: enclosures disjoint)" : " (enclosures overlap: the prediction does not decide the order)")"
                    + ", measured seed-mean order \(text(measuredOrder))")
            orders.append(text(predictedOrder))
            if let figure = problem.figure { figures.append(figure) }
        }
        for tie in nearTies {
            evidence.append(
                "near tie (certified predicted ratio < \(Claim7Ordering.coveredRatio): not covered, not decided): \(tie.name) measured \(String(format: "%.3g", tie.value)) ± \(String(format: "%.2g", tie.standardError))"
            )
        }
        var status = Status.inconclusive
        if components.isEmpty {
            evidence.append("no pair of s values is predicted at least 10 % apart: nothing to decide, INCONCLUSIVE")
        } else {
            let decision = ConjunctionDecision(alpha: Claim7Ordering.alpha, components)
            evidence += decision.lines
            status = Status(decision.verdict)
            if status == .confirmed && inconclusive {
                status = .inconclusive
                evidence.append("every covered gap has the predicted sign, but a data set could not be used: INCONCLUSIVE")
            }
            let smallest = decision.components.min { $0.estimate.value < $1.estimate.value }!
            verdicts.append(
                "smallest covered gap \(String(format: "%.3g", smallest.estimate.value)) \(smallest.confirmationInterval)"
                    + (nearTies.isEmpty ? "" : "; \(nearTies.count) near tie\(nearTies.count == 1 ? "" : "s") not decided"))
        }
        let key =
            (Set(orders).count == 1 && !orders.isEmpty ? "\(orders[0]) on \(orders.count) sets" : orders.joined(separator: "; "))
            + (verdicts.isEmpty ? "" : "; " + verdicts.joined(separator: "; "))
        return Outcome(status: status, keyFigure: key, evidence: evidence, figures: figures)
    }

    /// 7c: the measured curves against the prediction, both rules (protocol 7c, version 4:
    /// the seeds of 7a and 7b and as many of its own).
    static func curves(_ context: SuiteContext) throws -> Outcome {
        let sizes = KernelRegimeSizes.of(context)
        var evidence: [String] = [], skipped = false
        var components: [(Estimate, ClaimRegion)] = []
        evidence.append(
            "rule: protocol 7c version \(Claim7Curves.curveProtocol.version) (proofs-notes/protocols.md): per seed, the largest |log(L_measured/L_predicted)| over the recorded steps t ∈ [T/2, T] with L_pred ≥ \(floorRatio)·L_0, divided by the curve's margin δ (half the smallest predicted log gap to another s of the same data set and rule in that window); claim: mean < 1; one-sided α = \(Claim7Curves.alpha) per direction; \(sizes.seeds + Claim7Curves.ownSeeds(sizes)) seeds, the \(sizes.seeds) of 7a and 7b and \(Claim7Curves.ownSeeds(sizes)) trained for 7c alone"
        )
        for rule in [Rule.fixed, .normalised] {
            for problem in try experiment(context, rule: rule) {
                if let reason = problem.skipped {
                    skipped = true
                    evidence.append("\(problem.name): \(reason)")
                    continue
                }
                for (index, r) in problem.runs.enumerated() {
                    guard hasSignal(r) else {
                        skipped = true
                        evidence.append(
                            "\(problem.name), \(rule.rawValue), s = \(r.s): the predicted loss falls by less than 2^-16·L_0 over \(sizes.steps) steps: "
                                + "the targets lie (almost) in the kernel's null space, and Float losses cannot resolve such a change; not compared")
                        continue
                    }
                    let name = "\(problem.name), \(rule.rawValue), s = \(r.s)"
                    guard let c = try Claim7Curves.component(name, problem: problem, index: index, context: context) else {
                        skipped = true
                        evidence.append(
                            "\(name): no recorded step of the second half is above the rounding floor, or no other s to separate from: not compared")
                        continue
                    }
                    components.append(c.component)
                    evidence.append(
                        "\(name): margin δ = \(Format.short(c.margin)) (log), per-seed largest |log ratio| \(c.errors.map { Format.short($0) }.joined(separator: ", ")); "
                            + "finite-width effect estimated from the network's own kernel (evidence only, version 1's τ): \(pct(r.tolerance)); "
                            + "error at m/\(widthRatio) = \(sizes.width / widthRatio): \(pct(r.errorSmall)) (whole curve, relative)")
                }
            }
        }
        guard !components.isEmpty else {
            return Outcome(status: .inconclusive, keyFigure: "no curve could be compared", evidence: evidence)
        }
        let decision = ConjunctionDecision(alpha: Claim7Curves.alpha, components)
        evidence += decision.lines
        var status = Status(decision.verdict)
        if status == .confirmed && skipped {
            status = .inconclusive
            evidence.append("every compared curve is within its margin, but some curves could not be compared: INCONCLUSIVE")
        }
        let within = decision.components.filter { $0.verdict == .confirmed }.count
        let outside = decision.components.filter { $0.verdict == .refuted }.count
        let worst = decision.components.max { $0.estimate.value < $1.estimate.value }!
        let key =
            "\(within)/\(decision.components.count) within margin, \(outside) outside; worst error/δ \(Format.short(worst.estimate.value)) \(worst.confirmationInterval)"
        return Outcome(status: status, keyFigure: key, evidence: evidence)
    }

    /// The certified prediction and the measurements for one `s` and learning rate.
    static func measure(
        _ problem: KernelProblem, s: Float, eta: Float, spectrum: (EigenvalueBracket, EigenvalueBracket),
        sizes: KernelRegimeSizes, context: SuiteContext
    ) throws -> Run {
        let enclosure = try problem.certifiedPrediction(s: s, learningRate: eta, steps: sizes.steps, bits: sizes.bits)
        let predictedAll = enclosure.losses.map { Double(($0.lo + $0.hi) / 2) }
        let schedule = try Schedule(stages: [FastPath.Stage(s: s, steps: sizes.steps, learningRate: eta)])
        let large = KernelRegimeTraining.run(
            problem, schedule: schedule, width: sizes.width, seeds: sizes.seeds,
            stride: sizes.stride, context: context)
        let small = KernelRegimeTraining.run(
            problem, schedule: schedule, width: sizes.width / widthRatio, seeds: sizes.seeds,
            stride: sizes.stride, context: context)
        let steps = large[0].lossCurve.map(\.step)
        let floor = floorRatio * predictedAll[0]
        /// Largest relative error along one measured curve (where the prediction is above the floor).
        func error(_ result: TrainingResult) -> Double {
            if result.diverged { return .infinity }
            var worst = 0.0
            for record in result.lossCurve where predictedAll[record.step] >= floor {
                worst = max(worst, abs(Double(record.loss) / predictedAll[record.step] - 1))
            }
            return worst
        }
        // The tolerance of each seed: linearised curves with its own empirical kernel at θ_0 and θ_T.
        let n = problem.count, h = Double(eta) / Double(n)
        var tolerances: [Double] = []
        for (k, result) in large.enumerated() {
            let start = HomotopyNetwork.seeded(
                width: sizes.width, dimension: problem.data.dimension, s: s,
                seed: KernelRegimeTraining.networkSeed(context, k), symmetric: true)
            let k0 = KernelRegimeTraining.empiricalKernel(start, on: problem.data)
            let kT = KernelRegimeTraining.empiricalKernel(result.network, on: problem.data)
            let c0 = KernelRegimeTraining.linearisedLosses(kernel: k0, targets: problem.data.targets, stepSize: h, steps: sizes.steps)
            let cT = KernelRegimeTraining.linearisedLosses(kernel: kT, targets: problem.data.targets, stepSize: h, steps: sizes.steps)
            var fluctuation = 0.0, drift = 0.0
            for t in steps where predictedAll[t] >= floor {
                fluctuation = max(fluctuation, abs(c0[t] / predictedAll[t] - 1))
                drift = max(drift, abs(cT[t] - c0[t]) / predictedAll[t])
            }
            tolerances.append(fluctuation + drift)
        }
        let measured = steps.indices.map { i in SampleSummary.mean(large.map { Double($0.lossCurve[i].loss) }) }
        let finals = large.map { Double($0.finalLoss) }
        return Run(
            s: s, eta: eta, lambdaMin: spectrum.0, lambdaMax: spectrum.1,
            predictedFinal: enclosure.losses[sizes.steps], steps: steps, predicted: steps.map { predictedAll[$0] },
            measured: measured, measuredFinal: SampleSummary.mean(finals),
            measuredFinalSE: SampleSummary(finals).standardError, finals: finals,
            seedCurves: large.map { $0.lossCurve.map { Double($0.loss) } },
            tolerances: tolerances, errorSmall: SampleSummary.mean(small.map(error)))
    }

    static func figure(_ problem: KernelProblem, runs: [Run], rule: Rule, sizes: KernelRegimeSizes) -> Figure {
        var series: [Figure.Series] = []
        for (index, r) in runs.enumerated() {
            series.append(
                Figure.Series(
                    label: "s = \(r.s) measured", points: zip(r.steps, r.measured).map { (Double($0), $1) },
                    style: .line, colourGroup: index))
            series.append(
                Figure.Series(
                    label: "s = \(r.s) kernel prediction", points: zip(r.steps, r.predicted).map { (Double($0), $1) },
                    style: .dashed, colourGroup: index))
        }
        let slug = rule == .fixed ? "fixed" : "normalised"
        return Figure(
            name: "claim7-loss-\(problem.name)-\(slug)", title: "Loss per s, \(problem.name), \(rule.rawValue)",
            caption: "Solid: FastPath GD, width \(sizes.width), mean of \(sizes.seeds) symmetric initialisations; dashed: "
                + "certified infinite-width kernel prediction (same colour, same s). The order of the curves at the right end is the claim.",
            xLabel: "step", yLabel: "loss", logY: true, series: series)
    }

    static func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.2g%%", 100 * x) : "∞" }
}
