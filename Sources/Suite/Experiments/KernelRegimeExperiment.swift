import Exact
import FastPath
import ForkJoin
import Foundation
import Reference

// Shared machinery of claims 7 and 8: data sets (built-in or the user's), the certified
// infinite-width kernel of the same Float data, learning-rate rules, FastPath training of
// wide symmetric networks, and the kernel-regime predictions.

/// Sizes of the kernel-regime experiments for one profile.
struct KernelRegimeSizes: Sendable {
    /// Points per data set (user data: at most this many, the first rows): 32 quick, 48 full,
    /// 100 large (the paper's scale; every other size of `large` is the full profile's).
    /// Claim 8's built-in data sets in `large` have `PaperScaleProblem.count` points instead.
    let count: Int
    /// Width `m` of the trained networks (a multiple of 4: symmetric initialisation).
    let width: Int
    /// Independent initialisations per configuration (protocols 7 and 8, version 3: 8 quick,
    /// 12 full; version 2 had 4 and 8).
    let seeds: Int
    /// GD steps per run.
    let steps: Int
    /// Record the loss every `stride` steps.
    let stride: Int
    /// The `s` grid of claim 7.
    let sGrid: [Float]
    /// Precision of the certified kernel and trajectory enclosures.
    let bits: Int

    static func of(_ context: SuiteContext) -> KernelRegimeSizes {
        context.isQuick
            ? KernelRegimeSizes(
                count: 32, width: 32768, seeds: 8, steps: 200, stride: 5,
                sGrid: [0.5, 1, 1.5], bits: 64)
            : KernelRegimeSizes(
                count: context.isLarge ? 100 : 48, width: 65536, seeds: 12, steps: 300, stride: 5,
                sGrid: [0.25, 0.5, 1, 1.5, 1.75], bits: 80)
    }
}

/// What the measured side of a kernel-regime claim needs of a data set: the `Float` data
/// FastPath trains on, Double copies of `G = XXᵀ` and of `H = H^a + H^w` for the Double
/// schedule prediction (evidence only), and an upper bound on `λ_max(K_s^∞)` for the
/// learning-rate rules. `KernelProblem` takes them from the exact path; `PaperScaleProblem`
/// (the large profile's n = 1000) from the verified float path.
protocol KernelRegimeData: Sendable {
    var name: String { get }
    var data: FloatDataset { get }
    /// How the data were obtained (for the evidence).
    var note: String { get }
    /// `G = XXᵀ` and `H = H^a + H^w` (row-major, `n × n`).
    var linear: [Double] { get }
    var relu: [Double] { get }
    /// A certified upper bound on `λ_max(K_s^∞)` (full block) of the same `Float` points.
    func lambdaMaxUpperBound(s: Float) throws -> Rational
}

/// One data set of the experiments: the `Float` data FastPath trains on and the certified
/// infinite-width kernel of exactly the same points (each `Float` an exact dyadic rational).
struct KernelProblem: KernelRegimeData {
    let name: String
    let data: FloatDataset
    let kernel: InfiniteWidthKernel
    /// `y` exactly (`Rational(Float)`).
    let targets: [Rational]
    /// How the data were obtained (for the evidence).
    let note: String
    /// Double copies of `G = XXᵀ` and of the midpoint of `H = H^a + H^w` (row-major).
    let linear: [Double]
    let relu: [Double]

    init(name: String, data: FloatDataset, note: String, bits: Int) throws {
        self.name = name
        self.data = data
        self.note = note
        let points = (0..<data.count).map { data.point($0).map { Rational($0) } }
        kernel = try InfiniteWidthKernel(points: points, bits: bits)
        targets = data.targets.map { Rational($0) }
        linear = kernel.linear.entries.map { Double($0) }
        let h = kernel.innerReLU + kernel.outerReLU
        relu = h.midpoint.entries.map { Double($0) }
    }

    /// The built-in data sets (circle, gaussian in d = 2, bias1d), or the user's `--data`.
    static func problems(_ context: SuiteContext, sizes: KernelRegimeSizes) throws -> [KernelProblem] {
        if let user = context.data {
            return [try userProblem(user, name: context.dataName ?? "data", sizes: sizes)]
        }
        let n = sizes.count
        return try [
            KernelProblem(
                name: "circle", data: SyntheticDataset.circle(count: n, seed: context.seed &+ 71),
                note: "circle, n = \(n), y = sin 2θ", bits: sizes.bits),
            KernelProblem(
                name: "gaussian", data: SyntheticDataset.gaussian(count: n, dimension: 2, seed: context.seed &+ 72),
                note: "gaussian, n = \(n), d = 2, y = sin(2β·x)", bits: sizes.bits),
            KernelProblem(
                name: "bias1d", data: SyntheticDataset.bias1d(count: n, seed: context.seed &+ 73),
                note: "bias1d, n = \(n), x = (t, 1), y = sin πt", bits: sizes.bits),
        ]
    }

