import Exact

// The forward pass, residuals, loss and the exact gradient of both layers.
//
//   f(x; θ) = c · Σ_k a_k σ_s(w_k · x)
//   ∂f/∂a_k = c · σ_s(w_k · x)
//   ∂f/∂w_k = c · a_k · σ_s'(w_k · x) · x
//   L(θ)    = (1/2n) Σ_i r_i²,   r_i = f(x_i; θ) − y_i
//   ∇L      = (1/n) Σ_i r_i ∇f(x_i; θ)
//
// Kinks. The forward pass and the loss are defined everywhere (σ_s is
// continuous). Derivatives are not: where some w_k · x_i = 0 and s ≠ 0 the
// one-sided slopes 1 − s and 1 differ. At s = 0 (σ_0 the identity) no zero
// pre-activation is a kink; `TwoLayerNetwork.kinks(on:)` lists the zero
// pre-activations whatever s is (see its documentation). The design, used by every
// derivative entry point of `Reference`:
//   * result types that always exist (`NetworkEvaluation`) carry `kinks: [Kink]`
//     and hold `nil` for every quantity that is undefined there;
//   * functions that return only a derivative (`lossGradient(on:)`,
//     `lossHessian(on:)`, …) throw `ReferenceError.kink` listing every kink.
// No derivative is ever given a one-sided value silently.

/// The exact coefficient rings of the derivative formulas: `Rational` for values
/// at one `s`, `Polynomial` for values as polynomials in `s`. The formulas are
/// written once, generically; only the activation table differs.
protocol ExactCoefficient: AdditiveArithmetic, Sendable {
    init(rationalConstant value: Rational)
    var isZero: Bool { get }
    static func * (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Rational, rhs: Self) -> Self
}

extension Rational: ExactCoefficient {
    init(rationalConstant value: Rational) { self = value }
}

extension Polynomial: ExactCoefficient {
    init(rationalConstant value: Rational) { self.init(value) }
}

/// `σ_s`, `σ_s'`, `σ_s''` at every pre-activation `z_ik = w_k · x_i`, indexed
/// `[sample][neuron]`, plus the kinks. Where a kink is listed, the slope and
/// curvature entries are placeholders (0) and must not be used.
struct ActivationTable<C: ExactCoefficient>: Sendable {
    var value: [[C]]
    var slope: [[C]]
    var curvature: [[C]]
    var kinks: [Kink]
}

/// The outputs, residuals and loss of a network on a dataset — always defined —
/// and the loss gradient, defined only away from kinks.
///
/// ```swift
/// let data = try Dataset(points: [[1, 2], [-1, 1]], targets: [1, 0])
/// let net = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1, -1]])   // c = 1
/// let e = try net.evaluate(on: data)
/// e.outputs      // [0, 0]: w·x = −1 and −2, ReLU gives 0
/// e.loss         // 1/4
/// e.gradient     // ∂L/∂a = 0, ∂L/∂w = 0 (both samples on the flat piece)
/// ```
public struct NetworkEvaluation: Sendable, Hashable {
    /// `z_ik = w_k · x_i`, indexed `[sample][neuron]`.
    public let preactivations: [[Rational]]
    /// `f(x_i; θ)`.
    public let outputs: [Rational]
    /// `r_i = f(x_i; θ) − y_i`.
    public let residuals: [Rational]
    /// `L = (1/2n) Σ_i r_i²`.
    public let loss: Rational
    /// Every (sample, neuron) with `w_k · x_i = 0` at which `σ_s` has a kink: equal to
    /// `TwoLayerNetwork.kinks(on:)` for `s ≠ 0`, and empty for `s = 0` (the identity has
    /// no kink), whatever the pre-activations.
    public let kinks: [Kink]
    /// `∇L`, or `nil` when `kinks` is not empty (undefined there).
    public let gradient: LossGradient?

    /// `true` when no kink is met, so that `gradient` (and the Hessian) exist.
    public var isDifferentiable: Bool { kinks.isEmpty }
}

