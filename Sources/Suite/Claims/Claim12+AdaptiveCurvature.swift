import Evidence
import Exact
import FastPath
import Foundation
import Reference

/// Claim 12: "RMSProp is a rough second-order estimate" (the answer in seed 001; issue 10,
/// point 5). The second moments of RMSProp and Adam against the exact diagonal of the
/// Gauss–Newton matrix, which for this network is also the Hessian's diagonal (the residual
/// part `R` lives only in the `a_k`–`w_k` blocks, off the diagonal). See
/// proofs-notes/claim-12-adaptive-curvature.md.
enum Claim12: Claim {
    static let protocols: [ExperimentProtocol] = [curvatureProtocol]
    static let calibrations: [CalibrationRun] = [Optimizer.rmsprop, .adam].map { optimizer in
        CalibrationRun(check: id(optimizer)) { request in
            request.progress("\(id(optimizer)): \(request.replicates) simulated runs per scenario")
            return calibrate(optimizer, replicates: request.replicates, seed: request.seed, quick: request.isQuick)
        }
    }

    static let checks: [Check] = [
        Check(
            id: "12a", title: "RMSProp's E estimates curvature",
            statement:
                "RMSProp's second moment E ranks the parameters as the exact curvature diag G = diag ∇²L does: Spearman correlation above 0.5 (ReLU, full batch, along training)",
            method: "FastPath RMSProp; exact diag G over ℚ at the same weights; one-sided t over replicates (data draw + initialisation)",
            expected: .refuted
        ) { context in try decide(context, optimizer: .rmsprop).outcome },
        Check(
            id: "12b", title: "Adam's v̂ estimates curvature",
            statement:
                "Adam's bias-corrected second moment v̂ ranks the parameters as the exact curvature diag G = diag ∇²L does: Spearman correlation above 0.5 (ReLU, full batch, along training)",
            method: "FastPath Adam; exact diag G over ℚ at the same weights; one-sided t over replicates (data draw + initialisation)",
            expected: .refuted
        ) { context in try decide(context, optimizer: .adam).outcome },
    ]

    static func id(_ optimizer: Optimizer) -> String { optimizer == .rmsprop ? "12a" : "12b" }

    static let alpha = 0.01
    static let threshold = 0.5

