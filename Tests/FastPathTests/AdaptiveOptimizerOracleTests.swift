import Foundation
import Testing

@testable import FastPath

/// Momentum, Nesterov, RMSProp and Adam against an independent `Double` implementation of
/// the same formulas, from the same `Float` state (parameters, buffers, the step's `Float`
/// gradient, the `Float` constants `1 − β` and bias corrections), within the rounding
/// bounds derived in proofs-notes/fastpath-rounding-bounds.md ("optimiser steps"): every
/// `Float` operation is `x(1 + δ)` with `|δ| ≤ u = 2⁻²⁴`, no underflow (the test checks that
/// every entry it compares keeps its intermediates normal, or is exactly zero).
@Suite("FastPath adaptive optimisers against a Double oracle")
struct AdaptiveOptimizerOracleTests {
    static let u = 0x1p-24
    static func gamma(_ k: Int) -> Double { Double(k) * u / (1 - Double(k) * u) }
    /// The oracle's own `Double` rounding, relative to the quantities it computes (a few
    /// operations at `2⁻⁵³` each), added to every bound.
    static let oracleSlack = 0x1p-48

    /// One entry: what FastPath produced, and the oracle's value with its bound.
    struct Check {
        var computed: Float
        var exact: Double
        var bound: Double
        var holds: Bool { abs(Double(computed) - exact) <= bound + Self.slack(exact) }
        static func slack(_ x: Double) -> Double { AdaptiveOptimizerOracleTests.oracleSlack * abs(x) }
    }

    /// Every intermediate is a normal `Float` or exactly 0 when the entries are (2⁻⁵⁰ keeps
    /// `(1 − β)·g²` above 2⁻¹²⁶ for `1 − β ≥ 10⁻⁴`).
    static func normal(_ values: Float...) -> Bool {
        values.allSatisfy { $0 == 0 || abs($0) >= 0x1p-50 }
    }

    /// The oracle of one entry: `(θ', first', second')` with bounds, from the state before the step.
    static func oracle(
        _ optimizer: Optimizer, _ s: OptimizerSettings, step t: Int, eta: Float,
        theta: Float, first: Float, second: Float, g: Float,
        new: (theta: Float, first: Float, second: Float)
    ) -> [Check] {
        let u = Self.u, e = Double(eta), th = Double(theta), gg = Double(g)
        switch optimizer {
        case .momentum, .nesterov:
            let mu = Double(s.momentum)
            let vStar = mu * Double(first) + gg
            var checks = [Check(computed: new.first, exact: vStar, bound: u * abs(vStar))]
            let v1 = Double(new.first)
            if optimizer == .momentum {
                let thetaStar = th - e * vStar
                checks.append(
                    Check(
                        computed: new.theta, exact: thetaStar,
                        bound: u * (abs(th) + e * abs(v1)) + e * u * abs(vStar)))
            } else {
                let dStar = mu * vStar + gg
                let d = Double(g.addingProduct(s.momentum, new.first))
                let dError = u * (mu * abs(v1) + abs(gg)) + mu * u * abs(vStar)
                let thetaStar = th - e * dStar
                checks.append(Check(computed: new.theta, exact: thetaStar, bound: u * (abs(th) + e * abs(d)) + e * dError))
            }
            return checks
        case .rmsprop:
            let rho = Double(s.rho), c = Double(1 - s.rho)
            let eStar = rho * Double(second) + c * gg * gg
            let denStar = eStar.squareRoot() + Double(s.epsilon)
            let qStar = gg / denStar
            let q = Double(g / (new.second.squareRoot() + s.epsilon))
            let qError = abs(qStar) * (u + gamma(5)) / (1 - gamma(5))
            let thetaStar = th - e * qStar
            return [
                Check(computed: new.second, exact: eStar, bound: gamma(3) * eStar),
                Check(computed: new.theta, exact: thetaStar, bound: u * (abs(th) + e * abs(q)) + e * qError),
            ]
        case .adam:
            let b1 = Double(s.beta1), b2 = Double(s.beta2)
            let c1 = Double(1 - s.beta1), c2 = Double(1 - s.beta2)
            let bc1 = Double(AdaptiveState.biasCorrection(s.beta1, step: t))
            let bc2 = Double(AdaptiveState.biasCorrection(s.beta2, step: t))
            let mStar = b1 * Double(first) + c1 * gg
            let t1 = Double((1 - s.beta1) * g)
            let mError = u * (abs(b1 * Double(first)) + abs(t1)) + u * abs(c1 * gg)
            let vStar = b2 * Double(second) + c2 * gg * gg
            let m1 = Double(new.first)
            let mhStar = mStar / bc1
            let mhError = (u * abs(m1) + mError) / bc1
            let denStar = (vStar / bc2).squareRoot() + Double(s.epsilon)
            let qStar = mhStar / denStar
            let g6 = gamma(6)
            let qError = (mhError / denStar) * (1 + u) / (1 - g6) + abs(qStar) * (u + g6) / (1 - g6)
            let b1f = AdaptiveState.biasCorrection(s.beta1, step: t), b2f = AdaptiveState.biasCorrection(s.beta2, step: t)
            let q = Double((new.first / b1f) / ((new.second / b2f).squareRoot() + s.epsilon))
            let thetaStar = th - e * qStar
            return [
                Check(computed: new.first, exact: mStar, bound: mError),
                Check(computed: new.second, exact: vStar, bound: gamma(3) * vStar),
                Check(computed: new.theta, exact: thetaStar, bound: u * (abs(th) + e * abs(q)) + e * qError),
            ]
        default:
            return []
        }
    }

