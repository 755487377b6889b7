import Exact
import ForkJoin
import PropertyBased
import Reference
import TestSupport
import Testing

@testable import VerifiedFloat

// The verified float64 empirical kernel (proofs-notes/verified-float-kernel.md §8) against the
// exact one of Reference (integer arithmetic over ℚ, an independent computation): every exact
// entry lies within the largest entry radius of the centre and the exact distance ‖K − M‖_F is
// at most ρ; kinks are reported exactly as Reference reports them; signs the float bound leaves
// open are decided exactly; the centre does not depend on the thread count; and the eigenvalue
// brackets overlap the exact ones with every certificate re-checked by exact inertia.

@Suite("Verified float64 empirical kernels")
struct VerifiedFloatEmpiricalKernelTests {
    /// The exact block of Reference at the network's `s`.
    static func exact(_ net: TwoLayerNetwork, _ data: Dataset, _ block: KernelBlock) throws -> RationalMatrix {
        switch block {
        case .outer: try net.outerKernel(on: data)
        case .inner: try net.innerKernel(on: data)
        case .full: try net.tangentKernel(on: data).full
        }
    }

    /// Checks the postcondition exactly: `|K_ij − M_ij| ≤ maximumRadius` for every entry and
    /// `Σ (K_ij − M_ij)² ≤ ρ²`.
    static func expectEncloses(_ f: FloatMatrixEnclosure, _ k: RationalMatrix, _ label: String) {
        let n = f.n, r = Rational(f.maximumRadius)
        var squares = Rational()
        for i in 0..<n {
            for j in 0..<n {
                let gap = (k[i, j] - Rational(f.centre[i * n + j])).magnitude
                if gap > r { Issue.record("\(label): (\(i), \(j)) exact \(k[i, j]) is \(Double(gap)) from the centre, radius \(f.maximumRadius)") }
                squares += gap * gap
            }
        }
        #expect(Rational(f.radiusBound) * Rational(f.radiusBound) >= squares, "\(label): ρ = \(f.radiusBound) below ‖K − M‖_F")
    }

    /// A network with the same weights at another `s` (and scale).
    static func at(_ net: TwoLayerNetwork, s: Rational, scale: Rational) throws -> TwoLayerNetwork {
        try TwoLayerNetwork(s: s, scale: scale, outer: net.outer, inner: net.inner)
    }

