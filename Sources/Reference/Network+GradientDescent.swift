import Exact

// Exact gradient descent on the true network: θ ← θ − η ∇L(θ).
//
// The gradient is cubic in θ (r_i is quadratic, ∇f_i is linear inside a
// region), so the numerators and denominators of the parameters roughly
// triple in size per step. Every run therefore has a bit budget on the total
// size of the parameters, and may round each iterate to a stated dyadic grid.

/// What is done to the parameters after each exact step.
public enum ParameterRounding: Sendable, Hashable, CustomStringConvertible {
    /// Nothing: the iterates are the exact gradient-descent iterates.
    case exact
    /// Each parameter is rounded to the nearest multiple of `2^−fractionalBits`
    /// (ties to even). The iterates are then those of gradient descent followed by
    /// this rounding — no longer the exact trajectory, and reported as such.
    case dyadic(fractionalBits: Int)

    public var description: String {
        switch self {
        case .exact: "exact (no rounding)"
        case let .dyadic(bits): "rounded after each step to multiples of 2^-\(bits)"
        }
    }

    func apply(_ x: Rational) -> Rational {
        switch self {
        case .exact: x
        case let .dyadic(bits): x.rounded(toFractionalBits: bits)
        }
    }
}

/// The iterates of exact gradient descent and their losses.
public struct GradientDescentTrajectory: Sendable, Hashable {
    /// `η`.
    public let learningRate: Rational
    /// The rounding applied after each step (`.exact`: none).
    public let rounding: ParameterRounding
    /// `θ_0, θ_1, …, θ_T` (same `s` and scale).
    public let networks: [TwoLayerNetwork]
    /// `L(θ_0), …, L(θ_T)`.
    public let losses: [Rational]
    /// Total bits (numerators plus denominators) of the parameters of each iterate.
    public let parameterBits: [Int]

    /// The last iterate.
    public var final: TwoLayerNetwork { networks[networks.count - 1] }
}

extension TwoLayerNetwork {
    /// Total size of the parameters: the sum over all `a_k` and `w_k[j]` of
    /// `Rational.bitSize` (bits of numerator plus bits of denominator).
    public var parameterBits: Int { parameters.reduce(0) { $0 + $1.bitSize } }

    /// One step `θ − η ∇L(θ)`, then `rounding`.
    /// - Throws: `.kink` when `∇L(θ)` is undefined; `.bitBudgetExceeded` when the new
    ///   parameters need more than `bitBudget` bits in total; `.shape`.
    public func gradientDescentStep(
        on data: Dataset, learningRate eta: Rational, rounding: ParameterRounding = .exact, bitBudget: Int
    ) throws(ReferenceError) -> TwoLayerNetwork {
        let gradient = try lossGradient(on: data).vector
        let next = zip(parameters, gradient).map { rounding.apply($0 - eta * $1) }
        let bits = next.reduce(0) { $0 + $1.bitSize }
        guard bits <= bitBudget else { throw .bitBudgetExceeded(bits: bits, budget: bitBudget) }
        return try with(parameters: next)
    }

    /// `steps` steps of gradient descent `θ ← θ − η ∇L(θ)`, exact unless `rounding` says otherwise.
    ///
    /// ```swift
    /// let run = try network.gradientDescent(on: data, learningRate: Rational(1, 10), steps: 3, bitBudget: 1 << 20)
    /// run.losses            // exact losses L(θ_0) … L(θ_3)
    /// run.parameterBits     // grows roughly threefold per step when exact
    /// ```
    /// - Parameters:
    ///   - data: the training set (its dimension must be the network's).
    ///   - eta: the learning rate `η`, exact.
    ///   - steps: the number of steps, `≥ 0`.
    ///   - bitBudget: the largest allowed total `parameterBits` of any iterate (θ_0 included).
    ///   - rounding: applied to every parameter after each step; `.exact` by default.
    /// - Throws: `.bitBudgetExceeded(bits:budget:)` at the first iterate over the budget
    ///   (shorten the run, raise the budget or round to a dyadic grid); `.kink` when an
    ///   iterate lands on a kink; `.invalidArgument` for `steps < 0`; `.shape`.
    public func gradientDescent(
        on data: Dataset, learningRate eta: Rational, steps: Int, bitBudget: Int,
        rounding: ParameterRounding = .exact
    ) throws(ReferenceError) -> GradientDescentTrajectory {
        guard steps >= 0 else { throw .invalidArgument("the number of steps must be non-negative, got \(steps)") }
        guard parameterBits <= bitBudget else { throw .bitBudgetExceeded(bits: parameterBits, budget: bitBudget) }
        var networks = [self]
        var losses = [try loss(on: data)]
        var bits = [parameterBits]
        var current = self
        for _ in 0..<steps {
            current = try current.gradientDescentStep(on: data, learningRate: eta, rounding: rounding, bitBudget: bitBudget)
            networks.append(current)
            losses.append(try current.loss(on: data))
            bits.append(current.parameterBits)
        }
        return GradientDescentTrajectory(
            learningRate: eta, rounding: rounding, networks: networks,
            losses: losses, parameterBits: bits)
    }

    /// A learning rate `η > 0` for which one exact step strictly decreases the loss,
    /// with the proof computed exactly; `nil` when `∇L = 0` (no descent direction).
    ///
    /// Along `v = −∇L` the loss is the quartic `q(t) = L(θ − t∇L) = L − |∇L|² t + q₂t² + q₃t³ + q₄t⁴`,
    /// valid for `0 ≤ t ≤ upper` (the activation region, `lossAlongLine`). With
    /// `B = |q₂| + |q₃| + |q₄|`, for `0 < t ≤ 1`: `q(t) − L ≤ t(−|∇L|² + tB)`. So
    /// `η = min(1, upper/2, |∇L|²/(2B))` gives `L(θ − η∇L) − L ≤ −η|∇L|²/2 < 0`.
    /// - Throws: `.kink` when `∇L` is undefined; `.shape`.
    public func guaranteedDescentLearningRate(on data: Dataset) throws(ReferenceError) -> Rational? {
        let g = try lossGradient(on: data).vector
        var squaredNorm = Rational()
        for x in g { squaredNorm += x * x }
        guard !squaredNorm.isZero else { return nil }
        let line = try lossAlongLine(g.map { -$0 }, on: data)
        let q = line.polynomial
        let bound = q.coefficient(2).magnitude + q.coefficient(3).magnitude + q.coefficient(4).magnitude
        var eta = Rational(1)
        if let upper = line.upper { eta = min(eta, upper / 2) }
        if !bound.isZero { eta = min(eta, squaredNorm / (2 * bound)) }
        return eta
    }
}
