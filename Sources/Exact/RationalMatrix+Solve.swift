// Linear systems by fraction-free elimination.

extension RationalMatrix {
    /// The unique `X` with `M·X = B`.
    ///
    /// Clears denominators row by row in `[M | B]`, runs fraction-free elimination
    /// with row exchanges on integers, then back-substitutes exactly.
    /// - Throws: `ExactError.dimensionMismatch` for a non-square `M` or a `B` with
    ///   the wrong number of rows; `ExactError.singularMatrix` when `M` is singular.
    /// - Complexity: O(n³ + n²·k) for `k` right-hand sides.
    public func solve(_ rhs: RationalMatrix) throws(ExactError) -> RationalMatrix {
        guard isSquare else { throw .dimensionMismatch("solve needs a square matrix, got \(rows)×\(columns)") }
        guard rhs.rows == rows else {
            throw .dimensionMismatch("right-hand side has \(rhs.rows) rows, the matrix \(rows)")
        }
        let n = rows
        let (work, _) = IntegerWorkspace.rowScaled(self, appending: rhs)
        let (pivots, _) = work.echelon(pivotColumns: n)
        guard pivots.count == n else { throw .singularMatrix }
        var solution = RationalMatrix(rows: n, columns: rhs.columns)
        for c in 0..<rhs.columns {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = Rational(work.value(i, n + c))
                for j in (i + 1)..<n where !work.isZero(i, j) {
                    sum -= Rational(work.value(i, j)) * solution[j, c]
                }
                solution[i, c] = sum / Rational(work.value(i, i))
            }
        }
        return solution
    }

    /// The unique `x` with `M·x = b`; see `solve(_:)` for matrices.
    public func solve(_ b: [Rational]) throws(ExactError) -> [Rational] {
        let x = try solve(RationalMatrix(rows: b.count, columns: 1, entries: b))
        return x.entries
    }

    /// `M⁻¹`. - Throws: as `solve(_:)`.
    public func inverse() throws(ExactError) -> RationalMatrix {
        try solve(RationalMatrix.identity(rows))
    }
}
