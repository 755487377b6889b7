// Inertia of symmetric rational matrices (Sylvester's law of inertia).

/// Numbers of negative, zero and positive eigenvalues of a symmetric matrix.
public struct Inertia: Sendable, Hashable, CustomStringConvertible {
    public var negative: Int
    public var zero: Int
    public var positive: Int

    public init(negative: Int, zero: Int, positive: Int) {
        self.negative = negative
        self.zero = zero
        self.positive = positive
    }

    /// `true` when every eigenvalue is positive.
    public var isPositiveDefinite: Bool { negative == 0 && zero == 0 }
    /// `true` when no eigenvalue is negative.
    public var isPositiveSemidefinite: Bool { negative == 0 }

    public var description: String { "(\(negative) negative, \(zero) zero, \(positive) positive)" }
}

extension RationalMatrix {
    /// The inertia of a symmetric matrix, exactly.
    ///
    /// Fast path: the leading principal minors `M_1…M_n` from one symmetric
    /// fraction-free elimination. When none is zero, `M_k / M_{k−1}` are the pivots
    /// of `LDLᵀ` (with `M_0 = 1`), and by Sylvester's law of inertia the number of
    /// negative eigenvalues is the number of sign changes in `1, M_1, …, M_n`.
    /// Otherwise the exact pivoted factorisation `ldlt()` decides.
    ///
    /// With it, `λ_min(M) > μ` iff `(M − μI).inertia()` has no negative and no zero
    /// eigenvalue: one exact elimination certifies an eigenvalue bound.
    /// - Throws: `ExactError.dimensionMismatch` when the matrix is not symmetric.
    public func inertia() throws(ExactError) -> Inertia {
        guard isSymmetric else { throw .dimensionMismatch("inertia needs a symmetric matrix") }
        let n = rows
        if n == 0 { return Inertia(negative: 0, zero: 0, positive: 0) }
        let (work, _) = IntegerWorkspace.congruenceScaled(self)
        let minors = work.leadingMinorsOfSymmetric()
        if minors.count == n && !minors[n - 1].isZero {
            var negative = 0
            var previousSign = 1
            for m in minors {
                if m.signum != previousSign { negative += 1 }
                previousSign = m.signum
            }
            return Inertia(negative: negative, zero: 0, positive: n - negative)
        }
        return try ldlt().inertia
    }

    /// `true` when symmetric with every eigenvalue positive (all leading minors positive).
    public var isPositiveDefinite: Bool {
        (try? inertia())?.isPositiveDefinite ?? false
    }
}
