import Exact
import FastPath
import Evidence
import Foundation
import Reference

/// Claim 8: HRTA schedules (homotopy 0.5 → 1, relaxation to 1.5) against constant s = 1 at
/// equal steps, measured with FastPath and predicted by the kernel regime, with the
/// reviewers' doubts answered. See proofs-notes/claim-08-hrta-schedules.md.
enum Claim8 {
    static let checks: [Check] = [
        Check(
            id: "8a", title: "homotopy 0.5→1 vs s=1",
            statement: "training at s = 0.5 then s = 1 ends with a lower ReLU loss than s = 1 throughout (equal steps, equal η)",
            method: "FastPath GD on wide symmetric nets, paired seeds; two-channel kernel prediction",
            expected: .refuted
        ) { context in try run(context, part: .homotopy) },
        Check(
            id: "8b", title: "relaxation 1→1.5 vs s=1",
            statement: "s = 1 then s = 1.5 (and s = 1.5 throughout) end with a lower loss than s = 1 (equal steps, equal η; loss of the s = 1.5 network)",
            method: "FastPath GD on wide symmetric nets, paired seeds; two-channel kernel prediction",
            expected: .confirmed
        ) { context in try run(context, part: .relaxation) },
        Check(
            id: "8c", title: "relax→ReLU, fair η",
            statement: "s = 1.5 then s = 1, each stage at its own η_s = n/λ_max(K_s), ends with a lower ReLU loss than s = 1 at η_1 throughout (the reviewers' fair comparison)",
            method: "FastPath GD on wide symmetric nets, paired seeds; two-channel kernel prediction",
            expected: .refuted
        ) { context in try run(context, part: .fair) },
    ]

    enum Part {
        case homotopy, relaxation, fair

        /// Schedules per data set whose comparison with the baseline decides the status.
        var countedComparisons: Int { self == .relaxation ? 2 : 1 }
    }

    /// Which loss a comparison uses.
    enum Judged { case relu, own }

    /// A named schedule of `(s, steps, η)` stages, and how it is compared with the baseline.
    struct Plan {
        let name: String
        let stages: [(s: Float, steps: Int, eta: Float)]
        /// `.relu`: the loss of the final weights as a ReLU network (`s = 1`); `.own`: at the last stage's `s`.
        var judged: Judged = .relu
        /// Whether the comparison decides the part's status (otherwise evidence only).
        var counts = true
        var finalS: Float { stages[stages.count - 1].s }
        var rates: String {
            var seen: [Float] = []
            for stage in stages where !seen.contains(stage.eta) { seen.append(stage.eta) }
            return seen.map { "\($0)" }.joined(separator: " → ")
        }
        func schedule() throws -> Schedule {
            try Schedule(stages: stages.map { FastPath.Stage(s: $0.s, steps: $0.steps, learningRate: $0.eta) })
        }
    }

    /// Measured and predicted outcome of one schedule on one data set.
    struct Outcome8 {
        let plan: Plan
        /// Per seed: the final loss at the last stage's `s`, and of the same weights at `s = 1`.
        let finals: [Double]
        let reluFinals: [Double]
        let predictedFinal: Double
        let predictedRelu: Double
        /// The naive prediction (residual carried over at the switch), for multi-stage schedules.
        let naiveFinal: Double?
        /// Seed-mean curve (step, loss at the stage's `s`), boundaries recorded twice.
        let curve: [(Double, Double)]
    }

    /// Paired comparison of a schedule against the baseline over `S` seeds: CONFIRMED when its
    /// mean loss is lower by more than `t·SE` of the paired differences, REFUTED when higher by
    /// more than that, INCONCLUSIVE in between. `t` is the two-sided Student-t quantile at
    /// level `0.05/N` with `S − 1` degrees of freedom, `N` the comparisons that decide one part
    /// (Bonferroni): a schedule that is really no different gets a verdict with probability at
    /// most 5 % per part.
    static func verdict(_ a: [Double], against b: [Double], comparisons: Int) -> (status: Status, ratio: Double, se: Double) {
        let differences = zip(a, b).map { $0 - $1 }
        let mean = RegimeStats.mean(differences)
        let se = RegimeStats.sd(differences) / Double(differences.count).squareRoot()
        let ratio = RegimeStats.mean(a) / RegimeStats.mean(b)
        let t = threshold(seeds: differences.count, comparisons: comparisons)
        if mean < -t * se { return (.confirmed, ratio, se) }
        if mean > t * se { return (.refuted, ratio, se) }
        return (.inconclusive, ratio, se)
    }

    static func threshold(seeds: Int, comparisons: Int) -> Double {
        StudentT(degreesOfFreedom: max(1, seeds - 1)).quantile(1 - 0.025 / Double(max(1, comparisons)))
    }

