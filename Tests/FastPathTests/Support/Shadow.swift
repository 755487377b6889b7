import Exact
@testable import FastPath

/// The exact values of every quantity FastPath computes, each with the rigorous
/// bound on FastPath's rounding error, following FastPath's operation order step
/// by step (proofs-notes/fastpath-rounding-bounds.md, sections 2–5).
///
/// Roundings per term (`h` of Lemma 1): `d` for `w·x` chains, `h_m = ⌈m/8⌉ + 3`
/// for sums over neurons (lane accumulators over blocks, then the lane tree),
/// `n` for sequential sums over samples, `n + 2` for the kernels' sample sums
/// (up to four interleaved accumulators combined by a tree of depth 2).
struct Shadow {
    let c: FloatCase
    let s: Rational
    let scale: Rational
    /// `c/n` exactly.
    let kappa: Rational
    let a: [Rational]
    let w: [[Rational]]
    let x: [[Rational]]
    let y: [Rational]
    let hm: Int

    // Pair quantities, [k][i].
    var z: [[Rational]] = []
    var zError: [[Rational]] = []
    var negative: [[Bool]] = []
    var ambiguous: [[Bool]] = []

    var outputs: [Bounded] = []
    var residuals: [Bounded] = []
    var loss = Bounded(0)
    var v: [Bounded] = []
    var d: [[Bounded]] = []
    /// The gradient in the documented order.
    var gradient: [Bounded] = []

    init(_ c: FloatCase) {
        self.c = c
        s = c.exactS
        scale = c.exactScale
        kappa = c.exactScale / Rational(c.n)
        a = c.exactOuter
        w = c.exactInner
        x = c.exactPoints
        y = c.exactTargets
        hm = (c.m + 7) / 8 + 3
        pairs()
        forward()
        backward()
    }

    var m: Int { c.m }
    var dim: Int { c.d }
    var n: Int { c.n }

    /// `z_ki = w_k·x_i` and its error: 0 when Lemma 2 applies (every product and
    /// partial sum representable), else `γ_d Σ_j |w_kj x_ij|`.
    mutating func pairs() {
        for k in 0..<m {
            var zk: [Rational] = [], ek: [Rational] = [], nk: [Bool] = [], ak: [Bool] = []
            for i in 0..<n {
                let products = (0..<dim).map { w[k][$0] * x[i][$0] }
                var sum = Rational(), absolute = Rational()
                for p in products {
                    sum += p
                    absolute += p.magnitude
                }
                let error = Shadow.isExactlyComputed(products) ? Rational() : gamma(dim) * absolute
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
    static func isExactlyComputed(_ products: [Rational]) -> Bool {
        var denominator = BigInt(1)
        for p in products where p.denominator > denominator { denominator = p.denominator }
        var total = Rational()
        for p in products { total += p.magnitude }
        return total * Rational(denominator) <= Rational(1 << 24)
    }

    func exact(_ q: Rational) -> Bounded { Bounded(q) }

    /// `f_i = fl(c · fma(−s, R_i, U·x_i))`, `r_i`, `L`.
    mutating func forward() {
        let u = (0..<dim).map { j in Bounded.sumOfProducts((0..<m).map { k in (exact(a[k]), exact(w[k][j])) }, roundings: hm) }
        for i in 0..<n {
            let linear = Bounded.sumOfProducts((0..<dim).map { j in (u[j], exact(x[i][j])) }, roundings: dim)
            let relu = Bounded.sumOfProducts((0..<m).map { k in
                (exact(a[k]), Bounded(z[k][i].signum < 0 ? z[k][i] : 0, error: zError[k][i]))
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
    mutating func backward() {
        v = sampleSum(residuals, roundings: n)
        d = (0..<m).map { k in
            let b = maskedSampleSum(residuals, neuron: k)
            return (0..<dim).map { j in Bounded.sumOfProducts([(exact(-s), b[j]), (exact(1), v[j])], roundings: 1) }
        }
        var outer: [Bounded] = [], inner: [Bounded] = []
        for k in 0..<m {
            let dot = Bounded.sumOfProducts((0..<dim).map { j in (exact(w[k][j]), d[k][j]) }, roundings: dim)
            outer.append(Bounded.sumOfProducts([(exact(kappa), dot)], roundings: 2))
            for j in 0..<dim {
                inner.append(Bounded.sumOfProducts([(exact(kappa * a[k]), d[k][j])], roundings: 3))
            }
        }
        gradient = outer + inner
    }

    /// `Σ_i t_i x_i[j]` computed sequentially.
    func sampleSum(_ t: [Bounded], roundings h: Int) -> [Bounded] {
        (0..<dim).map { j in Bounded.sumOfProducts((0..<n).map { i in (t[i], exact(x[i][j])) }, roundings: h) }
    }

    /// `Σ_i [z_ki < 0] t_i x_i[j]` as the kernels compute it.
    func maskedSampleSum(_ t: [Bounded], neuron k: Int) -> [Bounded] {
        (0..<dim).map { j in
            Bounded.sumOfProducts((0..<n).map { i in
                (Bounded.masked(t[i], negative: negative[k][i], ambiguous: ambiguous[k][i]), exact(x[i][j]))
            }, roundings: n + 2)
        }
    }

    /// One gradient-descent step `θ − η ∇L` (one `fma` per parameter), documented order.
    func gradientDescentStep(learningRate eta: Rational) -> [Bounded] {
        let theta = a + w.flatMap { $0 }
        return zip(theta, gradient).map { p, g in
            Bounded.sumOfProducts([(exact(-eta), g), (exact(p), exact(1))], roundings: 1)
        }
    }

    /// The Jacobian-vector products `t_i = J_i·v` and, from them, the Hessian- and
    /// Gauss–Newton-vector products (documented order).
    func curvatureProducts(direction: [Rational]) -> (t: [Bounded], hessian: [Bounded], gaussNewton: [Bounded]) {
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
            let pairSum = Bounded.sumOfProducts((0..<m).map { k in
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
            let q = d[k]
            let dotH = Bounded.sumOfProducts((0..<dim).map { j in (exact(w[k][j]), p[j]) }
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
