import Exact

// The kernel-regime (linearised) prediction of gradient descent along an HRTA schedule,
// where the homotopy parameter s changes between stages.
//
// σ_s(z) = (1 − s)·z + s·max(0, z) is affine in s, so for every θ
//     f_s(x; θ) = (1 − s)·f_lin(x; θ) + s·f_relu(x; θ),
// f_lin the network with σ = identity and f_relu the one with ReLU, same weights. On the data
// write p = f_lin(X; θ), q = f_relu(X; θ) (symmetric initialisation: p_0 = q_0 = 0). The
// residual at any s is r^(s) = (1 − s)·p + s·q − y. In the linearised (kernel) regime the
// Jacobians are frozen at θ_0, J_s = (1 − s)·J_lin + s·J_relu, and one GD step at s with
// h = η/n moves θ by −h·J_sᵀ r^(s), hence
//     p ← p − h·J_lin J_sᵀ r^(s),     q ← q − h·J_relu J_sᵀ r^(s).
// With the infinite-width kernels (proofs-notes/claim-08-hrta-schedules.md),
//     J_lin J_linᵀ → 2G,   J_lin J_reluᵀ → G,   J_relu J_reluᵀ → H = H^a + H^w,
// G = XXᵀ and H the ReLU tangent kernel, so
//     p ← p − h·(2 − s)·G r,          q ← q − h·((1 − s)·G r + s·H r).
// Within one stage this is exactly r_{t+1} = (I − h·K_s) r_t with K_s = 2(1 − s)G + s²H
// (the kernel of InfiniteWidthKernel.full); at a stage boundary the residual jumps from
// r^(s₁) to r^(s₂) at the same θ, by (s₁ − s₂)·(p − q): the network function changes with s.
// The cross kernel is K_{s,s'} = J_s J_{s'}ᵀ = (2 − s − s')·G + s·s'·H.

/// One stage of a kernel-regime schedule: `steps` steps of GD at homotopy parameter `s`
/// with step size `h = η/n`.
public struct KernelStage<Scalar: SignedNumeric & Sendable>: Sendable {
    public var s: Scalar
    public var steps: Int
    /// `h = η/n`.
    public var stepSize: Scalar

    public init(s: Scalar, steps: Int, stepSize: Scalar) {
        self.s = s
        self.steps = steps
        self.stepSize = stepSize
    }
}

/// The state of the linearised model: the network outputs on the data of the identity
/// network `p = f_lin(X; θ)` and of the ReLU network `q = f_relu(X; θ)` (same weights).
public struct KernelScheduleState<Scalar: SignedNumeric & Sendable>: Sendable {
    public var linearOutputs: [Scalar]
    public var reluOutputs: [Scalar]

    public init(linearOutputs: [Scalar], reluOutputs: [Scalar]) {
        self.linearOutputs = linearOutputs
        self.reluOutputs = reluOutputs
    }

    /// The state of a symmetrically initialised network (`f ≡ 0`): `p = q = 0`.
    @inlinable
    public static func zero(count n: Int) -> KernelScheduleState {
        KernelScheduleState(linearOutputs: Array(repeating: 0, count: n), reluOutputs: Array(repeating: 0, count: n))
    }

    /// `r^(s) = (1 − s)·p + s·q − y`.
    @inlinable
    public func residual(s: Scalar, targets y: [Scalar]) -> [Scalar] {
        (0..<y.count).map { i in (1 - s) * linearOutputs[i] + s * reluOutputs[i] - y[i] }
    }

    /// `|r^(s)|²` (divide by `2n` for the loss).
    @inlinable
    public func squaredResidualNorm(s: Scalar, targets y: [Scalar]) -> Scalar {
        var sum: Scalar = 0
        for value in residual(s: s, targets: y) { sum += value * value }
        return sum
    }
}

/// A trajectory of the linearised model along a schedule.
public struct KernelScheduleTrajectory<Scalar: SignedNumeric & Sendable>: Sendable {
    /// `|r_t|²` at every step `t = 0…T`, each with the `s` of the stage that takes step `t`
    /// (the last entry with the last stage's `s`). At a boundary `t` (the first step of a
    /// new stage) the entry is the residual norm at the new `s`.
    public let squaredResidualNorms: [Scalar]
    /// `|r|²` at each stage boundary just *before* the switch, at the old `s`
    /// (index `k` is the end of stage `k`); with `squaredResidualNorms` this shows the jump.
    public let endOfStageSquaredNorms: [Scalar]
    /// The state after the last step.
    public let final: KernelScheduleState<Scalar>