    static let curvatureProtocol = ExperimentProtocol(
        check: "12a, 12b", version: 3, registered: "2026-12-02",
        hypothesis:
            "on the circle problem (a random draw of its data and of the initialisation), the second-moment estimate of RMSProp (12a: E) and of Adam (12b: the bias-corrected v̂) estimates the curvature: across the P parameters, it ranks them as the exact diagonal of the Gauss–Newton matrix does (here equal to the Hessian's diagonal)",
        statistic:
            "per seed k, ρ_k = the mean over the checkpoints t = T/4, T/2, T of Spearman's rank correlation over the P parameters between the optimiser's second moment after step t (RMSProp: E/(1 − ρ^t), the same bias correction as Adam's; the ranking does not depend on it) and the exact diag G(θ_t) at the optimiser's own weights; the mean of ρ_k over the S replicates (each its own data draw and initialisation, so the mean estimates the expectation over both), SE sd/√S, Student t with S − 1 degrees of freedom",
        null: "mean ρ ≤ 0.5",
        alternative: "mean ρ > 0.5",
        alpha: alpha,
        margin: "0.5, the conventional threshold of a large correlation (Cohen 1988), fixed before any run; a convention, not derived from the data",
        design:
            "circle, n = 64, width 16, s = 1 (ReLU), FastPath's seeded initialisation (not symmetric), T = 200 full-batch steps; RMSProp η = 0.01, ρ = 0.99 (PyTorch's defaults); Adam η = 0.001, β = (0.9, 0.999); ε = 10⁻⁸; S = 64 replicates (full: 128; versions 1 and 2 had 8/16 and 16/32 initialisations of one data draw); replicate k draws its circle data with seed r_k and its initialisation with seed r_k + 1, where r_k is the k-th output of SplitMix64 started at the suite seed xor 0x12A0_12B0_0000_0012, so the replicates of two suite seeds do not overlap; S from the power calculation S ≥ ((z(0.99) + z(0.90))·sd/0.1)² = 52 at sd = 0.2 (the upper end of the seed sds seen under versions 1–2, 0.1–0.3 for one data draw), rounded up to 64 for the data-draw variance, which versions 1–2 did not measure; diag G computed exactly (Reference) on the Float weights; a checkpoint at a kink is skipped and reported",
        decision: [
            "CONFIRMED: mean − t(1 − α; S − 1)·SE > 0.5",
            "REFUTED: mean + t(1 − α; S − 1)·SE ≤ 0.5",
            "INCONCLUSIVE: otherwise",
        ],
        history: [
            ExperimentProtocol.Revision(
                version: 1,
                rule: "the decision of version 2 with 8 seeds (full: 16).",
                verdict:
                    "12a REFUTED (ρ = 0.360, 98 % CI [0.232, 0.487]), 12b INCONCLUSIVE (ρ = 0.401, [0.258, 0.543]) under the default seed; on 8 unused seeds (900001–900008) 12a REFUTED 7, INCONCLUSIVE 1; 12b REFUTED 5, INCONCLUSIVE 3; never CONFIRMED.",
                reason:
                    "too little power for a stable verdict at the observed effect (ρ ≈ 0.2–0.4 against the threshold 0.5, seed sd ≈ 0.1–0.3); the seeds were doubled after this spot check was seen. The threshold, the statistic and the design are unchanged."
            ),
            ExperimentProtocol.Revision(
                version: 2,
                rule:
                    "the decision of version 3 on one circle data set per suite run (seed: the suite seed + 1201), 16 initialisation seeds (full: 32) context.seed·31 + 1202 + k.",
                verdict:
                    "default seed: 12a REFUTED (ρ = 0.356, 98 % CI [0.268, 0.444]), 12b INCONCLUSIVE (ρ = 0.430, [0.327, 0.533]); full profile 12b REFUTED (0.372, [0.280, 0.465]); on 20 unused seeds (910001–910020) 12a REFUTED 20/20, 12b REFUTED 18, INCONCLUSIVE 2 (the default seed's status was the minority); never CONFIRMED.",
                reason:
                    "the replicates shared one draw of the data, so the interval measured the initialisation noise of that draw only, and the verdict answered a question about one data set that the statement does not ask; the truth moved with the suite seed and 12b failed the stability requirement (19 of 20). Its calibrated power 0.1 from the boundary was 49–67 %, below the 90 % target of issue 8. Version 3 draws the data with each replicate and sets S by the power calculation; it was written and committed before any version-3 run."
            ),
        ])

    static func seedCount(_ context: SuiteContext) -> Int { context.isQuick ? 64 : 128 }

    /// The replicate seeds `r_k` of protocol 12 version 3: SplitMix64 from the suite seed.
    static func replicateSeeds(_ context: SuiteContext) -> [UInt64] {
        var stream = SeededRandom(seed: context.seed ^ 0x12A0_12B0_0000_0012)
        return (0..<seedCount(context)).map { _ in stream.next() }
    }
    static let steps = 200
    static let width = 16

    struct Run {
        /// Spearman at each checkpoint (nil where a kink made diag G undefined).
        let correlations: [Double?]
        /// Pearson of the logs at each checkpoint (evidence only).
        let logPearson: [Double?]
        /// The median of second moment / diag G at the last checkpoint (scale, evidence only).
        let medianRatio: Double?
    }

