import Exact

// The network evaluated over any exact scalar type: `Rational` for values,
// `HyperDual` for exact first and second directional derivatives. Both run
// through the SAME code below, so the hyper-dual derivatives are derivatives
// of exactly the function whose values the rest of `Reference` reports.

/// An exact scalar the network can be evaluated over.
///
/// Implemented by `Rational` (plain values) and `HyperDual` (values with exact
/// first and second directional derivatives). Only ring operations and the real
/// part are needed: the network `f(x; θ) = c · Σ_k a_k σ_s(w_k · x)` uses sums,
/// products, rational constants (`c`, the data, `1 − s`) and, for `σ_s`, the sign
/// of the real part of `w_k · x` to pick the linear piece.
public protocol NetworkScalar: Sendable {
    /// The constant `value` (for `HyperDual`: no infinitesimal parts).
    init(constant value: Rational)
    /// The real (standard) part. Its sign picks the piece of `σ_s`.
    var realPart: Rational { get }
    /// `true` when the type carries derivatives. For such a type, evaluating
    /// `σ_s` at real part exactly 0 (with `s ≠ 0`) is a kink and is reported;
    /// for plain values it is not, since `σ_s` is continuous with `σ_s(0) = 0`.
    static var carriesDerivatives: Bool { get }

    static var zero: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    /// Multiplication by a rational constant.
    static func * (lhs: Rational, rhs: Self) -> Self
    static func += (lhs: inout Self, rhs: Self)
}

extension Rational: NetworkScalar {
    /// The rational itself (for `NetworkScalar`).
    public init(constant value: Rational) { self = value }
    /// The rational itself.
    public var realPart: Rational { self }
    /// Plain values carry no derivatives.
    public static var carriesDerivatives: Bool { false }
}

extension HomotopyActivation {
    /// `σ_s(z)` over any `NetworkScalar`, or `nil` at a kink.
    ///
    /// The piece is chosen by the sign of the real part: `z` when it is positive,
    /// `(1 − s)·z` when it is negative. So for a hyper-dual `z` the infinitesimal
    /// parts are pushed through the linear piece that holds on a neighbourhood —
    /// the exact derivatives of `σ_s` off the kink. At real part exactly 0:
    /// - `s = 0`: both pieces are the identity, the result is `z`;
    /// - plain values (`carriesDerivatives == false`): `σ_s(0) = 0 = z`;
    /// - otherwise the one-sided derivatives `1 − s` and `1` differ: `nil` (a kink).
    public func apply<T: NetworkScalar>(_ z: T) -> T? {
        switch z.realPart.signum {
        case 1: return z
        case -1: return (1 - s) * z
        default:
            if case let .value(slope) = derivative(at: 0) { return slope * z }
            return T.carriesDerivatives ? nil : z
        }
    }
}

extension TwoLayerNetwork {
    /// Throws `.shape` unless the data have the network's input dimension.
    func checkDimension(of data: Dataset) throws(ReferenceError) {
        guard data.dimension == dimension else {
            throw .shape("the data have dimension \(data.dimension), the network's inner weights \(dimension)")
        }
    }

    /// `f(x_i; θ) = c · Σ_k a_k σ_s(w_k · x_i)` for every sample, with the
    /// parameters `θ` given as scalars of any `NetworkScalar` type in the documented
    /// order (`a_1 … a_m`, then `w_1`, …, `w_m`). This network supplies `s`, `c`
    /// and the shape; its own weights are not used.
    ///
    /// ```swift
    /// // exact values:
    /// let f = try network.outputs(parameters: network.parameters, on: data)
    /// // ∂²f/∂θ_p∂θ_q for every sample at once:
    /// let seeded = network.parameters.indices.map { HyperDual(network.parameters[$0], e1: $0 == p ? 1 : 0, e2: $0 == q ? 1 : 0) }
    /// let g = try network.outputs(parameters: seeded, on: data).map(\.e12)
    /// ```
    /// - Throws: `.shape` when the parameter count or data dimension do not fit;
    ///   `.kink` with every (sample, neuron) at which `σ_s` was asked for a
    ///   derivative at exactly 0 (only for types that carry derivatives, `s ≠ 0`).
    public func outputs<T: NetworkScalar>(parameters theta: [T], on data: Dataset) throws(ReferenceError) -> [T] {
        try checkDimension(of: data)
        guard theta.count == parameterCount else {
            throw .shape("parameter vector of length \(theta.count), the network has \(parameterCount)")
        }
        let m = width, d = dimension, sigma = activation
        var kinks: [Kink] = []
        var result: [T] = []
        result.reserveCapacity(data.count)
        for (i, x) in data.points.enumerated() {
            var sum = T.zero
            for k in 0..<m {
                // z = w_k · x
                var z = T.zero
                for j in 0..<d { z += x[j] * theta[TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d)] }
                guard let activated = sigma.apply(z) else {
                    kinks.append(Kink(sample: i, neuron: k))
                    continue
                }
                sum += theta[TwoLayerNetwork.outerIndex(k)] * activated
            }
            result.append(scale * sum)
        }
        if !kinks.isEmpty { throw .kink(kinks) }
        return result
    }

    /// The loss `L(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)²` over any `NetworkScalar`,
    /// through `outputs(parameters:on:)` (same parameters, same errors).
    ///
    /// With `θ_p + u_p ε₁ + v_p ε₂` as hyper-dual parameters, the result has
    /// `e1 = ∇L·u`, `e2 = ∇L·v` and `e12 = uᵀ ∇²L v`, exactly.
    public func loss<T: NetworkScalar>(parameters theta: [T], on data: Dataset) throws(ReferenceError) -> T {
        let f = try outputs(parameters: theta, on: data)
        var sum = T.zero
        for (fi, yi) in zip(f, data.targets) {
            let r = fi - T(constant: yi)
            sum += r * r
        }
        return Rational(1, 2 * data.count) * sum
    }
}
