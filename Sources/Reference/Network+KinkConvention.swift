import Exact

/// A value chosen for `σ_s'(0)`, where the derivative does not exist (for `s ≠ 0`).
///
/// `σ_s` has the left slope `1 − s` and the right slope `1` at `z = 0`; for `s ≥ 0` it is
/// convex, and its subdifferential there is `[1 − s, 1]`. Autodiff frameworks return one
/// number from it, depending on how `σ_s` is written (proofs-notes/kink-conventions.md):
/// PyTorch and JAX `(1 − s)z + s·relu(z)` give `.left`, `maximum(z, 0)` gives `.midpoint`,
/// JAX's `leaky_relu(z, 1 − s)` and FastPath give `.right`.
public enum KinkConvention: String, Sendable, Hashable, CaseIterable {
    /// `1 − s`, the limit of `σ_s'` from `z < 0`.
    case left
    /// `1`, the limit from `z > 0`.
    case right
    /// `1 − s/2`, the average of the two (a tie of `maximum` split evenly); the limit from
    /// neither side.
    case midpoint

    /// `κ` at homotopy parameter `s`.
    public func slope(s: Rational) -> Rational {
        switch self {
        case .left: 1 - s
        case .right: 1
        case .midpoint: 1 - s / 2
        }
    }
}

extension TwoLayerNetwork {
    /// The loss gradient and Hessian that a framework computes when it takes
    /// `σ_s'(0) = κ = convention.slope(s:)` and `σ_s''(0) = 0` at every kink. These are
    /// **not** derivatives of `L` at a kink, which do not exist. They are the numbers a port
    /// using that convention must reproduce. Away from kinks they equal `evaluate(on:)`'s
    /// gradient and `lossHessian(on:)`.
    ///
    /// With `κ` one of the one-sided slopes, the Hessian is the limit of `∇²L` from that side
    /// of every kink. The gradient is affine in `κ`, so for any `κ ∈ [1 − s, 1]` it lies in the
    /// Clarke generalised gradient of `L` when one (sample, neuron) pair is at a kink.
    ///
    /// - Complexity: as `lossHessian(on:)`, `O(n·P²)`.
    /// - Throws: `.shape` when the data's dimension differs.
    public func conventionalDerivatives(on data: Dataset, convention: KinkConvention)
        throws(ReferenceError) -> (gradient: LossGradient, hessian: LossHessian)
    {
        try checkDimension(of: data)
        let table = activationTable(preactivations: preactivations(on: data), kinkSlope: convention.slope(s: s))
        let r = try residuals(on: data)
        let gradient = LossGradient(
            vector: lossGradientVector(residuals: r, table: table, data: data),
            width: width, dimension: dimension)
        let (g, rPart) = hessianParts(residuals: r, table: table, data: data)
        let count = parameterCount
        let hessian = LossHessian(
            layout: ParameterLayout(width: width, dimension: dimension),
            gaussNewton: RationalMatrix(rows: count, columns: count, entries: g),
            residual: RationalMatrix(rows: count, columns: count, entries: rPart))
        return (gradient, hessian)
    }
}
