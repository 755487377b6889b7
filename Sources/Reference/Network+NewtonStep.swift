import Exact

// One exact damped second-order step on the loss:
//
//   (M + λI) p = −∇L(θ),   θ⁺ = θ + p,   M = ∇²L (Newton) or G (Gauss–Newton).
//
// Everything is exact: M, ∇L and p are rationals, M + λI is classified by exact
// inertia (Sylvester), and L(θ + p) comes from the forward pass, which is defined
// everywhere (σ_s is continuous) — also when the step leaves the activation region
// of θ. Whether it does is reported, never assumed.
//
// What the step can promise (proofs-notes/claim-03-second-order-training.md).
// With g = ∇L, u = J p (u_i = ∇f_i·p) and, inside θ's activation region,
// f_i(θ + t p) = f_i + t u_i + t² e_i with the bilinear term
//   e_i = c Σ_k p_{a_k} σ_s'(w_k·x_i) (p_{w_k}·x_i),
// the loss along the step is the quartic
//   L(θ + p) − L(θ) = g·p + ½ pᵀ∇²L p + (1/n) Σ_i u_i e_i + (1/2n) Σ_i e_i²,
// and (M + λI) p = −g gives g·p + ½ pᵀ M p = −½ pᵀ(M + λI) p − ½ λ |p|².
// So when M + λI ≻ 0 the direction is a descent direction (g·p < 0 for g ≠ 0),
// and the full step decreases L when it stays in the region and the cubic and
// quartic terms are smaller than that model decrease (always true for λ large
// enough, since |p| = O(1/λ)). With M = G the remainder also has (1/n) Σ r_i e_i.

/// The curvature matrix of a damped second-order step.
public enum StepCurvature: String, Sendable, Hashable, CaseIterable {
    /// `∇²L = G + R`, the exact Hessian (indefinite in general).
    case hessian
    /// `G = (1/n) Σ_i ∇f_i ∇f_iᵀ`, the Gauss–Newton matrix (positive semidefinite):
    /// the Levenberg–Marquardt step.
    case gaussNewton
}

/// One exact damped Newton or Gauss–Newton step `(M + λI) p = −∇L(θ)` and what it did.
///
/// ```swift
/// let step = try network.dampedNewtonStep(on: data, damping: Rational(1, 10), curvature: .hessian)
/// step.shiftedInertia.isPositiveDefinite   // H + λI ≻ 0: p is a descent direction
/// step.lossAfter < step.lossBefore          // exact comparison
/// step.staysInRegion                        // false when some w_k·x_i changed sign on the way
/// step.network                              // θ + p
/// ```
public struct DampedNewtonStep: Sendable, Hashable {
    public let curvature: StepCurvature
    /// `λ ≥ 0`.
    public let damping: Rational
    /// `g = ∇L(θ)` in the documented parameter order.
    public let gradient: [Rational]
    /// Inertia of the curvature matrix `M` itself (`λ = 0`).
    public let curvatureInertia: Inertia
    /// Inertia of `M + λI` (never singular here: a singular system throws).
    public let shiftedInertia: Inertia
    /// `p`, the unique solution of `(M + λI) p = −g`.
    public let direction: [Rational]
    /// `θ + p` (same `s` and scale).
    public let network: TwoLayerNetwork
    /// `L(θ)`.
    public let lossBefore: Rational
    /// `L(θ + p)`, exactly, from the forward pass.
    public let lossAfter: Rational
    /// `g·p`: negative exactly when `p` is a descent direction.
    public let directionalDerivative: Rational
    /// `g·p + ½ pᵀ M p`, the change the minimised quadratic model predicts.
    public let modelChange: Rational
    /// `g·p + ½ pᵀ ∇²L p`, the second-order Taylor prediction (equal to
    /// `modelChange` for `.hessian`).
    public let taylorChange: Rational
    /// The terms the model leaves out, from the bilinear structure of `f` inside the
    /// region: `(1/n) Σ_i u_i e_i + (1/2n) Σ_i e_i²` (cubic and quartic in the step),
    /// plus `(1/n) Σ_i r_i e_i` for `.gaussNewton` (the residual curvature `G` omits),
    /// with `u = J p` and `e_i = c Σ_k p_{a_k} σ_s'(w_k·x_i) (p_{w_k}·x_i)`.
    /// When `staysInRegion`, `lossChange == modelChange + remainder` exactly.
    public let remainder: Rational
    /// The end of `θ`'s activation region along `p`: every sign of `w_k·x_i` is kept
    /// for `0 ≤ t < regionEnd` (`nil`: never left, e.g. `s = 0` or `p` does not move
    /// any pre-activation).
    public let regionEnd: Rational?
    /// The (sample, neuron) pairs whose sign of `w_k·x_i` at `θ + p` differs from that
    /// at `θ` (a pre-activation that becomes exactly 0 counts as changed).
    public let changedSigns: [Kink]

    /// `L(θ + p) − L(θ)`.
    public var lossChange: Rational { lossAfter - lossBefore }
    /// `true` when `L(θ + p) < L(θ)`.
    public var decreasesLoss: Bool { lossAfter < lossBefore }
    /// `true` when `θ + t p` stays in the closed activation region of `θ` for
    /// `t ∈ [0, 1]`; then `L(θ + t p)` is the quartic of the file comment on the whole step.
    public var staysInRegion: Bool { regionEnd.map { $0 >= 1 } ?? true }
    /// `true` when `g·p < 0`.
    public var isDescentDirection: Bool { directionalDerivative.signum < 0 }
}

