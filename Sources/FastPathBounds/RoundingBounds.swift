import Exact
import FastPath

/// The exact values of every quantity FastPath computes for one network and data
/// set, each with the rigorous bound on FastPath's rounding error, following
/// FastPath's operation order step by step (proofs-notes/fastpath-rounding-bounds.md,
/// sections 2–5). The order is the one contract of every kernel variant: the block kernels
/// (`Sources/FastPath/Kernels/*Kernel.swift`) and the panel path for `d ≥ 9` (the contract at
/// the head of `PanelKernels.swift`, proofs-notes/fastpath-panels.md) compute each number by
/// the same operations, so these bounds cover both. Used by the oracle tests (`Tests/FastPathTests`) and by claim 9 of
/// the `verify` suite; both compare FastPath's `Float`s with `Bounded.contains`.
///
/// Inputs are exact: every `Float` (weights, data, `s`, the stored scale `c`) is a
/// dyadic rational. The exact quantities use FastPath's kink convention
/// `σ_s'(z) = 1 − s·[z < 0]` (so `σ_s'(0) = 1`) and `σ_s'' = 0`.
///
/// Roundings per term (`h` of Lemma 1): `d` for `w·x` chains, `h_m = ⌈m/8⌉ + 3`
/// for sums over neurons (lane accumulators over blocks, then the lane tree),
/// `n` for sequential sums over samples, `n + 2` for the kernels' sample sums
/// (up to four interleaved accumulators combined by a tree of depth 2).
///
/// No underflow or overflow is assumed (the bounds are for data and weights of
/// moderate magnitude; see the note).
///
/// ```swift
/// let bounds = RoundingBounds(network: net, data: data)
/// let outputs = Evaluator(data: data).outputs(net)
/// outputs.indices.allSatisfy { bounds.outputs[$0].contains(outputs[$0]) }   // true
/// ```
public struct RoundingBounds: Sendable {
    public let s: Rational
    /// The network's stored `Float` scale `c`, exactly.
    public let scale: Rational
    /// `c/n` exactly.
    public let kappa: Rational
    public let a: [Rational]
    public let w: [[Rational]]
    public let x: [[Rational]]
    public let y: [Rational]
    /// `h_m = ⌈m/8⌉ + 3`, the roundings per term of a sum over neurons.
    public let neuronRoundings: Int

    /// `z_ki = w_k·x_i`, indexed `[k][i]`.
    public private(set) var z: [[Rational]] = []
    /// The bound on `|ẑ_ki − z_ki|`: 0 when Lemma 2 applies (`ẑ = z` exactly).
    public private(set) var zError: [[Rational]] = []
    /// `z_ki < 0`.
    public private(set) var negative: [[Bool]] = []
    /// `|z_ki| ≤ zError_ki > 0`: the computed sign may differ (Lemma 3).
    public private(set) var ambiguous: [[Bool]] = []

    /// `f(x_i)`.
    public private(set) var outputs: [Bounded] = []
    /// `r_i = f(x_i) − y_i`.
    public private(set) var residuals: [Bounded] = []
    /// `L = (1/2n) Σ r_i²`.
    public private(set) var loss = Bounded(Rational())
    /// `V = Σ_i r_i x_i`.
    public private(set) var residualSum: [Bounded] = []
    /// `D_k = V − s B_k`, `B_k = Σ_i [z_ki < 0] r_i x_i`, indexed `[k][j]`.
    public private(set) var residualSlopes: [[Bounded]] = []
    /// `∇L` in the documented order `∂/∂a_1 … ∂/∂a_m, ∂/∂w_1 … ∂/∂w_m`.
    public private(set) var gradient: [Bounded] = []

    public var width: Int { a.count }
    public var dimension: Int { w[0].count }
    public var count: Int { x.count }

    /// - Precondition: the network's and the data's dimensions agree.
    public init(network: HomotopyNetwork, data: FloatDataset) {
        precondition(network.dimension == data.dimension, "the network has d = \(network.dimension), the data d = \(data.dimension)")
        s = Rational(network.s)
        scale = Rational(network.scale)
        kappa = scale / Rational(data.count)
        a = network.outer.map { Rational($0) }
        w = network.inner.map { $0.map { Rational($0) } }
        x = (0..<data.count).map { data.point($0).map { Rational($0) } }
        y = data.targets.map { Rational($0) }
        neuronRoundings = (network.width + 7) / 8 + 3
        pairs()
        forward()
        backward()
    }