    /// The exact `diag G = (1/n) Σ_i J_ip²` at FastPath's weights, or nil at a kink.
    static func exactDiagonal(_ net: HomotopyNetwork, data: Dataset) -> [Double]? {
        guard let exact = try? TwoLayerNetwork(exactly: net),
            let rows = try? exact.outputGradients(on: data)
        else { return nil }
        let n = Rational(data.count)
        return (0..<net.parameterCount).map { p in Double(rows.reduce(Rational()) { $0 + $1[p] * $1[p] } / n) }
    }

    /// One replicate: its own circle draw (seed `seed`) and initialisation (seed `seed + 1`).
    static func run(_ optimizer: Optimizer, seed: UInt64) throws -> Run {
        let floatData = SyntheticDataset.circle(count: 64, seed: seed)
        let data = try Dataset(floatPoints: (0..<floatData.count).map { floatData.point($0) }, targets: floatData.targets)
        var net = HomotopyNetwork.seeded(width: width, dimension: 2, s: 1, seed: seed &+ 1)
        let settings = OptimizerSettings()
        var state = AdaptiveState(optimizer, settings: settings, width: width, dimension: 2)
        let evaluator = Evaluator(data: floatData)
        let eta: Float = optimizer == .rmsprop ? 0.01 : 0.001
        let beta = optimizer == .rmsprop ? settings.rho : settings.beta2
        var correlations: [Double?] = [], logPearson: [Double?] = [], ratio: Double? = nil
        for t in 1...steps {
            state.apply(to: &net, gradient: evaluator.lossAndGradient(net).gradient, learningRate: eta)
            guard [steps / 4, steps / 2, steps].contains(t) else { continue }
            let correction = Double(AdaptiveState.biasCorrection(beta, step: t))
            let moment = (state.secondMoment ?? []).map { Double($0) / correction }
            guard let curvature = exactDiagonal(net, data: data) else {
                correlations.append(nil)
                logPearson.append(nil)
                continue
            }
            correlations.append(spearmanCorrelation(moment, curvature))
            let positive = zip(moment, curvature).filter { $0 > 0 && $1 > 0 }
            logPearson.append(positive.count >= 2 ? pearsonCorrelation(positive.map { log($0.0) }, positive.map { log($0.1) }) : nil)
            if t == steps {
                let ratios = positive.map { $0.0 / $0.1 }.sorted()
                ratio = ratios.isEmpty ? nil : ratios[ratios.count / 2]
            }
        }
        return Run(correlations: correlations, logPearson: logPearson, medianRatio: ratio)
    }

    static func decide(_ context: SuiteContext, optimizer: Optimizer) throws -> (outcome: Outcome, perSeed: [Double]) {
        let seeds = replicateSeeds(context)
        var perSeed: [Double] = [], evidence: [String] = [], skipped = 0
        var atCheckpoint: [[Double]] = [[], [], []], logs: [Double] = [], ratios: [Double] = []
        for seed in seeds {
            let r = try run(optimizer, seed: seed)
            let values = r.correlations.compactMap { $0 }
            skipped += r.correlations.count - values.count
            for (i, c) in r.correlations.enumerated() { if let c { atCheckpoint[i].append(c) } }
            logs += r.logPearson.compactMap { $0 }
            if let ratio = r.medianRatio { ratios.append(ratio) }
            if !values.isEmpty { perSeed.append(SampleSummary.mean(values)) }
        }
        let name = optimizer == .rmsprop ? "RMSProp E" : "Adam v̂"
        evidence.append(
            "rule: protocol 12 version \(curvatureProtocol.version) (proofs-notes/protocols.md): per-seed mean Spearman ρ over t = \(steps / 4), \(steps / 2), \(steps); one-sided α = \(alpha) against 0.5"
        )
        evidence.append(
            "design: circle n = 64, m = \(width), s = 1, \(steps) full-batch steps, \(seeds.count) replicates, each its own data draw and initialisation; checkpoints skipped at a kink: \(skipped)"
        )
        for (i, t) in [steps / 4, steps / 2, steps].enumerated() where !atCheckpoint[i].isEmpty {
            let c = atCheckpoint[i]
            evidence.append(
                "\(name) vs diag G after step \(t): Spearman ρ mean \(Format.sci(SampleSummary.mean(c))), range [\(Format.sci(c.min()!)), \(Format.sci(c.max()!))] over \(c.count) replicates"
            )
        }
        if !logs.isEmpty { evidence.append("Pearson correlation of the logs (all checkpoints and seeds): mean \(Format.sci(SampleSummary.mean(logs)))") }
        if !ratios.isEmpty {
            evidence.append(
                "scale at step \(steps): median over parameters of second moment / diag G, per seed: median \(Format.sci(ratios.sorted()[ratios.count / 2])) — the second moment is a squared gradient (it vanishes at a minimum), the diagonal a curvature (it does not)"
            )
        }
        evidence.append("diag ∇²L = diag G exactly here: R = (1/n) Σ r_i ∇²f_i has only the a_k–w_k blocks (claim 2), none on the diagonal")
        guard perSeed.count >= 2 else {
            return (Outcome(status: .inconclusive, keyFigure: "too few usable seeds", evidence: evidence), perSeed)
        }
        let estimate = Estimate(name: "\(name): mean Spearman ρ with diag G", meanOf: perSeed)
        let decision = ConjunctionDecision(alpha: alpha, [(estimate, ClaimRegion(above: threshold))])
        evidence += decision.lines
        return (
            Outcome(
                status: Status(decision.verdict),
                keyFigure: "ρ = \(Format.short(estimate.value)) \(decision.components[0].confirmationInterval), claim > 0.5",
                evidence: evidence), perSeed
        )
    }

