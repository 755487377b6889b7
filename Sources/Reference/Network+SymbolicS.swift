import Exact

// Everything as polynomials in the homotopy parameter s.
//
// The activation pattern — the signs of w_k·x_i — does not involve s, and on
// each piece σ_s is linear in s: σ_s(z) = z for z ≥ 0 and z − s·z for z < 0,
// σ_s'(z) = 1 or 1 − s. So, with the weights fixed, the outputs and residuals
// are polynomials of degree ≤ 1 in s, the gradient and the Hessian (G and R)
// of degree ≤ 2, and the loss of degree ≤ 2. The same generic formulas as the
// rational computation run over `Polynomial` coefficients; only the table of
// σ_s, σ_s', σ_s'' differs (built from `HomotopyActivation.valueInS` and
// `derivativeInS`).

extension MatrixPolynomial {
    /// The submatrix with the given rows and columns (0-based, in order).
    func selectingEntries(rows rowIndices: [Int], columns columnIndices: [Int]) -> MatrixPolynomial {
        MatrixPolynomial(
            rows: rowIndices.count, columns: columnIndices.count,
            coefficients: coefficients.map { selecting($0, rows: rowIndices, columns: columnIndices) })
    }
}

/// `∇²L = G + R` with every entry a polynomial in `s` (degree ≤ 2), as
/// `MatrixPolynomial`s (matrices with polynomial entries, `Kernels/MatrixPolynomial.swift`).
///
/// ```swift
/// let h = try network.hessianInS(on: data)
/// h.evaluate(at: Rational(3, 2)) == (try network.with(s: Rational(3, 2)).lossHessian(on: data))   // true
/// h.full[0, 4].description(variable: "s")
/// h.outerInner(.residual)          // the only blocks with residual terms
/// ```
public struct LossHessianInS: Sendable, Hashable {
    public let layout: ParameterLayout
    public let full: MatrixPolynomial
    public let gaussNewton: MatrixPolynomial
    public let residual: MatrixPolynomial

    public func matrix(_ part: LossHessian.Part = .full) -> MatrixPolynomial {
        switch part {
        case .full: full
        case .gaussNewton: gaussNewton
        case .residual: residual
        }
    }

    /// The exact Hessian at a value of `s` (equal to `lossHessian(on:)` of the network with that `s`).
    public func evaluate(at s: Rational) -> LossHessian {
        LossHessian(layout: layout, gaussNewton: gaussNewton.evaluate(at: s), residual: residual.evaluate(at: s))
    }

    /// The `m × m` block `∂²/∂a ∂a`.
    public func outerOuter(_ part: LossHessian.Part = .full) -> MatrixPolynomial {
        matrix(part).selectingEntries(rows: layout.outer, columns: layout.outer)
    }

    /// The `m × md` block `∂²/∂a ∂W`.
    public func outerInner(_ part: LossHessian.Part = .full) -> MatrixPolynomial {
        matrix(part).selectingEntries(rows: layout.outer, columns: layout.inner)
    }

    /// The `md × md` block `∂²/∂W ∂W`.
    public func innerInner(_ part: LossHessian.Part = .full) -> MatrixPolynomial {
        matrix(part).selectingEntries(rows: layout.inner, columns: layout.inner)
    }

    /// The `(1+d) × (1+d)` block with rows `(a_k, w_k)` and columns `(a_l, w_l)`.
    public func neuronBlock(_ k: Int, _ l: Int, _ part: LossHessian.Part = .full) -> MatrixPolynomial {
        matrix(part).selectingEntries(rows: layout.neuron(k), columns: layout.neuron(l))
    }
}

