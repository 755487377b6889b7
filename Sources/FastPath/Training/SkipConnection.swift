import ForkJoin

/// A ReLU network with a linear skip connection,
/// `g(x) = c Σ_k a_k ReLU(w_k·x) + α vᵀx`, trained in `(a, W, v)` with `α` fixed.
///
/// Reviewer 3 of the HRTA paper reads `σ_{1/2}(z) = ½z + ½ReLU(z)` as a skip connection.
/// In the kernel regime it is one: `K_s^∞ = s²(K_1^∞ + α(s)²XXᵀ)` with
/// `α(s)² = 2(1 − s)/s²` (proofs-notes/skip-connection.md), so `s = 1/2` is the skip network
/// with `α = 2`. Here the skip branch has its own `d` parameters `v`, where σ_s ties the
/// linear path to the ReLU weights.
///
/// ```swift
/// let relu = HomotopyNetwork.seeded(width: 1024, dimension: 2, s: 1, seed: 1, symmetric: true)
/// var net = SkipNetwork(relu: relu, alpha: 2)          // v = 0, so g = f at the start
/// let trainer = SkipTrainer(data: data)
/// let before = trainer.step(&net, learningRate: 0.1)  // L(θ) before the step
/// ```
public struct SkipNetwork: Sendable, Hashable {
    /// The ReLU part `c Σ_k a_k ReLU(w_k·x)` (`s = 1`).
    public var relu: HomotopyNetwork
    /// The skip weights `v ∈ ℝ^d`.
    public var skip: [Float]
    /// The fixed scale `α` of the skip branch.
    public let alpha: Float

    /// - Parameters:
    ///   - relu: the ReLU part; its `s` must be 1.
    ///   - skip: `v`, zero by default (then `g = f_ReLU` at the start).
    /// - Throws: `FastPathError.invalidArgument` when `relu.s ≠ 1`, `α` is not finite, or
    ///   `skip` has not `d` entries.
    public init(relu: HomotopyNetwork, alpha: Float, skip: [Float]? = nil) throws(FastPathError) {
        guard relu.s == 1 else { throw .invalidArgument("the ReLU part of a skip network needs s = 1, got \(relu.s)") }
        guard alpha.isFinite else { throw .invalidArgument("the skip scale α must be finite, got \(alpha)") }
        let v = skip ?? [Float](repeating: 0, count: relu.dimension)
        guard v.count == relu.dimension else {
            throw .invalidArgument("the skip weights need d = \(relu.dimension) entries, got \(v.count)")
        }
        self.relu = relu
        self.alpha = alpha
        self.skip = v
    }

    public var dimension: Int { relu.dimension }
}

/// Full-batch gradient descent on a ``SkipNetwork``, with FastPath's ReLU kernels.
///
/// The loss is `L = (1/2n) Σ_i r_i²`, `r_i = g(x_i) − y_i`. Its gradient in `(a, W)` is the
/// ReLU network's gradient on the shifted targets `y_i − α v·x_i` (the residuals are the
/// same), and `∂L/∂v = (α/n) Σ_i r_i x_i`. One step:
/// 1. `y'_i = fl(y_i − α·fl(v·x_i))` (`v·x_i` a serial `fma` chain over `j`, then one `fma`);
/// 2. `(a, W)` take `Evaluator.gradientDescentStep` on the data with targets `y'`, whose
///    forward pass forms the residuals `r_i = fl(f(x_i) − y'_i)` and `u = fl(Σ_i r_i x_i)`
///    (serial `fma`s over `i`) before any weight moves;
/// 3. `v_j ← fl(v_j − fl(η·α/n)·u_j)` (one `fma`).
/// Both gradients are taken at the same `θ`. With `α = 0` (or `v = 0` and no step on `v`
/// taken yet) `y' = y` exactly, so the ReLU part moves exactly as plain GD at `s = 1`.
///
/// - Complexity: per step one forward and one gradient pass of the ReLU part (`O(n·m·d)`),
///   and `O(n·d)` for the skip branch.
public struct SkipTrainer: Sendable {
    public let data: FloatDataset
    public let threads: Int

    public init(data: FloatDataset, threads: Int = Parallel.processorCount) {
        self.data = data
        self.threads = max(1, threads)
    }

    /// `fl(v·x_i)` for every sample (a serial `fma` chain over `j`).
    func skipDots(_ net: SkipNetwork) -> [Float] {
        let n = data.count, d = data.dimension
        return data.points.withUnsafeBufferPointer { x in
            (0..<n).map { i in (0..<d).reduce(Float(0)) { dot, j in dot.addingProduct(net.skip[j], x[i * d + j]) } }
        }
    }

    /// The data with targets `y'_i = fl(y_i − α·fl(v·x_i))` (step 1, one `fma`).
    func shifted(_ net: SkipNetwork) -> FloatDataset {
        let dots = skipDots(net)
        let targets = (0..<data.count).map { data.targets[$0].addingProduct(-net.alpha, dots[$0]) }
        return try! FloatDataset(rowMajor: data.points, dimension: data.dimension, targets: targets)
    }

