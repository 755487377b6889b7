import ForkJoin

/// A rigorous enclosure of the Rayleigh quotient `xᵀMx / xᵀx` of a `Double` matrix and a
/// `Double` vector, from plain floating-point sums with a priori error bounds
/// (proofs-notes/verified-float-kernel.md §5).
///
/// Any floating-point sum of `k` terms (any order, with or without fused multiply–adds)
/// satisfies `|fl(Σ a_j b_j) − Σ a_j b_j| ≤ γ_k·Σ|a_j b_j| + k·η` (Higham, Accuracy and
/// Stability, §3.1, with the underflow term), and the computed `Σ|a_j b_j|` is at least
/// `(1 − γ_k)` times the true one, minus `k·η`. With `γ_k ≤ 1/2` this gives the bound
/// `2γ_k·fl(Σ|a_j b_j|) + 2^−1000` used below (`2kη < 2^−1000` for `k < 2^50`).
///
/// By Courant–Fischer, `λ_min(M) ≤ xᵀMx/xᵀx ≤ λ_max(M)` for every `x ≠ 0`.
public enum RigorousRayleighQuotient {
    static let tiny = 0x1p-1000

    /// An interval containing `xᵀMx / xᵀx`. - Precondition: `x ≠ 0`, `M` is `n × n`.
    /// - Complexity: `2n²` multiply–adds on `threads` threads.
    public static func enclosure(
        _ m: UnsafeBufferPointer<Double>, n: Int, vector x: [Double],
        threads: Int = Parallel.processorCount
    ) -> FloatInterval {
        precondition(x.count == n && m.count == n * n)
        let g = 2 * RumpPositiveDefiniteness.gamma(n)
        // y = fl(Mx), e_i ≥ |y_i − (Mx)_i|.
        var y = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        y.withUnsafeMutableBufferPointer { yb in
            e.withUnsafeMutableBufferPointer { eb in
                let shared = UncheckedSendable((m, x, yb, eb))
                let workers = max(1, min(threads, n))
                Parallel.run(threads: workers) { t in
                    let (m, x, yb, eb) = shared.value
                    for i in Parallel.chunk(t, of: workers, count: n) {
                        var s = 0.0, a = 0.0
                        let row = m.baseAddress! + i * n
                        for j in 0..<n {
                            s = s.addingProduct(row[j], x[j])
                            a = a.addingProduct(abs(row[j]), abs(x[j]))
                        }
                        yb[i] = s
                        eb[i] = ((g * a).nextUp + tiny).nextUp
                    }
                }
            }
        }
        let gn = 2 * RumpPositiveDefiniteness.gamma(n)
        var t = 0.0, tAbs = 0.0, errSum = 0.0, w = 0.0
        for i in 0..<n {
            t = t.addingProduct(x[i], y[i])
            tAbs = tAbs.addingProduct(abs(x[i]), abs(y[i]))
            errSum = errSum.addingProduct(abs(x[i]), e[i])
            w = w.addingProduct(x[i], x[i])
        }
        // xᵀMx ∈ t ± δ,  δ = 2γ_n·tAbs + (1 + 2γ_n)·errSum + 2·2^−1000 (all rounded up).
        let delta = (((gn * tAbs).nextUp + ((1 + gn).nextUp * errSum).nextUp).nextUp + 2 * tiny).nextUp
        let q = FloatInterval((t - delta).nextDown, (t + delta).nextUp)
        let wDelta = ((gn * w).nextUp + tiny).nextUp
        let ww = FloatInterval(max(0, (w - wDelta).nextDown), (w + wDelta).nextUp)
        return q / ww
    }
}
