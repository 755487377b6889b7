/// A two-layer homotopy network `f(x; θ) = c · Σ_k a_k σ_s(w_k · x)` in `Float`,
/// `σ_s(z) = (1 − s) z + s·max(0, z)`.
///
/// - `s`: the homotopy parameter (`0` identity, `1` ReLU, `2` absolute value); a
///   `var`, because HRTA continues training from the same parameters with the next `s`.
/// - `scale`: `c`, by default `Float(1/√m)` (computed in `Double`, rounded once);
///   exact comparisons use this `Float` value, which is an exact dyadic rational.
/// - Parameters in the documented order `a_1 … a_m, w_1 (d entries) … w_m`
///   (``parameters``), stored internally in SIMD blocks of eight neurons.
///
/// ```swift
/// let net = try HomotopyNetwork(s: 1, outer: [1, -1], inner: [[0.5, 1], [2, -1]])
/// try net.outputs(on: data)                     // f(x_i), i = 1…n
/// let (loss, gradient) = try net.lossAndGradient(on: data)
/// ```
public struct HomotopyNetwork: Sendable, Hashable {
    public var s: Float
    public let scale: Float
    var weights: ParameterVector

    var layout: BlockLayout { weights.layout }
    /// Width `m`.
    public var width: Int { layout.width }
    /// Input dimension `d`.
    public var dimension: Int { layout.dimension }
    /// `m + m·d`.
    public var parameterCount: Int { width * (1 + dimension) }

    /// The default output scale `c = Float(1/√m)`.
    public static func defaultScale(width m: Int) -> Float { Float(1 / Double(m).squareRoot()) }

    /// A network from outer weights `a_k` and inner weights `w_k`.
    /// - Throws: `FastPathError.shape` for no neurons, `d = 0`, or lengths that differ;
    ///   `.invalidArgument` for a scale that is not positive and finite.
    public init(s: Float, outer: [Float], inner: [[Float]], scale: Float? = nil) throws(FastPathError) {
        guard !outer.isEmpty else { throw .shape("the network has no neurons") }
        guard outer.count == inner.count else {
            throw .shape("\(outer.count) outer weights but \(inner.count) inner weight vectors")
        }
        let d = inner[0].count
        guard d >= 1 else { throw .shape("inner weights need at least one coordinate") }
        if let bad = inner.firstIndex(where: { $0.count != d }) {
            throw .shape("w_\(bad + 1) has \(inner[bad].count) entries, w_1 has \(d)")
        }
        try self.init(s: s, width: outer.count, dimension: d, parameters: outer + inner.flatMap { $0 }, scale: scale)
    }

    /// A network from a parameter vector in the documented order.
    /// - Throws: `FastPathError.shape` when the length is not `m(1 + d)`;
    ///   `.invalidArgument` for a scale that is not positive and finite.
    public init(s: Float, width: Int, dimension: Int, parameters theta: [Float], scale: Float? = nil) throws(FastPathError) {
        guard width >= 1, dimension >= 1 else { throw .shape("width and dimension must be at least 1") }
        guard theta.count == width * (1 + dimension) else {
            throw .shape("parameter vector of length \(theta.count), a network of width \(width) and dimension \(dimension) has \(width * (1 + dimension))")
        }
        let c = scale ?? HomotopyNetwork.defaultScale(width: width)
        guard c > 0, c.isFinite else { throw .invalidArgument("the scale c must be positive and finite, got \(c)") }
        self.s = s
        self.scale = c
        self.weights = ParameterVector(layout: BlockLayout(width: width, dimension: dimension), ordered: theta)
    }

    init(s: Float, scale: Float, weights: ParameterVector) {
        self.s = s
        self.scale = scale
        self.weights = weights
    }

    /// The parameters in the documented order `a_1 … a_m, w_1 … w_m`.
    public var parameters: [Float] { weights.ordered }

    /// Outer weights `a_1 … a_m`.
    public var outer: [Float] { Array(weights.outer[0..<width]) }

    /// Inner weights `w_1 … w_m`, each with `d` entries.
    public var inner: [[Float]] {
        (0..<width).map { k in (0..<dimension).map { j in weights.inner[layout.innerIndex(neuron: k, coordinate: j)] } }
    }

    /// The same weights with another `s`.
    public func with(s newS: Float) -> HomotopyNetwork {
        var copy = self
        copy.s = newS
        return copy
    }
}
