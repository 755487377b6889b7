/// A dense matrix of `RationalInterval`s, row-major: a certified enclosure of a real
/// matrix known only entrywise, `A ∈ [Lo, Hi]`.
///
/// Every operation is inclusion arithmetic on the entries (see `RationalInterval`), so
/// the result of `f(X)` contains `f(A)` for every matrix `A` with `A_ij ∈ X_ij`.
///
/// The midpoint–radius view `X = [M − R, M + R]` (`midpoint`, `radii`) is what the
/// eigenvalue certificates use: for every *symmetric* `A ∈ X`,
/// `|λ_i(A) − λ_i(M)| ≤ ‖A − M‖₂ ≤ ‖R‖₂` (Weyl's inequality, and `‖E‖₂ ≤ ‖ |E| ‖₂ ≤ ‖R‖₂`
/// for `|E| ≤ R` entrywise by monotonicity of the spectral norm on non-negative
/// matrices); `radiusNormBound` is a rational upper bound of `‖R‖₂`.
///
/// ```swift
/// let x = IntervalMatrix(rows: 2, columns: 2) { i, j in
///     i == j ? RationalInterval(Rational(2), Rational(3)) : RationalInterval(Rational(1, 8))
/// }
/// x.contains(try RationalMatrix([[2, Rational(1, 8)], [Rational(1, 8), 3]]))   // true
/// x.midpoint                                              // [[5/2, 1/8], [1/8, 5/2]]
/// x.radiusNormBound                                       // 1/2 (max row sum of R)
/// ```
public struct IntervalMatrix: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries: entry (i, j) is `entries[i * columns + j]`.
    public private(set) var entries: [RationalInterval]

    /// A matrix from row-major entries. - Precondition: `entries.count == rows * columns`.
    public init(rows: Int, columns: Int, entries: [RationalInterval]) {
        precondition(
            rows >= 0 && columns >= 0 && entries.count == rows * columns,
            "entry count does not match the shape")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// A `rows × columns` matrix with entry (i, j) = `entry(i, j)` (0-based).
    public init(rows: Int, columns: Int, entry: (Int, Int) throws -> RationalInterval) rethrows {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        var values: [RationalInterval] = []
        values.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { values.append(try entry(i, j)) }
        }
        self.init(rows: rows, columns: columns, entries: values)
    }

    /// The point enclosure `[A, A]` of an exact matrix.
    public init(_ matrix: RationalMatrix) {
        self.init(rows: matrix.rows, columns: matrix.columns, entries: matrix.entries.map { RationalInterval($0) })
    }

    /// Entry (i, j), 0-based.
    public subscript(i: Int, j: Int) -> RationalInterval {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "index out of range")
            return entries[i * columns + j]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "index out of range")
            entries[i * columns + j] = newValue
        }
    }

    public var isSquare: Bool { rows == columns }

    /// `true` when square and `X_ij == X_ji` as intervals (same endpoints), so that the
    /// set of symmetric matrices in the enclosure is described by the upper triangle.
    public var isSymmetric: Bool {
        guard isSquare else { return false }
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) where self[i, j] != self[j, i] { return false }
        }
        return true
    }

    /// `true` when every entry is a point interval.
    public var isPoint: Bool { entries.allSatisfy(\.isPoint) }

    /// `true` when `A_ij ∈ X_ij` for every entry. - Precondition: same shape.
    public func contains(_ matrix: RationalMatrix) -> Bool {
        precondition(matrix.rows == rows && matrix.columns == columns, "contains: shapes differ")
        return zip(entries, matrix.entries).allSatisfy { $0.contains($1) }
    }

    /// `true` when `Y_ij ⊆ X_ij` for every entry. - Precondition: same shape.
    public func contains(_ other: IntervalMatrix) -> Bool {
        precondition(other.rows == rows && other.columns == columns, "contains: shapes differ")
        return zip(entries, other.entries).allSatisfy { $0.contains($1) }
    }

    /// The entrywise midpoints `M_ij = (lo + hi)/2` (exact).
    public var midpoint: RationalMatrix {
        RationalMatrix(rows: rows, columns: columns, entries: entries.map(\.midpoint))
    }

    /// The entrywise radii `R_ij = (hi − lo)/2 ≥ 0` (exact): `X = [M − R, M + R]`.
    public var radii: RationalMatrix {
        RationalMatrix(rows: rows, columns: columns, entries: entries.map(\.radius))
    }

    /// The largest entry width `max (hi − lo)`; 0 for an empty matrix.
    public var maximumWidth: Rational {
        var best = Rational()
        for x in entries {
            let w = x.width
            if w > best { best = w }
        }
        return best
    }

    /// A rational `ρ ≥ ‖R‖₂` for the radius matrix `R`: the smaller of two rigorous bounds,
    ///
    /// - `max(‖R‖₁, ‖R‖_∞)` (largest column / row sum): `‖R‖₂ ≤ √(‖R‖₁‖R‖_∞)`, exact;
    /// - `‖R‖_F = √(Σ R_ij²)`, its square root enclosed from above
    ///   (`RationalInterval.sqrt`'s upper end, about 64 significant bits).
    ///
    /// Zero for a point matrix.
    public var radiusNormBound: Rational { IntervalMatrix.spectralNormBound(ofNonNegative: radii) }

    /// A rational upper bound of `‖R‖₂` for an entrywise non-negative matrix `R`, as
    /// described for `radiusNormBound`.
    /// - Precondition: every entry of `r` is `≥ 0`.
    public static func spectralNormBound(ofNonNegative r: RationalMatrix) -> Rational {
        if r.rows == 0 || r.columns == 0 { return Rational() }
        var rowMax = Rational(), columnMax = Rational()
        var columnSums = Array(repeating: Rational(), count: r.columns)
        var squares = Rational()
        for i in 0..<r.rows {
            var rowSum = Rational()
            for j in 0..<r.columns {
                let x = r[i, j]
                precondition(x.signum >= 0, "spectralNormBound: negative entry")
                if x.isZero { continue }
                rowSum += x
                columnSums[j] += x
                squares.addProduct(x, x)
            }
            if rowSum > rowMax { rowMax = rowSum }
        }
        for c in columnSums where c > columnMax { columnMax = c }
        let holder = rowMax > columnMax ? rowMax : columnMax
        if squares.isZero { return Rational() }
        // √(squares) from above, with about 64 significant bits.
        let scale = max(0, 64 - (squares.numerator.bitWidth - squares.denominator.bitWidth) / 2)
        let frobenius = RationalInterval.sqrtOfNonNegative(squares, bits: scale).hi
        return frobenius < holder ? frobenius : holder
    }

    /// Every interval widened outward to the grid `2^−bits ℤ` (see
    /// `RationalInterval.rounded(outwardToFractionalBits:)`): still an enclosure, endpoint
    /// sizes bounded.
    public func rounded(outwardToFractionalBits bits: Int) -> IntervalMatrix {
        IntervalMatrix(rows: rows, columns: columns, entries: entries.map { $0.rounded(outwardToFractionalBits: bits) })
    }

    /// The transpose.
    public var transposed: IntervalMatrix {
        IntervalMatrix(rows: columns, columns: rows) { i, j in self[j, i] }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [RationalInterval] { Array(entries[(i * columns)..<((i + 1) * columns)]) }
}

