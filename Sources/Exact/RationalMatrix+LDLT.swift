// Exact symmetric LDLᵀ with symmetric pivoting and 1×1 / 2×2 blocks.

/// `P·M·Pᵀ = L·D·Lᵀ` for a symmetric rational `M`: `P` a permutation, `L` unit
/// lower triangular, `D` block diagonal with 1×1 and 2×2 blocks.
public struct SymmetricFactorization: Sendable, Equatable {
    /// A diagonal block of `D`.
    public enum Block: Sendable, Equatable {
        /// A 1×1 pivot `d`.
        case one(Rational)
        /// A 2×2 pivot `[[a, b], [b, c]]` with `ac − b² < 0`: one negative and one
        /// positive eigenvalue.
        case two(a: Rational, b: Rational, c: Rational)
    }

    /// Row `k` of `P·M·Pᵀ` is row `permutation[k]` of `M`.
    public let permutation: [Int]
    public let lower: RationalMatrix
    public let blocks: [Block]

    /// The block diagonal `D` as a matrix.
    public var diagonal: RationalMatrix {
        let n = lower.rows
        var d = RationalMatrix(rows: n, columns: n)
        var k = 0
        for block in blocks {
            switch block {
            case let .one(value):
                d[k, k] = value
                k += 1
            case let .two(a, b, c):
                d[k, k] = a
                d[k, k + 1] = b
                d[k + 1, k] = b
                d[k + 1, k + 1] = c
                k += 2
            }
        }
        return d
    }

    /// Negative, zero and positive eigenvalues of `M`, read off `D` (Sylvester).
    public var inertia: Inertia {
        var result = Inertia(negative: 0, zero: 0, positive: 0)
        for block in blocks {
            switch block {
            case let .one(value):
                switch value.signum {
                case -1: result.negative += 1
                case 0: result.zero += 1
                default: result.positive += 1
                }
            case .two:
                result.negative += 1
                result.positive += 1
            }
        }
        return result
    }
}

extension RationalMatrix {
    /// The exact symmetric factorisation `P·M·Pᵀ = L·D·Lᵀ`.
    ///
    /// Pivot choice, at each step on the trailing Schur complement `S`: the first
    /// non-zero diagonal entry (a 1×1 pivot); if the diagonal of `S` is zero but some
    /// `S_ij ≠ 0`, the 2×2 pivot `[[0, S_ij], [S_ij, 0]]`; if `S = 0`, zero 1×1
    /// pivots. Every step is a congruence, so `D` has the inertia of `M`; the
    /// factorisation exists for every symmetric matrix (singular and indefinite
    /// ones included).
    /// - Throws: `ExactError.dimensionMismatch` when not symmetric.
    /// - Complexity: O(n³) rational operations; `inertia()` uses integer
    ///   elimination instead whenever no leading minor vanishes.
    public func ldlt() throws(ExactError) -> SymmetricFactorization {
        guard isSymmetric else { throw .dimensionMismatch("LDLᵀ needs a symmetric matrix") }
        let n = rows
        var a = self  // trailing block holds the Schur complement
        var lower = RationalMatrix.identity(n)
        var permutation = Array(0..<n)
        var blocks: [SymmetricFactorization.Block] = []

        func swapSymmetric(_ p: Int, _ q: Int, below k: Int) {
            guard p != q else { return }
            for j in 0..<n {
                let t = a[p, j]
                a[p, j] = a[q, j]
                a[q, j] = t
            }
            for i in 0..<n {
                let t = a[i, p]
                a[i, p] = a[i, q]
                a[i, q] = t
            }
            for j in 0..<k {
                let t = lower[p, j]
                lower[p, j] = lower[q, j]
                lower[q, j] = t
            }
            permutation.swapAt(p, q)
        }

        var k = 0
        while k < n {
            if let p = (k..<n).first(where: { !a[$0, $0].isZero }) {
                swapSymmetric(k, p, below: k)
                let d = a[k, k]
                for i in (k + 1)..<n { lower[i, k] = a[i, k] / d }
                for i in (k + 1)..<n where !a[i, k].isZero {
                    for j in (k + 1)...i {
                        a[i, j] -= lower[i, k] * a[j, k]
                        a[j, i] = a[i, j]
                    }
                }
                for i in (k + 1)..<n {
                    a[i, k] = 0
                    a[k, i] = 0
                }
                blocks.append(.one(d))
                k += 1
            } else if let (i, j) = RationalMatrix.firstNonZeroOffDiagonal(a, from: k) {
                // j < i, both ≥ k; bring them to positions k and k+1.
                swapSymmetric(k, j, below: k)
                swapSymmetric(k + 1, i, below: k)
                let b = a[k, k + 1]
                // E = [[0, b], [b, 0]], E⁻¹ = [[0, 1/b], [1/b, 0]].
                for r in (k + 2)..<max(k + 2, n) {
                    lower[r, k] = a[r, k + 1] / b
                    lower[r, k + 1] = a[r, k] / b
                }
                for r in (k + 2)..<max(k + 2, n) {
                    for c in (k + 2)...r {
                        a[r, c] -= lower[r, k] * a[c, k] + lower[r, k + 1] * a[c, k + 1]
                        a[c, r] = a[r, c]
                    }
                }
                for r in (k + 2)..<max(k + 2, n) {
                    a[r, k] = 0
                    a[k, r] = 0
                    a[r, k + 1] = 0
                    a[k + 1, r] = 0
                }
                blocks.append(.two(a: 0, b: b, c: 0))
                k += 2
            } else {
                for _ in k..<n { blocks.append(.one(0)) }
                break
            }
        }
        return SymmetricFactorization(permutation: permutation, lower: lower, blocks: blocks)
    }

    private static func firstNonZeroOffDiagonal(_ a: RationalMatrix, from k: Int) -> (Int, Int)? {
        for i in k..<a.rows {
            for j in k..<i where !a[i, j].isZero { return (i, j) }
        }
        return nil
    }
}
