import Exact
import Reference

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Data, networks and reference computations for the kernel tests.
///
/// Everything is generated from `SplitMix64` seeds, so a failing case is reproduced by its
/// seed. Gaussian samples come from Box–Muller in `Double` (rounded to `Float` where the
/// benchmark format asks for it) and are then exact dyadic rationals.
public enum KernelFixtures {
    /// A standard normal sample (Box–Muller, `Double`).
    public static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = (Double(rng.next() >> 11) + 0.5) * 0x1p-53  // (0, 1)
        let u2 = Double(rng.next() >> 11) * 0x1p-53  // [0, 1)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `n` points in `R^d` with Float32 standard normal coordinates, as exact rationals.
    public static func gaussianPoints(n: Int, d: Int, seed: UInt64) -> [[Rational]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in (0..<d).map { _ in Rational(Float(normal(&rng))) } }
    }

    /// `n` points with small rational coordinates `p/q`, `|p| ≤ 6`, `1 ≤ q ≤ 4`: zero
    /// coordinates, parallel points and kinks are frequent.
    public static func smallRationalPoints(n: Int, d: Int, seed: UInt64) -> [[Rational]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            (0..<d).map { _ in Rational(Int(rng.next() % 13) - 6, Int(rng.next() % 4) + 1) }
        }
    }

    /// A dataset with zero targets.
    public static func dataset(_ points: [[Rational]]) -> Dataset {
        try! Dataset(points: points, targets: Array(repeating: Rational(), count: points.count))
    }

    /// How the outer weights are drawn.
    public enum OuterWeights: Sendable {
        /// `a_k ∈ {−1, 1}` with equal probability (`E a² = 1`, `a² = 1`).
        case rademacher
        /// `a_k ~ N(0, 1)` rounded to Float32.
        case gaussian
    }

    /// A network with Float32 standard normal inner weights and outer weights as asked,
    /// `c = 1/√m`. - Precondition: `m` is a perfect square.
    public static func randomNetwork(
        s: Rational, m: Int, d: Int, seed: UInt64,
        outer: OuterWeights = .gaussian
    ) -> TwoLayerNetwork {
        var rng = SplitMix64(seed: seed)
        let inner = (0..<m).map { _ in (0..<d).map { _ in Rational(Float(normal(&rng))) } }
        let a: [Rational] = (0..<m).map { _ in
            switch outer {
            case .rademacher: return rng.next() >> 63 == 0 ? 1 : -1
            case .gaussian: return Rational(Float(normal(&rng)))
            }
        }
        return try! TwoLayerNetwork(s: s, outer: a, inner: inner)
    }

    /// The symmetric initialisation built from groups `(a, w)`: each group becomes the four
    /// neurons `(a, w), (−a, w), (a, −w), (−a, −w)`, in that order. The scale is `1/√(4g)`
    /// when `4g` is a perfect square (`g` a square), else `scale` (default `1/(4g)`).
    public static func symmetricNetwork(
        s: Rational, groups: [(a: Rational, w: [Rational])],
        scale: Rational? = nil
    ) -> TwoLayerNetwork {
        var outer: [Rational] = [], inner: [[Rational]] = []
        for (a, w) in groups {
            let minusW = w.map { -$0 }
            outer += [a, -a, a, -a]
            inner += [w, w, minusW, minusW]
        }
        let m = outer.count
        let root = Int(Double(m).squareRoot().rounded())
        if scale == nil && root * root == m { return try! TwoLayerNetwork(s: s, outer: outer, inner: inner) }
        return try! TwoLayerNetwork(s: s, scale: scale ?? Rational(1, m), outer: outer, inner: inner)
    }

    /// A symmetric initialisation with `g` Gaussian groups (Float32 `a` and `w`).
    public static func randomSymmetricNetwork(s: Rational, groups g: Int, d: Int, seed: UInt64) -> TwoLayerNetwork {
        var rng = SplitMix64(seed: seed)
        let groups: [(a: Rational, w: [Rational])] = (0..<g).map { _ in
            (Rational(Float(normal(&rng))), (0..<d).map { _ in Rational(Float(normal(&rng))) })
        }
        return symmetricNetwork(s: s, groups: groups)
    }

    /// The outer and inner kernel blocks by their definition as Gram matrices of the
    /// output Jacobian, `J_a[i, k] = c·σ_s(w_k·x_i)`, `J_w[i, (k, p)] = c·a_k σ_s'(w_k·x_i) x_ip`,
    /// with plain rational arithmetic: an independent reference for the fast code.
    ///
    /// The inner-layer gradient block of neuron `k` at sample `i` is the zero vector when
    /// `a_k = 0` or `x_i = 0` (the neuron's contribution is then flat in `w_k`), and
    /// undefined when `w_k·x_i = 0` otherwise (for `s ≠ 0`): then this returns `nil` for
    /// the inner block.
    public static func kernelsByDefinition(_ network: TwoLayerNetwork, _ data: Dataset)
        -> (outer: RationalMatrix, inner: RationalMatrix?)
    {
        let sigma = network.activation, c = network.scale
        let n = data.count, m = network.width, d = network.dimension
        var ja = RationalMatrix(rows: n, columns: m)
        var jw: RationalMatrix? = RationalMatrix(rows: n, columns: m * d)
        for i in 0..<n {
            let x = data.points[i]
            let zeroPoint = x.allSatisfy(\.isZero)
            for k in 0..<m {
                var z = Rational()
                for p in 0..<d { z += network.inner[k][p] * x[p] }
                ja[i, k] = c * sigma.value(z)
                if network.outer[k].isZero || zeroPoint { continue }
                guard let slope = sigma.derivative(at: z).value else {
                    jw = nil
                    continue
                }
                for p in 0..<d { jw?[i, k * d + p] = c * network.outer[k] * slope * x[p] }
            }
        }
        return (ja * ja.transposed, jw.map { $0 * $0.transposed })
    }
}