extension TwoLayerNetwork {
    /// `σ_s`, `σ_s'`, `σ_s''` as polynomials in `s` at every `z_ik`; every `z_ik = 0`
    /// is listed as a kink (a kink for every `s ≠ 0`, so not a polynomial identity).
    ///
    /// `σ_s''(z)` comes from `HomotopyActivation.secondDerivative` at `s = 0` and
    /// `s = 1`, interpolated: for fixed `z ≠ 0` the piece holding `z` is `α(s)·z`
    /// with `α` affine in `s`, so its second derivative in `z` is affine in `s` and
    /// two values determine it (it comes out as the zero polynomial).
    func activationTableInS(preactivations z: [[Rational]]) -> ActivationTable<Polynomial> {
        var kinks: [Kink] = []
        var value: [[Polynomial]] = [], slope: [[Polynomial]] = [], curvature: [[Polynomial]] = []
        for (i, row) in z.enumerated() {
            value.append(row.map { HomotopyActivation.valueInS($0) })
            var d1: [Polynomial] = [], d2: [Polynomial] = []
            for (k, zik) in row.enumerated() {
                guard let first = HomotopyActivation.derivativeInS(zik) else {
                    kinks.append(Kink(sample: i, neuron: k))
                    d1.append(.zero)
                    d2.append(.zero)
                    continue
                }
                d1.append(first)
                let samples = [Rational(0), Rational(1)].map { t in
                    (t, HomotopyActivation(s: t).secondDerivative(at: zik).value!)  // z ≠ 0: defined
                }
                d2.append(try! Polynomial.interpolating(points: samples))
            }
            slope.append(d1)
            curvature.append(d2)
        }
        return ActivationTable(value: value, slope: slope, curvature: curvature, kinks: kinks)
    }

    /// `f(x_i; θ)` as polynomials in `s` (degree ≤ 1); this network's own `s` is not used.
    /// Defined everywhere (σ_s(0) = 0 for every s).
    ///
    /// ```swift
    /// let f = try network.outputsInS(on: data)
    /// f[0].evaluate(at: 2) == (try network.with(s: 2).outputs(on: data))[0]   // true
    /// ```
    /// - Throws: `.shape` for a data dimension that does not fit.
    public func outputsInS(on data: Dataset) throws(ReferenceError) -> [Polynomial] {
        try checkDimension(of: data)
        let table = activationTableInS(preactivations: preactivations(on: data))
        return table.value.map { row in
            var sum = Polynomial.zero
            for (k, value) in row.enumerated() { sum += (scale * outer[k]) * value }
            return sum
        }
    }

    /// `r_i(s) = f(x_i; θ)(s) − y_i` (degree ≤ 1).
    public func residualsInS(on data: Dataset) throws(ReferenceError) -> [Polynomial] {
        zip(try outputsInS(on: data), data.targets).map { $0 - Polynomial($1) }
    }

    /// `L(s) = (1/2n) Σ_i r_i(s)²` (degree ≤ 2).
    public func lossInS(on data: Dataset) throws(ReferenceError) -> Polynomial {
        var sum = Polynomial.zero
        for r in try residualsInS(on: data) { sum += r * r }
        return Rational(1, 2 * data.count) * sum
    }

    /// `∇L` with every entry a polynomial in `s` (degree ≤ 2), in the documented order.
    /// - Throws: `.kink` listing every `w_k · x_i = 0` (undefined for `s ≠ 0`); `.shape`.
    public func gradientInS(on data: Dataset) throws(ReferenceError) -> [Polynomial] {
        try checkDimension(of: data)
        let table = activationTableInS(preactivations: preactivations(on: data))
        guard table.kinks.isEmpty else { throw .kink(table.kinks) }
        return lossGradientVector(residuals: try residualsInS(on: data), table: table, data: data)
    }

    /// `∇²L = G + R` with every entry a polynomial in `s` (degree ≤ 2).
    /// Evaluating at any rational `s` gives exactly `with(s: s).lossHessian(on:)`.
    /// - Throws: `.kink` listing every `w_k · x_i = 0`; `.shape`.
    public func hessianInS(on data: Dataset) throws(ReferenceError) -> LossHessianInS {
        try checkDimension(of: data)
        let table = activationTableInS(preactivations: preactivations(on: data))
        guard table.kinks.isEmpty else { throw .kink(table.kinks) }
        let (g, r) = hessianParts(residuals: try residualsInS(on: data), table: table, data: data)
        let count = parameterCount
        let gaussNewton = MatrixPolynomial(rows: count, columns: count, entries: g)
        let residual = MatrixPolynomial(rows: count, columns: count, entries: r)
        return LossHessianInS(
            layout: ParameterLayout(width: width, dimension: dimension),
            full: MatrixPolynomial(rows: count, columns: count, entries: zip(g, r).map { $0 + $1 }),
            gaussNewton: gaussNewton, residual: residual)
    }
}
