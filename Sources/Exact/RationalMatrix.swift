/// A dense matrix of exact rationals, stored row-major.
///
/// Value semantics (the storage is a Swift array of copy-on-write `Rational`s).
/// Products, sums and transposes are exact. Elimination-based queries
/// (determinant, leading principal minors, inertia, LDLᵀ, solve) live in
/// `RationalMatrix+Elimination.swift` and friends and run on integers
/// (fraction-free), not on rationals.
///
/// ```swift
/// let a = try RationalMatrix([[2, 1], [1, 3]])
/// a.determinant          // 5
/// try a.inertia()        // Inertia(negative: 0, zero: 0, positive: 2)
/// try a.solve([1, 0])    // [3/5, -1/5]
/// ```
public struct RationalMatrix: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries: entry (i, j) is `entries[i * columns + j]`.
    public private(set) var entries: [Rational]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Rational = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        self.rows = rows
        self.columns = columns
        entries = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix with entry (i, j) = `entry(i, j)` (0-based).
    public init(rows: Int, columns: Int, entry: (Int, Int) throws -> Rational) rethrows {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        self.rows = rows
        self.columns = columns
        var values: [Rational] = []
        values.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { values.append(try entry(i, j)) }
        }
        entries = values
    }

    /// A matrix from its rows. Throws `ExactError.dimensionMismatch` for ragged rows.
    public init(_ rowArrays: [[Rational]]) throws(ExactError) {
        let width = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == width }) else {
            throw .dimensionMismatch("rows of different lengths")
        }
        rows = rowArrays.count
        columns = width
        entries = rowArrays.flatMap { $0 }
    }

    /// A matrix from row-major entries. - Precondition: `entries.count == rows * columns`.
    public init(rows: Int, columns: Int, entries: [Rational]) {
        precondition(entries.count == rows * columns, "entry count does not match the shape")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> RationalMatrix {
        RationalMatrix(rows: n, columns: n) { i, j in i == j ? 1 : 0 }
    }

    /// The diagonal matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Rational]) -> RationalMatrix {
        var m = RationalMatrix(rows: diagonal.count, columns: diagonal.count)
        for (i, d) in diagonal.enumerated() { m[i, i] = d }
        return m
    }

    /// Entry (i, j), 0-based.
    public subscript(i: Int, j: Int) -> Rational {
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

    /// `true` when square and equal to its transpose.
    public var isSymmetric: Bool {
        guard isSquare else { return false }
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) where self[i, j] != self[j, i] { return false }
        }
        return true
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Rational] { Array(entries[(i * columns)..<((i + 1) * columns)]) }

    /// The rows as arrays.
    public var rowArrays: [[Rational]] { (0..<rows).map(row) }

    /// The leading principal `k × k` submatrix.
    public func leadingSubmatrix(_ k: Int) -> RationalMatrix {
        precondition(k >= 0 && k <= min(rows, columns), "submatrix larger than the matrix")
        return RationalMatrix(rows: k, columns: k) { i, j in self[i, j] }
    }
}

extension RationalMatrix: CustomStringConvertible {
    /// Rows in brackets with exact entries: `[[1, 1/2], [0, -3]]`.
    public var description: String {
        "["
            + rowArrays.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
    }
}
