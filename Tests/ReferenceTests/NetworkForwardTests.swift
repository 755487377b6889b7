import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

@Suite("Forward pass, residuals, loss and gradient")
struct NetworkForwardTests {
    @Test func handComputedExample() throws {
        // f(x) = c Σ a_k σ_s(w_k·x) with s = 3/2 (σ(z) = z for z > 0, −z/2 for z < 0), c = 1/2.
        let net = try TwoLayerNetwork(s: Rational(3, 2), outer: [2, -1, 1, 3], inner: [[1, 0], [0, 1], [1, 1], [1, -2]])
        let data = try Dataset(points: [[2, 1], [-1, 1]], targets: [1, 0])
        let e = try net.evaluate(on: data)
        // x_1 = (2, 1): z = (2, 1, 3, 0) — a kink at neuron 4.
        #expect(e.preactivations == [[2, 1, 3, 0], [-1, 1, 0, -3]])
        #expect(e.kinks == [Kink(sample: 0, neuron: 3), Kink(sample: 1, neuron: 2)])
        #expect(e.gradient == nil)
        // f(x_1) = ½(2·2 − 1·1 + 1·3 + 3·0) = 3; f(x_2) = ½(2·½ − 1·1 + 0 + 3·(3/2)) = 9/4.
        #expect(e.outputs == [3, Rational(9, 4)])
        #expect(e.residuals == [2, Rational(9, 4)])
        #expect(e.loss == Rational(1, 4) * (4 + Rational(81, 16)))
        #expect(try net.output(at: [2, 1]) == 3)

    }

    @Test func gradientFormulaByHand() throws {
        // m = 2 needs an explicit scale; c = 1/2, s = 3/2.
        let net = try TwoLayerNetwork(s: Rational(3, 2), scale: Rational(1, 2), outer: [2, -1], inner: [[1, 0], [0, 1]])
        let data = try Dataset(points: [[2, 1], [-1, 1]], targets: [1, 0])
        // x_1: z = (2, 1), σ = (2, 1), σ' = (1, 1). x_2: z = (−1, 1), σ = (1/2, 1), σ' = (−1/2, 1).
        let rows = try net.outputGradients(on: data)
        #expect(rows[0] == [1, Rational(1, 2), 2, 1, -1, Rational(-1, 2)])  // ½σ, ½·a·σ'·x
        #expect(rows[1] == [Rational(1, 4), Rational(1, 2), Rational(1, 2), Rational(-1, 2), Rational(1, 2), Rational(-1, 2)])
        // f = (½(4 − 1), ½(1 − 1)) = (3/2, 0); r = (1/2, 0); ∇L = ½ Σ r_i ∇f_i = ¼ ∇f_1.
        let g = try net.lossGradient(on: data)
        #expect(g.vector == rows[0].map { $0 / 4 })
        #expect(g.outer == [Rational(1, 4), Rational(1, 8)])
        #expect(g.inner == [[Rational(1, 2), Rational(1, 4)], [Rational(-1, 4), Rational(-1, 8)]])
        #expect(LossGradient(vector: g.vector, width: 2, dimension: 2) == g)
        #expect(try net.outputJacobian(on: data) == (try RationalMatrix(rows)))
    }

    @Test func documentationExample() throws {
        let data = try Dataset(points: [[1, 2], [-1, 1]], targets: [1, 0])
        let net = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1, -1]])
        let e = try net.evaluate(on: data)
        #expect(e.outputs == [0, 0] && e.loss == Rational(1, 4))
        #expect(e.gradient?.vector == [0, 0, 0])
    }

    @Test func genericOutputsAgreeWithDirectFormula() async {
        await seededPropertyCheck(count: 100, input: ReferenceGen.smallCase) { c in
            let net = c.network
            let f = try net.outputs(on: c.data)
            for (i, x) in c.data.points.enumerated() {
                var sum = Rational()
                for k in 0..<net.width { sum += net.outer[k] * net.activation.value(dot(net.inner[k], x)) }
                #expect(f[i] == net.scale * sum)
            }
            var loss = Rational()
            for (fi, yi) in zip(f, c.data.targets) { loss += (fi - yi) * (fi - yi) }
            #expect(try net.loss(on: c.data) == loss / Rational(2 * c.data.count))
            // Hyper-dual numbers with zero seeds carry the same values.
            let dual = try? net.outputs(parameters: net.parameters.map { HyperDual($0) }, on: c.data)
            if let dual { #expect(dual.map(\.real) == f) }
        }
    }

    @Test func shapeErrors() throws {
        let net = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1, 2]])
        let data = try Dataset(points: [[1, 2, 3]], targets: [0])
        #expect(throws: ReferenceError.self) { try net.evaluate(on: data) }
        #expect(throws: ReferenceError.self) { try net.lossHessian(on: data) }
        #expect(throws: ReferenceError.self) { try net.outputs(parameters: [Rational(1)], on: data) }
        let fits = try Dataset(points: [[1, 2]], targets: [0])
        #expect(throws: ReferenceError.self) { try net.lossAlongLine([1, 2], on: fits) }
        #expect(throws: ReferenceError.self) { try net.lossHyperDual(u: [1], v: [1, 2, 3], on: fits) }
    }

    @Test func hyperDualArithmetic() async {
        let x = HyperDual(3, e1: 1, e2: 1)
        let cube = x * x * x
        #expect(cube == HyperDual(27, e1: 27, e2: 27, e12: 18))
        await seededPropertyCheck(count: 100, input: ReferenceGen.rationalWide.array(of: 12)) { v in
            let a = HyperDual(v[0], e1: v[1], e2: v[2], e12: v[3])
            let b = HyperDual(v[4], e1: v[5], e2: v[6], e12: v[7])
            let c = HyperDual(v[8], e1: v[9], e2: v[10], e12: v[11])
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a - a == .zero && a + .zero == a)
            #expect(v[0] * b == HyperDual(constant: v[0]) * b)
            var sum = a
            sum += b
            #expect(sum == a + b)
            // (a + b ε₁ + c ε₂ + d ε₁ε₂)² parts.
            let square = a * a
            #expect(square.e12 == 2 * (a.real * a.e12 + a.e1 * a.e2))
        }
    }

    @Test func hessianAtTheTargetSize() throws {
        // n = 20, d = 3, m = 16 (P = 64), Float data and weights: the size of the
        // speed target (timed in Benchmarks/ReferenceBenchmarks, not here).
        var rng = SplitMix64(seed: 99)
        var sampler = GaussianSampler(seed: 100)
        let points = (0..<20).map { _ in (0..<3).map { _ in Rational(sampler.nextFloat()) } }
        let targets = (0..<20).map { _ in Rational(Float(Int(rng.next() % 2001) - 1000) / 1000) }
        let data = try Dataset(points: points, targets: targets)
        let net = try TwoLayerNetwork.randomInitialization(width: 16, dimension: 3, s: Rational(3, 2), seed: 101)
        let h = try net.lossHessian(on: data)
        #expect(h.full.rows == 64 && h.full.isSymmetric)
        #expect(h.innerInner() == h.innerInner(.gaussNewton))
        // Spot checks of a few entries against hyper-dual numbers.
        for (p, q) in [(0, 0), (0, 16), (3, 28), (20, 21), (63, 63)] {
            var u = [Rational](repeating: 0, count: 64), v = u
            u[p] = 1
            v[q] = 1
            #expect(try net.lossHyperDual(u: u, v: v, on: data).e12 == h.full[p, q])
        }
    }
}
