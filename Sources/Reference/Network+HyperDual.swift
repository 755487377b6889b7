import Exact

// Second derivatives of the loss by forward-mode hyper-dual numbers, pushed
// through the same generic network code (`outputs(parameters:on:)`) that gives
// the values. Independent of the formula-based `lossHessian(on:)`: nothing
// here knows that σ_s'' = 0 or which blocks vanish.

extension TwoLayerNetwork {
    /// `L(θ + u ε₁ + v ε₂)` as a hyper-dual number: `real = L(θ)`, `e1 = ∇L·u`,
    /// `e2 = ∇L·v`, `e12 = uᵀ ∇²L v`, all exact.
    ///
    /// ```swift
    /// let e = { (p: Int) in (0..<network.parameterCount).map { $0 == p ? Rational(1) : 0 } }
    /// let l = try network.lossHyperDual(u: e(3), v: e(5), on: data)
    /// l.e12      // ∂²L/∂θ_3∂θ_5 (0-based indices)
    /// ```
    /// - Throws: `.kink` listing every (sample, neuron) where `w_k · x_i = 0`
    ///   (`s ≠ 0`); `.shape` when a direction has the wrong length.
    public func lossHyperDual(u: [Rational], v: [Rational], on data: Dataset) throws(ReferenceError) -> HyperDual {
        guard u.count == parameterCount, v.count == parameterCount else {
            throw .shape("directions of length \(u.count) and \(v.count), the network has \(parameterCount) parameters")
        }
        let theta = parameters
        let seeded = theta.indices.map { HyperDual(theta[$0], e1: u[$0], e2: v[$0]) }
        return try loss(parameters: seeded, on: data)
    }

    /// The hyper-dual number with `θ` seeded by basis vectors `e_p` (ε₁) and `e_q` (ε₂).
    func lossHyperDual(basis p: Int, _ q: Int, on data: Dataset) throws(ReferenceError) -> HyperDual {
        let theta = parameters
        let seeded = theta.indices.map { HyperDual(theta[$0], e1: $0 == p ? 1 : 0, e2: $0 == q ? 1 : 0) }
        return try loss(parameters: seeded, on: data)
    }

    /// `∇²L` entry by entry: `H_pq = e_pᵀ ∇²L e_q` is the `ε₁ε₂` part of
    /// `L(θ + e_p ε₁ + e_q ε₂)`. `P(P+1)/2` evaluations of the network (symmetry).
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func hessianByHyperDual(on data: Dataset) throws(ReferenceError) -> RationalMatrix {
        let count = parameterCount
        var h = RationalMatrix(rows: count, columns: count)
        for p in 0..<count {
            for q in p..<count {
                let value = try lossHyperDual(basis: p, q, on: data).e12
                h[p, q] = value
                h[q, p] = value
            }
        }
        return h
    }

    /// `∇L` entry by entry: the `ε₁` part of `L(θ + e_p ε₁)`.
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func gradientByHyperDual(on data: Dataset) throws(ReferenceError) -> [Rational] {
        var g: [Rational] = []
        for p in 0..<parameterCount { g.append(try lossHyperDual(basis: p, p, on: data).e1) }
        return g
    }
}
