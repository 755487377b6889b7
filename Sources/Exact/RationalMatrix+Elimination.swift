// Determinants, leading principal minors and rank by fraction-free elimination.

extension RationalMatrix {
    /// The determinant, exactly.
    ///
    /// Clears denominators (row scaling, or a congruence `DMD` for symmetric
    /// matrices), then runs Bareiss' fraction-free elimination on integers, in place
    /// on GMP values and on all cores for large steps; symmetric matrices use
    /// half the work. The determinant of the 0 × 0 matrix is 1.
    /// - Precondition: square.
    /// - Complexity: O(n³) integer operations on numbers no larger than the
    ///   Hadamard bound of the scaled matrix.
    public var determinant: Rational {
        precondition(isSquare, "determinant of a non-square matrix")
        let n = rows
        if n == 0 { return 1 }
        if isSymmetric {
            let (work, scales) = IntegerWorkspace.congruenceScaled(self)
            let minors = work.leadingMinorsOfSymmetric()
            if minors.count == n {
                var product = BigInt(1)
                for d in scales { product *= d }
                return Rational(minors[n - 1], product * product)
            }
        }
        return pivotedDeterminant
    }

    /// The leading principal minors `det M[0..<k, 0..<k]` for `k = 1…n`.
    ///
    /// One Bareiss pass without pivoting yields all of them as its pivots. If one is
    /// zero, the recursion cannot continue past it and the remaining minors are
    /// computed one by one (each by an elimination with pivoting).
    /// - Precondition: square.
    public var leadingPrincipalMinors: [Rational] {
        precondition(isSquare, "leading minors of a non-square matrix")
        let n = rows
        if n == 0 { return [] }
        let integerMinors: [BigInt]
        let unscale: (Int) -> BigInt  // minor k of M = minor k of the integer matrix / unscale(k)
        if isSymmetric {
            let (work, scales) = IntegerWorkspace.congruenceScaled(self)
            integerMinors = work.leadingMinorsOfSymmetric()
            var prefix = [BigInt(1)]
            for d in scales { prefix.append(prefix.last! * d * d) }
            unscale = { prefix[$0] }
        } else {
            let (work, scales) = IntegerWorkspace.rowScaled(self)
            integerMinors = work.unpivotedLeadingMinors()
            var prefix = [BigInt(1)]
            for d in scales { prefix.append(prefix.last! * d) }
            unscale = { prefix[$0] }
        }
        var minors = integerMinors.enumerated().map { k, m in Rational(m, unscale(k + 1)) }
        for k in minors.count..<n {
            minors.append(leadingSubmatrix(k + 1).pivotedDeterminant)
        }
        return minors
    }

    /// The rank, by fraction-free row echelon form.
    public var rank: Int {
        if rows == 0 || columns == 0 { return 0 }
        let (work, _) = IntegerWorkspace.rowScaled(self)
        return work.echelon(pivotColumns: columns).pivots.count
    }

    /// Determinant by fraction-free elimination with row exchanges (any square matrix).
    var pivotedDeterminant: Rational {
        let n = rows
        let (work, scales) = IntegerWorkspace.rowScaled(self)
        var product = BigInt(1)
        for d in scales { product *= d }
        if n >= IntegerWorkspace.modularThreshold {
            return Rational(work.determinantModular(), product)
        }
        let (pivots, oddSwaps) = work.echelon(pivotColumns: n)
        guard pivots.count == n else { return 0 }
        var det = Rational(work.value(n - 1, n - 1))
        if oddSwaps { det.negate() }
        return det / Rational(product)
    }
}

extension IntegerWorkspace {
    /// From this size on, determinants and leading minors are computed
    /// multimodularly; below it Bareiss is faster (measured with `gram-tool`).
    static let modularThreshold = 12

    /// Leading principal minors of a symmetric integer matrix up to the first zero
    /// one: multimodular for large matrices, Bareiss for small ones and whenever a
    /// pivot vanishes modulo a prime (a zero minor needs Bareiss' exact stop).
    func leadingMinorsOfSymmetric() -> [BigInt] {
        if rows >= IntegerWorkspace.modularThreshold, let minors = symmetricLeadingMinorsModular() {
            return minors
        }
        return symmetricLeadingMinors()
    }
}

extension IntegerWorkspace {
    /// Bareiss without pivoting on a general square matrix: its pivots, up to and
    /// including the first zero one.
    func unpivotedLeadingMinors() -> [BigInt] {
        let (pivots, _) = echelon(pivotColumns: columns, allowExchanges: false)
        var minors = pivots.map { value($0.row, $0.column) }
        if minors.count < rows {
            minors.append(BigInt())  // the first zero pivot
        }
        return minors
    }
}
