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

// Certified infinite-width kernels (proofs-notes/claim-05): exact special cases, containment
// of independently known values (rational angles, mpmath references), widths, near-parallel
// points, the convergence of the empirical kernel with a rigorous statistical tolerance, and
// certified positive definiteness (proofs-notes/claim-06).
//
// Containment logic as in RationalIntervalTests: a reference d known to within tol of the true
// value v gives B = [d − tol, d + tol] ∋ v; an enclosure E is refuted when E ∩ B = ∅, and
// width(E) small + E ∩ B ≠ ∅ pins E to the reference.

private func twoPow(_ n: Int) -> Rational { Rational(1).timesPowerOfTwo(n) }

private func bracket(_ digits: String, tolerance: Rational = Rational(1, 10).power(45)) -> RationalInterval {
    let d = try! Rational(parsing: digits)
    return RationalInterval(d - tolerance, d + tolerance)
}

/// 1/(2π) to 55 significant digits (mpmath, dps = 120).
private let invTwoPi = "0.1591549430918953357688837633725143620344596457404564487"

@Suite("Infinite-width kernels")
struct KernelInfiniteWidthTests {
    // MARK: - Exact special cases

    @Test func zeroParallelAntiparallelAreExact() throws {
        // x₀ = 0, x₁, x₂ = 3x₁ (parallel), x₃ = −2x₁ (antiparallel), x₄ = x₁ (duplicate).
        let x1: [Rational] = [1, -2, Rational(1, 3)]
        let points = [[0, 0, 0], x1, x1.map { 3 * $0 }, x1.map { -2 * $0 }, x1]
        let k = try InfiniteWidthKernel(points: points, bits: 64)
        let n1 = dot(x1, x1)
        for s in [Rational(0), 1, 2, Rational(3, 2), Rational(1, 3)] {
            for block in KernelBlock.allCases {
                let m = k.matrix(block, s: s)
                for j in 0..<5 { #expect(m[0, j] == RationalInterval(Rational()) && m[j, 0].isPoint && m[j, 0].lo.isZero) }
            }
            // θ = 0: H^w = H^a = (x·y)/2; θ = π: both 0. So K_s = (1 − s)G + s²·G/2 or (1 − s)G.
            let pairs: [(Int, Int, Rational, Bool)] = [(1, 2, 3 * n1, true), (1, 3, -2 * n1, false), (1, 4, n1, true), (2, 3, -6 * n1, false)]
            for (i, j, g, parallel) in pairs {
                let h = parallel ? g / 2 : Rational()
                let expected = (1 - s) * g + s * s * h
                for block in [KernelBlock.inner, .outer] {
                    let e = k.matrix(block, s: s)[i, j]
                    #expect(e.contains(expected))
                    // Exact up to the final outward rounding of the rational value.
                    #expect(e == RationalInterval(expected).rounded(outwardToFractionalBits: 64))
                }
            }
        }
        // Duplicates and parallel points make the kernel singular: exact zero eigenvalue of
        // the ReLU parts' point block {1, 4} (identical rows).
        #expect(k.innerReLU[1, 1] == k.innerReLU[1, 4] && k.innerReLU[4, 4] == k.innerReLU[1, 4])
    }

    @Test func absoluteValueIdentifiesAntipodes() throws {
        // At s = 2 (σ = |z|) the kernels cannot tell x from −x: the 2×2 block is [[N, N], [N, N]]
        // exactly, with N = |x|² (K^a) and N for K^w as well.
        let x: [Rational] = [2, -1, 5]
        let k = try InfiniteWidthKernel(points: [x, x.map { -$0 }], bits: 32)
        let n = dot(x, x)
        for block in [KernelBlock.inner, .outer] {
            let m = k.matrix(block, s: 2)
            #expect(m.isPoint)
            #expect(m.midpoint == RationalMatrix(rows: 2, columns: 2, repeating: n))
            #expect(try m.midpoint.inertia() == Inertia(negative: 0, zero: 1, positive: 1))
        }
    }

    @Test func rationalAnglesAreContained() throws {
        // θ ∈ {π/4, π/3, 2π/3, π/2}: (π − θ)/(2π) is rational, so H^w is rational; H^a adds
        // S/(2π). References: exact rationals and mpmath at 120 digits (atan2 form).
        let cases: [([Rational], [Rational], Rational, String)] = [
            ([1, 0], [1, 1], Rational(3, 8), "0.53415494309189533576888376337251436203445964574046"),
            ([1, 1, 0], [1, 0, 1], Rational(1, 3), "0.60899778104422935808899658248981805403202657351665"),
            ([1, 1, 0], [-1, 0, -1], Rational(-1, 6), "0.10899778104422935808899658248981805403202657351665"),
            ([1, 0], [0, 1], Rational(0), invTwoPi),
        ]
        for (x, y, hw, ha) in cases {
            let k = try InfiniteWidthKernel(points: [x, y], bits: 120)
            #expect(k.innerReLU[0, 1].contains(hw))
            #expect(k.innerReLU[0, 1].hasWidth(atMostTwoToTheMinus: 128))
            #expect(k.outerReLU[0, 1].intersects(bracket(ha)))
            #expect(k.outerReLU[0, 1].hasWidth(atMostTwoToTheMinus: 128))
            // And at any s, K^w_s = (1 − s)·x·y + s²·H^w.
            for s in [Rational(1, 2), 1, Rational(3, 2), 2] {
                #expect(k.inner(s: s)[0, 1].contains((1 - s) * dot(x, y) + s * s * hw))
            }
        }
        // Orthogonal: K^w is exactly 0 for every s.
        let orthogonal = try InfiniteWidthKernel(points: [[3, 4], [-4, 3]], bits: 40)
        #expect(orthogonal.inner(s: Rational(7, 5))[0, 1] == RationalInterval(Rational()))
    }

    @Test func nearParallelPointsStayTight() throws {
        // y = x + 2^−30 e₁ and y ≈ −x: θ ≈ 2.4e−10 and π − 3e−10. The atan form keeps the
        // enclosure 2^−128-tight where arccos(cos θ) would lose half the digits.
        let e = twoPow(-30)
        let cases: [([Rational], [Rational], String, String)] = [
            (
                [1, 2, 3], [1 + e, 2, 3], "6.99999999993122992286329915786284378457898042691",
                "7.0000000004656612873077392578227484508869027507664"
            ),
            (
                [3, -1, 2], [-3 + e, 1, -2], "-0.00000000033144026222507332380465839709194645131245826187632",
                "0.0000000000000000000000000000024445459353538734607504530754047358576937300991245"
            ),
        ]
        for (x, y, hw, ha) in cases {
            let k = try InfiniteWidthKernel(points: [x, y], bits: 128)
            #expect(k.innerReLU[0, 1].hasWidth(atMostTwoToTheMinus: 136))
            #expect(k.innerReLU[0, 1].intersects(bracket(hw, tolerance: Rational(1, 10).power(44))))
            #expect(k.outerReLU[0, 1].intersects(bracket(ha, tolerance: Rational(1, 10).power(70))))
            #expect(k.outerReLU[0, 1].hasWidth(atMostTwoToTheMinus: 136))
        }
    }

    @Test func enclosuresAreSymmetricNarrowAndConsistent() async {
        await seededPropertyCheck(
            count: 15, input: Gen.uint64(), Gen.int(in: 1...6), Gen.int(in: 1...4),
            Gen.int(in: 8...96)
        ) { seed, n, d, bits in
            var points = KernelFixtures.smallRationalPoints(n: n, d: d, seed: seed)
            points += KernelFixtures.gaussianPoints(n: 2, d: d, seed: seed &+ 1)
            let k = try InfiniteWidthKernel(points: points, bits: bits)
            for s in [Rational(0), Rational(1, 2), 1, Rational(3, 2), 2] {
                let inner = k.inner(s: s), outer = k.outer(s: s), full = k.full(s: s)
                #expect(inner.isSymmetric && outer.isSymmetric && full.isSymmetric)
                let s2 = s * s
                #expect(inner.maximumWidth <= (2 + s2 / 256) * twoPow(-bits))
                #expect(outer.maximumWidth <= (2 + s2 / 256) * twoPow(-bits))
                #expect(full.maximumWidth <= (2 + s2 / 128) * twoPow(-bits))
                // The full kernel is the sum of the blocks: the enclosures must intersect.
                let sum = inner + outer
                for index in full.entries.indices { #expect(full.entries[index].intersects(sum.entries[index])) }
                // K_s − s²K_1 = (1 − s)G: the linear part is exact, so at s = 0 the blocks are G.
                if s.isZero { #expect(inner.contains(k.linear) && outer.contains(k.linear)) }
            }
            // Diagonal: θ = 0, H^w = H^a = |x|²/2 exactly (0 for a zero point).
            for i in 0..<points.count {
                let g = k.linear[i, i]
                #expect(k.innerReLU[i, i] == RationalInterval(g / 2))
                #expect(k.outerReLU[i, i] == RationalInterval(g / 2))
            }
        }
    }

    @Test func invalidInputThrows() {
        #expect(throws: ReferenceError.self) { _ = try InfiniteWidthKernel(points: [], bits: 10) }
        #expect(throws: ReferenceError.self) { _ = try InfiniteWidthKernel(points: [[1, 2], [1]], bits: 10) }
        #expect(throws: ReferenceError.self) { _ = try InfiniteWidthKernel(points: [[1]], bits: -1) }
    }

    // MARK: - Empirical kernels converge to the enclosures

    /// Observed on this fixed seed (printed by the test): the largest error relative to
    /// β²|x||y| over the 90 entries is 0.27, 0.17, 0.081, 0.024, 0.0064, 0.0069 for
    /// m = 64, 256, …, 65 536 — about halving per factor 4 in m as the m^−1/2 law predicts,
    /// except the last step (a maximum of 90 noisy errors fluctuates). The rigorous
    /// tolerance is 38, 9.8, 2.6, 0.75, 0.23, 0.080.
    @Test func empiricalKernelApproachesInfiniteWidthEnclosure() throws {
        // Design. Inner weights w_k ~ N(0, I₃) (Box–Muller, rounded to Float32: a fine
        // discretisation of the Gaussian), outer weights a_k = ±1 (E a² = 1), c = 1/√m, so
        // each entry of K^a and K^w is a mean of m i.i.d. terms X_k whose expectation is the
        // infinite-width entry. Tolerances hold with probability ≥ 1 − δ, δ = 10⁻⁶, jointly
        // for every m, s, block and entry (union bound):
        //  * K^w: X = (x·y)σ'(u)σ'(v), |X| ≤ β²|x·y| with β = max(1, |1 − s|). Bernstein:
        //    |mean − E| ≤ √(2·Var·L/m) + 2·(2β²|x·y|)·L/(3m), Var ≤ β⁴(x·y)², L = ln(2N/δ₁).
        //  * K^a: X = σ(u)σ(v) is unbounded; truncate at |w|² ≤ τ. With τ = (d+2) + 2√((d+2)x)
        //    + 2x, Laurent–Massart gives P(χ²_{d+2} > τ) ≤ e^−x, so P(some |w_k|² > τ) ≤
        //    Σ_m m·e^−x and the truncation bias |E[X; |w|² > τ]| ≤ β²|x||y|·E[|w|²; |w|² > τ]
        //    = β²|x||y|·d·P(χ²_{d+2} > τ) ≤ β²|x||y|·d·e^−x. On the event, Bernstein with
        //    |X − EX| ≤ 2β²|x||y|τ and Var ≤ β⁴E[u²v²] = β⁴(|x|²|y|² + 2(x·y)²) ≤ 3β⁴|x|²|y|².
        //  * The enclosure is 2^−64-tight; the distance to its far endpoint is compared with
        //    tolerance + width, so enclosure width cannot cause a false pass.
        let d = 3, n = 5, bits = 64
        let sValues: [Rational] = [Rational(1, 2), 1, Rational(3, 2)]
        let widths = (0...5).map { 64 << (2 * $0) }  // 64·4^j, j = 0…5
        let points = KernelFixtures.gaussianPoints(n: n, d: d, seed: 2024)
        let data = KernelFixtures.dataset(points)
        let infinite = try InfiniteWidthKernel(points: points, bits: bits)
        let delta = 1e-6
        let entries = n * (n + 1) / 2
        let tests = Double(widths.count * sValues.count * 2 * entries)
        let bigL = log(2 * tests / (delta / 2))
        let totalM = Double(widths.reduce(0, +))
        let x = log(2 * totalM / (delta / 2))
        let dd = Double(d + 2)
        let tau = dd + 2 * (dd * x).squareRoot() + 2 * x
        var previousTolerance = Double.infinity
        for m in widths {
            let network = KernelFixtures.randomNetwork(s: 1, m: m, d: d, seed: 7 &+ UInt64(m), outer: .rademacher)
            let inS = try network.tangentKernelInS(on: data)
            var worstRelative = 0.0, largestTolerance = 0.0
            for s in sValues {
                let beta = max(1, abs(1 - Double(s)))
                let empirical = inS.evaluate(at: s)
                for (block, exact) in [(KernelBlock.inner, empirical.inner), (.outer, empirical.outer)] {
                    let enclosure = infinite.matrix(block, s: s)
                    for i in 0..<n {
                        for j in i..<n {
                            let e = enclosure[i, j], value = exact[i, j]
                            let far = max((value - e.lo).magnitude, (e.hi - value).magnitude)
                            let g = abs(Double(dot(points[i], points[j])))
                            let normProduct = (Double(dot(points[i], points[i])) * Double(dot(points[j], points[j]))).squareRoot()
                            let md = Double(m)
                            let tolerance: Double
                            if block == .inner {
                                let bound = beta * beta * g
                                tolerance = (2 * bound * bound * bigL / md).squareRoot() + 4 * bound * bigL / (3 * md)
                            } else {
                                let scale = beta * beta * normProduct
                                tolerance =
                                    (2 * 3 * scale * scale * bigL / md).squareRoot()
                                    + 4 * scale * tau * bigL / (3 * md) + scale * Double(d) * exp(-x)
                            }
                            let allowed = tolerance * (1 + 1e-9) + Double(e.width)
                            #expect(Double(far) <= allowed, "m = \(m), s = \(s), \(block) (\(i), \(j))")
                            worstRelative = max(worstRelative, Double(far) / (beta * beta * normProduct))
                            largestTolerance = max(largestTolerance, tolerance / (beta * beta * normProduct))
                        }
                    }
                }
            }
            // The rigorous tolerance (relative to β²|x||y|) decreases like m^−1/2 …
            #expect(largestTolerance < previousTolerance)
            previousTolerance = largestTolerance
            print("m = \(m): largest relative error \(worstRelative), tolerance \(largestTolerance)")
        }
        // … and is below 10% at the largest width, so the convergence is certified to that level.
        #expect(previousTolerance < 0.1)
    }

    // MARK: - Positive definiteness (claim 06)

    @Test func infiniteWidthKernelsArePositiveDefiniteOnPairwiseIndependentData() throws {
        // Gaussian points in R³: no two are parallel or antiparallel (checked exactly), so
        // by the jump argument of claim 06 every block is positive definite for every s ≠ 0.
        let points = KernelFixtures.gaussianPoints(n: 10, d: 3, seed: 99)
        for i in 0..<10 {
            for j in (i + 1)..<10 {
                let g = dot(points[i], points[j])
                #expect(g * g != dot(points[i], points[i]) * dot(points[j], points[j]))
            }
        }
        let k = try InfiniteWidthKernel(points: points, bits: 64)
        var reluLower: [KernelBlock: Rational] = [:]
        for block in KernelBlock.allCases {
            let b = try k.smallestEigenvalueBracket(block, s: 1)
            #expect(b.definiteness == .positiveDefinite)
            reluLower[block] = b.lower
        }
        for s in [Rational(1, 4), Rational(1, 2), Rational(3, 4), Rational(5, 4), Rational(3, 2), Rational(7, 4), 2] {
            for block in KernelBlock.allCases {
                let b = try k.smallestEigenvalueBracket(block, s: s)
                #expect(b.definiteness == .positiveDefinite, "s = \(s), \(block): \(b)")
                if s <= 1 {
                    // K_s = (1 − s)·(G or 2G) + s²K_1 ⪰ s²K_1, so λ_min(K_s) ≥ s²·λ_min(K_1):
                    // the certified brackets must be consistent with it.
                    #expect(b.upper >= s * s * reluLower[block]!)
                }
            }
        }
        // n > d: G = XXᵀ is singular, so s = 0 (the linear network) is not definite.
        let linear = try k.smallestEigenvalueBracket(.inner, s: 0)
        #expect(linear.definiteness != .positiveDefinite)
        #expect(try k.linear.inertia() == Inertia(negative: 0, zero: 7, positive: 3))
    }

    @Test func antiparallelPairsCanMakeTheLimitSingular() throws {
        // Three antiparallel pairs in R² (claim 06): K_s α = 0 for α = (1, −1, 1, −1, −1, 1),
        // every s. The enclosure of K_s·α must contain 0 and the certified λ_min bracket must
        // contain 0 (it cannot prove definiteness); exact singularity is proven in the note
        // and by the finite-width identity in KernelEmpiricalTests.
        let points: [[Rational]] = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1]]
        let alpha: [Rational] = [1, -1, 1, -1, -1, 1]
        let k = try InfiniteWidthKernel(points: points, bits: 64)
        for s in [Rational(1, 2), 1, Rational(3, 2)] {
            for block in KernelBlock.allCases {
                let m = k.matrix(block, s: s)
                for entry in m * alpha { #expect(entry.containsZero) }
                let b = try m.smallestEigenvalueBracket()
                #expect(b.contains(0))
                #expect(b.definiteness == .undecided, "\(b)")
            }
        }
    }

    @Test func oneAntiparallelPairIsSingularOnlyAtTheAbsoluteValue() throws {
        // Generic points plus the negation of the first: by claim 06 every block is definite
        // for s ∉ {0, 2}, and singular at s = 2 (|z| is even: x and −x have equal features).
        var points = KernelFixtures.gaussianPoints(n: 5, d: 3, seed: 31)
        points.append(points[0].map { -$0 })
        let k = try InfiniteWidthKernel(points: points, bits: 64)
        let alpha: [Rational] = [1, 0, 0, 0, 0, -1]
        for block in KernelBlock.allCases {
            for s in [Rational(1, 2), 1, Rational(3, 2)] {
                #expect(try k.smallestEigenvalueBracket(block, s: s).definiteness == .positiveDefinite)
            }
            let atTwo = k.matrix(block, s: 2)
            for entry in atTwo * alpha { #expect(entry.containsZero) }
            let b = try atTwo.smallestEigenvalueBracket()
            #expect(b.contains(0) && b.definiteness == .undecided)
        }
    }
}