    /// `z_ki = w_k·x_i` and its error: 0 when Lemma 2 applies (every product and
    /// partial sum representable), else `γ_d Σ_j |w_kj x_ij|`.
    private mutating func pairs() {
        let dim = dimension
        for k in 0..<width {
            var zk: [Rational] = [], ek: [Rational] = [], nk: [Bool] = [], ak: [Bool] = []
            for i in 0..<count {
                let products = (0..<dim).map { w[k][$0] * x[i][$0] }
                var sum = Rational(), absolute = Rational()
                for p in products {
                    sum += p
                    absolute += p.magnitude
                }
                let error = RoundingBounds.isExactlyComputed(products) ? Rational() : FloatRounding.gamma(dim) * absolute
                zk.append(sum)
                ek.append(error)
                nk.append(sum.signum < 0)
                ak.append(error.signum > 0 && sum.magnitude <= error)
            }
            z.append(zk)
            zError.append(ek)
            negative.append(nk)
            ambiguous.append(ak)
        }
    }

    /// Lemma 2: if every product is an integer multiple of `2^-q` and `Σ|p| ≤ 2^{24-q}`,
    /// every partial sum (in any order) is a representable `Float`: no rounding at all.
    /// The test takes `2^q` as the largest denominator of the products (all are powers of 2).
    public static func isExactlyComputed(_ products: [Rational]) -> Bool {
        var denominator = BigInt(1)
        for p in products where p.denominator > denominator { denominator = p.denominator }
        var total = Rational()
        for p in products { total += p.magnitude }
        return total * Rational(denominator) <= Rational(1 << 24)
    }

    private func exact(_ q: Rational) -> Bounded { Bounded(q) }

    /// `f_i = fl(c · fma(−s, R_i, U·x_i))`, `r_i`, `L`.
    private mutating func forward() {
        let m = width, dim = dimension, n = count, hm = neuronRoundings
        let u = (0..<dim).map { j in Bounded.sumOfProducts((0..<m).map { k in (exact(a[k]), exact(w[k][j])) }, roundings: hm) }
        for i in 0..<n {
            let linear = Bounded.sumOfProducts((0..<dim).map { j in (u[j], exact(x[i][j])) }, roundings: dim)
            let relu = Bounded.sumOfProducts(
                (0..<m).map { k in
                    (exact(a[k]), Bounded(z[k][i].signum < 0 ? z[k][i] : Rational(), error: zError[k][i]))
                }, roundings: hm)
            let inner = Bounded.sumOfProducts([(exact(-s), relu), (exact(1), linear)], roundings: 1)
            let f = Bounded.sumOfProducts([(exact(scale), inner)], roundings: 1)
            outputs.append(f)
            residuals.append(Bounded.sumOfProducts([(f, exact(1)), (exact(y[i]), exact(-1))], roundings: 1))
        }
        let sum = Bounded.sumOfProducts(residuals.map { ($0, $0) }, roundings: n)
        loss = Bounded.sumOfProducts([(sum, exact(Rational(1, 2 * n)))], roundings: 1)
    }

    /// `V = Σ r_i x_i`, `B_k = Σ [z<0] r_i x_i`, `D_k = fma(−s, B_k, V)`,
    /// `∂L/∂a_k = fl(κ̂·(w_k·D_k))`, `∂L/∂w_k = fl(fl(κ̂ a_k)·D_k)`.
    private mutating func backward() {
        let m = width, dim = dimension
        residualSum = sampleSum(residuals, roundings: count)
        residualSlopes = (0..<m).map { k in
            let b = maskedSampleSum(residuals, neuron: k)
            return (0..<dim).map { j in Bounded.sumOfProducts([(exact(-s), b[j]), (exact(1), residualSum[j])], roundings: 1) }
        }
        var outer: [Bounded] = [], inner: [Bounded] = []
        for k in 0..<m {
            let dot = Bounded.sumOfProducts((0..<dim).map { j in (exact(w[k][j]), residualSlopes[k][j]) }, roundings: dim)
            outer.append(Bounded.sumOfProducts([(exact(kappa), dot)], roundings: 2))
            for j in 0..<dim {
                inner.append(Bounded.sumOfProducts([(exact(kappa * a[k]), residualSlopes[k][j])], roundings: 3))
            }
        }
        gradient = outer + inner
    }

    /// `Σ_i t_i x_i[j]` computed sequentially.
    private func sampleSum(_ t: [Bounded], roundings h: Int) -> [Bounded] {
        (0..<dimension).map { j in Bounded.sumOfProducts((0..<count).map { i in (t[i], exact(x[i][j])) }, roundings: h) }
    }

