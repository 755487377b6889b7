import ForkJoin

/// Rump's verified positive-definiteness test in floating point (S. M. Rump, "Verification
/// of positive definiteness", BIT 46 (2006) 433–452, Corollary 2.4 with the bound of the
/// shift; the form used here is the one formalised in Coq by Roux and Martin-Dorel);
/// proofs-notes/verified-float-kernel.md §4.
///
/// **Theorem.** Let `A ∈ F^{N×N}` be symmetric with `0 ≤ A_ii ≤ maxdiag`, `u = 2^−53`,
/// `η = 2^−1074`, `γ_k = k·u/(1 − k·u)`, `4(N + 1)u < 1`, and
///
///     c ≥ ½·γ_{2(N+1)}·tr(A) + 4η·N·(2(N + 1) + maxdiag).
///
/// If `Ã ∈ F^{N×N}` has `Ã_ij = A_ij` (`i ≠ j`) and `Ã_ii ≤ A_ii − c`, and the floating-point
/// Cholesky factorisation of `Ã` (see `FloatCholesky`) runs to completion, then `A` is
/// positive definite.
///
/// **Use.** For a `Double` matrix `M` and a shift `μ`, `A` is `M` with the diagonal
/// `fl(M_ii − μ)` rounded *down* (so `M − μI − A` is a non-negative diagonal matrix, and
/// `A ≻ 0 ⇒ M − μI ≻ 0`). Success proves `λ_min(M) > μ`; for `λ_max`, the same on
/// `A = μI − M` proves `λ_max(M) < μ`.
public enum RumpPositiveDefiniteness {
    public static let unitRoundoff = 0x1p-53
    public static let underflowUnit = 0x1p-1074

    /// `γ_k = k·u/(1 − k·u)` rounded up. - Precondition: `k·u < 1/2`.
    public static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * unitRoundoff  // exact for k < 2^53
        return (ku / (1 - ku).nextDown).nextUp
    }

    /// The shift `c` of the theorem for a matrix of order `n` with diagonal `diagonal`,
    /// every operation rounded up. - Precondition: every diagonal entry `≥ 0`.
    public static func shift(n: Int, diagonal: UnsafeBufferPointer<Double>) -> Double {
        var trace = 0.0, maxdiag = 0.0
        for x in diagonal {
            trace = (trace + x).nextUp
            maxdiag = max(maxdiag, x)
        }
        let g = gamma(2 * (n + 1))
        let first = ((0.5 * g).nextUp * trace).nextUp
        let n1 = Double(n)
        let inner = ((2 * (n1 + 1)).nextUp + maxdiag).nextUp
        let second = (((4 * underflowUnit).nextUp * n1).nextUp * inner).nextUp
        return (first + second).nextUp
    }

    /// What one test proved.
    public struct Outcome: Sendable, Hashable {
        /// `true`: the factorisation succeeded, so the claim (`λ_min(M) > μ` or
        /// `λ_max(M) < μ`) is proven.
        public let proven: Bool
        /// The shift `c` of the theorem.
        public let c: Double
        /// The failing column (0-based) when not proven, `nil` when proven or when a
        /// diagonal entry was negative before factorising.
        public let failedColumn: Int?
    }

    /// Tests `M − μI ≻ 0` (`.smallest`) or `μI − M ≻ 0` (`.largest`), factoring into
    /// `workspace` (`n·n` doubles; on success it holds the Cholesky factor of `Ã` in its
    /// lower triangle).
    ///
    /// - Complexity: one `FloatCholesky.factor`, `n³/3` multiply–adds.
    public static func test(
        _ m: UnsafeBufferPointer<Double>, n: Int, shift mu: Double, largest: Bool,
        workspace: UnsafeMutablePointer<Double>, threads: Int = Parallel.processorCount,
        progress: ((Int) -> Void)? = nil
    ) -> Outcome {
        precondition(m.count == n * n)
        precondition(4 * Double(n + 1) * unitRoundoff < 1)
        // A: off-diagonal ±M_ij (lower triangle), diagonal fl(±(M_ii − μ)) rounded down.
        let diagonal = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { diagonal.deallocate() }
        for i in 0..<n {
            let x = largest ? (mu - m[i * n + i]) : (m[i * n + i] - mu)
            diagonal[i] = x.nextDown
        }
        guard mu.isFinite, diagonal.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            return Outcome(proven: false, c: .nan, failedColumn: nil)
        }
        let c = shift(n: n, diagonal: UnsafeBufferPointer(diagonal))
        let shared = UncheckedSendable((m, workspace, diagonal))
        Parallel.run(threads: max(1, min(threads, n))) { t in
            let (m, w, diagonal) = shared.value
            var i = t
            while i < n {
                for j in 0..<i { w[i * n + j] = largest ? -m[i * n + j] : m[i * n + j] }
                w[i * n + i] = (diagonal[i] - c).nextDown  // Ã_ii ≤ A_ii − c
                i += max(1, min(threads, n))
            }
        }
        let failure = FloatCholesky.factor(workspace, n: n, threads: threads, progress: progress)
        return Outcome(proven: failure == nil, c: c, failedColumn: failure)
    }
}
