import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Claim 05 (proofs-notes/claim-05-infinite-width.md): the certified enclosures against an
// independent Double evaluation of the closed forms on random data, including near-parallel
// and near-antiparallel pairs (KernelInfiniteWidthTests checks special angles and mpmath
// values at a few points; this covers random points and random s, as `verify check 5a`).

@Suite("Claim 5: enclosures against the closed forms in Double")
struct Claim5ClosedFormTests {
    /// The closed forms in Double with Kahan's angle `θ = 2·atan2(|x̂ − ŷ|, |x̂ + ŷ|)`,
    /// accurate to a few ulps for every θ.
    static func closedForm(_ block: KernelBlock, s: Double, _ x: [Double], _ y: [Double]) -> Double {
        let g = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let nx = x.reduce(0) { $0 + $1 * $1 }.squareRoot(), ny = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if nx == 0 || ny == 0 { return 0 }
        let xh = x.map { $0 / nx }, yh = y.map { $0 / ny }
        let minus = zip(xh, yh).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let plus = zip(xh, yh).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }.squareRoot()
        let theta = 2 * atan2(minus, plus)
        switch block {
        case .inner: return g * ((1 - s) + s * s * (Double.pi - theta) / (2 * Double.pi))
        case .outer: return (1 - s) * g + s * s * nx * ny * (sin(theta) + (Double.pi - theta) * cos(theta)) / (2 * Double.pi)
        case .full: return closedForm(.inner, s: s, x, y) + closedForm(.outer, s: s, x, y)
        }
    }

    @Test func enclosuresAgreeWithTheClosedFormsInDouble() async {
        await seededPropertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 1...4), ReferenceGen.s) { seed, d, s in
            var points = KernelFixtures.gaussianPoints(n: 4, d: d, seed: seed)
            // A near-parallel and a near-antiparallel partner of the first point (relative 2^−20).
            let tilt = points[1].map { $0.timesPowerOfTwo(-20) }
            points.append(zip(points[0], tilt).map { $0 + $1 })
            points.append(zip(points[0], tilt).map { -$0 + $1 })
            let kernel = try! InfiniteWidthKernel(points: points, bits: 64)
            let doubles = points.map { $0.map { Double($0) } }
            let sd = Double(s)
            for block in KernelBlock.allCases {
                let k = kernel.matrix(block, s: s)
                for i in points.indices {
                    for j in points.indices {
                        // |x||y|(|1 − s| + s²)·2⁻⁴⁰: far above the few-ulp (2⁻⁵⁰) Double error of the
                        // formula and the Float→Double-exact inputs, far below any wrong term.
                        let size = (doubles[i].reduce(0) { $0 + $1 * $1 } * doubles[j].reduce(0) { $0 + $1 * $1 }).squareRoot()
                        let tolerance = 4 * size * (abs(1 - sd) + sd * sd + 1) * 0x1p-40
                        let value = Self.closedForm(block, s: sd, doubles[i], doubles[j])
                        #expect(
                            abs(value - Double(k[i, j].midpoint)) <= tolerance,
                            "seed \(seed), d = \(d), s = \(s), \(block) (\(i), \(j)): enclosure \(k[i, j]), Double \(value)")
                    }
                }
            }
        }
    }
}