/// The gradient of the loss, split by layer, in exact rationals.
public struct LossGradient: Sendable, Hashable {
    /// `∂L/∂a_k = (c/n) Σ_i r_i σ_s(w_k · x_i)`.
    public let outer: [Rational]
    /// `∂L/∂w_k = (c/n) Σ_i r_i a_k σ_s'(w_k · x_i) x_i`.
    public let inner: [[Rational]]

    /// The gradient as one vector in the documented parameter order.
    public var vector: [Rational] { outer + inner.flatMap { $0 } }

    /// Splits a vector in the documented order (`m` outer entries, then `m` blocks of `d`).
    public init(vector: [Rational], width m: Int, dimension d: Int) {
        precondition(vector.count == m * (1 + d), "gradient vector of the wrong length")
        outer = Array(vector[0..<m])
        inner = (0..<m).map { k in Array(vector[(m + k * d)..<(m + (k + 1) * d)]) }
    }
}

extension TwoLayerNetwork {
    // MARK: - Internal building blocks shared with the Hessian and the symbolic version

    /// `z_ik = w_k · x_i`, `[sample][neuron]`.
    func preactivations(on data: Dataset) -> [[Rational]] {
        data.points.map { x in inner.map { w in dot(w, x) } }
    }

    /// `σ_s`, `σ_s'`, `σ_s''` at this network's `s`, from `HomotopyActivation`
    /// (`value`, `derivative(at:)`, `secondDerivative(at:)`): nothing is assumed here,
    /// in particular not that `σ_s''` vanishes.
    ///
    /// With `kinkSlope` (`KinkConvention`), a kink is still listed in `kinks`, but its
    /// slope is set to `kinkSlope` and its curvature to 0, as a framework does.
    func activationTable(preactivations z: [[Rational]], kinkSlope: Rational? = nil) -> ActivationTable<Rational> {
        let sigma = activation
        var kinks: [Kink] = []
        var value: [[Rational]] = [], slope: [[Rational]] = [], curvature: [[Rational]] = []
        for (i, row) in z.enumerated() {
            var v: [Rational] = [], d1: [Rational] = [], d2: [Rational] = []
            for (k, zik) in row.enumerated() {
                v.append(sigma.value(zik))
                switch (sigma.derivative(at: zik), sigma.secondDerivative(at: zik)) {
                case let (.value(first), .value(second)):
                    d1.append(first)
                    d2.append(second)
                default:
                    kinks.append(Kink(sample: i, neuron: k))
                    d1.append(kinkSlope ?? 0)
                    d2.append(0)
                }
            }
            value.append(v)
            slope.append(d1)
            curvature.append(d2)
        }
        return ActivationTable(value: value, slope: slope, curvature: curvature, kinks: kinks)
    }

