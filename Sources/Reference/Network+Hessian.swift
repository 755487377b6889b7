import Exact

// The exact Hessian of the loss and its Gauss–Newton / residual split.
//
//   ∇²L = G + R,   G = (1/n) Σ_i ∇f_i ∇f_iᵀ,   R = (1/n) Σ_i r_i ∇²f_i
//
// Off kinks the second derivatives of one output f = c Σ_k a_k σ_s(w_k·x) are
//   ∂²f/∂a_k∂a_l   = 0                              (f is linear in a)
//   ∂²f/∂a_k∂w_k   = c σ_s'(w_k·x) x                (the only mixed term)
//   ∂²f/∂a_k∂w_l   = 0 for k ≠ l,  ∂²f/∂w_k∂w_l = 0 for k ≠ l
//   ∂²f/∂w_k∂w_kᵀ  = c a_k σ_s''(w_k·x) x xᵀ        (= 0, since σ_s'' = 0 off the kink)
// so R lives in the a_k–w_k cross blocks (plus the σ''-term, computed, not
// assumed, and zero), and the a–a and W–W blocks of ∇²L are those of G.

/// Parameter indices of the blocks of a Hessian, in the documented order.
public struct ParameterLayout: Sendable, Hashable {
    public let width: Int
    public let dimension: Int

    public init(width: Int, dimension: Int) {
        self.width = width
        self.dimension = dimension
    }

    /// `m + m·d`.
    public var count: Int { width * (1 + dimension) }
    /// Indices of `a_1 … a_m`.
    public var outer: [Int] { Array(0..<width) }
    /// Indices of `w_1 … w_m` (each `d` entries).
    public var inner: [Int] { Array(width..<count) }
    /// Indices of neuron `k`'s parameters `(a_k, w_k)`: `1 + d` of them.
    public func neuron(_ k: Int) -> [Int] {
        precondition(k >= 0 && k < width, "neuron index out of range")
        return [TwoLayerNetwork.outerIndex(k)]
            + (0..<dimension).map { TwoLayerNetwork.innerIndex(k, $0, width: width, dimension: dimension) }
    }
}

/// The submatrix of `matrix` with the given rows and columns (0-based, in order).
func selecting(_ matrix: RationalMatrix, rows: [Int], columns: [Int]) -> RationalMatrix {
    RationalMatrix(rows: rows.count, columns: columns.count) { i, j in matrix[rows[i], columns[j]] }
}

/// The exact Hessian `∇²L` of the loss, with its split `∇²L = G + R` and its blocks.
///
/// ```swift
/// let h = try network.lossHessian(on: data)
/// h.full                               // ∇²L, P × P
/// h.gaussNewton                        // G = (1/n) Σ ∇f_i ∇f_iᵀ  (positive semidefinite)
/// h.residual                           // R = (1/n) Σ r_i ∇²f_i
/// h.innerInner() == h.innerInner(.gaussNewton)   // true: W–W block is Gauss–Newton
/// try h.full.inertia()                 // e.g. (1 negative, 0 zero, 7 positive)
/// ```
public struct LossHessian: Sendable, Hashable {
    /// Which matrix a block is taken from.
    public enum Part: Sendable, Hashable {
        /// `∇²L = G + R`.
        case full
        /// `G = (1/n) Σ_i ∇f_i ∇f_iᵀ`.
        case gaussNewton
        /// `R = (1/n) Σ_i r_i ∇²f_i`.
        case residual
    }

    public let layout: ParameterLayout
    /// `∇²L`.
    public let full: RationalMatrix
    /// `G`, the Gauss–Newton part.
    public let gaussNewton: RationalMatrix
    /// `R`, the residual part.
    public let residual: RationalMatrix

    public init(layout: ParameterLayout, gaussNewton: RationalMatrix, residual: RationalMatrix) {
        self.layout = layout
        self.gaussNewton = gaussNewton
        self.residual = residual
        full = gaussNewton + residual
    }

    public func matrix(_ part: Part = .full) -> RationalMatrix {
        switch part {
        case .full: full
        case .gaussNewton: gaussNewton
        case .residual: residual
        }
    }

    /// The `m × m` block `∂²/∂a ∂a`.
    public func outerOuter(_ part: Part = .full) -> RationalMatrix {
        selecting(matrix(part), rows: layout.outer, columns: layout.outer)
    }

    /// The `m × md` block `∂²/∂a ∂W` (rows `a_k`, columns `w_l` in order).
    public func outerInner(_ part: Part = .full) -> RationalMatrix {
        selecting(matrix(part), rows: layout.outer, columns: layout.inner)
    }

    /// The `md × md` block `∂²/∂W ∂W`.
    public func innerInner(_ part: Part = .full) -> RationalMatrix {
        selecting(matrix(part), rows: layout.inner, columns: layout.inner)
    }

    /// The `(1+d) × (1+d)` block with rows `(a_k, w_k)` and columns `(a_l, w_l)` (0-based `k`, `l`).
    public func neuronBlock(_ k: Int, _ l: Int, _ part: Part = .full) -> RationalMatrix {
        selecting(matrix(part), rows: layout.neuron(k), columns: layout.neuron(l))
    }
}