    @Test func entriesContainTheExactKernel() async {
        // Float weights; points Float32 Gaussian or small rationals p/q with q ≤ 4 (1/3 is not
        // a double: the input rounding enters the bound), with a zero point, a duplicate and
        // parallel and antiparallel copies appended; scales 1/√m and 1/3 (c² not a double).
        let sValues: [Rational] = [0, 1, 2, Rational(3, 2), Rational(1, 3), Rational(-1, 2)]
        await seededPropertyCheck(count: 10, input: Gen.int(in: 2...7), Gen.int(in: 1...4), Gen.int(in: 0...(1 << 30))) { n, d, seed in
            let points = VerifiedFloatKernelTests.seededSpecialPoints(n: n, d: d, seed: seed)
            let data = KernelFixtures.dataset(points)
            let m = [4, 16, 36][seed % 3]
            let base =
                seed % 4 < 2
                ? try TwoLayerNetwork.randomInitialization(width: m, dimension: d, s: 1, seed: UInt64(seed))
                : try TwoLayerNetwork.symmetricInitialization(width: m, dimension: d, s: 1, seed: UInt64(seed))
            for scale in [base.scale, Rational(1, 3)] {
                for s in sValues {
                    let net = try VerifiedFloatEmpiricalKernelTests.at(base, s: s, scale: scale)
                    for block in KernelBlock.allCases {
                        let label = "n = \(points.count), d = \(d), m = \(m), c = \(scale), s = \(s), \(block)"
                        let exact: RationalMatrix
                        do {
                            exact = try VerifiedFloatEmpiricalKernelTests.exact(net, data, block)
                        } catch ReferenceError.kink(let kinks) {
                            // The float path must report the same kinks.
                            #expect(throws: ReferenceError.kink(kinks)) {
                                try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block, threads: 2)
                            }
                            continue
                        }
                        let f = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block, threads: 2)
                        VerifiedFloatEmpiricalKernelTests.expectEncloses(f.enclosure, exact, label)
                        // Tightness, from the error terms (§8 of the note): with
                        // S = c²·m·(1 + |s| + |1 − s|)²·max|x|²·(1 + max|w|²) ≥ every |K_ij|,
                        // K^a's radius is at most (γ_m + 2ε + ε²)·S with ε ≤ (d + 4)·2^−52
                        // relative, and K^w's a few ulps of S from the intervals; together
                        // below (m + 2d + 8)·2^−51·S. The bound 2^−48 per unit leaves 8×.
                        let xMax = points.map { Double(dot($0, $0)) }.max()!
                        let wMax = net.inner.map { Double(dot($0, $0)) }.max()!
                        let size = 1 + abs(Double(s)) + abs(1 - Double(s))
                        let scaleOfK = Double(scale * scale) * Double(m) * size * size * xMax * (1 + wMax)
                        #expect(f.enclosure.maximumRadius <= 0x1p-48 * Double(m + 2 * d + 8) * scaleOfK, "\(label): \(f.enclosure.maximumRadius)")
                    }
                }
            }
        }
    }

    @Test func kinksAreReportedAsReferenceReportsThem() throws {
        // w_1·x_1 = 0 exactly: (1, −1)·(1, 1). K^w and K are undefined there for s ≠ 0; K^a is
        // defined; at s = 0 (σ_0 the identity) nothing is undefined.
        let data = KernelFixtures.dataset([[1, 1], [2, -1], [0, 0]])
        let net = try TwoLayerNetwork(s: Rational(3, 2), scale: Rational(1, 2), outer: [1, -1, 1, -1], inner: [[1, -1], [1, 3], [-1, 1], [3, 1]])
        let kinks = try net.innerKernelKinks(on: data)
        #expect(kinks == [Kink(sample: 0, neuron: 0), Kink(sample: 0, neuron: 2)])
        for block in [KernelBlock.inner, .full] {
            #expect(throws: ReferenceError.kink(kinks)) { try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block) }
        }
        let outer = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: .outer)
        VerifiedFloatEmpiricalKernelTests.expectEncloses(outer.enclosure, try net.outerKernel(on: data), "outer at a kink")
        let identity = try VerifiedFloatEmpiricalKernelTests.at(net, s: 0, scale: net.scale)
        for block in KernelBlock.allCases {
            let f = try VerifiedFloatEmpiricalKernel(network: identity, data: data, block: block)
            VerifiedFloatEmpiricalKernelTests.expectEncloses(f.enclosure, try VerifiedFloatEmpiricalKernelTests.exact(identity, data, block), "s = 0, \(block)")
        }
    }

    @Test func signsTheBoundLeavesOpenAreDecidedExactly() throws {
        // z = (1, −1)·x: for x = (1, 1 + 2^−60), z = −2^−60, far below the rounding of x_2 (not
        // a double), so the float bound cannot decide it; for x = (1 + 2^−40, 1), z = 2^−40 is
        // exact in double and far above γ_2‖x‖‖w‖ ≈ 2^−51, so it can.
        let tinyBelow = Rational(1).timesPowerOfTwo(-60), tinyAbove = Rational(1).timesPowerOfTwo(-40)
        let data = KernelFixtures.dataset([[1, 1 + tinyBelow], [1 + tinyAbove, 1], [2, 3]])
        let net = try TwoLayerNetwork(s: Rational(3, 2), scale: Rational(1, 2), outer: [1, -1, -1, 1], inner: [[1, -1], [-1, 1], [1, 0], [0, 1]])
        for block in KernelBlock.allCases {
            let f = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block)
            // Neurons 1 and 2 on point 1: both open; every other pair is decided in float.
            #expect(f.exactSigns == 2, "\(block): \(f.exactSigns)")
            VerifiedFloatEmpiricalKernelTests.expectEncloses(f.enclosure, try VerifiedFloatEmpiricalKernelTests.exact(net, data, block), "near kink, \(block)")
        }
    }

    @Test func theCentreDoesNotDependOnTheThreadCount() throws {
        let points = KernelFixtures.gaussianPoints(n: 23, d: 3, seed: 7)
        let data = KernelFixtures.dataset(points)
        let net = try TwoLayerNetwork.randomInitialization(width: 100, dimension: 3, s: Rational(3, 2), seed: 11)
        for block in KernelBlock.allCases {
            let one = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block, threads: 1)
            for threads in [2, 3, 5] {
                let other = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block, threads: threads)
                #expect(other.enclosure.centre == one.enclosure.centre, "\(block), \(threads) threads")
                #expect(other.enclosure.radiusBound == one.enclosure.radiusBound)
                #expect(other.enclosure.maximumRadius == one.enclosure.maximumRadius)
            }
        }
    }

    @Test func unequalOuterWeightsAreRefusedForTheInnerBlock() throws {
        let data = KernelFixtures.dataset([[1, 2], [3, -1]])
        let net = try TwoLayerNetwork(s: 1, scale: 1, outer: [1, 2], inner: [[1, 1], [2, -1]])
        for block in [KernelBlock.inner, .full] {
            #expect(throws: ReferenceError.self) { try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block) }
        }
        let outer = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: .outer)
        VerifiedFloatEmpiricalKernelTests.expectEncloses(outer.enclosure, try net.outerKernel(on: data), "unequal a, outer")
    }

    @Test func bracketsAgreeWithTheExactPath() async {
        await seededPropertyCheck(count: 5, input: Gen.int(in: 3...14), Gen.int(in: 1...3), Gen.int(in: 0...(1 << 30))) { n, d, seed in
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: d, seed: UInt64(seed)))
            let base = try TwoLayerNetwork.randomInitialization(width: [16, 64][seed % 2], dimension: d, s: 1, seed: UInt64(seed) ^ 0x55)
            for s in [Rational(0), 1, Rational(3, 2), Rational(1, 2)] {
                let net = try VerifiedFloatEmpiricalKernelTests.at(base, s: s, scale: base.scale)
                for block in KernelBlock.allCases {
                    let exact: RationalMatrix
                    do {
                        exact = try VerifiedFloatEmpiricalKernelTests.exact(net, data, block)
                    } catch ReferenceError.kink {
                        continue
                    }
                    let f = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: block, threads: 2)
                    let xLow = try exact.smallestEigenvalueBracket(relativeWidth: Rational(1, 1 << 20))
                    let xHigh = try exact.largestEigenvalueBracket(relativeWidth: Rational(1, 1 << 20))
                    let (low, _) = try VerifiedFloatKernelTests.checkedBrackets(f.enclosure, exact: (xLow, xHigh), "s = \(s) \(block)")
                    switch low.definiteness {
                    case .positiveDefinite: #expect(xLow.definiteness == .positiveDefinite)
                    case .notPositiveDefinite: #expect(xLow.definiteness != .positiveDefinite)
                    case .undecided: break
                    }
                }
            }
        }
    }
}

