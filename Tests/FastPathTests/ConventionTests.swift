import Exact
import Reference
import Testing

@testable import FastPath

/// The kink convention σ_s'(0) = 1, σ_s'' = 0, and exact zeros.
@Suite("FastPath kink convention and exact zeros")
struct ConventionTests {
    /// One neuron exactly on a kink at one sample: `w = (0, 1)`, `x = (1, 0)`.
    @Test(arguments: [Float(0.5), 1, 1.5, 2])
    func gradientAtAKinkUsesTheRightDerivative(s: Float) throws {
        let net = try HomotopyNetwork(s: s, outer: [2], inner: [[0, 1]], scale: 1)
        let data = try FloatDataset(points: [[1, 0]], targets: [1])
        // z = 0: f = a σ(0) = 0, r = −1; ∂L/∂a = r σ(0) = 0; ∂L/∂w = r a σ'(0) x = −2·1·(1, 0).
        let (loss, gradient) = try! net.lossAndGradient(on: data)
        #expect(loss == 0.5)
        #expect(gradient == [0, -2, 0])
        // Hv with v = (v_a, v_w) = (1, 0, 0): (Hv)_w = (1/n)[t a σ' x + r σ' x v_a], t = J v = σ(0) v_a = 0.
        let hv = try net.hessianVectorProduct([1, 0, 0], on: data)
        #expect(hv == [0, -1, 0])
        // The left derivative would give ∂L/∂w = −2(1 − s)(1, 0): different unless s = 0.
        #expect(gradient[1] != -2 * (1 - s))
    }

    /// `−0` in the data or weights does not change the side: `z = ±0` counts as 0.
    @Test func negativeZeroIsOnTheRightSide() throws {
        let net = try HomotopyNetwork(s: 1, outer: [1], inner: [[-0.0, 1]], scale: 1)
        let data = try FloatDataset(points: [[1, -0.0], [2, 0]], targets: [1, 1])
        // Both z are ±0, so σ'(z) = 1: f = 0, r = −1, ∂L/∂w = (1/n) Σ_i r_i x_i = (−3/2, 0);
        // the left derivative (1 − s = 0) would give 0.
        let (loss, gradient) = try! net.lossAndGradient(on: data)
        #expect(loss == 0.5)
        #expect(gradient == [0, -1.5, 0])
    }

    /// Symmetric initialisation: `f(x; θ₀) = 0` exactly in `Float`, for any data, `s` and `m`.
    @Test(arguments: [4, 8, 12, 20, 64])
    func symmetricInitialisationGivesExactlyZero(width: Int) {
        for (seed, s) in [(1, Float(0.5)), (2, 1), (3, 1.5), (4, 2), (5, -0.3)] {
            let data = SyntheticDataset.gaussian(count: 33, dimension: 3, seed: UInt64(seed))
            let net = HomotopyNetwork.seeded(width: width, dimension: 3, s: s, seed: UInt64(seed), symmetric: true)
            #expect(try! net.outputs(on: data).allSatisfy { $0 == 0 }, "m = \(width), s = \(s)")
            let inner = net.inner, outer = net.outer
            for group in stride(from: 0, to: width, by: 4) {
                #expect(outer[group + 1] == -outer[group] && outer[group + 2] == outer[group] && outer[group + 3] == -outer[group])
                #expect(inner[group + 1] == inner[group] && inner[group + 2] == inner[group].map { -$0 })
                #expect(inner[group + 3] == inner[group].map { -$0 })
                #expect(abs(outer[group]) == 1)
            }
        }
    }

    /// The second derivative is taken as 0 at the kink: the W–W block of the Hessian vanishes.
    @Test func innerInnerBlockIsGaussNewtonAtAKink() throws {
        let net = try HomotopyNetwork(s: 1, outer: [3], inner: [[1, -1]], scale: 1)
        let data = try FloatDataset(points: [[1, 1], [2, 1]], targets: [0, 5])  // z = 0 at sample 1
        for direction in [[Float(0), 1, 0], [0, 0, 1]] {
            let hv = try net.hessianVectorProduct(direction, on: data)
            let gv = try net.gaussNewtonVectorProduct(direction, on: data)
            // W–W rows agree (no r σ'' term); the a-row differs by the residual cross term.
            #expect(hv[1] == gv[1] && hv[2] == gv[2], "direction \(direction)")
        }
    }
}

/// The same bad input is an error in FastPath and in Reference, not a crash in one of them.
@Suite("FastPath and Reference refuse the same shapes")
struct ErrorConsistencyTests {
    @Test func dataOfAnotherDimensionThrowsInBoth() throws {
        let net = try HomotopyNetwork(s: 1.5, outer: [1, -1, 0.5, 2], inner: [[0.5, 1], [2, -1], [0, 1], [1, 1]])
        let data = try FloatDataset(points: [[1, 2, 3], [0, 1, 0]], targets: [1, 0])
        #expect(throws: FastPathError.self) { try net.loss(on: data) }
        #expect(throws: FastPathError.self) { try net.outputs(on: data) }
        #expect(throws: FastPathError.self) { try net.lossAndGradient(on: data) }
        #expect(throws: FastPathError.self) { try net.hessianVectorProduct(net.parameters, on: data) }
        #expect(throws: FastPathError.self) { try net.gaussNewtonVectorProduct(net.parameters, on: data) }
        let exact = try TwoLayerNetwork(
            s: Rational(3, 2), outer: [1, -1, Rational(1, 2), 2],
            inner: [[Rational(1, 2), 1], [2, -1], [0, 1], [1, 1]])
        let exactData = try Dataset(points: [[1, 2, 3], [0, 1, 0]], targets: [1, 0])
        #expect(throws: ReferenceError.self) { try exact.loss(on: exactData) }
        #expect(throws: ReferenceError.self) { try exact.outputs(on: exactData) }
        // A direction of the wrong length: an error in both as well.
        #expect(throws: FastPathError.self) { try net.hessianVectorProduct([1, 2], on: try FloatDataset(points: [[1, 0]], targets: [1])) }
    }
}