    /// The user's data: every row the command line kept (see `KernelClaimData`), every value
    /// rounded to `Float` (the rounded values are the data for both paths).
    static func userProblem(_ data: Dataset, name: String, sizes: KernelRegimeSizes) throws -> KernelProblem {
        let n = data.count
        let converted = try FloatData(data, rows: n)
        let floatData = converted.dataset
        let rounded = converted.roundedValues
        var note = "\(name): \(n) rows, d = \(data.dimension)"
        if rounded > 0 { note += ", \(rounded) values rounded to Float" }
        return try KernelProblem(name: name, data: floatData, note: note, bits: sizes.bits)
    }

    /// Certified `λ_min` and `λ_max` of `K_s^∞` (full block).
    func spectrum(s: Float) throws -> (min: EigenvalueBracket, max: EigenvalueBracket) {
        let sq = Rational(s)
        return (
            try kernel.smallestEigenvalueBracket(.full, s: sq, relativeWidth: Rational(1, 1 << 12)),
            try kernel.largestEigenvalueBracket(.full, s: sq, relativeWidth: Rational(1, 1 << 12))
        )
    }

    /// `normalisedRate(upperBound:c:)` from the upper end of a certified bracket.
    func normalisedRate(_ lambdaMax: EigenvalueBracket, c: Double = 1) throws -> Float {
        try normalisedRate(upperBound: lambdaMax.upper, c: c)
    }

    /// The upper end of the certified `λ_max(K_s^∞)` (only that end: `spectrum(s:)` without
    /// the smallest eigenvalue).
    func lambdaMaxUpperBound(s: Float) throws -> Rational {
        try kernel.largestEigenvalueBracket(.full, s: Rational(s), relativeWidth: Rational(1, 1 << 12)).upper
    }

    /// The certified kernel-regime prediction at constant `s`: an enclosure of
    /// `L_t = |r_t|²/(2n)`, `r_{t+1} = (I − (η/n)K_s^∞) r_t`, `r_0 = −y`, for `t = 0…steps`.
    func certifiedPrediction(s: Float, learningRate eta: Float, steps: Int, bits: Int) throws -> KernelRegimeEnclosure {
        try KernelRegime.enclosure(
            kernel: kernel.full(s: Rational(s)), initialResidual: targets.map { -$0 },
            learningRate: Rational(eta), steps: steps, bits: bits, recordingStride: max(1, steps))
    }
}

extension KernelRegimeData {
    var count: Int { data.count }

    /// `η = c·n/λ_max` rounded to `Float` (towards 0, so `(η/n)·λ_max ≤ c`), from a certified
    /// upper bound on `λ_max`.
    /// - Throws: `ReferenceError.invalidArgument` when the bound is `≤ 0` (every point is 0:
    ///   no kernel, nothing to learn) or the rate is not a finite `Float`.
    func normalisedRate(upperBound: Rational, c: Double = 1) throws -> Float {
        guard upperBound > 0 else {
            throw ReferenceError.invalidArgument("λ_max(K_s^∞) = 0 on \(name): every point is 0, GD cannot move the outputs")
        }
        let eta = Float(c * Double(count) / Double(upperBound))
        guard eta.isFinite, eta > 0 else {
            throw ReferenceError.invalidArgument("learning rate n/λ_max = \(eta) on \(name) is not a positive finite Float")
        }
        return Double(eta) * Double(upperBound) > c * Double(count) ? eta.nextDown : eta
    }

    /// The kernel-regime prediction of the loss after a schedule (`KernelSchedulePrediction`,
    /// Double, from `linear` and `relu`: for `KernelProblem` `G` exact and `H` the midpoint of
    /// its certified enclosure; for `PaperScaleProblem` the centres of the verified float
    /// enclosures), evaluated at
    /// homotopy parameter `sEval` (the same weights with another `s`, e.g. the ReLU network).
    func schedulePredictionFinal(_ stages: [FastPath.Stage], evaluatedAt sEval: Float) -> Double {
        let y = data.targets.map(Double.init)
        let n = Double(count)
        let kernelStages = KernelProblem.kernelStages(stages, count: count)
        let trajectory = KernelSchedulePrediction.run(linear: linear, relu: relu, targets: y, stages: kernelStages)
        return trajectory.final.squaredResidualNorm(s: Double(sEval), targets: y) / (2 * n)
    }

    /// The *naive* multi-stage prediction, for comparison only: the residual is carried over
    /// unchanged at a stage boundary, `r ← (I − h K_{s_k}) r` stage after stage. It ignores
    /// that the same weights give a different function at the new `s` (the jump
    /// `(s₁ − s₂)(p − q)` of `KernelSchedulePrediction`). Final loss `|r_T|²/(2n)`.
    func naiveSchedulePredictionFinal(_ stages: [FastPath.Stage]) -> Double {
        let n = count
        var r = data.targets.map { -Double($0) }
        for stage in KernelProblem.kernelStages(stages, count: n) {
            let sD = stage.s, h = stage.stepSize
            let k = linear.indices.map { 2 * (1 - sD) * linear[$0] + sD * sD * relu[$0] }
            r = KernelProblem.linearModelIterate(r, kernel: k, stepSize: h, steps: stage.steps)
        }
        return r.reduce(0) { $0 + $1 * $1 } / Double(2 * n)
    }
}

