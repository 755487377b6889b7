import Exact

// Second derivatives of the loss by exact interpolation along lines.
//
// Inside one activation region (no w_k·x_i changes sign) every σ_s(w_k·x_i)
// is linear in w_k, so f is bilinear in (a, W): along θ + t v each output is a
// polynomial of degree ≤ 2 in t and L(θ + t v) one of degree ≤ 4. Five exact
// samples inside the region determine it (`Polynomial.interpolating`), and
//   L(θ + t v) = L(θ) + (∇L·v) t + ½ (vᵀ∇²L v) t² + O(t³)
// gives the gradient along v and the curvature along v from its coefficients.
// Off-diagonal Hessian entries follow by polarisation. Independent of the
// formulas and of the hyper-dual numbers: only values of L are used.

/// The loss restricted to the line `θ + t v`, exactly, inside the activation region of `θ`.
///
/// ```swift
/// let line = try network.lossAlongLine(v, on: data)
/// line.polynomial          // L(θ + t v), degree ≤ 4
/// line.slope               // ∇L · v
/// line.curvature           // vᵀ ∇²L v
/// line.upper               // θ + t v keeps every sign of w_k·x_i for 0 ≤ t < upper
/// ```
public struct LineRestriction: Sendable, Hashable {
    /// The direction `v`.
    public let direction: [Rational]
    /// The region along the line is the open interval `(lower, upper)` of `t`
    /// (`nil`: unbounded on that side). Each end is the first `t` at which some
    /// `w_k·x_i + t (v_{w_k}·x_i)` reaches 0; between them every sign is kept.
    public let lower: Rational?
    public let upper: Rational?
    /// The values of `t` at which `L` was sampled (strictly inside the region).
    public let sampleParameters: [Rational]
    /// `L(θ + t v)` as a polynomial in `t` (degree ≤ 4), valid on `[lower, upper]`.
    public let polynomial: Polynomial

    /// `∇L · v`: the coefficient of `t`.
    public var slope: Rational { polynomial.coefficient(1) }
    /// `vᵀ ∇²L v = 2 × (coefficient of t²)`.
    public var curvature: Rational { 2 * polynomial.coefficient(2) }

    /// `true` when `t` lies in the closed region `[lower, upper]`, where `polynomial` is `L(θ + t v)`.
    public func contains(_ t: Rational) -> Bool {
        (lower.map { $0 <= t } ?? true) && (upper.map { t <= $0 } ?? true)
    }
}

extension TwoLayerNetwork {
    /// The interval `(lower, upper)` of `t` for which `θ + t v` has the same
    /// activation pattern (every sign of `w_k · x_i`) as `θ`; `nil` ends are unbounded.
    ///
    /// Each pair gives a half-line in `t`: `z + t δ` keeps the sign of `z ≠ 0`
    /// up to the root `t* = −z/δ` (when `δ = v_{w_k}·x_i ≠ 0`); positive roots
    /// bound `upper`, negative roots bound `lower`. For `s = 0` σ is the
    /// identity, there is a single region and both ends are `nil`.
    /// - Throws: `.kink` when some `w_k · x_i = 0` (`s ≠ 0`): `θ` is on a region boundary;
    ///   `.shape` when `v` has the wrong length.
    public func activationRegion(along v: [Rational], on data: Dataset) throws(ReferenceError) -> (lower: Rational?, upper: Rational?) {
        try checkDimension(of: data)
        guard v.count == parameterCount else {
            throw .shape("direction of length \(v.count), the network has \(parameterCount) parameters")
        }
        if s.isZero { return (nil, nil) }
        let m = width, d = dimension
        let z = preactivations(on: data)
        let kinks = (0..<data.count).flatMap { i in (0..<m).filter { z[i][$0].isZero }.map { Kink(sample: i, neuron: $0) } }
        guard kinks.isEmpty else { throw .kink(kinks) }
        var lower: Rational?, upper: Rational?
        for (i, x) in data.points.enumerated() {
            for k in 0..<m {
                var delta = Rational()
                for j in 0..<d { delta += x[j] * v[TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d)] }
                if delta.isZero { continue }
                let root = -z[i][k] / delta
                if root.signum > 0 {
                    if upper.map({ root < $0 }) ?? true { upper = root }
                } else if lower.map({ root > $0 }) ?? true {
                    lower = root
                }
            }
        }
        return (lower, upper)
    }

    /// `L(θ + t v)` as an exact quartic in `t`, by interpolation at the five
    /// points `t = −2h, −h, 0, h, 2h` with `h = ρ/3`, `ρ` the distance from 0 to the
    /// nearer end of the activation region (`h = 1` when it is unbounded).
    /// - Throws: `.kink` when `θ` is on a kink; `.shape`.
    public func lossAlongLine(_ v: [Rational], on data: Dataset) throws(ReferenceError) -> LineRestriction {
        let (lower, upper) = try activationRegion(along: v, on: data)
        let radius: Rational? =
            switch (lower, upper) {
            case let (l?, u?): min(-l, u)
            case let (l?, nil): -l
            case let (nil, u?): u
            case (nil, nil): nil
            }
        let h = radius.map { $0 / 3 } ?? 1
        let ts = (-2...2).map { Rational($0) * h }
        let theta = parameters
        var points: [(Rational, Rational)] = []
        for t in ts {
            let moved = zip(theta, v).map { $0 + t * $1 }
            points.append((t, try loss(parameters: moved, on: data)))
        }
        let polynomial = try! Polynomial.interpolating(points: points)  // the t's are distinct: h > 0
        return LineRestriction(direction: v, lower: lower, upper: upper, sampleParameters: ts, polynomial: polynomial)
    }

    /// `∇²L` from quartics along lines: `H_pp = 2·[t²] L(θ + t e_p)` and, by
    /// polarisation, `H_pq = [t²] L(θ + t(e_p + e_q)) − [t²] L(θ + t e_p) − [t²] L(θ + t e_q)`.
    /// `P(P+1)/2` lines, five loss values each.
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func hessianByLineInterpolation(on data: Dataset) throws(ReferenceError) -> RationalMatrix {
        let count = parameterCount
        func basis(_ indices: Int...) -> [Rational] {
            (0..<count).map { indices.contains($0) ? 1 : 0 }
        }
        var quadratic: [Rational] = []
        for p in 0..<count { quadratic.append(try lossAlongLine(basis(p), on: data).polynomial.coefficient(2)) }
        var h = RationalMatrix(rows: count, columns: count)
        for p in 0..<count {
            h[p, p] = 2 * quadratic[p]
            for q in (p + 1)..<max(p + 1, count) {
                let both = try lossAlongLine(basis(p, q), on: data).polynomial.coefficient(2)
                let value = both - quadratic[p] - quadratic[q]
                h[p, q] = value
                h[q, p] = value
            }
        }
        return h
    }

    /// `∇L` from the linear coefficients of `L(θ + t e_p)`.
    /// - Throws: `.kink` listing every kink; `.shape`.
    public func gradientByLineInterpolation(on data: Dataset) throws(ReferenceError) -> [Rational] {
        var g: [Rational] = []
        for p in 0..<parameterCount {
            let v = (0..<parameterCount).map { $0 == p ? Rational(1) : Rational(0) }
            g.append(try lossAlongLine(v, on: data).slope)
        }
        return g
    }
}
