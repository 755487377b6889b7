import Exact

/// A two-layer homotopy network `f(x; θ) = c · Σ_k a_k σ_s(w_k · x)`, exactly.
///
/// - `s`: the homotopy parameter of `σ_s(z) = (1 − s) z + s·max(0, z)`, any rational.
/// - `c`: the output scale, `1/√m` in the paper. It must be exact, so
///   `init(s:outer:inner:)` accepts only perfect-square widths `m` (then
///   `c = 1/√m` is rational); any other width needs an explicit rational `scale`.
/// - Parameter order, everywhere (gradients, Hessians, files): `a_1 … a_m`, then
///   `w_1` (its `d` entries), …, `w_m`; `parameterCount = m + m·d`.
public struct TwoLayerNetwork: Sendable, Hashable {
    public let s: Rational
    public let scale: Rational
    /// Outer weights `a_k`, `k = 1…m`.
    public let outer: [Rational]
    /// Inner weights `w_k ∈ Qᵈ`, `k = 1…m`.
    public let inner: [[Rational]]

    /// A network with `c = 1/√m`.
    /// - Throws: `ReferenceError.widthNotPerfectSquare` when `m` is not a perfect square;
    ///   `ReferenceError.shape` for inconsistent shapes.
    public init(s: Rational, outer: [Rational], inner: [[Rational]]) throws(ReferenceError) {
        let m = outer.count
        let root = BigInt(m).squareRootFloor()
        guard m > 0, root * root == BigInt(m) else { throw .widthNotPerfectSquare(m) }
        try self.init(s: s, scale: Rational(BigInt(1), root), outer: outer, inner: inner)
    }

    /// A network with an explicit exact scale `c` (any width).
    /// - Throws: `ReferenceError.shape` for an empty network, inner weights of
    ///   different lengths or counts that differ; `.invalidArgument` for `c ≤ 0`.
    public init(s: Rational, scale: Rational, outer: [Rational], inner: [[Rational]]) throws(ReferenceError) {
        guard !outer.isEmpty else { throw .shape("the network has no neurons") }
        guard outer.count == inner.count else {
            throw .shape("\(outer.count) outer weights but \(inner.count) inner weight vectors")
        }
        let d = inner[0].count
        guard d >= 1 else { throw .shape("inner weights need at least one coordinate") }
        if let bad = inner.firstIndex(where: { $0.count != d }) {
            throw .shape("w_\(bad + 1) has \(inner[bad].count) entries, w_1 has \(d)")
        }
        guard scale.signum > 0 else { throw .invalidArgument("the scale c must be positive, got \(scale)") }
        self.s = s
        self.scale = scale
        self.outer = outer
        self.inner = inner
    }

    /// Width `m`.
    public var width: Int { outer.count }
    /// Input dimension `d`.
    public var dimension: Int { inner[0].count }
    /// `m + m·d`.
    public var parameterCount: Int { width * (1 + dimension) }

    /// The activation of this network.
    public var activation: HomotopyActivation { HomotopyActivation(s: s) }

    /// The same weights with another `s` (HRTA continues training from the same
    /// parameters when it moves to the next stage).
    public func with(s newS: Rational) -> TwoLayerNetwork {
        try! TwoLayerNetwork(s: newS, scale: scale, outer: outer, inner: inner)
    }

    /// The parameters as one vector in the documented order.
    public var parameters: [Rational] { outer + inner.flatMap { $0 } }

    /// A network with the same shape, `s` and scale from a parameter vector in the documented order.
    /// - Throws: `ReferenceError.shape` when the length is not `parameterCount`.
    public func with(parameters theta: [Rational]) throws(ReferenceError) -> TwoLayerNetwork {
        guard theta.count == parameterCount else {
            throw .shape("parameter vector of length \(theta.count), the network has \(parameterCount)")
        }
        let m = width, d = dimension
        let inner = (0..<m).map { k in Array(theta[(m + k * d)..<(m + (k + 1) * d)]) }
        return try TwoLayerNetwork(s: s, scale: scale, outer: Array(theta[0..<m]), inner: inner)
    }

    /// Index of `a_k` in the parameter vector (0-based `k`).
    public static func outerIndex(_ k: Int) -> Int { k }
    /// Index of the `j`-th entry of `w_k` in the parameter vector (0-based), for width `m`, dimension `d`.
    public static func innerIndex(_ k: Int, _ j: Int, width m: Int, dimension d: Int) -> Int { m + k * d + j }

    /// Names of the parameters in order: `a_1 … a_m, w_1[1] … w_m[d]` (1-based, for files).
    public var parameterNames: [String] {
        (1...width).map { "a_\($0)" } + (1...width).flatMap { k in (1...dimension).map { "w_\(k)[\($0)]" } }
    }

    /// Every (sample, neuron) pair with `w_k · x_i = 0` exactly, by sample then neuron:
    /// the pre-activations on the boundary between the two linear pieces of `σ_s`.
    /// The list depends on the weights and the data only, not on `s`.
    ///
    /// The kink convention of `Reference`, in one place:
    /// - `s ≠ 0`: each of these pairs is a kink of `σ_s` (one-sided slopes `1 − s` and
    ///   `1`), and the derivative code at this `s` reports exactly this list:
    ///   `evaluate(on:).kinks` equals `kinks(on:)`, and `lossGradient(on:)`,
    ///   `lossHessian(on:)`, `hessianByHyperDual(on:)` and `hessianByLineInterpolation(on:)`
    ///   throw `ReferenceError.kink(kinks(on:))`.
    /// - `s = 0`: `σ_0` is the identity, which has no kink. The derivative code at this
    ///   `s` reports none (`evaluate(on:).kinks` is empty and every derivative exists),
    ///   while this list stays the same: it says where kinks appear as soon as `s` leaves
    ///   0, not what is undefined at `s = 0`. So
    ///   `evaluate(on:).kinks == (s == 0 ? [] : kinks(on:))` always (`KinkConventionTests`).
    /// - The versions in `s` (`gradientInS(on:)`, `hessianInS(on:)`) state identities
    ///   for every `s` at once, so they ignore this network's `s` and throw
    ///   `.kink(kinks(on:))` whenever this list is not empty, `s = 0` included.
    /// - `innerKernelKinks(on:)` is the subset at which `K^w` is undefined for `s ≠ 0`
    ///   (`a_k ≠ 0` and `x_i ≠ 0` as well).
    public func kinks(on data: Dataset) -> [Kink] {
        var result: [Kink] = []
        for (i, x) in data.points.enumerated() {
            for (k, w) in inner.enumerated() where dot(w, x).isZero {
                result.append(Kink(sample: i, neuron: k))
            }
        }
        return result
    }
}
