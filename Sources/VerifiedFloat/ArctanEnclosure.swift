/// Rigorous `Double` enclosures of `atan` and of the constants `π`, `1/(2π)`, evaluated in
/// outward-rounded interval arithmetic (`FloatInterval`); proofs-notes/verified-float-kernel.md §2.
///
/// **Series.** For `|y| ≤ 1`, `atan y = Σ_{k≥0} (−1)^k y^(2k+1)/(2k+1)`. The terms alternate
/// in sign and decrease in magnitude (`|y|^(2k+3)/(2k+3) < |y|^(2k+1)/(2k+1)`), so by Leibniz'
/// criterion the truncation after `N` terms errs by at most the first omitted term:
///
///     |atan y − y·P_N(y²)| ≤ |y|^(2N+1)/(2N+1),   P_N(z) = Σ_{k<N} (−1)^k z^k/(2k+1).
///
/// That remainder bound is a theorem, not a fit; the tests check it anyway against the exact
/// `RationalInterval.atan` on a dense grid and near the ends.
///
/// **Reduction.** `atan x = π/4 + atan((x − 1)/(x + 1))` for `x > −1`, exact as an identity;
/// it maps `x ∈ [0.41, 1]` to `[−0.42, 0]`. With `|y| ≤ 0.42` and `N = 22`,
/// `|y|^45/45 < 2^−62` (for `|y| ≤ 0.1, 0.2, 0.3`: `N = 9, 13, 17`, remainder `< 2^−60`). The identity and the series are evaluated in interval arithmetic,
/// so rounding in the reduction is enclosed too; the remainder bound is computed from the
/// actual `max |Y|` (rounded up), so an argument a little outside the intended range costs
/// width, never correctness.
public enum ArctanEnclosure {
    /// Terms of the series.
    public static let terms = 22

    /// `π`: `0x1.921fb54442d18p1 < π < its successor` (π = 3.14159265358979323846…, the
    /// double is 3.141592653589793115…). Checked against `RationalInterval.pi` in the tests.
    public static let pi = FloatInterval(Double.pi, Double.pi.nextUp)
    /// `π/4`, by exact scaling of `pi` (division by 4 is exact for normal numbers).
    public static let quarterPi = FloatInterval(Double.pi / 4, Double.pi.nextUp / 4)
    /// `π/2`.
    public static let halfPi = FloatInterval(Double.pi / 2, Double.pi.nextUp / 2)
    /// `1/(2π)` enclosed from `pi`: `[1/(2·π.hi), 1/(2·π.lo)]` rounded outward.
    public static let inverseTwoPi = FloatInterval(1) / FloatInterval(2 * Double.pi, 2 * Double.pi.nextUp)

    /// `1/(2k + 1)`, each enclosed by the neighbours of the correctly rounded quotient.
    public static let coefficients: [FloatInterval] = (0..<terms).map { k in
        k == 0 ? FloatInterval(1) : FloatInterval.around(1 / Double(2 * k + 1))
    }

    /// `atan` of every `y ∈ Y`, for `Y ⊆ [−1, 1]` (intended: `|y| ≤ 0.42`), by the truncated
    /// series plus the Leibniz remainder. Returns `[−∞, ∞]` when `max|Y| ≥ 1` (the bound
    /// would not hold).
    @inlinable
    public static func seriesAtan(_ y: FloatInterval) -> FloatInterval {
        let m = Swift.max(-y.lo, y.hi)
        guard m < 1 else { return FloatInterval(-.infinity, .infinity) }
        // Fewer terms for small arguments; the remainder is `tails[b]`, a rigorous bound of
        // r_b^(2N+1)/(2N+1) for the range r_b that contains m.
        let b = m <= 0.1 ? 0 : m <= 0.2 ? 1 : m <= 0.3 ? 2 : 3
        let n = tiers[b].terms
        let z = y.square  // z ≥ 0
        var lo = coefficients[n - 1].lo, hi = coefficients[n - 1].hi
        var k = n - 2
        while k >= 0 {
            // acc = c_k − z·acc with z ≥ 0: for acc ≥ 0, z·acc ∈ [z.lo·acc.lo, z.hi·acc.hi];
            // one fused multiply–add per end, rounded outward.
            let c = coefficients[k]
            if lo >= 0 {
                let newLo = FloatInterval.down(c.lo.addingProduct(-z.hi, hi))
                hi = FloatInterval.up(c.hi.addingProduct(-z.lo, lo))
                lo = newLo
            } else {
                let acc = c - z * FloatInterval(lo, hi)
                lo = acc.lo
                hi = acc.hi
            }
            k -= 1
        }
        // |y|^(2N+1)/(2N+1) ≤ r_b^(2N+1)/(2N+1) (precomputed, rounded up); beyond the last
        // tier, computed for m itself.
        var tail = tiers[b].tail
        if m > tiers[3].radius { tail = remainder(m, terms: n) }
        return y * FloatInterval(lo, hi) + FloatInterval(-tail, tail)
    }

    /// `(N, r, bound of r^(2N+1)/(2N+1))` for `|y| ≤ r`.
    public static let tiers: [(terms: Int, radius: Double, tail: Double)] = [
        (9, 0.1, remainder(0.1, terms: 9)), (13, 0.2, remainder(0.2, terms: 13)),
        (17, 0.3, remainder(0.3, terms: 17)), (terms, 0.43, remainder(0.43, terms: terms)),
    ]

    /// `m^(2N+1)/(2N+1)` rounded up (for `m ≥ 0`).
    public static func remainder(_ m: Double, terms n: Int) -> Double {
        var power = m
        for _ in 0..<(2 * n) { power = (power * m).nextUp }
        return (power / Double(2 * n + 1)).nextUp
    }

    /// `atan` of every `x ∈ X` for `X` within about `[−1.01, 1.01]` (the ratios of the
    /// kernel's angle formula); wider arguments give wide, still valid, enclosures.
    @inlinable
    public static func atan(_ x: FloatInterval) -> FloatInterval {
        if x.lo >= 0 || x.hi >= -x.lo {
            if x.hi <= 0.41 && x.lo >= -0.41 { return seriesAtan(x) }
            if x.lo > -1 {
                let y = (x - FloatInterval(1)) / (x + FloatInterval(1))
                return quarterPi + seriesAtan(y)
            }
            return FloatInterval(-.infinity, .infinity)
        }
        return -atan(-x)
    }
}
