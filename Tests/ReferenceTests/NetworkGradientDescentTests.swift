import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

@Suite("Exact gradient descent")
struct NetworkGradientDescentTests {
    @Test func stepWithGuaranteedLearningRateDecreasesTheLoss() async {
        // η from `guaranteedDescentLearningRate`: along −∇L the loss is the exact quartic
        // q(t) = L − |∇L|² t + q₂t² + q₃t³ + q₄t⁴ on the region, and for η ≤ min(1, |∇L|²/(2B)),
        // B = |q₂| + |q₃| + |q₄|, q(η) − L ≤ −η|∇L|²/2 < 0. The test checks each piece exactly.
        await seededPropertyCheck(count: 60, input: ReferenceGen.smallCase) { c in
            guard let gradient = try? c.network.lossGradient(on: c.data).vector else { return }
            guard let eta = try c.network.guaranteedDescentLearningRate(on: c.data) else {
                #expect(gradient.allSatisfy { $0.isZero })
                return
            }
            #expect(eta.signum > 0 && eta <= 1)
            let line = try c.network.lossAlongLine(gradient.map { -$0 }, on: c.data)
            let squaredNorm = dot(gradient, gradient)
            #expect(line.slope == -squaredNorm)
            #expect(line.contains(eta))
            let before = try c.network.loss(on: c.data)
            let next = try c.network.gradientDescentStep(on: c.data, learningRate: eta, bitBudget: 1 << 30)
            let after = try next.loss(on: c.data)
            #expect(after == line.polynomial.evaluate(at: eta))
            #expect(after - before <= -eta * squaredNorm / 2)
            #expect(after < before)
            // The step is θ − η∇L, parameter by parameter.
            #expect(next.parameters == zip(c.network.parameters, gradient).map { $0 - eta * $1 })
        }
    }

    @Test func trajectoryRecordsLossesAndBits() throws {
        let net = try TwoLayerNetwork.symmetricInitialization(width: 4, dimension: 2, s: Rational(3, 2), seed: 11)
        let data = try Dataset(points: [[1, 2], [-1, Rational(1, 2)], [Rational(3, 4), -2]], targets: [1, -1, Rational(1, 2)])
        let eta = Rational(1, 8)
        let run = try net.gradientDescent(on: data, learningRate: eta, steps: 3, bitBudget: 1 << 20)
        #expect(run.networks.count == 4 && run.losses.count == 4 && run.parameterBits.count == 4)
        #expect(run.rounding == .exact && run.learningRate == eta)
        #expect(run.losses[0] == (try net.loss(on: data)))
        // f(θ0) = 0 under symmetric init, so L(θ0) = (1/2n) Σ y².
        #expect(run.losses[0] == Rational(1, 6) * (1 + 1 + Rational(1, 4)))
        for t in 1..<4 {
            let previous = run.networks[t - 1]
            let g = try previous.lossGradient(on: data).vector
            #expect(run.networks[t].parameters == zip(previous.parameters, g).map { $0 - eta * $1 })
            #expect(run.parameterBits[t] == run.networks[t].parameterBits)
        }
        #expect(run.final == run.networks[3])
    }

    @Test func bitBudgetIsEnforced() throws {
        let net = try TwoLayerNetwork.randomInitialization(width: 4, dimension: 2, s: Rational(3, 2), seed: 5)
        let data = try Dataset(points: [[1, 2], [-1, Rational(1, 3)], [Rational(3, 7), -2]], targets: [1, -1, Rational(1, 5)])
        let eta = Rational(1, 10)
        let start = net.parameterBits
        // Exact bits grow quickly: find the sizes, then set a budget that only the first steps fit.
        let free = try net.gradientDescent(on: data, learningRate: eta, steps: 3, bitBudget: Int.max)
        #expect(free.parameterBits[3] > 2 * free.parameterBits[2])
        let budget = free.parameterBits[2]
        #expect(throws: ReferenceError.bitBudgetExceeded(bits: free.parameterBits[3], budget: budget)) {
            try net.gradientDescent(on: data, learningRate: eta, steps: 3, bitBudget: budget)
        }
        #expect(throws: ReferenceError.bitBudgetExceeded(bits: start, budget: start - 1)) {
            try net.gradientDescent(on: data, learningRate: eta, steps: 1, bitBudget: start - 1)
        }
        let message = ReferenceError.bitBudgetExceeded(bits: 900, budget: 100).description
        #expect(message.contains("900") && message.contains("100"))
    }

    @Test func dyadicRoundingStaysOnTheGrid() throws {
        let net = try TwoLayerNetwork.randomInitialization(width: 4, dimension: 2, s: 1, seed: 5)
        let data = try Dataset(points: [[1, 2], [-1, Rational(1, 3)], [Rational(3, 7), -2]], targets: [1, -1, Rational(1, 5)])
        let bits = 24
        let run = try net.gradientDescent(
            on: data, learningRate: Rational(1, 10), steps: 8, bitBudget: 4096,
            rounding: .dyadic(fractionalBits: bits))
        for network in run.networks.dropFirst() {
            for p in network.parameters { #expect(p.timesPowerOfTwo(bits).isInteger) }
        }
        #expect(run.rounding.description.contains("2^-24"))
        // Each rounded step is the exact step rounded to the grid.
        let exactFirst = try net.gradientDescentStep(on: data, learningRate: Rational(1, 10), bitBudget: Int.max)
        #expect(run.networks[1].parameters == exactFirst.parameters.map { $0.rounded(toFractionalBits: bits) })
    }

    @Test func kinkStopsTheRun() throws {
        let net = try TwoLayerNetwork(s: 1, scale: 1, outer: [1], inner: [[1, -1]])
        let data = try Dataset(points: [[1, 1]], targets: [1])
        #expect(throws: ReferenceError.kink([Kink(sample: 0, neuron: 0)])) {
            try net.gradientDescent(on: data, learningRate: 1, steps: 1, bitBudget: 1000)
        }
        #expect(throws: ReferenceError.self) {
            try net.gradientDescent(on: data, learningRate: 1, steps: -1, bitBudget: 1000)
        }
    }
}
