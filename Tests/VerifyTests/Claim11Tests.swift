import Exact
import Reference
import Testing

@testable import Suite

/// The pieces claim 11 rests on, on cases worked by hand.
struct Claim11Tests {
    @Test func floatSolveSolvesARegularSystemAndDividesByAZeroPivot() {
        // [[2, 1], [1, 3]] x = [3, 5]: x = (4/5, 7/5).
        let x = Claim11.floatSolve([[2, 1], [1, 3]], [3, 5])
        #expect(abs(x[0] - 0.8) <= 2 * Float.ulpOfOne && abs(x[1] - 1.4) <= 4 * Float.ulpOfOne)
        // A zero row and column (a dead neuron's block): the last pivot is exactly 0.
        let (y, zero) = Claim11.floatSolveCountingZeroPivots([[1, 0], [0, 0]], [1, 0])
        #expect(zero)
        #expect(!y.allSatisfy { $0.isFinite }, "0/0 must surface as NaN, not be hidden: \(y)")
    }

    @Test func minimumNormSolveIsOrthogonalToTheNullSpace() throws {
        // G = [[1, 1], [1, 1]] (null space (1, −1)), b = (2, 2): solutions (1 + t, 1 − t); minimum norm (1, 1).
        let g = try RationalMatrix([[1, 1], [1, 1]])
        #expect(Claim11.minimumNormSolve(g, [2, 2]) == [1, 1])
        // b outside the range: no solution.
        #expect(Claim11.minimumNormSolve(g, [1, 0]) == nil)
    }

    /// One neuron, d = 2, active on every point (it acts linearly): rank B = 2 = md, so
    /// nullity(G) = m(1 + d) − 2 = 1, the rescaling direction alone. Two such neurons are
    /// redundant: rank B stays 2 of md = 4, nullity 6 − 2 = 4 = m + 2.
    @Test func linearNeuronsAreRedundantWithEachOther() throws {
        let data = try Dataset(points: [[1, 0], [1, 1], [2, -1], [1, 2]], targets: [1, 0, 2, -1])
        let one = try TwoLayerNetwork(s: 1, outer: [1], inner: [[1, 0]])
        #expect(try Claim11.rank(Claim11.maskedInputs(one, on: data)) == 2)
        #expect(try one.lossHessian(on: data).gaussNewton.inertia().zero == 1)
        let two = try TwoLayerNetwork(s: 1, scale: Rational(1, 2), outer: [1, -1], inner: [[1, 0], [2, Rational(1, 4)]])
        #expect(try Claim11.rank(Claim11.maskedInputs(two, on: data)) == 2)
        #expect(try two.lossHessian(on: data).gaussNewton.inertia().zero == 4)
    }

    @Test func theDeadNeuronIsPlantedOnlyWhereAsked() throws {
        let dead = try Claim11.instance(seed: 3, s: 1, dead: true)
        let alive = try Claim11.instance(seed: 3, s: 1, dead: false)
        #expect(Claim11.deadNeurons(dead.network, on: dead.data) >= 1)
        #expect(dead.data.points.allSatisfy { x in (dead.network.inner[0][0] * x[0] + dead.network.inner[0][1] * x[1]).signum < 0 })
        #expect(alive.network.inner[0] != dead.network.inner[0])
    }
}