    static func run(_ context: SuiteContext, part: Part) throws -> Outcome {
        let sizes = KernelRegimeSizes.of(context)
        let total = sizes.steps, half = sizes.steps / 2
        var evidence: [String] = [], figures: [Figure] = [], verdicts: [String] = []
        var statuses: [Status] = []
        let problems = try KernelProblem.problems(context, sizes: sizes)
        let comparisons = problems.count * part.countedComparisons
        evidence.append("verdicts: paired differences over \(sizes.seeds) seeds; a schedule beats (or loses to) the baseline when the mean difference "
                        + "exceeds t·SE with t = \(RegimeStats.sci(threshold(seeds: sizes.seeds, comparisons: comparisons), 3)), the two-sided Student-t quantile "
                        + "at level 0.05/\(comparisons) (Bonferroni over \(comparisons) comparisons) with \(sizes.seeds - 1) degrees of freedom")
        for problem in problems {
            Progress.note("      claim 8: \(problem.name)")
            evidence.append("data: \(problem.note); \(total) GD steps, width \(sizes.width), \(sizes.seeds) paired seeds")
            guard problem.data.targets.contains(where: { $0 != 0 }) else {
                statuses.append(.inconclusive)
                evidence.append("\(problem.name): every target is 0: no loss to reduce")
                verdicts.append("\(problem.name) –")
                continue
            }
            // One learning rate for every stage: stable for every s used, (η/n)λ_max(K_s) ≤ 1.
            var lambdaMax: [Float: EigenvalueBracket] = [:]
            for s: Float in [0.5, 1, 1.5] { lambdaMax[s] = try problem.spectrum(s: s).max }
            let eta = try lambdaMax.values.map { try problem.normalisedRate($0) }.min()!
            let etaRelu = try problem.normalisedRate(lambdaMax[1]!)
            evidence.append("\(problem.name): common η = \(eta) = n/max_s λ_max(K_s^∞) over s ∈ {0.5, 1, 1.5}; "
                            + "λ_max(K_s^∞) ≤ " + [Float(0.5), 1, 1.5].map { "\(RegimeStats.sci(Double(lambdaMax[$0]!.upper), 4)) (s = \($0))" }.joined(separator: ", ")
                            + "; ReLU's own η_1 = n/λ_max(K_1^∞) = \(etaRelu)")
            let eta15 = try problem.normalisedRate(lambdaMax[1.5]!)
            var plans: [Plan]
            switch part {
            case .homotopy:
                plans = [Plan(name: "s = 1", stages: [(1, total, eta)]),
                         Plan(name: "0.5 → 1", stages: [(0.5, half, eta), (1, total - half, eta)])]
            case .relaxation:
                plans = [Plan(name: "s = 1", stages: [(1, total, eta)], judged: .own),
                         Plan(name: "1 → 1.5", stages: [(1, half, eta), (1.5, total - half, eta)], judged: .own),
                         Plan(name: "s = 1.5", stages: [(1.5, total, eta)], judged: .own)]
            case .fair:
                plans = [Plan(name: "s = 1 at η_1", stages: [(1, total, etaRelu)]),
                         Plan(name: "1.5 → 1 at η_1.5 → η_1", stages: [(1.5, half, eta15), (1, total - half, etaRelu)]),
                         Plan(name: "1.5 → 1 at common η", stages: [(1.5, half, eta), (1, total - half, eta)], counts: false),
                         Plan(name: "s = 1.5 at η_1.5", stages: [(1.5, total, eta15)], judged: .own, counts: false)]
            }
            let outcomes = try plans.map { try measure(problem, plan: $0, sizes: sizes, context: context) }
            for o in outcomes {
                evidence.append("\(problem.name) \(o.plan.name) (η = \(o.plan.rates)): final loss at s = \(o.plan.finalS) "
                                + "measured \(RegimeStats.sci(RegimeStats.mean(o.finals), 4)) ± \(RegimeStats.sci(RegimeStats.sd(o.finals) / Double(o.finals.count).squareRoot(), 2)), "
                                + "kernel prediction \(RegimeStats.sci(o.predictedFinal, 4)); "
                                + "the same weights as a ReLU network (s = 1): measured \(RegimeStats.sci(RegimeStats.mean(o.reluFinals), 4)), predicted \(RegimeStats.sci(o.predictedRelu, 4))"
                                + (o.naiveFinal.map { "; naive prediction without the jump at the switch: \(RegimeStats.sci($0, 4))" } ?? ""))
            }
            let base = outcomes[0]
            var dataset: [Status] = []
            for o in outcomes.dropFirst() {
                let relu = o.plan.judged == .relu
                let v = verdict(relu ? o.reluFinals : o.finals, against: relu ? base.reluFinals : base.finals, comparisons: comparisons)
                let predictedBetter = (relu ? o.predictedRelu : o.predictedFinal) < (relu ? base.predictedRelu : base.predictedFinal)
                if o.plan.counts { dataset.append(v.status) }
                let measuredWord = v.status == .confirmed ? "beats" : v.status == .refuted ? "does NOT beat" : "ties with"
                let which = relu ? "the ReLU (s = 1) loss" : "its own loss (s = \(o.plan.finalS) vs \(base.plan.finalS))"
                evidence.append("\(problem.name): \(o.plan.name) \(measuredWord) \(base.plan.name) on \(which): "
                                + "measured ratio \(RegimeStats.sci(v.ratio, 4)), paired SE of the difference \(RegimeStats.sci(v.se, 2)); kernel prediction "
                                + "\(predictedBetter ? "beats" : "does not beat") → \(o.plan.counts ? v.status.rawValue : "evidence only")")
            }
            let status: Status = dataset.contains(.refuted) ? .refuted : dataset.allSatisfy { $0 == .confirmed } ? .confirmed : .inconclusive
            statuses.append(status)
            verdicts.append("\(problem.name) \(status == .confirmed ? "✓" : status == .refuted ? "✗" : "?")")
            figures.append(figure(problem, outcomes: outcomes, part: part, sizes: sizes))
        }
        evidence.append(contentsOf: reviewerAnswers(part))
        let status: Status = statuses.contains(.refuted) ? .refuted
            : statuses.allSatisfy { $0 == .confirmed } ? .confirmed : .inconclusive
        return Outcome(status: status, keyFigure: verdicts.joined(separator: ", "), evidence: evidence, figures: figures)
    }