extension TwoLayerNetwork {
    /// One exact damped second-order step: solves `(M + λI) p = −∇L(θ)` exactly with
    /// `M = ∇²L` (`.hessian`) or the Gauss–Newton matrix `G` (`.gaussNewton`), and
    /// evaluates `L(θ + p)` exactly.
    ///
    /// The step is *well defined* exactly when `M + λI` is nonsingular; its inertia is
    /// reported, so a caller can tell a positive definite system (`p` a descent
    /// direction) from an indefinite one. For `.gaussNewton` and `λ > 0` it is always
    /// positive definite. See the file comment for when the step decreases the loss.
    ///
    /// - Throws: `.kink` when some `w_k·x_i = 0` (`s ≠ 0`): `∇L` and `M` are undefined
    ///   at `θ`; `.invalidArgument` for `λ < 0` or a singular `M + λI` (its inertia is in
    ///   the message); `.shape` for data of the wrong dimension.
    public func dampedNewtonStep(
        on data: Dataset, damping lambda: Rational,
        curvature: StepCurvature = .hessian
    ) throws(ReferenceError) -> DampedNewtonStep {
        guard lambda.signum >= 0 else { throw .invalidArgument("the damping λ must be non-negative, got \(lambda)") }
        let evaluation = try evaluate(on: data)
        guard let gradient = evaluation.gradient?.vector else { throw .kink(evaluation.kinks) }
        let hessian = try lossHessian(on: data)
        let m = curvature == .hessian ? hessian.full : hessian.gaussNewton
        let shifted = m.shiftedDiagonal(by: -lambda)  // M − (−λ)I = M + λI
        let curvatureInertia: Inertia, shiftedInertia: Inertia
        do {
            curvatureInertia = try m.inertia()
            shiftedInertia = try shifted.inertia()
        } catch {
            throw .invalidArgument("the curvature matrix is not symmetric: \(error)")  // unreachable: both are symmetric
        }
        guard shiftedInertia.zero == 0 else {
            throw .invalidArgument("M + λI is singular for λ = \(lambda) (inertia \(shiftedInertia)): the step is not defined")
        }
        let direction: [Rational]
        do {
            direction = try shifted.solve(gradient.map { -$0 })
        } catch {
            throw .invalidArgument("M + λI is singular for λ = \(lambda): \(error)")
        }
        let next = try with(parameters: zip(parameters, direction).map { $0 + $1 })
        let lossAfter = try next.loss(on: data)
        let slope = dot(gradient, direction)
        let half = Rational(1, 2)
        let modelChange = slope + half * dot(direction, m * direction)
        let taylorChange = slope + half * dot(direction, hessian.full * direction)
        let remainder = stepRemainder(
            direction, residuals: evaluation.residuals,
            preactivations: evaluation.preactivations, data: data,
            includeResidualTerm: curvature == .gaussNewton)
        let region = try activationRegion(along: direction, on: data)
        let after = next.preactivations(on: data)
        var changed: [Kink] = []
        for (i, row) in evaluation.preactivations.enumerated() {
            for (k, z) in row.enumerated() where !s.isZero && after[i][k].signum != z.signum {
                changed.append(Kink(sample: i, neuron: k))
            }
        }
        return DampedNewtonStep(
            curvature: curvature, damping: lambda, gradient: gradient,
            curvatureInertia: curvatureInertia, shiftedInertia: shiftedInertia,
            direction: direction, network: next, lossBefore: evaluation.loss, lossAfter: lossAfter,
            directionalDerivative: slope, modelChange: modelChange, taylorChange: taylorChange, remainder: remainder,
            regionEnd: region.upper, changedSigns: changed)
    }
}

extension TwoLayerNetwork {
    /// `(1/n) Σ_i u_i e_i + (1/2n) Σ_i e_i²` (and `+ (1/n) Σ_i r_i e_i` when asked), with
    /// `u_i = ∇f_i·p` and `e_i = c Σ_k p_{a_k} σ_s'(z_ik) (p_{w_k}·x_i)`: inside the region
    /// `f_i(θ + t p) = f_i + t u_i + t² e_i`. Needs no kink at `θ` (checked by the caller).
    func stepRemainder(
        _ p: [Rational], residuals r: [Rational], preactivations z: [[Rational]],
        data: Dataset, includeResidualTerm: Bool
    ) -> Rational {
        let m = width, d = dimension
        let table = activationTable(preactivations: z)
        var sum = Rational()
        for (i, x) in data.points.enumerated() {
            let gradient = outputGradient(sample: i, point: x, table: table)
            let u = dot(gradient, p)
            var e = Rational()
            for k in 0..<m {
                var pw = Rational()
                for j in 0..<d { pw += p[TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d)] * x[j] }
                e += p[TwoLayerNetwork.outerIndex(k)] * table.slope[i][k] * pw
            }
            e = scale * e
            sum += u * e + Rational(1, 2) * e * e
            if includeResidualTerm { sum += r[i] * e }
        }
        return Rational(1, data.count) * sum
    }
}
