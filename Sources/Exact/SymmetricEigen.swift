// Float64 eigenvalue estimates of symmetric matrices (cyclic Jacobi).

/// Float64 estimates of the eigenvalues of a real symmetric matrix, by the cyclic
/// Jacobi method.
///
/// These are *estimates*: nothing here is certified. They seed the exact certificates of
/// `RationalMatrix.smallestEigenvalueBracket` and friends, which check every claim by an
/// exact inertia computation and so stay correct however wrong an estimate is.
///
/// Method: sweeps over all pairs `p < q`; each rotation `J(p, q, φ)` with
/// `tan 2φ = 2a_pq / (a_qq − a_pp)` (the smaller root, `t = sgn(θ)/(|θ| + √(θ² + 1))`,
/// Rutishauser's stable update with `τ = s/(1 + c)`) zeroes `a_pq`, and the sum of
/// squares of the off-diagonal entries decreases by `2a_pq²` per rotation, so the
/// iteration converges (quadratically once the off-diagonal part is small). It stops
/// when that sum is below `(2^−53·‖A‖_F)²` or after `maximumSweeps` sweeps. The computed
/// eigenvalues are those of a matrix within about `n·2^−53·‖A‖_F` of `A` (backward
/// stability of orthogonal rotations), fine for a seed for `n ≤ 256`.
///
/// ```swift
/// let values = SymmetricEigen.eigenvalues([2, 1, 1, 2], n: 2)   // ≈ [1.0, 3.0]
/// let hilbert = RationalMatrix(rows: 3, columns: 3) { i, j in Rational(1, i + j + 1) }
/// SymmetricEigen.eigenvalues(of: hilbert).first                   // ≈ 0.0026873403557...
/// ```
public enum SymmetricEigen {
    /// The sweep limit of `eigenvalues(_:n:)`; convergence usually takes 6–10 sweeps.
    public static let maximumSweeps = 60

    /// The eigenvalues of the symmetric `n × n` matrix with row-major entries `a`, in
    /// increasing order. Only the upper triangle is read (the lower one is assumed equal).
    ///
    /// Non-finite entries give non-finite results (callers check `isFinite`).
    /// - Precondition: `a.count == n * n`.
    /// - Complexity: O(n³) per sweep, O(n²) memory.
    public static func eigenvalues(_ a: [Double], n: Int) -> [Double] {
        precondition(a.count == n * n, "eigenvalues: \(a.count) entries for n = \(n)")
        if n == 0 { return [] }
        var m = a
        // Symmetrise from the upper triangle.
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) { m[j * n + i] = m[i * n + j] }
        }
        if m.contains(where: { !$0.isFinite }) { return Array(repeating: .nan, count: n) }
        var total = 0.0
        for x in m { total += x * x }
        let threshold = total * 0x1p-106  // (2^−53 ‖A‖_F)²
        m.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress!
            for _ in 0..<maximumSweeps {
                var off = 0.0
                for p in 0..<n {
                    for q in (p + 1)..<max(p + 1, n) { off += 2 * a[p * n + q] * a[p * n + q] }
                }
                if off <= threshold || off == 0 { break }
                for p in 0..<(n - 1) {
                    for q in (p + 1)..<n {
                        let apq = a[p * n + q]
                        if apq == 0 { continue }
                        let app = a[p * n + p], aqq = a[q * n + q]
                        let theta = (aqq - app) / (2 * apq)
                        let t: Double
                        if abs(theta) > 0x1p500 {
                            t = 1 / (2 * theta)
                        } else {
                            t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                        }
                        let c = 1 / (t * t + 1).squareRoot()
                        let s = t * c
                        let tau = s / (1 + c)
                        a[p * n + p] = app - t * apq
                        a[q * n + q] = aqq + t * apq
                        a[p * n + q] = 0
                        a[q * n + p] = 0
                        for r in 0..<n where r != p && r != q {
                            let g = a[r * n + p], h = a[r * n + q]
                            let newP = g - s * (h + g * tau)
                            let newQ = h + s * (g - h * tau)
                            a[r * n + p] = newP
                            a[p * n + r] = newP
                            a[r * n + q] = newQ
                            a[q * n + r] = newQ
                        }
                    }
                }
            }
        }
        return (0..<n).map { m[$0 * n + $0] }.sorted()
    }

    /// The eigenvalues of a symmetric rational matrix, estimated in float64 (entries
    /// rounded to the nearest `Double`), in increasing order.
    /// - Precondition: square.
    public static func eigenvalues(of matrix: RationalMatrix) -> [Double] {
        precondition(matrix.isSquare, "eigenvalues of a non-square matrix")
        return eigenvalues(matrix.entries.map { Double($0) }, n: matrix.rows)
    }

    /// `‖A‖_F` in float64 (entries rounded to `Double`), used to size error margins.
    public static func frobeniusNorm(_ a: [Double]) -> Double {
        var total = 0.0
        for x in a { total += x * x }
        return total.squareRoot()
    }
}