extension KernelProblem {
    /// The stages of the linearised model for FastPath stages: a constant stage as it is, a
    /// ramp as one one-step stage per step at that step's `s` (`Stage.s(atStep:)`), so the
    /// prediction runs every step at the `s` FastPath used; `h = η/n`.
    static func kernelStages(_ stages: [FastPath.Stage], count n: Int) -> [KernelStage<Double>] {
        stages.flatMap { stage -> [KernelStage<Double>] in
            let h = Double(stage.learningRate) / Double(n)
            guard stage.ramp != .constant else { return [KernelStage(s: Double(stage.s), steps: stage.steps, stepSize: h)] }
            return (0..<stage.steps).map { KernelStage(s: Double(stage.s(atStep: $0)), steps: 1, stepSize: h) }
        }
    }

    /// `steps` iterations of the linearised model `r ← r − h·K r` in Double (`K` row-major
    /// `n × n`, `n = r.count`), each from the previous residual as a whole.
    static func linearModelIterate(_ residual: [Double], kernel k: [Double], stepSize h: Double, steps: Int) -> [Double] {
        let n = residual.count
        var r = residual
        for _ in 0..<steps {
            var next = r
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += k[i * n + j] * r[j] }
                next[i] -= h * sum
            }
            r = next
        }
        return r
    }
}

/// Measured FastPath training of wide symmetric networks.
enum KernelRegimeTraining {
    /// The seed of initialisation `k` (deterministic in the suite seed).
    static func networkSeed(_ context: SuiteContext, _ k: Int) -> UInt64 {
        context.seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x5EED_0000 &+ UInt64(k)
    }

    /// Trains `seeds` symmetric networks of width `width` along `schedule` (full-batch GD),
    /// recording every `stride` steps. Returns the curves (step → loss at the stage's `s`) and the final networks.
    static func run(
        _ problem: some KernelRegimeData, schedule: Schedule, width: Int, seeds: Int, stride: Int,
        context: SuiteContext
    ) -> [TrainingResult] {
        runSeeds(problem, schedule: schedule, width: width, seeds: 0..<seeds, stride: stride, context: context)
    }

    /// `run` from the initialisations `seeds` (e.g. `8..<16`: eight networks independent of
    /// those of `run` with 8 seeds).
    static func runSeeds(
        _ problem: some KernelRegimeData, schedule: Schedule, width: Int, seeds: Range<Int>, stride: Int,
        context: SuiteContext
    ) -> [TrainingResult] {
        let trainer = Trainer(data: problem.data, options: TrainingOptions(recordEvery: stride))
        return seeds.map { k in
            let net = HomotopyNetwork.seeded(
                width: width, dimension: problem.data.dimension, s: schedule.stages[0].s,
                seed: networkSeed(context, k), symmetric: true)
            return trainer.train(net, schedule: schedule)
        }
    }

    /// `run`'s results for narrow networks, faster: each run on one thread, the seeds spread
    /// over the cores (a fork–join per GD step costs more than the step when `m` is small).
    /// FastPath's results do not depend on the thread count, so the losses are those of `run`
    /// (a test checks it).
    static func runNarrow(
        _ problem: KernelProblem, schedule: Schedule, width: Int, seeds: Int, stride: Int,
        context: SuiteContext
    ) -> [TrainingResult] {
        let trainer = Trainer(data: problem.data, options: TrainingOptions(threads: 1, recordEvery: stride))
        let parts = min(Parallel.processorCount, seeds)
        var results = [TrainingResult?](repeating: nil, count: seeds)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            Parallel.run(threads: parts) { t in
                for k in Parallel.chunk(t, of: parts, count: seeds) {
                    let net = HomotopyNetwork.seeded(
                        width: width, dimension: problem.data.dimension, s: schedule.stages[0].s,
                        seed: networkSeed(context, k), symmetric: true)
                    out.value[k] = trainer.train(net, schedule: schedule)
                }
            }
        }
        return results.map { $0! }
    }

    /// The empirical tangent kernel of a FastPath network (Double, row-major); see
    /// `HomotopyNetwork.tangentKernel(on:)`.
    static func empiricalKernel(_ net: HomotopyNetwork, on data: FloatDataset) -> [Double] {
        net.tangentKernel(on: data)
    }

    /// `L_t` of the linear iteration `r_{t+1} = (I − hK) r_t`, `r_0 = −y`, Double, `t = 0…steps`.
    static func linearisedLosses(kernel: [Double], targets: [Float], stepSize h: Double, steps: Int) -> [Double] {
        let n = targets.count
        var r = targets.map { -Double($0) }
        var losses: [Double] = []
        for t in 0...steps {
            losses.append(r.reduce(0) { $0 + $1 * $1 } / Double(2 * n))
            if t == steps { break }
            var next = r
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += kernel[i * n + j] * r[j] }
                next[i] -= h * sum
            }
            r = next
        }
        return losses
    }
}