    /// Calibration: per-seed ρ drawn around a known truth with the seed sd measured in the
    /// suite's own run (default seed); truths 0.5 + 0.1 (claim true), 0.5 (the boundary) and
    /// 0.5 − 0.1 (false); the same decision.
    static func calibrate(_ optimizer: Optimizer, replicates: Int, seed: UInt64, quick: Bool) -> (calibration: Calibration, notes: [String]) {
        let context = SuiteContext(profile: quick ? .quick : .full, seed: 20_240_601)
        guard let measured = try? decide(context, optimizer: optimizer).perSeed, measured.count >= 2 else {
            return (
                Calibration(
                    check: id(optimizer), protocolVersion: curvatureProtocol.version, replicates: 0, scenarios: [],
                    method: "the experiment failed"), []
            )
        }
        let sd = max(SampleSummary(measured).standardDeviation, 1e-6), s = measured.count
        var gaussian = GaussianSampler(seed: seed ^ 0x12AB)
        let truths: [(String, Double, Verdict?, Verdict?)] = [
            ("ρ = 0.6 (claim true by 0.1)", 0.6, .confirmed, .refuted),
            ("ρ = 0.5 (on the boundary)", 0.5, nil, .confirmed),
            ("ρ = 0.4 (claim false by 0.1)", 0.4, .refuted, .confirmed),
        ]
        let scenarios = truths.map { name, truth, expected, wrong -> CalibrationScenario in
            var counts = VerdictCounts()
            for _ in 0..<replicates {
                let sample = (0..<s).map { _ in truth + sd * gaussian.nextNormal() }
                counts.add(ConjunctionDecision(alpha: alpha, [(Estimate(name: "ρ", meanOf: sample), ClaimRegion(above: threshold))]).verdict)
            }
            return CalibrationScenario(name: name, expected: expected, wrong: wrong, counts: counts)
        }
        let method =
            "per-seed ρ = truth + sd·N(0, 1), sd = \(Format.sci(sd)) measured over \(s) replicates (each its own data draw) in the suite's own run (default seed), the same decision"
        return (
            Calibration(
                check: id(optimizer), protocolVersion: curvatureProtocol.version, replicates: replicates,
                scenarios: scenarios, method: method),
            ["measured per-seed ρ: " + measured.map { Format.sci($0) }.joined(separator: ", ")]
        )
    }
}