// MARK: - Each error bound against the exact error it bounds

/// The bounds one at a time, each against exact arithmetic over ℚ on inputs where its own
/// term matters (so that dropping a term is caught here even where the kernel-level
/// containment above, whose Cauchy–Schwarz steps leave slack, would still hold).
@Suite("Verified float64 empirical kernel: error bounds")
struct EmpiricalKernelBoundsTests {
    static let u = Rational(1).timesPowerOfTwo(-53)

    @Test(arguments: [1, 2, 3, 100, 1 << 20])
    func gammaIsAnUpperBound(k: Int) {
        let ku = Rational(k) * EmpiricalKernelBoundsTests.u
        #expect(Rational(EmpiricalKernelBounds.gamma(k)) >= ku / (1 - ku))
    }

    /// `x̂`, `δx` as the kernel forms them.
    static func rounded(_ q: Rational) -> (Double, Double) {
        let e = FloatInterval(enclosing: q)
        return (e.lo, e.hi - e.lo)
    }

    @Test func preactivationErrorBoundsTheDotProduct() async {
        // x_l = p/q with q ∈ {1, 3, 5, 7} (not doubles unless q = 1), w_l Float; the error of
        // fl(x̂·ŵ) against the exact x·w, exactly.
        await seededPropertyCheck(count: 200, input: Gen.int(in: 1...6), Gen.int(in: 0...(1 << 30))) { d, seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let x = (0..<d).map { _ in Rational(Int(rng.next() % 2001) - 1000, [1, 3, 5, 7][Int(rng.next() % 4)]) }
            let w = (0..<d).map { _ in Rational(Float(KernelFixtures.normal(&rng))) }
            let xr = x.map(EmpiricalKernelBoundsTests.rounded), wr = w.map(EmpiricalKernelBoundsTests.rounded)
            var z = 0.0
            for l in 0..<d { z = z.addingProduct(xr[l].0, wr[l].0) }
            let e = EmpiricalKernelBounds.preactivationError(
                gamma: EmpiricalKernelBounds.gamma(d), xNorm: EmpiricalKernelBounds.norm(ArraySlice(xr.map(\.0))),
                dxNorm: EmpiricalKernelBounds.norm(ArraySlice(xr.map(\.1))), wNorm: EmpiricalKernelBounds.norm(ArraySlice(wr.map(\.0))),
                dwNorm: EmpiricalKernelBounds.norm(ArraySlice(wr.map(\.1))), tiny: Double(2 * d) * 0x1p-1074)
            let exact = zip(x, w).reduce(Rational()) { $0 + $1.0 * $1.1 }
            #expect((Rational(z) - exact).magnitude <= Rational(e), "d = \(d): x = \(x), w = \(w)")
        }
    }