    /// `L(θ) = (1/2n) Σ_i (f(x_i) − y'_i)²`, FastPath's loss of the ReLU part on the shifted
    /// targets (the residuals are `g(x_i) − y_i`).
    /// - Precondition: `net.dimension == data.dimension`.
    public func loss(_ net: SkipNetwork) -> Float {
        precondition(net.dimension == data.dimension, "the network has d = \(net.dimension), the data d = \(data.dimension)")
        return Evaluator(data: shifted(net), threads: threads).loss(net.relu)
    }

    /// `g(x_i) = fl(f(x_i) + α·fl(v·x_i))` (one `fma`) for every sample.
    /// - Precondition: `net.dimension == data.dimension`.
    public func outputs(_ net: SkipNetwork) -> [Float] {
        precondition(net.dimension == data.dimension, "the network has d = \(net.dimension), the data d = \(data.dimension)")
        let dots = skipDots(net)
        let f = Evaluator(data: data, threads: threads).outputs(net.relu)
        return (0..<data.count).map { f[$0].addingProduct(net.alpha, dots[$0]) }
    }

    /// One gradient-descent step at rate `η`; returns `L(θ)` before it.
    /// - Precondition: `net.dimension == data.dimension`.
    @discardableResult
    public func step(_ net: inout SkipNetwork, learningRate eta: Float) -> Float {
        precondition(net.dimension == data.dimension, "the network has d = \(net.dimension), the data d = \(data.dimension)")
        let n = data.count, d = data.dimension
        let evaluator = Evaluator(data: shifted(net), threads: threads)
        let before = evaluator.gradientDescentStep(&net.relu, learningRate: eta)
        // The pass left `V = Σ_i r_i x_i` of the residuals at θ in `evaluator.v`
        // (`Reductions.sampleWeighted`, the serial `fma` chain of step 2): `v`'s gradient
        // needs no second forward pass.
        let u = evaluator.v.pointer
        let factor = eta * net.alpha / Float(n)
        for j in 0..<d { net.skip[j] = net.skip[j].addingProduct(-factor, u[j]) }
        return before
    }

    /// Trains along `schedule`, whose every stage must be constant at `s = 1` (the skip
    /// network has no other `s`), recording as ``Trainer`` does: `L` before the step at every
    /// stage's first step and every `recordEvery` steps, and after each stage's last; stops
    /// when the loss is no longer finite. The result's `network` is the ReLU part; the
    /// returned ``SkipNetwork`` also holds `v`. Steps are timed (`seconds`,
    /// `lossCurveSeconds`); a step counts one gradient evaluation.
    /// - Precondition: every stage is constant at `s = 1`; `net.dimension == data.dimension`.
    public func train(
        _ network: SkipNetwork, schedule: Schedule, recordEvery: Int = 1,
        progress: ((TrainingProgress) -> Void)? = nil
    ) -> (result: TrainingResult, network: SkipNetwork) {
        precondition(schedule.stages.allSatisfy { $0.s == 1 && $0.ramp == .constant }, "a skip network trains at s = 1 only")
        let every = max(1, recordEvery), clock = ContinuousClock(), total = schedule.totalSteps
        var net = network, step = 0, seconds = 0.0, diverged = false
        var curve: [LossRecord] = [], curveSeconds: [Double] = [], curveEvaluations: [Double] = []
        stages: for (index, stage) in schedule.stages.enumerated() {
            for stageStep in 0..<stage.steps {
                let before = seconds, start = clock.now
                let loss = self.step(&net, learningRate: stage.learningRate)
                seconds += Trainer.seconds(clock.now - start)
                if stageStep == 0 || step % every == 0 {
                    curve.append(LossRecord(step: step, s: 1, loss: loss))
                    curveSeconds.append(before)
                    curveEvaluations.append(Double(step))
                }
                step += 1
                progress?(TrainingProgress(step: step, totalSteps: total, stage: index + 1, s: 1, loss: loss))
                if !loss.isFinite {
                    diverged = true
                    break stages
                }
            }
            let end = self.loss(net)
            if curve.last?.step != step {
                curve.append(LossRecord(step: step, s: 1, loss: end))
                curveSeconds.append(seconds)
                curveEvaluations.append(Double(step))
            }
            if !end.isFinite {
                diverged = true
                break stages
            }
        }
        var result = TrainingResult(
            network: net.relu, lossCurve: curve, finalLoss: loss(net), steps: step, seconds: seconds, diverged: diverged,
            conjugateGradientIterations: 0, acceptedSteps: step, finalDamping: nil)
        result.lossCurveSeconds = curveSeconds
        result.lossCurveGradientEvaluations = curveEvaluations
        return (result, net)
    }

    /// `steps` steps at rate `η`, recording `L` before each step and after the last.
    /// Stops early when the loss is no longer finite.
    public func train(_ network: SkipNetwork, steps: Int, learningRate eta: Float) -> (network: SkipNetwork, losses: [Float], diverged: Bool) {
        var net = network
        var losses: [Float] = []
        losses.reserveCapacity(steps + 1)
        for _ in 0..<steps {
            let loss = step(&net, learningRate: eta)
            losses.append(loss)
            if !loss.isFinite { return (net, losses, true) }
        }
        let end = loss(net)
        losses.append(end)
        return (net, losses, !end.isFinite)
    }
}