// MARK: - Arithmetic (inclusion)

extension IntervalMatrix {
    public static func + (lhs: IntervalMatrix, rhs: IntervalMatrix) -> IntervalMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "interval matrix sum: shapes differ")
        return IntervalMatrix(rows: lhs.rows, columns: lhs.columns, entries: zip(lhs.entries, rhs.entries).map { $0 + $1 })
    }

    public static func - (lhs: IntervalMatrix, rhs: IntervalMatrix) -> IntervalMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "interval matrix difference: shapes differ")
        return IntervalMatrix(rows: lhs.rows, columns: lhs.columns, entries: zip(lhs.entries, rhs.entries).map { $0 - $1 })
    }

    /// `A + X` with an exact matrix.
    public static func + (lhs: RationalMatrix, rhs: IntervalMatrix) -> IntervalMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "interval matrix sum: shapes differ")
        return IntervalMatrix(rows: lhs.rows, columns: lhs.columns, entries: zip(lhs.entries, rhs.entries).map { $0 + $1 })
    }

    /// `q·X`.
    public static func * (scalar: Rational, matrix: IntervalMatrix) -> IntervalMatrix {
        IntervalMatrix(rows: matrix.rows, columns: matrix.columns, entries: matrix.entries.map { $0 * scalar })
    }

    /// `X·v` for an exact vector: each entry a sum of interval–rational products.
    /// - Precondition: `vector.count == columns`.
    public static func * (lhs: IntervalMatrix, vector: [Rational]) -> [RationalInterval] {
        precondition(lhs.columns == vector.count, "matrix-vector product: dimensions differ")
        return (0..<lhs.rows).map { i in
            var sum = RationalInterval(Rational())
            for k in 0..<lhs.columns where !vector[k].isZero { sum += lhs[i, k] * vector[k] }
            return sum
        }
    }

    /// `X·v` for an interval vector. - Precondition: `vector.count == columns`.
    public static func * (lhs: IntervalMatrix, vector: [RationalInterval]) -> [RationalInterval] {
        precondition(lhs.columns == vector.count, "matrix-vector product: dimensions differ")
        return (0..<lhs.rows).map { i in
            var sum = RationalInterval(Rational())
            for k in 0..<lhs.columns { sum += lhs[i, k] * vector[k] }
            return sum
        }
    }
}

extension IntervalMatrix: CustomStringConvertible {
    /// Rows in brackets with exact interval entries.
    public var description: String {
        "["
            + (0..<rows).map { i in "[" + row(i).map(\.description).joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
    }
}