    @Test func theInputRoundingTermIsNeeded() {
        // x = 1 + 2^−52 − 2^−60, w = 1: x̂ is the lower neighbour 1, off by almost a full ulp
        // 2^−52, twice γ_1·|x̂||w| ≈ 2^−53: without the ‖δx‖‖ŵ‖ term the bound would be false.
        let x = 1 + Rational(1).timesPowerOfTwo(-52) - Rational(1).timesPowerOfTwo(-60)
        let (xHat, dx) = EmpiricalKernelBoundsTests.rounded(x)
        let gammaOnly = EmpiricalKernelBounds.preactivationError(
            gamma: EmpiricalKernelBounds.gamma(1), xNorm: abs(xHat), dxNorm: 0, wNorm: 1, dwNorm: 0, tiny: 2 * 0x1p-1074)
        let full = EmpiricalKernelBounds.preactivationError(
            gamma: EmpiricalKernelBounds.gamma(1), xNorm: abs(xHat), dxNorm: dx, wNorm: 1, dwNorm: 0, tiny: 2 * 0x1p-1074)
        let error = (Rational(xHat) - x).magnitude
        #expect(error > Rational(gammaOnly))
        #expect(error <= Rational(full))
    }

    @Test func slopeErrorBoundsTheNegativeBranch() async {
        // z̃ < 0 a double, |z − z̃| ≤ e, s rational: |fl(t̂·z̃) − (1 − s)z| ≤ ε at both ends
        // z = z̃ ± e (the error is affine in z, so they are the worst cases); e = 0 in a third
        // of the cases.
        let sValues: [Rational] = [Rational(1, 3), Rational(3, 2), Rational(1, 10), 2, Rational(-1, 2), Rational(7, 5)]
        await seededPropertyCheck(count: 200, input: Gen.int(in: 0...(1 << 30))) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let s = sValues[Int(rng.next() % UInt64(sValues.count))]
            let zTilde = -abs(KernelFixtures.normal(&rng)) * Double(1 << Int(rng.next() % 20))
            let e = seed % 3 == 0 ? 0 : abs(zTilde) * Double(rng.next() % 1000) * 0x1p-60
            let tI = FloatInterval(1) - FloatInterval(enclosing: s)
            let t = tI.mid, dt = max(tI.hi - t, t - tI.lo), tMax = max(abs(tI.lo), abs(tI.hi))
            let value = t * zTilde
            let bound = Rational(EmpiricalKernelBounds.slopeError(value: value, z: zTilde, dt: dt, tMax: tMax, e: e))
            for z in [Rational(zTilde) - Rational(e), Rational(zTilde) + Rational(e)] {
                #expect((Rational(value) - (1 - s) * z).magnitude <= bound, "s = \(s), z̃ = \(zTilde), e = \(e)")
            }
        }
    }

    @Test func theSlopeRoundingTermIsNeeded() {
        // s = 1/4 + 31·2^−58 + 2^−70: the outward-rounded 1 − s has the double t̂ = 3/4 near its
        // centre, almost an ulp below 1 − s; with z̃ = z = −1.3443546134280564 (found by a
        // search over such s and z̃ ∈ (−2, −1)) the error of fl(t̂z̃) against (1 − s)z is
        // 1.14·2u|fl(t̂z̃)|, so the bound without the dt·|z̃| term would be false.
        let s = Rational(1, 4) + Rational(31) * Rational(1).timesPowerOfTwo(-58) + Rational(1).timesPowerOfTwo(-70)
        let tI = FloatInterval(1) - FloatInterval(enclosing: s)
        let t = tI.mid, dt = max(tI.hi - t, t - tI.lo), tMax = max(abs(tI.lo), abs(tI.hi))
        #expect(t == 0.75)
        let z = -1.3443546134280564, value = t * z
        let error = (Rational(value) - (1 - s) * Rational(z)).magnitude
        let without = Rational(EmpiricalKernelBounds.slopeError(value: value, z: z, dt: 0, tMax: tMax, e: 0))
        #expect(error > without)
        #expect(error <= Rational(EmpiricalKernelBounds.slopeError(value: value, z: z, dt: dt, tMax: tMax, e: 0)))
    }

    @Test func gramRadiusBoundsTheBlockProduct() async {
        // Rows V (4 + 4 of them, length m padded to 8) and true rows σ = V + δ, |δ_k| = ε_k
        // exactly (signs random; ε = 0 on half the cases, which isolates the γ_m term): the
        // computed block entries against Σ_k σ_ik σ_jk over ℚ.
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...70), Gen.int(in: 0...(1 << 30))) { m, seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let mPad = (m + 7) / 8 * 8
            let v = UnsafeMutablePointer<Double>.allocate(capacity: 8 * mPad)
            defer { v.deallocate() }
            v.initialize(repeating: 0, count: 8 * mPad)
            var eps = [[Double]](repeating: [Double](repeating: 0, count: m), count: 8)
            var truth = [[Rational]](repeating: [], count: 8)
            for row in 0..<8 {
                for k in 0..<m {
                    let value = KernelFixtures.normal(&rng) * 1000
                    v[row * mPad + k] = value
                    let e = seed % 2 == 0 ? 0 : abs(value) * Double(rng.next() % 100) * 0x1p-52
                    eps[row][k] = e
                    truth[row].append(Rational(value) + (rng.next() % 2 == 0 ? Rational(e) : -Rational(e)))
                }
            }
            var q = [Double](repeating: 0, count: 16)
            EmpiricalKernelBounds.gramBlock(v, mPad: mPad, i0: 0, j0: 4, into: &q)
            let norms = (0..<8).map { row in EmpiricalKernelBounds.norm(ArraySlice((0..<m).map { v[row * mPad + $0] })) }
            let epsNorms = eps.map { EmpiricalKernelBounds.norm(ArraySlice($0)) }
            for a in 0..<4 {
                for b in 0..<4 {
                    let exact = zip(truth[a], truth[4 + b]).reduce(Rational()) { $0 + $1.0 * $1.1 }
                    let r = EmpiricalKernelBounds.gramRadius(
                        gamma: EmpiricalKernelBounds.gamma(m), vi: norms[a], vj: norms[4 + b], ei: epsNorms[a], ej: epsNorms[4 + b],
                        tiny: Double(2 * m) * 0x1p-1074)
                    #expect((Rational(q[4 * a + b]) - exact).magnitude <= Rational(r), "m = \(m), (\(a), \(b))")
                }
            }
        }
    }
}

