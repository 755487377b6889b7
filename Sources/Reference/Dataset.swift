import Exact

/// Exact training data: points `x_i ∈ Qᵈ` and targets `y_i ∈ Q`, `i = 1…n`.
public struct Dataset: Sendable, Hashable {
    public let points: [[Rational]]
    public let targets: [Rational]

    /// - Throws: `ReferenceError.shape` when the counts differ, there are no points,
    ///   or the points do not all have the same dimension `d ≥ 1`.
    public init(points: [[Rational]], targets: [Rational]) throws(ReferenceError) {
        guard !points.isEmpty else { throw .shape("the dataset has no points") }
        guard points.count == targets.count else {
            throw .shape("\(points.count) points but \(targets.count) targets")
        }
        let d = points[0].count
        guard d >= 1 else { throw .shape("points must have at least one coordinate") }
        if let bad = points.firstIndex(where: { $0.count != d }) {
            throw .shape("point \(bad + 1) has \(points[bad].count) coordinates, point 1 has \(d)")
        }
        self.points = points
        self.targets = targets
    }

    /// Number of samples.
    public var count: Int { points.count }
    /// Input dimension.
    public var dimension: Int { points[0].count }

    /// The same points and targets from `Float` values (each an exact dyadic rational).
    public init(floatPoints: [[Float]], targets: [Float]) throws(ReferenceError) {
        try self.init(points: floatPoints.map { $0.map { Rational($0) } }, targets: targets.map { Rational($0) })
    }
}

/// `x · y` exactly.
@inlinable
public func dot(_ x: [Rational], _ y: [Rational]) -> Rational {
    precondition(x.count == y.count, "dot: lengths differ")
    var sum = Rational()
    for index in x.indices { sum += x[index] * y[index] }
    return sum
}
