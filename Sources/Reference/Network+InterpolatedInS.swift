import Exact

// The Hessian, the Gauss–Newton matrix and the residual part as matrices over ℚ[s], from
// computations that share no code with the formulas of `hessianInS`: hyper-dual numbers
// and line interpolation, each run at rational values of s, then interpolated in s.
//
// Why interpolation in s is exact: σ_s(z) = (1 − s)z + s·ReLU(z) is affine in s, so on a
// fixed activation region (which does not depend on s) every output f_i(θ; s) is affine in
// s, every residual too, and L = (1/2n) Σ r_i² is a polynomial of degree ≤ 2 in s. Its
// derivatives in θ are polynomials of degree ≤ 2 in s as well. Four distinct samples of s
// determine a polynomial of degree ≤ 3 exactly; the interpolant through them equals the
// true entry, and its cubic coefficient must come out 0 (a check of the degree bound that
// callers can make: `MatrixPolynomial.degree ≤ 2`).

extension TwoLayerNetwork {
    /// The values of `s` at which the independent computations are sampled (all `≠ 0`, so a
    /// zero pre-activation is reported as a kink at every sample).
    public static let interpolationSamplesInS: [Rational] = [Rational(1, 2), 1, Rational(3, 2), 2]

    /// The entrywise interpolant in `s` of `sample(s)` at `interpolationSamplesInS`.
    static func interpolatedInS(_ sample: (Rational) throws(ReferenceError) -> RationalMatrix) throws(ReferenceError) -> MatrixPolynomial {
        var matrices: [RationalMatrix] = []
        for s in interpolationSamplesInS { matrices.append(try sample(s)) }
        let rows = matrices[0].rows, columns = matrices[0].columns
        let entries = (0..<rows * columns).map { index in
            // The sample points are distinct, so interpolation cannot fail.
            try! Polynomial.interpolating(points: zip(interpolationSamplesInS, matrices).map { ($0, $1.entries[index]) })
        }
        return MatrixPolynomial(rows: rows, columns: columns, entries: entries)
    }

    /// `∇²L` over `ℚ[s]` from `hessianByHyperDual` at four values of `s`.
    /// - Throws: `.kink` listing every `w_k·x_i = 0`; `.shape`.
    /// - Complexity: `4·P(P+1)/2` hyper-dual evaluations of the network.
    public func hessianInSByHyperDual(on data: Dataset) throws(ReferenceError) -> MatrixPolynomial {
        try Self.interpolatedInS { (s: Rational) throws(ReferenceError) in try with(s: s).hessianByHyperDual(on: data) }
    }

    /// `∇²L` over `ℚ[s]` from `hessianByLineInterpolation` (values of `L` only) at four values of `s`.
    /// - Throws: `.kink` listing every kink; `.shape`.
    /// - Complexity: `4·P(P+1)/2` lines of 5 loss evaluations.
    public func hessianInSByLineInterpolation(on data: Dataset) throws(ReferenceError) -> MatrixPolynomial {
        try Self.interpolatedInS { (s: Rational) throws(ReferenceError) in try with(s: s).hessianByLineInterpolation(on: data) }
    }

    /// The Gauss–Newton matrix `G = (1/n) Σ_i ∇f_i ∇f_iᵀ` over `ℚ[s]`, with each `∇f_i` from
    /// the `ε₁` parts of hyper-dual outputs at four values of `s` (not from the formula of
    /// `lossHessian`).
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func gaussNewtonInSByHyperDual(on data: Dataset) throws(ReferenceError) -> MatrixPolynomial {
        try Self.interpolatedInS { (s: Rational) throws(ReferenceError) in
            let net = with(s: s)
            let theta = net.parameters, count = net.parameterCount
            var jacobian: [[Rational]] = []  // jacobian[p][i] = ∂f_i/∂θ_p
            for p in 0..<count {
                let seeded = theta.indices.map { HyperDual(theta[$0], e1: $0 == p ? 1 : 0) }
                jacobian.append(try net.outputs(parameters: seeded, on: data).map(\.e1))
            }
            var g = RationalMatrix(rows: count, columns: count)
            let weight = Rational(1, data.count)
            for p in 0..<count {
                for q in p..<count {
                    var sum = Rational()
                    for i in 0..<data.count { sum += jacobian[p][i] * jacobian[q][i] }
                    g[p, q] = weight * sum
                    g[q, p] = g[p, q]
                }
            }
            return g
        }
    }
}
