/// A vector in parameter space — parameters, gradients, directions,
/// Hessian-vector products — stored in the block layout of the network
/// (`BlockLayout`), padding entries zero. ``ordered`` and
/// ``init(width:dimension:ordered:)`` convert from and to the documented order
/// `a_1 … a_m, w_1 (d entries) … w_m`.
///
/// ```swift
/// let v = try ParameterVector(width: 2, dimension: 2, ordered: [1, 0, 0.5, 0.5, -1, 2])
/// v.ordered            // the same six numbers
/// ```
public struct ParameterVector: Sendable, Hashable {
    let layout: BlockLayout
    var outer: [Float]
    var inner: [Float]

    /// The zero vector.
    init(zeros layout: BlockLayout) {
        self.layout = layout
        outer = [Float](repeating: 0, count: layout.paddedWidth)
        inner = [Float](repeating: 0, count: layout.innerCount)
    }

    /// The zero vector for a network of width `m` and dimension `d`.
    public init(zerosWidth width: Int, dimension: Int) {
        self.init(zeros: BlockLayout(width: width, dimension: dimension))
    }

    /// From a vector in the documented order.
    /// - Throws: `FastPathError.shape` when the length is not `m(1 + d)`.
    public init(width: Int, dimension: Int, ordered theta: [Float]) throws(FastPathError) {
        guard width >= 1, dimension >= 1 else { throw .shape("width and dimension must be at least 1") }
        guard theta.count == width * (1 + dimension) else {
            throw .shape("vector of length \(theta.count), the network has \(width * (1 + dimension)) parameters")
        }
        self.init(layout: BlockLayout(width: width, dimension: dimension), ordered: theta)
    }

    init(layout: BlockLayout, ordered theta: [Float]) {
        precondition(theta.count == layout.width * (1 + layout.dimension))
        self.init(zeros: layout)
        let m = layout.width, d = layout.dimension
        for k in 0..<m {
            outer[k] = theta[k]
            for j in 0..<d { inner[layout.innerIndex(neuron: k, coordinate: j)] = theta[m + k * d + j] }
        }
    }

    /// Width `m`.
    public var width: Int { layout.width }
    /// Input dimension `d`.
    public var dimension: Int { layout.dimension }

    /// The vector in the documented order `a_1 … a_m, w_1 … w_m`.
    public var ordered: [Float] {
        let m = layout.width, d = layout.dimension
        var theta = [Float](repeating: 0, count: m * (1 + d))
        for k in 0..<m {
            theta[k] = outer[k]
            for j in 0..<d { theta[m + k * d + j] = inner[layout.innerIndex(neuron: k, coordinate: j)] }
        }
        return theta
    }

    /// `self ← self + α·x`, each entry rounded once (`fma`).
    mutating func add(_ alpha: Float, times x: ParameterVector) {
        for index in outer.indices { outer[index] = outer[index].addingProduct(alpha, x.outer[index]) }
        for index in inner.indices { inner[index] = inner[index].addingProduct(alpha, x.inner[index]) }
    }

    /// `self ← x + α·self`, each entry rounded once (`fma`).
    mutating func scale(by alpha: Float, thenAdd x: ParameterVector) {
        for index in outer.indices { outer[index] = x.outer[index].addingProduct(alpha, outer[index]) }
        for index in inner.indices { inner[index] = x.inner[index].addingProduct(alpha, inner[index]) }
    }

    /// `self · x`, accumulated in `Double` in storage order.
    public func dot(_ x: ParameterVector) -> Double {
        var sum = 0.0
        for index in outer.indices { sum += Double(outer[index]) * Double(x.outer[index]) }
        for index in inner.indices { sum += Double(inner[index]) * Double(x.inner[index]) }
        return sum
    }

    /// `−self` (exact).
    var negated: ParameterVector {
        var copy = self
        for index in copy.outer.indices { copy.outer[index] = -copy.outer[index] }
        for index in copy.inner.indices { copy.inner[index] = -copy.inner[index] }
        return copy
    }
}