extension TwoLayerNetwork {
    /// Calls `body(p, q, value)` for every non-zero entry `p ≤ q` of `∇²_θ f(x_i)`:
    /// `(a_k, w_k[j])` with `c σ'_ik x_j`, and `(w_k[j], w_k[j'])` with
    /// `c a_k σ''_ik x_j x_j'` (skipped when `σ''_ik` is 0, which it is off kinks —
    /// an exact zero either way). Every other second derivative of `f` is 0.
    func forEachOutputHessianEntry<C: ExactCoefficient>(
        sample i: Int, point x: [Rational], table: ActivationTable<C>, _ body: (Int, Int, C) -> Void
    ) {
        let m = width, d = dimension
        for k in 0..<m {
            let a = TwoLayerNetwork.outerIndex(k)
            for j in 0..<d {
                body(a, TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d), (scale * x[j]) * table.slope[i][k])
            }
            let curvature = table.curvature[i][k]
            if curvature.isZero { continue }
            let cak = scale * outer[k]
            for j in 0..<d {
                for jj in j..<d {
                    body(
                        TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d),
                        TwoLayerNetwork.innerIndex(k, jj, width: m, dimension: d),
                        (cak * x[j] * x[jj]) * curvature)
                }
            }
        }
    }

    /// `G` and `R` as row-major `P × P` arrays, from the activation table (no kinks).
    func hessianParts<C: ExactCoefficient>(residuals r: [C], table: ActivationTable<C>, data: Dataset) -> (gaussNewton: [C], residual: [C]) {
        let count = parameterCount
        var g = [C](repeating: .zero, count: count * count)
        var rPart = [C](repeating: .zero, count: count * count)
        for (i, x) in data.points.enumerated() {
            // G += ∇f_i ∇f_iᵀ (upper triangle, non-zero entries only)
            let gradient = outputGradient(sample: i, point: x, table: table)
            let nonZero = gradient.indices.filter { !gradient[$0].isZero }
            for (position, p) in nonZero.enumerated() {
                for q in nonZero[position...] { g[p * count + q] += gradient[p] * gradient[q] }
            }
            // R += r_i ∇²f_i
            if r[i].isZero { continue }
            forEachOutputHessianEntry(sample: i, point: x, table: table) { p, q, value in
                rPart[p * count + q] += r[i] * value
            }
        }
        let inverseN = Rational(1, data.count)
        for p in 0..<count {
            for q in p..<count {
                g[p * count + q] = inverseN * g[p * count + q]
                rPart[p * count + q] = inverseN * rPart[p * count + q]
                g[q * count + p] = g[p * count + q]
                rPart[q * count + p] = rPart[p * count + q]
            }
        }
        return (g, rPart)
    }

    /// The exact Hessian of the loss with its split `∇²L = G + R` and its blocks.
    ///
    /// Cost: `O(n · P²)` exact multiply-adds for `G` (P = m(1+d)), `O(n·m·d)` for `R`.
    /// - Throws: `.kink` listing every (sample, neuron) with `w_k · x_i = 0`
    ///   (for `s ≠ 0`; the Hessian is undefined there); `.shape`.
    public func lossHessian(on data: Dataset) throws(ReferenceError) -> LossHessian {
        try checkDimension(of: data)
        let table = activationTable(preactivations: preactivations(on: data))
        guard table.kinks.isEmpty else { throw .kink(table.kinks) }
        let r = try residuals(on: data)
        let (g, rPart) = hessianParts(residuals: r, table: table, data: data)
        let count = parameterCount
        return LossHessian(
            layout: ParameterLayout(width: width, dimension: dimension),
            gaussNewton: RationalMatrix(rows: count, columns: count, entries: g),
            residual: RationalMatrix(rows: count, columns: count, entries: rPart))
    }

    /// `∇²_θ f(x; θ)`, the Hessian of one output with respect to the parameters.
    ///
    /// Non-zero only in the `a_k`–`w_k` cross blocks (`c σ_s'(w_k·x) x`) and, in
    /// principle, the `w_k`–`w_k` blocks (`c a_k σ_s''(w_k·x) x xᵀ`, zero off kinks).
    /// - Throws: `.kink` (with `sample: 0`) when some `w_k · x = 0`, `s ≠ 0`; `.shape`.
    public func outputHessian(at x: [Rational]) throws(ReferenceError) -> RationalMatrix {
        let data = try Dataset(points: [x], targets: [0])
        try checkDimension(of: data)
        let table = activationTable(preactivations: preactivations(on: data))
        guard table.kinks.isEmpty else { throw .kink(table.kinks) }
        var h = RationalMatrix(rows: parameterCount, columns: parameterCount)
        forEachOutputHessianEntry(sample: 0, point: x, table: table) { p, q, value in
            h[p, q] += value
            if p != q { h[q, p] += value }
        }
        return h
    }
}