@Suite("Verified float64 empirical kernel: inputs given as doubles")
struct EmpiricalKernelDoubleInputsTests {
    @Test func doubleWeightsGiveTheKernelOfTheSameNetwork() throws {
        // randomInitializationWeights are the weights of randomInitialization (same seed), and
        // the kernel from them as doubles equals the kernel from the rational network, bit for
        // bit, at several s and every block; a zero point exercises the exact-sign path.
        let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: 9, d: 3, seed: 4) + [[0, 0, 0]])
        let net = try TwoLayerNetwork.randomInitialization(width: 36, dimension: 3, s: 1, seed: 99)
        let (a, w) = TwoLayerNetwork.randomInitializationWeights(width: 36, dimension: 3, seed: 99)
        #expect(net.outer == a.map { Rational($0) })
        #expect(net.inner.flatMap { $0 } == w.map { Rational($0) })
        let fromNetwork = try VerifiedFloatEmpiricalKernel.Inputs(network: net, data: data)
        let fromDoubles = try VerifiedFloatEmpiricalKernel.Inputs(data: data, outer: a.map(Double.init), inner: w.map(Double.init))
        #expect(fromDoubles.exactSigns == 36 && fromNetwork.exactSigns == 36)
        for s in [Rational(0), Rational(1, 2), 1, Rational(3, 2)] {
            for block in KernelBlock.allCases {
                let k1 = try VerifiedFloatEmpiricalKernel(fromNetwork, s: s, scale: net.scale, block: block)
                let k2 = try VerifiedFloatEmpiricalKernel(fromDoubles, s: s, scale: net.scale, block: block)
                #expect(k1.enclosure.centre == k2.enclosure.centre && k1.enclosure.radiusBound == k2.enclosure.radiusBound, "s = \(s), \(block)")
                let at = try TwoLayerNetwork(s: s, scale: net.scale, outer: net.outer, inner: net.inner)
                VerifiedFloatEmpiricalKernelTests.expectEncloses(
                    k2.enclosure, try VerifiedFloatEmpiricalKernelTests.exact(at, data, block), "s = \(s), \(block)")
            }
        }
    }

    @Test func badDoubleWeightsAreRefused() {
        let data = KernelFixtures.dataset([[1, 2], [3, 4]])
        #expect(throws: ReferenceError.self) { try VerifiedFloatEmpiricalKernel.Inputs(data: data, outer: [1, 1], inner: [1, 2, 3]) }
        #expect(throws: ReferenceError.self) { try VerifiedFloatEmpiricalKernel.Inputs(data: data, outer: [1], inner: [.nan, 1]) }
        #expect(throws: ReferenceError.self) { try VerifiedFloatEmpiricalKernel.Inputs(data: data, outer: [1], inner: [0x1p600, 1]) }
    }
}
