// Exact matrix algebra: transpose, sums, products, scaling.

extension RationalMatrix {
    /// The transpose.
    public var transposed: RationalMatrix {
        RationalMatrix(rows: columns, columns: rows) { i, j in self[j, i] }
    }

    public static func + (lhs: RationalMatrix, rhs: RationalMatrix) -> RationalMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "matrix sum: shapes differ")
        return RationalMatrix(
            rows: lhs.rows, columns: lhs.columns,
            entries: zip(lhs.entries, rhs.entries).map { $0 + $1 })
    }

    public static func - (lhs: RationalMatrix, rhs: RationalMatrix) -> RationalMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "matrix difference: shapes differ")
        return RationalMatrix(
            rows: lhs.rows, columns: lhs.columns,
            entries: zip(lhs.entries, rhs.entries).map { $0 - $1 })
    }

    public static prefix func - (operand: RationalMatrix) -> RationalMatrix {
        RationalMatrix(rows: operand.rows, columns: operand.columns, entries: operand.entries.map { -$0 })
    }

    public static func * (scalar: Rational, matrix: RationalMatrix) -> RationalMatrix {
        RationalMatrix(rows: matrix.rows, columns: matrix.columns, entries: matrix.entries.map { scalar * $0 })
    }

    /// The matrix product.
    /// - Precondition: `lhs.columns == rhs.rows`.
    /// - Complexity: `lhs.rows · rhs.columns · lhs.columns` exact multiply-adds.
    public static func * (lhs: RationalMatrix, rhs: RationalMatrix) -> RationalMatrix {
        precondition(lhs.columns == rhs.rows, "matrix product: inner dimensions differ")
        return RationalMatrix(rows: lhs.rows, columns: rhs.columns) { i, j in
            var sum = Rational()
            for k in 0..<lhs.columns { sum += lhs[i, k] * rhs[k, j] }
            return sum
        }
    }

    /// The matrix–vector product.
    /// - Precondition: `vector.count == columns`.
    public static func * (lhs: RationalMatrix, vector: [Rational]) -> [Rational] {
        precondition(lhs.columns == vector.count, "matrix-vector product: dimensions differ")
        return (0..<lhs.rows).map { i in
            var sum = Rational()
            for k in 0..<lhs.columns { sum += lhs[i, k] * vector[k] }
            return sum
        }
    }

    /// `self − μ·I`. - Precondition: square.
    public func shiftedDiagonal(by mu: Rational) -> RationalMatrix {
        precondition(isSquare, "shift of a non-square matrix")
        var m = self
        for i in 0..<rows { m[i, i] -= mu }
        return m
    }
}
