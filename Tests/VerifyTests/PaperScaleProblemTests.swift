import Exact
import FastPath
import Reference
import Testing

@testable import Suite

/// The large profile's n = 1000 data of claim 8 (`PaperScaleProblem`) take `G`, `H` and the
/// `λ_max` bounds from the verified float path. Held against the exact path
/// (`KernelProblem`, an independent computation over ℚ) on small data sets of every kind.
struct PaperScaleProblemTests {
    static func pair(_ data: FloatDataset) throws -> (PaperScaleProblem, KernelProblem) {
        (
            try PaperScaleProblem(name: "toy", data: data, note: "toy"),
            try KernelProblem(name: "toy", data: data, note: "toy", bits: 64)
        )
    }

    static let datasets: [FloatDataset] = [
        SyntheticDataset.circle(count: 9, seed: 5),
        SyntheticDataset.gaussian(count: 11, dimension: 2, seed: 6),
        SyntheticDataset.bias1d(count: 7, seed: 7),
    ]

    /// The float upper end of `λ_max(K_s^∞)` is a certified bound: it is at least the lower
    /// end of an exact bracket 2⁻⁴⁰ wide (relatively), and no more than 2⁻¹⁹ relatively above
    /// its upper end (the requested relative width 2⁻²⁰ plus the enclosure radius, far below
    /// that at n ≤ 11).
    @Test(arguments: 0..<3) func lambdaMaxBoundsAgreeWithTheExactPath(_ index: Int) throws {
        let (float, exact) = try Self.pair(Self.datasets[index])
        for s in PaperScaleProblem.sValues {
            let bracket = try exact.kernel.largestEigenvalueBracket(.full, s: Rational(s), relativeWidth: Rational(1, 1 << 40))
            let bound = try float.lambdaMaxUpperBound(s: s)
            #expect(bound >= bracket.lower, "s = \(s): \(Double(bound)) below the exact λ_max ≥ \(Double(bracket.lower))")
            #expect(bound <= bracket.upper * (1 + Rational(1, 1 << 19)), "s = \(s): float bound far above the exact one")
        }
        #expect(throws: ReferenceError.self) { try float.lambdaMaxUpperBound(s: 0.25) }
    }

    /// `G` and `H` (the Double prediction's inputs) agree with the exact path's doubles within
    /// the float enclosures' largest entry radius plus the two conversions to Double (the
    /// exact `G` and the midpoint of the 64-bit `H`, each within 2⁻⁵³ relatively, and that
    /// midpoint within 2⁻⁶³ of H); a swapped `G` and `H` would not.
    @Test(arguments: 0..<3) func linearAndReLUPartsAgreeWithTheExactPath(_ index: Int) throws {
        let (float, exact) = try Self.pair(Self.datasets[index])
        let scale = exact.relu.map(abs).max()! + exact.linear.map(abs).max()!
        let tolerance = float.entryRadius + 0x1p-51 * scale
        for k in exact.linear.indices {
            #expect(abs(float.linear[k] - exact.linear[k]) <= tolerance, "G entry \(k)")
            #expect(abs(float.relu[k] - exact.relu[k]) <= tolerance, "H entry \(k)")
        }
        #expect(zip(float.linear, exact.relu).contains { abs($0 - $1) > tolerance })
    }

    /// The rate rule on the float bound keeps `(η/n)·bound ≤ 1` exactly, as on the exact path.
    @Test func normalisedRateStaysBelowTheBound() throws {
        let (float, _) = try Self.pair(Self.datasets[0])
        for s in PaperScaleProblem.sValues {
            let bound = try float.lambdaMaxUpperBound(s: s)
            let eta = try float.normalisedRate(upperBound: bound)
            #expect(Rational(eta) * bound <= Rational(float.count))
            // Not far below: Float rounding of n/bound (2⁻²⁴) and one step down at most.
            #expect(Rational(eta.nextUp) * bound > Rational(float.count) * (1 - Rational(1, 1 << 22)))
        }
    }
}