    public init(squaredResidualNorms: [Scalar], endOfStageSquaredNorms: [Scalar], final: KernelScheduleState<Scalar>) {
        self.squaredResidualNorms = squaredResidualNorms
        self.endOfStageSquaredNorms = endOfStageSquaredNorms
        self.final = final
    }
}

/// The linearised prediction along a multi-stage schedule, for any scalar (`Rational` for
/// exact short horizons, `Double` for long ones).
///
/// ```swift
/// // G = XXᵀ exactly, H = midpoint of the certified ReLU kernel enclosure
/// let stages = [KernelStage(s: Rational(1, 2), steps: 3, stepSize: Rational(1, 8)),
///               KernelStage(s: Rational(1), steps: 3, stepSize: Rational(1, 8))]
/// let t = KernelSchedulePrediction.run(linear: g, relu: h, targets: y, stages: stages)
/// t.squaredResidualNorms.last! / Rational(2 * n)      // predicted final loss at s = 1
/// ```
public enum KernelSchedulePrediction {
    /// One GD step of the linearised model at `s` with step size `h`:
    /// `r = (1 − s)p + s q − y`, `p ← p − h(2 − s)·G r`, `q ← q − h((1 − s)·G r + s·H r)`.
    /// `linear` and `relu` are `n × n`, row-major.
    @inlinable
    public static func step<Scalar: SignedNumeric & Sendable>(
        _ state: inout KernelScheduleState<Scalar>, linear g: [Scalar], relu hMatrix: [Scalar],
        targets y: [Scalar], s: Scalar, stepSize h: Scalar
    ) {
        let n = y.count
        let r = state.residual(s: s, targets: y)
        let a = h * (2 - s), b = h * (1 - s), c = h * s
        for i in 0..<n {
            var gr: Scalar = 0, hr: Scalar = 0
            for j in 0..<n {
                gr += g[i * n + j] * r[j]
                hr += hMatrix[i * n + j] * r[j]
            }
            state.linearOutputs[i] -= a * gr
            state.reluOutputs[i] -= b * gr + c * hr
        }
    }

    /// Runs the stages in order from `initial` (default: the symmetric initialisation, `0`).
    /// - Precondition: `linear` and `relu` have `n²` entries for `n = targets.count ≥ 1`;
    ///   at least one stage; every stage has `steps ≥ 0`.
    @inlinable
    public static func run<Scalar: SignedNumeric & Sendable>(
        linear g: [Scalar], relu hMatrix: [Scalar], targets y: [Scalar], stages: [KernelStage<Scalar>],
        from initial: KernelScheduleState<Scalar>? = nil
    ) -> KernelScheduleTrajectory<Scalar> {
        let n = y.count
        precondition(n >= 1 && g.count == n * n && hMatrix.count == n * n, "kernels must be n×n for n = \(n) targets")
        precondition(!stages.isEmpty && stages.allSatisfy { $0.steps >= 0 }, "at least one stage, each with steps ≥ 0")
        var state = initial ?? .zero(count: n)
        precondition(state.linearOutputs.count == n && state.reluOutputs.count == n, "the state must have n entries")
        var norms: [Scalar] = []
        var ends: [Scalar] = []
        for stage in stages {
            for _ in 0..<stage.steps {
                norms.append(state.squaredResidualNorm(s: stage.s, targets: y))
                step(&state, linear: g, relu: hMatrix, targets: y, s: stage.s, stepSize: stage.stepSize)
            }
            ends.append(state.squaredResidualNorm(s: stage.s, targets: y))
        }
        norms.append(ends[ends.count - 1])
        return KernelScheduleTrajectory(squaredResidualNorms: norms, endOfStageSquaredNorms: ends, final: state)
    }

    /// `K_{s,s'} = (2 − s − s')·G + s·s'·H` (row-major), the cross kernel `J_s J_{s'}ᵀ` of
    /// the infinite-width network; `K_{s,s} = 2(1 − s)G + s²H`.
    public static func crossKernel<Scalar: SignedNumeric & Sendable>(
        linear g: [Scalar], relu hMatrix: [Scalar], s: Scalar, sPrime: Scalar
    ) -> [Scalar] {
        let a = 2 - s - sPrime, b = s * sPrime
        return zip(g, hMatrix).map { a * $0 + b * $1 }
    }
}
