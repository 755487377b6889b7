import Exact
import FastPathBounds

/// The exact quantities straight from their definitions (no factoring), with the
/// float path's kink convention `σ_s'(0) = 1`, `σ_s'' = 0`: an oracle independent
/// of FastPath's algebra and of `Reference` (which reports kinks instead).
struct DirectOracle {
    let s: Rational, c: Rational
    let a: [Rational], w: [[Rational]], x: [[Rational]], y: [Rational]

    init(_ f: FloatCase) {
        s = f.exactS
        c = f.exactScale
        a = f.exactOuter
        w = f.exactInner
        x = f.exactPoints
        y = f.exactTargets
    }

    var m: Int { a.count }
    var d: Int { w[0].count }
    var n: Int { x.count }

    func z(_ k: Int, _ i: Int) -> Rational {
        var sum = Rational()
        for j in 0..<d { sum.addProduct(w[k][j], x[i][j]) }
        return sum
    }

    func sigma(_ z: Rational) -> Rational { z.signum < 0 ? (1 - s) * z : z }
    /// `σ_s'(z)` with `σ_s'(0) = 1`.
    func slope(_ z: Rational) -> Rational { z.signum < 0 ? 1 - s : 1 }

    var outputs: [Rational] {
        (0..<n).map { i in
            var sum = Rational()
            for k in 0..<m { sum.addProduct(a[k], sigma(z(k, i))) }
            return c * sum
        }
    }

    var residuals: [Rational] { zip(outputs, y).map { $0 - $1 } }

    var loss: Rational {
        var sum = Rational()
        for r in residuals { sum.addProduct(r, r) }
        return sum / Rational(2 * n)
    }

    /// `∇f(x_i)` in the documented order.
    func outputGradient(_ i: Int) -> [Rational] {
        let outer = (0..<m).map { k in c * sigma(z(k, i)) }
        let inner = (0..<m).flatMap { k in (0..<d).map { j in c * a[k] * slope(z(k, i)) * x[i][j] } }
        return outer + inner
    }

    var gradient: [Rational] {
        let r = residuals
        var sum = [Rational](repeating: 0, count: m * (1 + d))
        for i in 0..<n {
            for (p, g) in outputGradient(i).enumerated() { sum[p].addProduct(r[i], g) }
        }
        return sum.map { $0 / Rational(n) }
    }

    /// `J_i·v`.
    func jacobianProducts(_ v: [Rational]) -> [Rational] {
        (0..<n).map { i in
            var sum = Rational()
            for (p, g) in outputGradient(i).enumerated() { sum.addProduct(g, v[p]) }
            return sum
        }
    }

    /// `(1/n) Σ_i (J_i·v) ∇f_i`, and with `+ (1/n) Σ_i r_i ∇²f_i v`, where `∇²f_i` has
    /// only the `a_k`–`w_k` blocks `c σ'(z_ki) x_i`.
    func curvatureProducts(_ v: [Rational]) -> (hessian: [Rational], gaussNewton: [Rational]) {
        let r = residuals
        let t = jacobianProducts(v)
        var gauss = [Rational](repeating: 0, count: m * (1 + d))
        var residualPart = gauss
        for i in 0..<n {
            for (p, g) in outputGradient(i).enumerated() { gauss[p].addProduct(t[i], g) }
            for k in 0..<m {
                let slopeC = c * slope(z(k, i))
                var xv = Rational()
                for j in 0..<d { xv.addProduct(x[i][j], v[m + k * d + j]) }
                residualPart[k].addProduct(r[i], slopeC * xv)
                for j in 0..<d { residualPart[m + k * d + j].addProduct(r[i], slopeC * x[i][j] * v[k]) }
            }
        }
        let inverse = Rational(1, n)
        return (zip(gauss, residualPart).map { inverse * ($0 + $1) }, gauss.map { inverse * $0 })
    }
}
