import Foundation

/// A log-log slope fitted over widths, with its spread across independent seeds.
///
/// For seed `r` the least-squares slope `b_r` of `log E_{r,w}` against `log m_w` is one
/// sample; seeds are independent, so the `b_r` are i.i.d. and
/// `b̄ ± t_{1−α/2, S−1}·sd(b)/√S` is a `1 − α` confidence interval for their mean (Student's t,
/// which assumes the `b_r` roughly normal: each is a linear combination of log errors,
/// themselves averages of many neurons). `b̄` is also the slope of the seed-averaged log
/// errors (least squares is linear in the responses).
struct SlopeFit {
    /// One slope per seed.
    let slopes: [Double]
    let mean: Double
    let standardError: Double
    /// `t_{1−α/2, S−1}·standardError`.
    let halfWidth: Double

    /// - Parameters: `x` the abscissae (`log m`), `y[r]` the ordinates of seed `r`;
    ///   `simultaneous`: the number of intervals that must hold together — each is then a
    ///   `1 − 0.05/simultaneous` interval (Bonferroni), so all hold with probability ≥ 95 %.
    /// - Precondition: at least 2 seeds and 2 distinct abscissae.
    init(x: [Double], y: [[Double]], simultaneous: Int = 1) {
        precondition(y.count >= 2 && x.count >= 2)
        let xMean = x.reduce(0, +) / Double(x.count)
        let sxx = x.reduce(0) { $0 + ($1 - xMean) * ($1 - xMean) }
        let b = y.map { ys in
            let yMean = ys.reduce(0, +) / Double(ys.count)
            return zip(x, ys).reduce(0) { $0 + ($1.0 - xMean) * ($1.1 - yMean) } / sxx
        }
        slopes = b
        let s = Double(b.count)
        let average = b.reduce(0, +) / s
        mean = average
        let variance = b.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (s - 1)
        standardError = (variance / s).squareRoot()
        halfWidth = SlopeFit.studentT(quantile: 1 - 0.025 / Double(max(1, simultaneous)), degreesOfFreedom: b.count - 1)
            * (variance / s).squareRoot()
    }

    func contains(_ slope: Double) -> Bool { abs(slope - mean) <= halfWidth }

    var interval: String { String(format: "%.3f ± %.3f", mean, halfWidth) }

    /// The `p`-quantile of Student's t with `k` degrees of freedom, `p ∈ (1/2, 1)`: bisection on
    /// the CDF `1/2 + ∫₀ᵗ f`, the density integrated by Simpson's rule (4000 panels; the error
    /// is far below the 10⁻⁶ to which the quantile is bisected). Checked against the table
    /// values t(0.975, 5) = 2.571, t(0.975, 9) = 2.262, t(0.975, 1) = 12.706, t(0.995, 30) = 2.750.
    static func studentT(quantile p: Double, degreesOfFreedom k: Int) -> Double {
        precondition(k >= 1 && p > 0.5 && p < 1)
        let nu = Double(k)
        let logNorm = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi)
        func density(_ t: Double) -> Double { exp(logNorm - (nu + 1) / 2 * log1p(t * t / nu)) }
        func cdf(_ t: Double) -> Double {
            let panels = 4000, h = t / Double(panels)
            var sum = density(0) + density(t)
            for i in 1..<panels { sum += (i % 2 == 1 ? 4 : 2) * density(Double(i) * h) }
            return 0.5 + sum * h / 3
        }
        var lo = 0.0, hi = 1.0
        while cdf(hi) < p { hi *= 2 }
        while hi - lo > 1e-6 {
            let mid = (lo + hi) / 2
            if cdf(mid) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