    static let adaptive: [Optimizer] = [.momentum, .nesterov, .rmsprop, .adam]

    /// Six steps on real gradients: each step checked from the Float state before it.
    @Test(arguments: adaptive)
    func everyStepIsWithinItsRoundingBound(optimizer: Optimizer) throws {
        let data = SyntheticDataset.gaussian(count: 24, dimension: 3, seed: 31)
        var net = HomotopyNetwork.seeded(width: 20, dimension: 3, s: 1.5, seed: 32)
        let settings = OptimizerSettings(momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.99, epsilon: 1e-8)
        var state = AdaptiveState(optimizer, settings: settings, width: 20, dimension: 3)
        let evaluator = Evaluator(data: data)
        let eta: Float = 0.03
        var checked = 0, failures: [String] = []
        for t in 1...6 {
            let (_, gradient) = evaluator.lossAndGradient(net)
            let before = net.parameters, g = gradient.ordered
            let first0 = state.firstMoment ?? Array(repeating: 0, count: before.count)
            let second0 = state.secondMoment ?? Array(repeating: 0, count: before.count)
            state.apply(to: &net, gradient: gradient, learningRate: eta)
            let after = net.parameters
            let first1 = state.firstMoment ?? Array(repeating: 0, count: before.count)
            let second1 = state.secondMoment ?? Array(repeating: 0, count: before.count)
            #expect(state.step == t)
            for i in before.indices {
                guard Self.normal(before[i], first0[i], second0[i], g[i], first1[i], second1[i]) else { continue }
                for check in Self.oracle(
                    optimizer, settings, step: t, eta: eta, theta: before[i], first: first0[i],
                    second: second0[i], g: g[i], new: (after[i], first1[i], second1[i]))
                {
                    checked += 1
                    if !check.holds {
                        failures.append("step \(t) entry \(i): \(check.computed) vs \(check.exact) (bound \(check.bound))")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(optimizer.rawValue): \(failures.prefix(5))")
        #expect(checked >= 6 * 80 * 2, "too few entries were comparable: \(checked)")
    }

    /// A formula error is far outside the bounds: Adam without its bias correction, or
    /// momentum with the buffer's roles swapped, fails the oracle on the first step.
    @Test func theBoundsAreTightEnoughToCatchAWrongRule() {
        let s = OptimizerSettings()
        let theta: Float = 0.25, g: Float = 0.125, eta: Float = 0.01
        // Adam, step 1, from zero moments: θ' = θ − η·g/(|g| + ε) ≈ θ − η.
        let m1 = (1 - s.beta1) * g, v1 = (1 - s.beta2) * (g * g)
        let uncorrected = theta.addingProduct(-eta, m1 / (v1.squareRoot() + s.epsilon))
        let adam = Self.oracle(
            .adam, s, step: 1, eta: eta, theta: theta, first: 0, second: 0, g: g,
            new: (uncorrected, m1, v1))
        #expect(adam.contains { !$0.holds }, "an Adam step without bias correction passed the oracle")
        let correct = theta.addingProduct(
            -eta,
            (m1 / AdaptiveState.biasCorrection(s.beta1, step: 1))
                / ((v1 / AdaptiveState.biasCorrection(s.beta2, step: 1)).squareRoot() + s.epsilon))
        #expect(
            Self.oracle(
                .adam, s, step: 1, eta: eta, theta: theta, first: 0, second: 0, g: g,
                new: (correct, m1, v1)
            ).allSatisfy { $0.holds })
        // Eight units in the last place off is outside the bound too (the bound is not vacuous).
        var off = correct
        for _ in 0..<8 { off = off.nextUp }
        #expect(
            Self.oracle(
                .adam, s, step: 1, eta: eta, theta: theta, first: 0, second: 0, g: g,
                new: (off, m1, v1)
            ).contains { !$0.holds })
        // Heavy ball with v ← μ g + v (roles swapped): wrong buffer.
        let v0: Float = 0.5
        let swapped = v0.addingProduct(s.momentum, g)
        let momentum = Self.oracle(
            .momentum, s, step: 2, eta: eta, theta: theta, first: v0, second: 0, g: g,
            new: (theta.addingProduct(-eta, swapped), swapped, 0))
        #expect(momentum.contains { !$0.holds })
    }

    /// The trainer runs the same rule: a run of `Trainer` equals stepping `AdaptiveState` by hand.
    @Test(arguments: adaptive)
    func trainerAppliesTheSameState(optimizer: Optimizer) throws {
        let data = SyntheticDataset.circle(count: 16, seed: 33)
        let net = HomotopyNetwork.seeded(width: 16, dimension: 2, s: 1, seed: 34)
        let result = Trainer(data: data, options: TrainingOptions(optimizer: optimizer))
            .train(net, schedule: try Schedule(parsing: "1:5", learningRate: 0.02))
        var manual = net
        var state = AdaptiveState(optimizer, width: 16, dimension: 2)
        let evaluator = Evaluator(data: data)
        for _ in 0..<5 { state.apply(to: &manual, gradient: evaluator.lossAndGradient(manual).gradient, learningRate: 0.02) }
        #expect(manual == result.network)
        #expect(result.finalLoss < result.lossCurve[0].loss)
    }
}
