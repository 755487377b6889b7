import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

/// An upper bound on `√q` for `q ≥ 0`, exactly: `(t + q/t)/2 ≥ √q` for every `t > 0`
/// (AM–GM), with `t` a float estimate of `√q` so that the bound is tight.
private func sqrtUpperBound(_ q: Rational) -> Rational {
    if q.isZero { return 0 }
    let estimate = Rational(Double(q).squareRoot())
    let t = estimate.signum > 0 ? estimate : 1
    return (t + q / t) / 2
}

/// How many times the test multiplies the damping by 16 before giving up on a case
/// (16^300 = 2^1200: far beyond the scales of the generated cases).
private let maximumIncreases = 300

@Suite("Exact damped Newton and Gauss–Newton steps")
struct NewtonStepTests {
    /// `(M + λI) p = −g` exactly, `θ⁺ = θ + p`, `L(θ⁺)` from the forward pass, the model
    /// change `g·p + ½ pᵀMp`, and the sign changes of the pre-activations, all checked
    /// against quantities computed here from the public API.
    @Test func stepSolvesTheDampedSystemExactly() async {
        await seededPropertyCheck(count: 60, input: ReferenceGen.smallCase, Gen.int(in: 0...3)) { c, pick in
            let lambda = [Rational(1, 100), Rational(1, 3), 1, 10][pick]
            guard let hessian = try? c.network.lossHessian(on: c.data) else { return }
            let g = try c.network.lossGradient(on: c.data).vector
            for curvature in StepCurvature.allCases {
                let m = curvature == .hessian ? hessian.full : hessian.gaussNewton
                let step: DampedNewtonStep
                do {
                    step = try c.network.dampedNewtonStep(on: c.data, damping: lambda, curvature: curvature)
                } catch ReferenceError.invalidArgument {
                    // Only a singular M + λI may be refused.
                    #expect(try m.shiftedDiagonal(by: -lambda).inertia().zero > 0, "\(c)")
                    continue
                }
                let p = step.direction
                let residual = zip(m * p, zip(p, g)).map { mp, pg in mp + lambda * pg.0 + pg.1 }
                #expect(residual.allSatisfy { $0.isZero }, "(M + λI)p ≠ −g: \(c)")
                #expect(step.gradient == g)
                #expect(step.network.parameters == zip(c.network.parameters, p).map { $0 + $1 })
                #expect(step.lossAfter == (try step.network.loss(on: c.data)))
                #expect(step.lossBefore == (try c.network.loss(on: c.data)))
                #expect(step.directionalDerivative == dot(g, p))
                #expect(step.modelChange == dot(g, p) + Rational(1, 2) * dot(p, m * p))
                #expect(step.shiftedInertia == (try m.shiftedDiagonal(by: -lambda).inertia()))
                // Signs that changed: recomputed from the pre-activations.
                let before = try c.network.evaluate(on: c.data).preactivations
                let after = try step.network.evaluate(on: c.data).preactivations
                var changed: [Kink] = []
                if !c.network.s.isZero {
                    for i in before.indices {
                        for k in before[i].indices where before[i][k].signum != after[i][k].signum {
                            changed.append(Kink(sample: i, neuron: k))
                        }
                    }
                }
                #expect(step.changedSigns == changed)
                if step.staysInRegion { #expect(changed.allSatisfy { after[$0.sample][$0.neuron].isZero }) }
                // A positive definite system gives a descent direction: g·p = −pᵀ(M + λI)p < 0.
                if step.shiftedInertia.isPositiveDefinite && g.contains(where: { !$0.isZero }) {
                    #expect(step.isDescentDirection, "\(c)")
                }
            }
        }
    }

    /// Inside the activation region the loss along the step is the quartic of
    /// `lossAlongLine` (independent: five exact loss values, interpolated). Its
    /// coefficients split as: `q₁ + q₂ = g·p + ½ pᵀ∇²L p` (the Taylor model) and
    /// `q₃ + q₄ = (1/n) Σ u_i e_i + (1/2n) Σ e_i²` (the step's `remainder` for `.hessian`);
    /// so `ΔL = modelChange + remainder` exactly, for both curvatures.
    @Test func inRegionLossChangeIsTheQuarticAtOne() async {
        await seededPropertyCheck(count: 60, input: ReferenceGen.smallCase, Gen.int(in: 0...2)) { c, pick in
            let lambda = [Rational(1, 2), 4, 64][pick]
            guard (try? c.network.lossHessian(on: c.data)) != nil else { return }
            for curvature in StepCurvature.allCases {
                guard let step = try? c.network.dampedNewtonStep(on: c.data, damping: lambda, curvature: curvature) else { continue }
                guard step.staysInRegion, step.direction.contains(where: { !$0.isZero }) else { continue }
                let line = try c.network.lossAlongLine(step.direction, on: c.data)
                let q = line.polynomial
                #expect(line.contains(1))
                #expect(q.evaluate(at: 1) == step.lossAfter, "\(c)")
                #expect(q.coefficient(1) + q.coefficient(2) == step.taylorChange)
                if curvature == .hessian {
                    #expect(q.coefficient(3) + q.coefficient(4) == step.remainder)
                }
                #expect(step.lossChange == step.modelChange + step.remainder)
            }
        }
    }

    /// The sufficient condition for a decrease, stated before the step is taken
    /// (proofs-notes/claim-03-second-order-training.md). With `α = max(1, |1 − s|)`,
    /// `E_i = c α |x_i| / 2` (so `|e_i| ≤ E_i |p|²`), `A = (1/n) Σ |r_i| E_i`,
    /// `B = (1/n) Σ |∇f_i| E_i`, `C = (1/2n) Σ E_i²` and `P̄` a bound on `|p|`:
    /// - Gauss–Newton: `P̄ = |g|/λ` (`G ⪰ 0`); decrease if `λ > A + B P̄ + C P̄²`;
    /// - Newton: if `H + (λ/2)I ⪰ 0` then `P̄ = 2|g|/λ`; decrease if `¾λ > B P̄ + C P̄²`;
    /// - both: the step stays in the region if `P̄ |x_i| < |w_k·x_i|` for every `i, k` (`s ≠ 0`).
    /// The test multiplies `λ` by 16 until the condition holds (it does for large `λ`), takes
    /// the step, and checks that the exact loss decreased and the step stayed in the region.
    @Test func dampingFromTheSufficientConditionDecreasesTheLoss() async {
        await seededPropertyCheck(count: 50, input: ReferenceGen.smallCase) { c in
            let net = c.network, data = c.data
            guard let hessian = try? net.lossHessian(on: data) else { return }
            let g = try net.lossGradient(on: data).vector
            guard g.contains(where: { !$0.isZero }) else { return }
            let gradientNorm = sqrtUpperBound(dot(g, g))
            let r = try net.residuals(on: data)
            let rows = try net.outputGradients(on: data)
            let alpha = Swift.max(Rational(1), (1 - net.s).magnitude)
            let n = Rational(data.count)
            let e = data.points.map { x in net.scale * alpha * sqrtUpperBound(dot(x, x)) / 2 }
            var a = Rational(), b = Rational(), cc = Rational()
            for i in 0..<data.count {
                a += r[i].magnitude * e[i]
                b += sqrtUpperBound(dot(rows[i], rows[i])) * e[i]
                cc += e[i] * e[i]
            }
            a = a / n
            b = b / n
            cc = cc / (2 * n)
            let z = try net.evaluate(on: data).preactivations
            func staysInRegion(_ bound: Rational) -> Bool {
                if net.s.isZero { return true }
                for (i, x) in data.points.enumerated() {
                    let reach = bound * sqrtUpperBound(dot(x, x))
                    for zik in z[i] where !(reach < zik.magnitude) { return false }
                }
                return true
            }
            for curvature in StepCurvature.allCases {
                var lambda = Rational(1, 1024)
                var found = false
                for _ in 0..<maximumIncreases {
                    switch curvature {
                    case .gaussNewton:
                        let bound = gradientNorm / lambda
                        found = lambda > a + b * bound + cc * bound * bound && staysInRegion(bound)
                    case .hessian:
                        let bound = 2 * gradientNorm / lambda
                        found =
                            (try hessian.full.shiftedDiagonal(by: -lambda / 2).inertia().negative == 0)
                            && 3 * lambda / 4 > b * bound + cc * bound * bound && staysInRegion(bound)
                    }
                    if found { break }
                    lambda *= 16
                }
                #expect(found, "no damping met the condition: \(c)")
                guard found else { continue }
                let step = try net.dampedNewtonStep(on: data, damping: lambda, curvature: curvature)
                #expect(step.shiftedInertia.isPositiveDefinite)
                #expect(step.staysInRegion, "\(curvature), λ = \(lambda): \(c)")
                #expect(step.decreasesLoss, "\(curvature), λ = \(lambda): ΔL = \(step.lossChange), \(c)")
            }
        }
    }

    /// `σ_s` is positively homogeneous, so `f` does not change along `(t a_k, w_k / t)`:
    /// `v_k = (a_k e_{a_k}, −w_k)` has `J v_k = c a_k (σ_s(z) − σ_s'(z) z) = 0` off kinks.
    /// The `v_k` have disjoint supports, so `G = JᵀJ/n` has at least `m` zero eigenvalues
    /// and the undamped Gauss–Newton system is singular; the step refuses it.
    @Test func gaussNewtonIsSingularWithoutDamping() async {
        await seededPropertyCheck(count: 60, input: ReferenceGen.smallCase) { c in
            let net = c.network, m = net.width, d = net.dimension
            guard let jacobian = try? net.outputJacobian(on: c.data) else { return }
            for k in 0..<m {
                var v = [Rational](repeating: 0, count: net.parameterCount)
                v[TwoLayerNetwork.outerIndex(k)] = net.outer[k]
                for j in 0..<d { v[TwoLayerNetwork.innerIndex(k, j, width: m, dimension: d)] = -net.inner[k][j] }
                #expect((jacobian * v).allSatisfy { $0.isZero }, "\(c)")
            }
            let g = try net.lossHessian(on: c.data).gaussNewton
            #expect(try g.inertia().zero >= m)
            #expect(throws: ReferenceError.self) { try net.dampedNewtonStep(on: c.data, damping: 0, curvature: .gaussNewton) }
            // Any λ > 0 makes G + λI positive definite.
            let step = try net.dampedNewtonStep(on: c.data, damping: Rational(1, 7), curvature: .gaussNewton)
            #expect(step.shiftedInertia.isPositiveDefinite && step.curvatureInertia.zero >= m)
        }
    }

    @Test func badInputGivesClearErrors() throws {
        let net = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1, -1]])
        let data = try Dataset(points: [[1, 2], [2, 1]], targets: [1, 0])
        #expect(throws: ReferenceError.invalidArgument("the damping λ must be non-negative, got -1")) {
            try net.dampedNewtonStep(on: data, damping: -1)
        }
        // w·x = 0 for x = (1, 1): ∇L and ∇²L are undefined, the kink is named.
        let onKink = try Dataset(points: [[1, 1], [2, 1]], targets: [1, 0])
        #expect(throws: ReferenceError.kink([Kink(sample: 0, neuron: 0)])) { try net.dampedNewtonStep(on: onKink, damping: 1) }
        #expect(throws: ReferenceError.self) { try net.dampedNewtonStep(on: Dataset(points: [[1]], targets: [0]), damping: 1) }
        // A hand example: m = d = n = 1, c = 1, s = 1, x = w = a = 1, y = 0: g = (1, 1),
        // H = [[1, 2], [2, 1]] (eigenvalues 3, −1), G = [[1, 1], [1, 1]].
        let one = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1]])
        let point = try Dataset(points: [[1]], targets: [0])
        // λ = 1: H + I = [[2, 2], [2, 2]] is singular.
        #expect(throws: ReferenceError.self) { try one.dampedNewtonStep(on: point, damping: 1) }
        // λ = 3: (H + 3I) p = −g gives p = (−1/6, −1/6); θ + p = (5/6, 5/6), f = 25/36.
        let newton = try one.dampedNewtonStep(on: point, damping: 3)
        #expect(newton.direction == [Rational(-1, 6), Rational(-1, 6)])
        #expect(newton.lossAfter == Rational(1, 2) * Rational(625, 1296))
        #expect(newton.shiftedInertia == Inertia(negative: 0, zero: 0, positive: 2))
        #expect(newton.curvatureInertia == Inertia(negative: 1, zero: 0, positive: 1))
        // λ = 1/2: H + I/2 is indefinite but non-singular; the step is defined and reported as such.
        let indefinite = try one.dampedNewtonStep(on: point, damping: Rational(1, 2))
        #expect(indefinite.shiftedInertia == Inertia(negative: 1, zero: 0, positive: 1))
        // Gauss–Newton with λ = 1: (G + I) p = −g gives p = (−1/3, −1/3).
        let gn = try one.dampedNewtonStep(on: point, damping: 1, curvature: .gaussNewton)
        #expect(gn.direction == [Rational(-1, 3), Rational(-1, 3)])
        #expect(gn.decreasesLoss && gn.staysInRegion && gn.changedSigns.isEmpty)
    }
}
