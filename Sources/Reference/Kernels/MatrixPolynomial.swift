import Exact

/// A polynomial in `s` with matrix coefficients, `K(s) = C₀ + s·C₁ + s²·C₂ + …`:
/// equivalently a matrix whose entries are polynomials in `s`.
///
/// The coefficient list is trimmed (the last coefficient matrix is non-zero; the zero
/// polynomial has none), so `==` is equality of polynomial identities: two values are
/// equal exactly when every entry agrees as an element of ℚ[s].
///
/// The empirical tangent kernels of a network are of this form with degree ≤ 2, because
/// the activation pattern (the signs of `w_k·x_i`) does not depend on `s`:
///
/// ```swift
/// let k = try network.tangentKernelInS(on: data)
/// k.inner.evaluate(at: 1)                       // the ReLU inner kernel, exactly
/// k.inner[0, 1].description(variable: "s")      // e.g. "3/8·s^2 - 5/4·s + 1"
/// k.inner.symmetricInitializationResidual.isZero   // true for a symmetric initialisation
/// ```
///
/// It is also the type of the loss Hessian in `s` (`LossHessianInS`). It is the project's
/// only matrix over ℚ[s]: `Exact` has scalar `Polynomial`s and constant `RationalMatrix`es.
public struct MatrixPolynomial: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    /// `[C₀, C₁, …]`, trimmed: empty for the zero polynomial, else the last is non-zero.
    public let coefficients: [RationalMatrix]

    /// `Σ_k s^k·coefficients[k]`; trailing zero matrices are dropped.
    /// - Precondition: every coefficient is `rows × columns`.
    public init(rows: Int, columns: Int, coefficients: [RationalMatrix]) {
        precondition(
            coefficients.allSatisfy { $0.rows == rows && $0.columns == columns },
            "MatrixPolynomial: coefficient shapes differ")
        var trimmed = coefficients
        while let last = trimmed.last, last.entries.allSatisfy(\.isZero) { trimmed.removeLast() }
        self.rows = rows
        self.columns = columns
        self.coefficients = trimmed
    }

    /// The matrix with polynomial entries `entries` (row-major).
    /// - Precondition: `entries.count == rows * columns`.
    public init(rows: Int, columns: Int, entries: [Polynomial]) {
        precondition(entries.count == rows * columns, "MatrixPolynomial: entry count does not match the shape")
        let degree = entries.compactMap(\.degree).max() ?? -1
        let coefficients = (0..<(degree + 1)).map { k in
            RationalMatrix(rows: rows, columns: columns, entries: entries.map { $0.coefficient(k) })
        }
        self.init(rows: rows, columns: columns, coefficients: coefficients)
    }

    /// The constant polynomial `A`.
    public init(_ constant: RationalMatrix) {
        self.init(rows: constant.rows, columns: constant.columns, coefficients: [constant])
    }

    /// The largest power of `s` with a non-zero coefficient; `nil` for zero.
    public var degree: Int? { coefficients.isEmpty ? nil : coefficients.count - 1 }

    /// `true` for the zero polynomial (every entry the zero polynomial).
    public var isZero: Bool { coefficients.isEmpty }

    /// The coefficient of `s^k` (the zero matrix beyond the degree).
    public func coefficient(_ k: Int) -> RationalMatrix {
        precondition(k >= 0, "negative power")
        return k < coefficients.count ? coefficients[k] : RationalMatrix(rows: rows, columns: columns)
    }

    /// Entry (i, j) as a polynomial in `s`.
    public subscript(i: Int, j: Int) -> Polynomial {
        Polynomial(coefficients: coefficients.map { $0[i, j] })
    }

    /// All entries, row-major.
    public var entries: [Polynomial] {
        (0..<(rows * columns)).map { index in Polynomial(coefficients: coefficients.map { $0.entries[index] }) }
    }

    /// `K(s)` for a rational `s`, exactly (Horner on the coefficient matrices).
    public func evaluate(at s: Rational) -> RationalMatrix {
        guard var value = coefficients.last else { return RationalMatrix(rows: rows, columns: columns) }
        for k in stride(from: coefficients.count - 2, through: 0, by: -1) {
            value = s * value + coefficients[k]
        }
        return value
    }

    /// `true` when every coefficient is symmetric (so `K(s)` is symmetric for every `s`).
    public var isSymmetric: Bool { rows == columns && coefficients.allSatisfy(\.isSymmetric) }

    /// `K(s) − [(1 − s)·K(0) + s²·K(1)]` as a polynomial matrix.
    ///
    /// Zero exactly when `K_s = (1 − s) K_0 + s² K_1` holds as a polynomial identity in `s`,
    /// the symmetric-initialisation identity of the kernels (proofs-notes/claim-04). For a
    /// matrix polynomial of degree ≤ 2, `C₀ + sC₁ + s²C₂`, the residual is
    /// `s·(C₁ + C₀) − s²·(C₀ + C₁)`: zero iff `C₁ = −C₀`.
    public var symmetricInitializationResidual: MatrixPolynomial {
        let k0 = evaluate(at: 0), k1 = evaluate(at: 1)
        let model = MatrixPolynomial(rows: rows, columns: columns, coefficients: [k0, -k0, k1])
        return self - model
    }

    public static func + (lhs: MatrixPolynomial, rhs: MatrixPolynomial) -> MatrixPolynomial {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "MatrixPolynomial sum: shapes differ")
        let count = max(lhs.coefficients.count, rhs.coefficients.count)
        return MatrixPolynomial(
            rows: lhs.rows, columns: lhs.columns,
            coefficients: (0..<count).map { lhs.coefficient($0) + rhs.coefficient($0) })
    }

    public static func - (lhs: MatrixPolynomial, rhs: MatrixPolynomial) -> MatrixPolynomial {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "MatrixPolynomial difference: shapes differ")
        let count = max(lhs.coefficients.count, rhs.coefficients.count)
        return MatrixPolynomial(
            rows: lhs.rows, columns: lhs.columns,
            coefficients: (0..<count).map { lhs.coefficient($0) - rhs.coefficient($0) })
    }

    /// `q·K(s)`.
    public static func * (scalar: Rational, matrix: MatrixPolynomial) -> MatrixPolynomial {
        MatrixPolynomial(rows: matrix.rows, columns: matrix.columns, coefficients: matrix.coefficients.map { scalar * $0 })
    }

    /// `p(s)·K(s)` for a scalar polynomial `p`.
    public static func * (scalar: Polynomial, matrix: MatrixPolynomial) -> MatrixPolynomial {
        guard let pd = scalar.degree, let md = matrix.degree else {
            return MatrixPolynomial(rows: matrix.rows, columns: matrix.columns, coefficients: [])
        }
        var result = Array(repeating: RationalMatrix(rows: matrix.rows, columns: matrix.columns), count: pd + md + 1)
        for i in 0...pd where !scalar.coefficient(i).isZero {
            for j in 0...md { result[i + j] = result[i + j] + scalar.coefficient(i) * matrix.coefficients[j] }
        }
        return MatrixPolynomial(rows: matrix.rows, columns: matrix.columns, coefficients: result)
    }
}

extension MatrixPolynomial: CustomStringConvertible {
    /// Rows in brackets, entries as polynomials in `s`.
    public var description: String {
        "["
            + (0..<rows).map { i in
                "[" + (0..<columns).map { self[i, $0].description(variable: "s") }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]"
    }
}
