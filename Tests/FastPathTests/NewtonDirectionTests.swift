import Exact
import Reference
import Testing

@testable import FastPath

/// FastPath's Newton–CG and Gauss–Newton directions against the exact damped steps of
/// `Reference.dampedNewtonStep`, on small cases away from kinks.
///
/// The property: CG run to the relative tolerance `τ = 10⁻³` returns `p̂` whose *exact*
/// residual `‖(M + λI)p̂ + g‖` (exact `M`, `g` at the same `Float` weights and data) is at
/// most `2τ‖g‖`, and hence `‖p̂ − p*‖ ≤ κ·2τ·‖p*‖` for the exact step `p*`, with the exact
/// bound `κ ≤ (‖M‖_F + λ)/(λ − μ)` (`μ = 0` for `G ⪰ 0`; `μ = ‖M‖_F` for the Hessian, whose
/// eigenvalues lie in `[−‖M‖_F, ‖M‖_F]`). The slack `τ` between the float recurrence residual
/// and the true one covers CG's drift, about `k·P·u·κ` (Greenbaum 1997; `k ≤ 100`
/// iterations, `P = 12` parameters, `u = 2⁻²⁴`, `κ ≤ 10` here): at most `7.2·10⁻⁴ < τ`; the float
/// gradient differs from the exact one by rounding only (relative `≈ 10⁻⁷`).
/// A wrong curvature product makes CG solve another system, and the exact residual is then
/// of the order of `‖g‖`.
@Suite("FastPath's second-order directions against Reference's exact steps")
struct NewtonDirectionTests {
    struct Case {
        let net: HomotopyNetwork
        let data: FloatDataset
        let exact: TwoLayerNetwork
        let exactData: Dataset
    }

    /// A seeded case (m = 4, d = 2, n = 6) with no pre-activation at a kink.
    static func smallCase(seed: UInt64) throws -> Case? {
        let net = HomotopyNetwork.seeded(width: 4, dimension: 2, s: 1.5, seed: seed)
        let data = SyntheticDataset.gaussian(count: 6, dimension: 2, seed: seed &+ 100)
        let exact = try TwoLayerNetwork(
            s: Rational(net.s), scale: Rational(net.scale), outer: net.outer.map { Rational($0) },
            inner: net.inner.map { $0.map { Rational($0) } })
        let exactData = try Dataset(
            points: (0..<data.count).map { data.point($0).map { Rational($0) } },
            targets: data.targets.map { Rational($0) })
        guard try exact.evaluate(on: exactData).kinks.isEmpty else { return nil }
        return Case(net: net, data: data, exact: exact, exactData: exactData)
    }

    /// `√q` rounded up, exactly (`(t + q/t)/2 ≥ √q`).
    static func sqrtUp(_ q: Rational) -> Rational {
        if q.isZero { return 0 }
        let t = Rational(Double(q).squareRoot())
        return t.signum > 0 ? (t + q / t) / 2 : 1
    }

    static func normSquared(_ v: [Rational]) -> Rational { v.reduce(Rational(0)) { $0 + $1 * $1 } }

    @Test(arguments: [Evaluator.Curvature.gaussNewton, .hessian])
    func directionSolvesTheDampedSystem(curvature: Evaluator.Curvature) throws {
        var checked = 0
        for seed in UInt64(1)...12 {
            guard let c = try Self.smallCase(seed: seed) else { continue }
            let hessian = try c.exact.lossHessian(on: c.exactData)
            let m = curvature == .hessian ? hessian.full : hessian.gaussNewton
            let frobenius = Self.sqrtUp(Self.normSquared(m.rowArrays.flatMap { $0 }))
            // λ: G + λI has κ ≤ 9 (λ = ‖G‖_F/8); H + λI has κ ≤ 3 (λ = 2‖H‖_F).
            let lambda = Float(Double(curvature == .hessian ? 2 * frobenius : frobenius / 8))
            guard lambda > 0 else { continue }
            let lambdaQ = Rational(lambda)
            let mu = curvature == .hessian ? frobenius : 0
            try #require(lambdaQ > mu)
            let kappa = (frobenius + lambdaQ) / (lambdaQ - mu)
            #expect(kappa <= 10, "seed \(seed): κ bound \(Double(kappa))")

            let evaluator = Evaluator(data: c.data, threads: 1)
            evaluator.forwardPass(c.net)
            var g = ParameterVector(zeros: c.net.layout)
            evaluator.gradientPass(c.net, into: &g, keepD: curvature == .hessian)
            var damping = lambda
            var state = SecondOrderState(damping: lambda)
            let p = evaluator.conjugateGradientDirection(
                c.net, gradient: g, curvature: curvature, damping: &damping,
                state: &state, maxIterations: 100, relativeTolerance: 1e-3)
            #expect(damping == lambda, "seed \(seed): CG met non-positive curvature of a positive definite matrix")
            let pHat = p.ordered.map { Rational($0) }
            let gExact = try c.exact.lossGradient(on: c.exactData).vector
            let residual = zip(m * pHat, zip(pHat, gExact)).map { $0 + lambdaQ * $1.0 + $1.1 }
            let tau = Rational(1, 1000)
            let solved = Self.normSquared(residual) <= 4 * tau * tau * Self.normSquared(gExact)
            #expect(
                solved,
                "seed \(seed): exact relative residual \(Double(Self.normSquared(residual) / Self.normSquared(gExact)).squareRoot()), allowed 2τ = 0.002")
            let step = try c.exact.dampedNewtonStep(
                on: c.exactData, damping: lambdaQ,
                curvature: curvature == .hessian ? .hessian : .gaussNewton)
            let error = zip(pHat, step.direction).map { $0 - $1 }
            let bound = kappa * 2 * tau
            let close = Self.normSquared(error) <= bound * bound * Self.normSquared(step.direction)
            #expect(
                close,
                "seed \(seed): ‖p̂ − p*‖/‖p*‖ = \(Double(Self.normSquared(error) / Self.normSquared(step.direction)).squareRoot()), bound κ·2τ = \(Double(bound))"
            )
            checked += 1
        }
        #expect(checked >= 6, "only \(checked) of 12 seeded cases were away from kinks")
    }
}
