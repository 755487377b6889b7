import ForkJoin

/// The optimisers of ``Trainer``.
public enum Optimizer: String, Sendable, CaseIterable {
    /// Full-batch gradient descent `θ ← θ − η ∇L(θ)`.
    case gradientDescent = "gd"
    /// Mini-batch SGD: each step uses `batchSize` samples, drawn without
    /// replacement from a seeded permutation, reshuffled when fewer than a batch remain.
    case stochasticGradientDescent = "sgd"
    /// Damped Newton–CG: solve `(∇²L + λI) p = −∇L` by conjugate gradients with
    /// exact Hessian-vector products; `λ` adapted from the ratio of actual to
    /// predicted decrease (Levenberg–Marquardt rule); raised when CG meets
    /// non-positive curvature.
    case newtonCG = "newton-cg"
    /// Levenberg–Marquardt: the same with the Gauss–Newton matrix (positive semi-definite).
    case gaussNewton = "gauss-newton"
    /// Heavy-ball momentum, full batch (`AdaptiveState`; PyTorch `SGD(momentum=μ)`).
    case momentum
    /// Nesterov momentum, full batch (PyTorch `SGD(momentum=μ, nesterov=True)`).
    case nesterov
    /// RMSProp, full batch (PyTorch `RMSprop(alpha=ρ)`).
    case rmsprop
    /// Adam, full batch (PyTorch `Adam(betas=(β₁, β₂))`).
    case adam

    /// Whether the optimiser uses curvature (and ignores the learning rate).
    public var isSecondOrder: Bool { self == .newtonCG || self == .gaussNewton }
    /// Whether the optimiser keeps `AdaptiveState` between steps.
    public var isAdaptive: Bool { [.momentum, .nesterov, .rmsprop, .adam].contains(self) }
}

/// Settings of a training run.
public struct TrainingOptions: Sendable, Hashable {
    public var optimizer: Optimizer
    /// Threads of the pair passes (results do not depend on it).
    public var threads: Int
    /// Record the loss every `recordEvery` steps (and at the start and end of each stage).
    public var recordEvery: Int
    /// Mini-batch size for SGD.
    public var batchSize: Int
    /// Seed of the mini-batch order for SGD.
    public var seed: UInt64
    /// Initial damping `λ` for the second-order optimisers.
    public var damping: Float
    /// Conjugate-gradient iterations per second-order step, at most.
    public var maxCGIterations: Int
    /// Hyper-parameters of momentum, nesterov, rmsprop and adam.
    public var settings: OptimizerSettings
    /// A factor on every stage's learning rate by global step (first-order optimisers).
    public var learningRateSchedule: LearningRateSchedule

    public init(
        optimizer: Optimizer = .gradientDescent, threads: Int = Parallel.processorCount, recordEvery: Int = 1,
        batchSize: Int = 32, seed: UInt64 = 0, damping: Float = 1e-2, maxCGIterations: Int = 25,
        settings: OptimizerSettings = OptimizerSettings(),
        learningRateSchedule: LearningRateSchedule = .constant
    ) {
        self.settings = settings
        self.learningRateSchedule = learningRateSchedule
        self.optimizer = optimizer
        self.threads = threads
        self.recordEvery = recordEvery
        self.batchSize = batchSize
        self.seed = seed
        self.damping = damping
        self.maxCGIterations = maxCGIterations
    }
}

/// One point of a loss curve: after `step` updates, with homotopy parameter `s`, `L_s(θ_step)`.
public struct LossRecord: Sendable, Hashable, Codable {
    public let step: Int
    public let s: Float
    public let loss: Float

    public init(step: Int, s: Float, loss: Float) {
        self.step = step
        self.s = s
        self.loss = loss
    }
}

/// Where a run is, for a progress display.
public struct TrainingProgress: Sendable {
    public let step: Int
    public let totalSteps: Int
    public let stage: Int
    public let s: Float
    public let loss: Float
}

/// What a run of ``Trainer`` produced.
public struct TrainingResult: Sendable {
    public let network: HomotopyNetwork
    /// The recorded losses, in order; each stage starts and ends with a record.
    public let lossCurve: [LossRecord]
    /// `L_s(θ)` at the end, with the last stage's `s`.
    public let finalLoss: Float
    /// Steps run (fewer than planned when the loss stopped being finite).
    public let steps: Int
    /// Wall-clock seconds spent in the steps (loss evaluations made only for
    /// recording, with SGD, are not counted).
    public let seconds: Double
    /// Whether the run stopped because the loss was no longer finite.
    public let diverged: Bool
    /// Second-order runs: conjugate-gradient iterations in all, accepted steps, final damping.
    public let conjugateGradientIterations: Int
    public let acceptedSteps: Int
    public let finalDamping: Float?
    /// Second-order runs: CG iterations that met non-positive curvature `qᵀ(A + λI)q ≤ 0`
    /// (each raised `λ` and restarted CG), and the steps in which that happened at least once.
    /// Gauss–Newton (`A = G ⪰ 0`, `λ > 0`) meets none; Newton–CG meets them where the
    /// Hessian is indefinite along a CG direction.
    public var negativeCurvatureEncounters: Int = 0
    public var stepsWithNegativeCurvature: Int = 0
    /// For each record of `lossCurve`: the seconds spent in steps before it (the time to reach
    /// that loss), and the full-data gradient evaluations before it (`Trainer.gradientEvaluations`:
    /// a curvature-vector product counts as 2, a trial forward pass as ½).
    public var lossCurveSeconds: [Double] = []
    public var lossCurveGradientEvaluations: [Double] = []

    /// Milliseconds per step.
    public var millisecondsPerStep: Double { steps > 0 ? 1000 * seconds / Double(steps) : 0 }
}
