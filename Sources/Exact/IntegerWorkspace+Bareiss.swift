import CGMP
import Dispatch
import ForkJoin

// Fraction-free (Bareiss) elimination on an `IntegerWorkspace`.
//
// Bareiss' identity: after step k (0-based) every entry of the trailing block,
// a⁽ᵏ⁾_ij = (a⁽ᵏ⁾_kk·a⁽ᵏ⁻¹⁾_ij − a⁽ᵏ⁻¹⁾_ik·a⁽ᵏ⁻¹⁾_kj) / a⁽ᵏ⁻²⁾_{k−1,k−1},
// is the determinant of the submatrix on rows 0…k, i and columns 0…k, j, so
// the division is exact and every intermediate is an integer no larger than
// a minor of the input (Hadamard's bound). The pivot a⁽ᵏ⁻¹⁾_kk is the leading
// principal minor of order k+1 when no rows were exchanged.

extension IntegerWorkspace {
    /// Rows `k+1 ..< rows` of step `k`, columns from `firstColumn(i)` to the end,
    /// split across threads when the step is large. `previous` is the last pivot
    /// (nil at step 0, where the division is by 1).
    private func eliminationStep(
        pivotRow k: Int, pivotColumn: Int, previous: UnsafeMutablePointer<__mpz_struct>?,
        rowsBelow: Range<Int>, columnsFrom firstColumn: @escaping @Sendable (Int) -> Int,
        multiplier: @escaping @Sendable (Int) -> UnsafeMutablePointer<__mpz_struct>,
        pivotRowEntry: @escaping @Sendable (Int) -> UnsafeMutablePointer<__mpz_struct>,
        temporaries: UnsafeMutablePointer<__mpz_struct>
    ) {
        let pivot = at(k, pivotColumn)
        let columns = self.columns
        let shared = UncheckedSendable((self.base, pivot, previous, temporaries))
        let work: @Sendable (Int, Int) -> Void = { thread, i in
            let (base, pivot, previous, temporaries) = shared.value
            let t = temporaries + thread
            let aik = multiplier(i)
            let row = base + i * columns
            for j in firstColumn(i)..<columns {
                let aij = row + j
                cgmp_z_mul(t, pivot, aij)
                cgmp_z_submul(t, aik, pivotRowEntry(j))
                if let previous {
                    cgmp_z_divexact(aij, t, previous)
                } else {
                    cgmp_z_swap(aij, t)
                }
            }
        }
        let remaining = rowsBelow.count
        let threads = Parallel.processorCount
        if threads > 1 && remaining * (columns - pivotColumn) >= 512 {
            // Interleaved rows balance the triangular (symmetric) case too.
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for i in stride(from: rowsBelow.lowerBound + thread, to: rowsBelow.upperBound, by: threads) {
                    work(thread, i)
                }
            }
        } else {
            for i in rowsBelow { work(0, i) }
        }
    }

    private func withTemporaries<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) -> R) -> R {
        let count = Parallel.processorCount
        let temporaries = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: count)
        for t in 0..<count { cgmp_z_init(temporaries + t) }
        defer {
            for t in 0..<count { cgmp_z_clear(temporaries + t) }
            temporaries.deallocate()
        }
        return body(temporaries)
    }

    /// Symmetric Bareiss without pivoting on the upper triangle (the trailing
    /// block stays symmetric: a⁽ᵏ⁾_ij and a⁽ᵏ⁾_ji are the same minor), half the
    /// work of the general case.
    ///
    /// Returns the leading principal minors `M_1, …` up to and including the first
    /// zero one (after a zero minor the recursion cannot divide); `minors.count == rows`
    /// when none is zero.
    /// - Precondition: the workspace is square and symmetric.
    func symmetricLeadingMinors() -> [BigInt] {
        let n = rows
        var minors: [BigInt] = []
        minors.reserveCapacity(n)
        let base = UncheckedSendable(self.base)
        withTemporaries { temporaries in
            for k in 0..<n {
                minors.append(value(k, k))
                if isZero(k, k) || k == n - 1 { break }
                let columns = self.columns
                eliminationStep(
                    pivotRow: k, pivotColumn: k,
                    previous: k == 0 ? nil : at(k - 1, k - 1),
                    rowsBelow: (k + 1)..<n,
                    columnsFrom: { i in i },
                    multiplier: { i in base.value + (k * columns + i) },  // a_ik = a_ki
                    pivotRowEntry: { j in base.value + (k * columns + j) },
                    temporaries: temporaries)
            }
        }
        return minors
    }

    /// Fraction-free row echelon form with row exchanges, eliminating with pivots
    /// taken from the first `pivotColumns` columns (the rest are carried along, as a
    /// right-hand side). Returns the pivot positions and whether an odd number of
    /// rows was exchanged. With full rank on a square matrix, the last pivot is ±det.
    ///
    /// With `allowExchanges: false` it stops at the first zero diagonal pivot instead:
    /// its pivots are then the leading principal minors of orders 1, 2, ….
    func echelon(pivotColumns: Int, allowExchanges: Bool = true) -> (pivots: [(row: Int, column: Int)], oddSwaps: Bool) {
        var pivots: [(row: Int, column: Int)] = []
        var oddSwaps = false
        var row = 0
        let base = UncheckedSendable(self.base)
        let columns = self.columns
        withTemporaries { temporaries in
            for column in 0..<pivotColumns where row < rows {
                if !allowExchanges && isZero(row, column) { break }
                guard let found = (row..<rows).first(where: { !isZero($0, column) }) else { continue }
                if found != row {
                    swapRows(found, row)
                    oddSwaps.toggle()
                }
                let previous = pivots.last.map { at($0.row, $0.column) }
                let k = row
                eliminationStep(
                    pivotRow: k, pivotColumn: column, previous: previous,
                    rowsBelow: (k + 1)..<rows,
                    columnsFrom: { _ in column + 1 },
                    multiplier: { i in base.value + (i * columns + column) },
                    pivotRowEntry: { j in base.value + (k * columns + j) },
                    temporaries: temporaries)
                for i in (k + 1)..<rows { cgmp_z_set_si(at(i, column), 0) }
                // Entries of earlier skipped columns in rows below are already zero.
                pivots.append((row, column))
                row += 1
            }
        }
        return (pivots, oddSwaps)
    }
}
