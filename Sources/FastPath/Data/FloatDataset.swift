/// Training data in `Float`: points `x_i ∈ Rᵈ` stored row by row, targets `y_i`.
///
/// Every `Float` is an exact dyadic rational, so `Reference` can take the same data
/// exactly (`Rational(Float)`).
///
/// ```swift
/// let data = try FloatDataset(points: [[1, 0], [0, 1]], targets: [0.5, -1])
/// data.point(1)      // [0, 1]
/// ```
public struct FloatDataset: Sendable, Hashable {
    /// Number of samples `n`.
    public let count: Int
    /// Input dimension `d`.
    public let dimension: Int
    /// The points row by row: `x_i[j]` is `points[i·d + j]`.
    public let points: [Float]
    public let targets: [Float]

    /// - Throws: `FastPathError.shape` for no points, `d = 0`, rows of different
    ///   lengths or counts that differ; `.invalidArgument` for a value that is not finite.
    public init(points: [[Float]], targets: [Float]) throws(FastPathError) {
        guard !points.isEmpty else { throw .shape("the dataset has no points") }
        let d = points[0].count
        if let bad = points.firstIndex(where: { $0.count != d }) {
            throw .shape("point \(bad + 1) has \(points[bad].count) coordinates, point 1 has \(d)")
        }
        try self.init(rowMajor: points.flatMap { $0 }, dimension: d, targets: targets)
    }

    /// From points stored row by row.
    /// - Throws: as `init(points:targets:)`.
    public init(rowMajor: [Float], dimension d: Int, targets: [Float]) throws(FastPathError) {
        guard d >= 1 else { throw .shape("points must have at least one coordinate") }
        guard !targets.isEmpty else { throw .shape("the dataset has no points") }
        guard rowMajor.count == targets.count * d else {
            throw .shape("\(rowMajor.count) coordinates for \(targets.count) targets in dimension \(d)")
        }
        if let bad = rowMajor.firstIndex(where: { !$0.isFinite }) {
            throw .invalidArgument("coordinate \(bad % d + 1) of point \(bad / d + 1) is not finite")
        }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw .invalidArgument("target \(bad + 1) is not finite")
        }
        count = targets.count
        dimension = d
        points = rowMajor
        self.targets = targets
    }

    /// `x_i` (0-based `i`).
    public func point(_ i: Int) -> [Float] { Array(points[(i * dimension)..<((i + 1) * dimension)]) }

    /// The samples with the given indices, in that order (a mini-batch).
    public func subset(_ indices: some Sequence<Int>) -> FloatDataset {
        var rows: [Float] = []
        var ys: [Float] = []
        for i in indices {
            rows.append(contentsOf: points[(i * dimension)..<((i + 1) * dimension)])
            ys.append(targets[i])
        }
        return try! FloatDataset(rowMajor: rows, dimension: dimension, targets: ys)
    }
}