    /// `Σ_i [z_ki < 0] t_i x_i[j]` as the kernels compute it.
    private func maskedSampleSum(_ t: [Bounded], neuron k: Int) -> [Bounded] {
        (0..<dimension).map { j in
            Bounded.sumOfProducts(
                (0..<count).map { i in
                    (Bounded.masked(t[i], negative: negative[k][i], ambiguous: ambiguous[k][i]), exact(x[i][j]))
                }, roundings: count + 2)
        }
    }

    /// The parameters after one gradient-descent step `θ − η ∇L` (one `fma` per
    /// parameter), in the documented order.
    public func gradientDescentStep(learningRate eta: Rational) -> [Bounded] {
        let theta = a + w.flatMap { $0 }
        return zip(theta, gradient).map { p, g in
            Bounded.sumOfProducts([(exact(-eta), g), (exact(p), exact(1))], roundings: 1)
        }
    }

    /// The Jacobian-vector products `t_i = J_i·v` (as computed inside a curvature
    /// product, after the forward pass) and the Hessian- and Gauss–Newton-vector
    /// products, for a direction `v` in the documented order.
    /// - Precondition: `v.count == m(1 + d)`.
    public func curvatureProducts(direction: [Rational]) -> (t: [Bounded], hessian: [Bounded], gaussNewton: [Bounded]) {
        let m = width, dim = dimension, n = count, hm = neuronRoundings
        precondition(direction.count == m * (1 + dim), "a direction needs m(1 + d) = \(m * (1 + dim)) entries")
        let va = Array(direction[0..<m])
        let vw = (0..<m).map { k in Array(direction[(m + k * dim)..<(m + (k + 1) * dim)]) }
        // ũ_k = fl(fma(a_k, v_wk, fl(v_ak w_k))).
        let combined = (0..<m).map { k in
            (0..<dim).map { j in
                Bounded.sumOfProducts([(exact(va[k]), exact(w[k][j])), (exact(a[k]), exact(vw[k][j]))], roundings: 2)
            }
        }
        let combinedSum = (0..<dim).map { j in
            Bounded.sumOfProducts((0..<m).map { k in (combined[k][j], exact(1)) }, roundings: hm)
        }
        var t: [Bounded] = []
        for i in 0..<n {
            let linear = Bounded.sumOfProducts((0..<dim).map { j in (combinedSum[j], exact(x[i][j])) }, roundings: dim)
            let pairSum = Bounded.sumOfProducts(
                (0..<m).map { k in
                    let yk = Bounded.sumOfProducts((0..<dim).map { j in (combined[k][j], exact(x[i][j])) }, roundings: dim)
                    return (Bounded.masked(yk, negative: negative[k][i], ambiguous: ambiguous[k][i]), exact(1))
                }, roundings: hm)
            let inner = Bounded.sumOfProducts([(exact(-s), pairSum), (exact(1), linear)], roundings: 1)
            t.append(Bounded.sumOfProducts([(exact(scale), inner)], roundings: 1))
        }
        let tSum = sampleSum(t, roundings: n)
        var hessianOuter: [Bounded] = [], hessianInner: [Bounded] = []
        var gaussOuter: [Bounded] = [], gaussInner: [Bounded] = []
        for k in 0..<m {
            let bt = maskedSampleSum(t, neuron: k)
            let p = (0..<dim).map { j in Bounded.sumOfProducts([(exact(-s), bt[j]), (exact(1), tSum[j])], roundings: 1) }
            let q = residualSlopes[k]
            let dotH = Bounded.sumOfProducts(
                (0..<dim).map { j in (exact(w[k][j]), p[j]) }
                    + (0..<dim).map { j in (exact(vw[k][j]), q[j]) }, roundings: 2 * dim)
            hessianOuter.append(Bounded.sumOfProducts([(exact(kappa), dotH)], roundings: 2))
            let dotG = Bounded.sumOfProducts((0..<dim).map { j in (exact(w[k][j]), p[j]) }, roundings: dim)
            gaussOuter.append(Bounded.sumOfProducts([(exact(kappa), dotG)], roundings: 2))
            for j in 0..<dim {
                let inner = Bounded.sumOfProducts([(exact(a[k]), p[j]), (exact(va[k]), q[j])], roundings: 2)
                hessianInner.append(Bounded.sumOfProducts([(exact(kappa), inner)], roundings: 2))
                gaussInner.append(Bounded.sumOfProducts([(exact(kappa * a[k]), p[j])], roundings: 3))
            }
        }
        return (t, hessianOuter + hessianInner, gaussOuter + gaussInner)
    }
}
