import Evidence
import Exact
import FastPath
import Foundation
import PropertyBased
import TestSupport
import Testing

@testable import Suite

/// Claim 14: the adapted bound, the width demand and the two decisions, on cases whose answer
/// is known independently of the code under test.
struct Claim14Tests {
    /// The derivation in the note: for the linear model `r_{t+1} = (I − hK) r_t` with
    /// `0 ⪯ hK ⪯ I`, `L_t ≤ (1 − hλ₀)^{2t} L_0 ≤ (1 − hλ₀/2)^t L_0`. Here `K = Q diag(λ) Qᵀ`
    /// with a Householder `Q`, so `λ₀ = min λ` is known exactly without an eigen-solver; the
    /// margin to the bound must be ≥ 0 at every step (up to Double rounding of the iteration,
    /// far below the margins tested), and a curve that does not move must violate it.
    @Test func theLinearModelSatisfiesTheAdaptedBound() async {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 2...6), Gen.int(in: 1...1000).array(of: 14)) { n, raw in
            let lambdas = (0..<n).map { Double(raw[$0]) / 1000 }  // in (0, 1]
            let v = (0..<n).map { Double(raw[n + $0] - 500) / 500 + 0.001 }
            let vv = v.reduce(0) { $0 + $1 * $1 }
            // K = Q Λ Qᵀ, Q = I − 2vvᵀ/|v|² (symmetric, orthogonal).
            var q = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { q[i * n + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv } }
            var k = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for l in 0..<n { k[i * n + j] += q[i * n + l] * lambdas[l] * q[j * n + l] } } }
            let h = 1.0  // hλ_max ≤ 1
            let targets = (0..<n).map { Float(raw[(2 * n + $0) % 14] - 500) / 250 }
            guard targets.contains(where: { $0 != 0 }) else { return }
            let losses = KernelRegimeTraining.linearisedLosses(kernel: k, targets: targets, stepSize: h, steps: 40)
            let steps = Array(0...40)
            let lambda0 = lambdas.min()!
            let m = Claim14.margin(steps: steps, losses: losses, initialLoss: losses[0], stepSize: h, lambdaMin: lambda0)
            #expect(m >= -1e-9, "margin \(m) with λ₀ = \(lambda0)")
            // A flat curve at L_0 is above the bound at every t > 0.
            let flat = Claim14.margin(steps: steps, losses: steps.map { _ in losses[0] }, initialLoss: losses[0], stepSize: h, lambdaMin: lambda0)
            #expect(flat < 0)
            #expect(abs(flat - 40 * log1p(-lambda0 / 2)) < 1e-12, "the worst step of a flat curve is the last")
        }
    }

    /// `log B_t = log L_0 + t·log(1 − hλ₀/2)`, against the power computed directly.
    @Test func theBoundIsThePowerItNames() {
        let b = Claim14.logBound(step: 7, initialLoss: 0.5, stepSize: 0.25, lambdaMin: 0.5)
        #expect(abs(exp(b) - 0.5 * pow(1 - 0.0625, 7)) < 1e-15)
    }

    /// `n⁶/(λ⁴δ³)` at `n = 2, λ = 1/2, δ = 1/100`: `64·16·10⁶ = 1 024 000 000`, exactly.
    @Test func theWidthDemandIsExact() {
        #expect(Claim14.widthDemand(count: 2, lambda: Rational(1, 2), failureProbability: Rational(1, 100)) == Rational(1_024_000_000))
        #expect(Claim14.widthDemand(count: 3, lambda: 0, failureProbability: Rational(1, 100)) == nil)
        #expect(Claim14.widthDemand(count: 3, lambda: Rational(-1, 4), failureProbability: Rational(1, 100)) == nil)
    }

    /// 14a's rule reaches each verdict: margins clearly above 0, clearly below, noisy around
    /// 0; a diverged seed is a violation.
    @Test func boundRuleReachesEveryVerdict() {
        func verdict(_ margins: [Double]) -> Verdict {
            ConjunctionDecision(alpha: Claim14.alpha, [Claim14.boundComponent("toy", margins: margins)]).verdict
        }
        #expect(verdict([0.50, 0.52, 0.49, 0.51]) == .confirmed)
        #expect(verdict([-0.50, -0.52, -0.49, -0.51]) == .refuted)
        #expect(verdict([0.4, -0.3, 0.2, -0.1]) == .inconclusive)
        #expect(verdict([0.50, 0.52, -.infinity, 0.51]) == .refuted)
    }

    /// 14c decides with claim 8's paired component (the λ_min-favoured s in the place of the
    /// schedule), whose three verdicts `RuleReachabilityTests.scheduleRule` reaches; what must
    /// hold here is that it does so at the same level.
    @Test func mechanismRuleIsClaim8sComponentAtItsLevel() {
        #expect(Claim14.alpha == Claim8.alpha)
    }

    /// The constructed data of 14c: targets are `β·x` with `|β| = 1`, up to the rounding of
    /// `y` to Float. With `y_i = β·x_i + e_i`, `|e_i| ≤ u|y_i|` (`u = 2⁻²⁴`; the Double sum's
    /// own error is ~10⁻¹⁶, covered by the factor 1 + 10⁻⁶), `β̂ = A⁻¹(y₀, y₁)` from points 0
    /// and 1 has `|β̂ − β| ≤ ‖A⁻¹‖·‖(e₀, e₁)‖ =: ε` with `‖A⁻¹‖₂ ≤ ‖A‖_F/|det A|` (2 × 2), so
    /// `||β̂|² − 1| ≤ 2ε + ε²` and `|β̂·x_i − y_i| ≤ ‖x_i‖ε + u|y_i|`.
    @Test func theLinearDataHaveLinearTargets() throws {
        let context = SuiteContext(profile: .quick, seed: 20_240_601)
        let problem = try Claim14.linearProblem(context, sizes: KernelRegimeSizes.of(context))
        let data = problem.data
        #expect(data.count == 32 && data.dimension == 2)
        let x = data.points.map(Double.init), y = data.targets.map(Double.init)
        let u = 0x1p-24, slack = 1 + 1e-6
        let det = x[0] * x[3] - x[1] * x[2]
        let normA = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]).squareRoot()
        let epsilon = normA / abs(det) * u * (y[0] * y[0] + y[1] * y[1]).squareRoot() * slack
        let beta = [(y[0] * x[3] - x[1] * y[1]) / det, (x[0] * y[1] - y[0] * x[2]) / det]
        #expect(abs(beta[0] * beta[0] + beta[1] * beta[1] - 1) <= 2 * epsilon + epsilon * epsilon + 1e-15)
        for i in 2..<data.count {
            let norm = (x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]).squareRoot()
            #expect(abs(beta[0] * x[2 * i] + beta[1] * x[2 * i + 1] - y[i]) <= (norm * epsilon + u * abs(y[i])) * slack + 1e-15)
        }
    }
}