    /// `∇_θ f(x_i; θ)` from the table: `c·σ_ik` for `a_k`, `c·a_k·σ'_ik·x_i` for `w_k`.
    func outputGradient<C: ExactCoefficient>(sample i: Int, point x: [Rational], table: ActivationTable<C>) -> [C] {
        let m = width, d = dimension
        var g = [C](repeating: .zero, count: parameterCount)
        for k in 0..<m {
            g[TwoLayerNetwork.outerIndex(k)] = scale * table.value[i][k]
            let ak = scale * outer[k]
            for j in 0..<d {
                g[TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d)] = (ak * x[j]) * table.slope[i][k]
            }
        }
        return g
    }

    /// `∇L = (1/n) Σ_i r_i ∇f_i` as one vector.
    func lossGradientVector<C: ExactCoefficient>(residuals r: [C], table: ActivationTable<C>, data: Dataset) -> [C] {
        var sum = [C](repeating: .zero, count: parameterCount)
        for (i, x) in data.points.enumerated() where !r[i].isZero {
            let g = outputGradient(sample: i, point: x, table: table)
            for p in sum.indices where !g[p].isZero { sum[p] += r[i] * g[p] }
        }
        let inverseN = Rational(1, data.count)
        return sum.map { inverseN * $0 }
    }

    // MARK: - Public API

    /// Outputs, residuals, loss, kinks and (off kinks) the gradient, exactly.
    ///
    /// Read `kinks` before `gradient`: the gradient is `nil` exactly when some
    /// `w_k · x_i = 0` with `s ≠ 0`.
    /// - Throws: `ReferenceError.shape` when the data dimension is not the network's.
    public func evaluate(on data: Dataset) throws(ReferenceError) -> NetworkEvaluation {
        try checkDimension(of: data)
        let z = preactivations(on: data)
        let table = activationTable(preactivations: z)
        let f = try outputs(parameters: parameters, on: data)
        let r = zip(f, data.targets).map { $0 - $1 }
        var sumOfSquares = Rational()
        for ri in r { sumOfSquares += ri * ri }
        let gradient =
            table.kinks.isEmpty
            ? LossGradient(vector: lossGradientVector(residuals: r, table: table, data: data), width: width, dimension: dimension)
            : nil
        return NetworkEvaluation(
            preactivations: z, outputs: f, residuals: r,
            loss: Rational(1, 2 * data.count) * sumOfSquares,
            kinks: table.kinks, gradient: gradient)
    }

    /// `f(x_i; θ)` for every sample (defined everywhere).
    /// - Throws: `.shape` for a data dimension that does not fit.
    public func outputs(on data: Dataset) throws(ReferenceError) -> [Rational] {
        try outputs(parameters: parameters, on: data)
    }

    /// `f(x; θ)` at one point (defined everywhere).
    /// - Throws: `.shape` when `x` does not have `dimension` entries.
    public func output(at x: [Rational]) throws(ReferenceError) -> Rational {
        try outputs(on: Dataset(points: [x], targets: [0]))[0]
    }

    /// `r_i = f(x_i; θ) − y_i` (defined everywhere).
    public func residuals(on data: Dataset) throws(ReferenceError) -> [Rational] {
        zip(try outputs(on: data), data.targets).map { $0 - $1 }
    }

    /// `L(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)²` (defined everywhere).
    public func loss(on data: Dataset) throws(ReferenceError) -> Rational {
        try loss(parameters: parameters, on: data)
    }

    /// `∇L` split by layer.
    ///
    /// ```swift
    /// let g = try network.lossGradient(on: data)
    /// g.outer[0]     // ∂L/∂a_1
    /// g.vector       // in the documented parameter order
    /// ```
    /// - Throws: `.kink` listing every kink (the gradient is undefined there);
    ///   `.shape` for a data dimension that does not fit.
    public func lossGradient(on data: Dataset) throws(ReferenceError) -> LossGradient {
        let evaluation = try evaluate(on: data)
        guard let gradient = evaluation.gradient else { throw .kink(evaluation.kinks) }
        return gradient
    }

    /// The rows `∇_θ f(x_i; θ)` of the output Jacobian, one per sample
    /// (`∂f/∂a_k = c σ_s(w_k·x)`, `∂f/∂w_k = c a_k σ_s'(w_k·x) x`).
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func outputGradients(on data: Dataset) throws(ReferenceError) -> [[Rational]] {
        try checkDimension(of: data)
        let table = activationTable(preactivations: preactivations(on: data))
        guard table.kinks.isEmpty else { throw .kink(table.kinks) }
        return data.points.enumerated().map { i, x in outputGradient(sample: i, point: x, table: table) }
    }

    /// The `n × P` output Jacobian `J_ip = ∂f(x_i)/∂θ_p` (so `G = JᵀJ / n`).
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func outputJacobian(on data: Dataset) throws(ReferenceError) -> RationalMatrix {
        let rows = try outputGradients(on: data)
        return RationalMatrix(rows: rows.count, columns: parameterCount, entries: rows.flatMap { $0 })
    }
}