    static func measure(_ problem: KernelProblem, plan: Plan, sizes: KernelRegimeSizes, context: SuiteContext) throws -> Outcome8 {
        let schedule = try plan.schedule()
        let results = KernelRegimeTraining.run(problem, schedule: schedule, width: sizes.width, seeds: sizes.seeds,
                                               stride: sizes.stride, context: context)
        let stages = schedule.stages
        let reluFinals = results.map { Double($0.network.with(s: 1).loss(on: problem.data)) }
        let records = results[0].lossCurve.indices
        let curve = records.map { i in
            (Double(results[0].lossCurve[i].step), RegimeStats.mean(results.map { Double($0.lossCurve[i].loss) }))
        }
        return Outcome8(plan: plan, finals: results.map { Double($0.finalLoss) }, reluFinals: reluFinals,
                        predictedFinal: problem.schedulePredictionFinal(stages, evaluatedAt: plan.finalS),
                        predictedRelu: problem.schedulePredictionFinal(stages, evaluatedAt: 1),
                        naiveFinal: Set(stages.map(\.s)).count > 1 ? problem.naiveSchedulePredictionFinal(stages) : nil, curve: curve)
    }

    static func figure(_ problem: KernelProblem, outcomes: [Outcome8], part: Part, sizes: KernelRegimeSizes) -> Figure {
        let slug = part == .homotopy ? "homotopy" : part == .relaxation ? "relaxation" : "fair"
        var series: [Figure.Series] = []
        for (index, o) in outcomes.enumerated() {
            series.append(Figure.Series(label: o.plan.name, points: o.curve,
                                        style: .line, colourGroup: index))
        }
        return Figure(
            name: "claim8-\(slug)-\(problem.name)", title: "HRTA schedules, \(problem.name) (\(slug))",
            caption: "FastPath GD, width \(sizes.width), mean of \(sizes.seeds) symmetric initialisations; the loss at each stage's s. "
                + "A stage boundary is the vertical jump at step \(sizes.steps / 2): the same weights, evaluated with the next s.",
            xLabel: "step", yLabel: "loss", logY: true, series: series)
    }

    /// The reviewers' points (seed 000_241c7aca4f8c4919.txt) and what the measurement says.
    static func reviewerAnswers(_ part: Part) -> [String] {
        switch part {
        case .homotopy:
            return ["reviewer 3 (two-step schedules differ from the theory's slowly increasing s): the suite runs exactly the two-stage schedules of the paper's experiments; the kernel prediction covers any number of stages (each stage's linearised operator in turn, with the jump of the residual at each switch)",
                    "reviewer 3 (s = 0.5 is a skip connection): σ_0.5(z) = ½z + ½ReLU(z); in the kernel regime K_0.5 = G + ¼H adds the linear kernel G, which raises λ_max far more than the small eigenvalues that limit the loss, so at a common stable η the homotopy stage is slower"]
        case .relaxation:
            return ["reviewer 2 (the gain could be a larger effective learning rate): 8b compares at equal η as the paper does; 8c repeats the comparison against s = 1 at its own largest stable rate η_1 = n/λ_max(K_1)",
                    "the loss at s = 1.5 is the loss of a different network (σ_1.5 = −½z + 3/2·ReLU(z)); the evidence gives the same weights' ReLU loss as well — 8c ends with a stage at s = 1 to obtain a ReLU network"]
        case .fair:
            return ["reviewer 2 (larger effective learning rate, SGD rather than Adam): every run is plain full-batch GD; every stage runs at its own η_s = n/λ_max(K_s^∞), the largest rate with (η/n)λ_max ≤ 1 (so no schedule gains by a larger relative step); the relaxation at the common η and the s = 1.5 network at η_1.5 are evidence lines",
                    "reviewer 3 (disentangle s from other hyper-parameters): same width, data, initial weights (paired seeds), steps and optimiser; only s and η differ, and η is reported",
                    "paper's claim (for s > 1 the decay may surpass ReLU's): 8b shows it for the s = 1.5 network at equal η, the line 's = 1.5 at η_1.5' at normalised rates; the judged schedule asks whether relaxation yields a better ReLU network"]
        }
    }
}
