import Exact
import ForkJoin
import PropertyBased
import Reference
import TestSupport
import Testing
import VerifiedFloat

// The verified float64 path (proofs-notes/verified-float-kernel.md): the atan remainder bound
// against exact enclosures on a dense grid, entry enclosures against the exact kernel, the
// Cholesky's summation order, Rump's shift against its formula in exact arithmetic, and the
// brackets against exact inertia (an independent re-check of every certificate) on kernels and
// on known matrices.
//
// Containment logic: an exact enclosure E (width 2^−100 or less) of a real v and a float
// enclosure F of the same v; E ⊆ F proves v ∈ F, and E ⊄ F is reported (it could only happen
// with v within 2^−100 of F's end, which these widths make a failure of F in practice).

private func q(_ x: Double) -> Rational { Rational(x) }

private func contains(_ f: FloatInterval, _ e: RationalInterval) -> Bool {
    (f.lo == -.infinity || (f.lo.isFinite && Rational(f.lo) <= e.lo))
        && (f.hi == .infinity || (f.hi.isFinite && e.hi <= Rational(f.hi)))
}

@Suite("Verified float64 kernels and eigenvalue brackets")
struct VerifiedFloatKernelTests {
    // MARK: - Constants and atan

    @Test func constantsEncloseTheirValues() {
        let pi = RationalInterval.pi(bits: 200)
        #expect(contains(ArctanEnclosure.pi, pi))
        #expect(contains(ArctanEnclosure.halfPi, pi.timesPowerOfTwo(-1)))
        #expect(contains(ArctanEnclosure.quarterPi, pi.timesPowerOfTwo(-2)))
        #expect(contains(ArctanEnclosure.inverseTwoPi, (try! pi.reciprocal()).timesPowerOfTwo(-1)))
        for (k, c) in ArctanEnclosure.coefficients.enumerated() {
            #expect(Rational(c.lo) <= Rational(1, 2 * k + 1) && Rational(1, 2 * k + 1) <= Rational(c.hi))
        }
        for tier in ArctanEnclosure.tiers {
            // tail ≥ r^(2N+1)/(2N+1), exactly.
            let r = Rational(tier.radius)
            #expect(Rational(tier.tail) >= r.power(2 * tier.terms + 1) / Rational(2 * tier.terms + 1))
        }
    }

    /// The grid: 1/1024 steps on [−1, 1], the tier boundaries and their neighbours, and points
    /// near 0 and ±1 (`1 − 2^−k`, `2^−k`).
    static let grid: [Double] = {
        var xs = (-1024...1024).map { Double($0) / 1024 }
        for t in [0.1, 0.2, 0.3, 0.41, 0.43] { xs += [t, t.nextUp, t.nextDown, -t] }
        for k in 1...60 {
            let e = Double(sign: .plus, exponent: -k, significand: 1)
            xs += [1 - e, -(1 - e), e, -e]
        }
        return xs
    }()

    @Test func seriesRemainderBoundHoldsOnADenseGrid() {
        // The truncated series P_N(y) in exact rationals differs from atan y (exact enclosure,
        // 120 bits) by at most the tier's tail, for every grid point in the tier's range.
        for y in VerifiedFloatKernelTests.grid where abs(y) <= 0.43 {
            let m = abs(y)
            let tier = ArctanEnclosure.tiers.first { m <= $0.radius }!
            let yq = Rational(y), z = yq * yq
            var sum = Rational(), power = yq
            for k in 0..<tier.terms {
                let term = power / Rational(2 * k + 1)
                sum = k % 2 == 0 ? sum + term : sum - term
                power *= z
            }
            let exact = RationalInterval.atan(yq, bits: 120)
            let tail = Rational(tier.tail)
            #expect(sum - exact.hi <= tail && exact.lo - sum <= tail, "y = \(y)")
        }
    }

    @Test func atanEnclosesTheExactValueOnADenseGrid() {
        for x in VerifiedFloatKernelTests.grid {
            let f = ArctanEnclosure.atan(FloatInterval(x))
            let exact = RationalInterval.atan(Rational(x), bits: 120)
            #expect(contains(f, exact), "atan(\(x)): \(f) does not contain \(exact)")
            // Width: about 2 ulps per operation and end for ~25 operations; 2^−46 is a
            // regression bound (the enclosure is valid whatever its width).
            #expect(f.width <= 0x1p-46, "atan(\(x)) is \(f.width) wide")
        }
        // Interval arguments: the image of [a, b] is [atan a, atan b].
        for (a, b) in [(-1.0, 1.0), (0.3, 0.5), (-0.9, -0.8), (0.999, 1.0)] {
            let f = ArctanEnclosure.atan(FloatInterval(a, b))
            #expect(
                contains(
                    f,
                    RationalInterval(
                        RationalInterval.atan(Rational(a), bits: 100).lo,
                        RationalInterval.atan(Rational(b), bits: 100).hi)))
        }
    }

    // MARK: - Entries

    /// Seeded points with the special configurations appended: a zero point, a duplicate, a
    /// parallel and an antiparallel copy, a nearly parallel one (angle ~2^−30) and a nearly
    /// antiparallel one.
    static func specialPoints(_ base: [[Rational]]) -> [[Rational]] {
        let x = base[0]
        let tilt = x.enumerated().map { k, v in k == 0 ? v + Rational(1, 1 << 30) : v }
        return base + [x.map { _ in Rational() }, x, x.map { 3 * $0 }, x.map { -2 * $0 }, tilt, tilt.map { -$0 }]
    }

    /// `specialPoints` of Float32 Gaussian points (even seeds) or small rationals `p/q`,
    /// `q ≤ 4` (odd seeds: 1/3 is not a double).
    static func seededSpecialPoints(n: Int, d: Int, seed: Int) -> [[Rational]] {
        specialPoints(
            seed % 2 == 0
                ? KernelFixtures.gaussianPoints(n: n, d: d, seed: UInt64(seed))
                : KernelFixtures.smallRationalPoints(n: n, d: d, seed: UInt64(seed)))
    }

    @Test func entriesContainTheExactKernel() async {
        let sValues: [Rational] = [0, 1, 2, Rational(3, 2), Rational(1, 3), Rational(-1, 2)]
        await seededPropertyCheck(count: 12, input: Gen.int(in: 2...7), Gen.int(in: 1...4), Gen.int(in: 0...(1 << 30))) { n, d, seed in
            let points = VerifiedFloatKernelTests.seededSpecialPoints(n: n, d: d, seed: seed)
            let exact = try InfiniteWidthKernel(points: points, bits: 100)
            for s in sValues {
                for block in KernelBlock.allCases {
                    let e = exact.matrix(block, s: s)
                    let f = try VerifiedFloatKernel(points: points, block: block, s: s, threads: 2)
                    var squares = Rational()
                    for i in 0..<points.count {
                        for j in 0..<points.count {
                            let (entry, _) = VerifiedFloatKernel.entryEnclosure(points[i], points[j], block: block, s: s)
                            #expect(contains(entry, e[i, j]), "s = \(s), \(block), (\(i), \(j)): \(entry) ∌ \(e[i, j])")
                            // The matrix's centre is this entry's centre, and ρ bounds the radii.
                            let (m, r) = FloatMatrixEnclosure.centreAndRadius(entry)
                            #expect(f.enclosure.centre[i * points.count + j] == m)
                            squares += Rational(r) * Rational(r)
                            // Width: a regression bound relative to |x||y| + |x·y| (valid anyway).
                            let scale = Double(dot(points[i], points[i]) * dot(points[j], points[j])).squareRoot() + 1
                            #expect(entry.width <= 0x1p-40 * scale * (1 + abs(Double(s)) * abs(Double(s)) + abs(1 - Double(s))))
                        }
                    }
                    #expect(Rational(f.enclosure.radiusBound) * Rational(f.enclosure.radiusBound) >= squares)
                }
            }
        }
    }

    @Test func nearlyParallelPairsStayTight() throws {
        // arccos(x·y/|x||y|) near ±1 would lose half the digits; the Lagrange/atan form does not.
        for k in [10, 20, 26, 30, 40, 52] {
            let e = Rational(1).timesPowerOfTwo(-k)
            let x: [Rational] = [1, 2, 3], y: [Rational] = [1 + e, 2, 3]
            for block in KernelBlock.allCases {
                let (f, fell) = VerifiedFloatKernel.entryEnclosure(x, y, block: block, s: Rational(3, 2))
                #expect(!fell)
                #expect(f.width <= 0x1p-44 * 14, "k = \(k): width \(f.width)")
                let exact = try InfiniteWidthKernel(points: [x, y], bits: 100).matrix(block, s: Rational(3, 2))[0, 1]
                #expect(contains(f, exact))
            }
        }
    }

    // MARK: - Cholesky and Rump's shift

    /// The textbook algorithm: L_ij = (A_ij − Σ_k L_ik L_jk)/L_jj, left to right with fma.
    static func textbookCholesky(_ a: [Double], n: Int) -> [Double]? {
        var l = a
        for j in 0..<n {
            var s = l[j * n + j]
            for k in 0..<j { s = s.addingProduct(-l[j * n + k], l[j * n + k]) }
            guard s > 0 else { return nil }
            let p = s.squareRoot()
            l[j * n + j] = p
            for i in (j + 1)..<max(j + 1, n) {
                var t = l[i * n + j]
                for k in 0..<j { t = t.addingProduct(-l[i * n + k], l[j * n + k]) }
                l[i * n + j] = t / p
            }
        }
        return l
    }

    @Test(arguments: [1, 7, 50, 203, 401])
    func blockedCholeskyIsBitIdenticalToTheTextbookOrder(n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        var b = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) { b[i] = Double(rng.next() % 2001) / 1000 - 1 }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = i == j ? Double(n) : 0
                for k in 0..<n { s += b[i * n + k] * b[j * n + k] }
                a[i * n + j] = s
                a[j * n + i] = s
            }
        }
        let reference = VerifiedFloatKernelTests.textbookCholesky(a, n: n)!
        for threads in [1, 2, 3] {
            var w = a
            let failure = w.withUnsafeMutableBufferPointer { FloatCholesky.factor($0.baseAddress!, n: n, threads: threads) }
            #expect(failure == nil)
            for i in 0..<n { for j in 0...i { #expect(w[i * n + j].bitPattern == reference[i * n + j].bitPattern) } }
        }
    }

    @Test func rumpShiftIsAtLeastTheTheoremsBound() {
        for n in [1, 2, 10, 1000, 100_000] {
            let diagonal = (0..<min(n, 50)).map { Double($0) / 7 + 0.25 } + [Double](repeating: 3, count: max(0, n - 50))
            let c = diagonal.withUnsafeBufferPointer { RumpPositiveDefiniteness.shift(n: n, diagonal: $0) }
            let u = Rational(1).timesPowerOfTwo(-53), eta = Rational(1).timesPowerOfTwo(-1074)
            let k = Rational(2 * (n + 1))
            let gamma = k * u / (1 - k * u)
            let trace = diagonal.reduce(Rational()) { $0 + Rational($1) }
            let maxdiag = diagonal.map(Rational.init).max()!
            let bound = gamma / 2 * trace + 4 * eta * Rational(n) * (2 * Rational(n + 1) + maxdiag)
            #expect(Rational(c) >= bound)
            #expect(Rational(c) <= bound * Rational(1025, 1024))  // and not wildly above it
        }
    }

    // MARK: - Brackets, re-checked by exact inertia

    /// Every proof in a bracket, re-checked on the exact centre `M` by exact inertia
    /// (Sylvester): a Cholesky proof at μ for λ_min means `M − μI ≻ 0`; a Rayleigh bound `hi`
    /// means `M − hi·I` has an eigenvalue ≤ 0; and symmetrically for λ_max.
    static func recheck(_ b: FloatEigenBracket, centre: RationalMatrix) throws {
        func inertia(_ mu: Double) throws -> Inertia { try centre.shiftedDiagonal(by: Rational(mu)).inertia() }
        switch (b.end, b.lowerProof) {
        case let (.smallest, .cholesky(mu, _)):
            let i = try inertia(mu)
            #expect(i.negative == 0 && i.zero == 0, "M − μI not PD at μ = \(mu): \(i)")
        case let (.largest, .rayleigh(lo, _)):
            let i = try inertia(lo)
            #expect(i.positive + i.zero > 0, "no eigenvalue ≥ \(lo): \(i)")
        case let (_, .gershgorin(bound)):
            let i = try inertia(bound)
            #expect(i.negative == 0, "Gershgorin lower \(bound): \(i)")
        default: Issue.record("unexpected lower proof \(b.lowerProof) for \(b.end)")
        }
        switch (b.end, b.upperProof) {
        case let (.smallest, .rayleigh(_, hi)):
            let i = try inertia(hi)
            #expect(i.negative + i.zero > 0, "no eigenvalue ≤ \(hi): \(i)")
        case let (.largest, .cholesky(mu, _)):
            let i = try inertia(mu)
            #expect(i.positive == 0 && i.zero == 0, "μI − M not PD at μ = \(mu): \(i)")
        case let (_, .gershgorin(bound)):
            let i = try inertia(bound)
            #expect(i.positive == 0, "Gershgorin upper \(bound): \(i)")
        default: Issue.record("unexpected upper proof \(b.upperProof) for \(b.end)")
        }
        #expect(b.lower <= b.upper)
    }

    static func brackets(_ e: FloatMatrixEnclosure, relativeWidth: Double = 0x1p-20)
        -> (FloatEigenBracket, FloatEigenBracket)
    {
        let w = UnsafeMutablePointer<Double>.allocate(capacity: max(1, e.n * e.n))
        defer { w.deallocate() }
        let (low, high, _) = VerifiedFloatEigen.brackets(e, relativeWidth: relativeWidth, threads: 2, workspace: w)
        return (low, high)
    }

    static func centre(_ e: FloatMatrixEnclosure) -> RationalMatrix {
        RationalMatrix(rows: e.n, columns: e.n, entries: e.centre.map(Rational.init))
    }

    static func overlaps(_ f: FloatEigenBracket, _ x: EigenvalueBracket) -> Bool {
        f.lower <= x.upper && x.lower <= f.upper
    }

    /// The float brackets of `e`, every certificate re-checked by exact inertia on the centre,
    /// and each overlapping the exact bracket of the same eigenvalue (both enclose it).
    static func checkedBrackets(
        _ e: FloatMatrixEnclosure, exact: (low: EigenvalueBracket, high: EigenvalueBracket), relativeWidth: Double = 0x1p-20,
        _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (FloatEigenBracket, FloatEigenBracket) {
        let (low, high) = brackets(e, relativeWidth: relativeWidth)
        let m = centre(e)
        try recheck(low, centre: m)
        try recheck(high, centre: m)
        #expect(overlaps(low, exact.low), "\(label): λ_min \(low) vs \(exact.low)", sourceLocation: sourceLocation)
        #expect(overlaps(high, exact.high), "\(label): λ_max \(high) vs \(exact.high)", sourceLocation: sourceLocation)
        return (low, high)
    }

    @Test func kernelBracketsAgreeWithTheExactPath() async {
        let sValues: [Rational] = [0, 1, 2, Rational(3, 2), Rational(1, 2)]
        await seededPropertyCheck(count: 6, input: Gen.int(in: 3...14), Gen.int(in: 1...3), Gen.int(in: 0...(1 << 30))) { n, d, seed in
            var points = KernelFixtures.gaussianPoints(n: n, d: d, seed: UInt64(seed))
            if seed % 3 == 0 { points = VerifiedFloatKernelTests.specialPoints(points) }
            let exact = try InfiniteWidthKernel(points: points, bits: 80)
            for s in sValues {
                for block in KernelBlock.allCases {
                    let f = try VerifiedFloatKernel(points: points, block: block, s: s, threads: 2)
                    let xLow = try exact.smallestEigenvalueBracket(block, s: s)
                    let xHigh = try exact.largestEigenvalueBracket(block, s: s)
                    let (low, _) = try VerifiedFloatKernelTests.checkedBrackets(f.enclosure, exact: (xLow, xHigh), "s = \(s) \(block)")
                    // A verdict of the float path is never contradicted by the exact one.
                    switch low.definiteness {
                    case .positiveDefinite: #expect(xLow.definiteness == .positiveDefinite)
                    case .notPositiveDefinite: #expect(xLow.definiteness != .positiveDefinite)
                    case .undecided: break
                    }
                }
            }
        }
    }

    // MARK: - Known matrices

    static func hilbert(_ n: Int) -> RationalMatrix { RationalMatrix(rows: n, columns: n) { i, j in Rational(1, i + j + 1) } }

    static let wilson = try! RationalMatrix([[10, 7, 8, 7], [7, 5, 6, 5], [8, 6, 10, 9], [7, 5, 9, 10]])

    /// `H·diag(λ)·H` with the rational Householder reflector `H = I − 2vvᵀ/(vᵀv)`: a dense
    /// rational matrix with exactly the eigenvalues `λ`.
    static func withEigenvalues(_ lambda: [Rational]) -> RationalMatrix {
        let n = lambda.count
        let v = (0..<n).map { Rational($0 % 3 + 1, $0 % 2 + 2) }
        let vv = v.reduce(Rational()) { $0 + $1 * $1 }
        let h = RationalMatrix(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv }
        return RationalMatrix(rows: n, columns: n) { i, j in
            var s = Rational()
            for k in 0..<n { s += h[i, k] * lambda[k] * h[j, k] }
            return s
        }
    }

    @Test func knownMatricesAreBracketedToTheRequestedWidth() throws {
        let two20 = 0x1p-20
        for (name, a, wellConditioned) in [
            ("Wilson", VerifiedFloatKernelTests.wilson, true),
            ("Hilbert 4", VerifiedFloatKernelTests.hilbert(4), true),
            ("Hilbert 8", VerifiedFloatKernelTests.hilbert(8), false),
            ("Hilbert 12", VerifiedFloatKernelTests.hilbert(12), false),
        ] {
            let e = FloatMatrixEnclosure(a)
            let xLow = try a.smallestEigenvalueBracket(relativeWidth: Rational(1, 1 << 40))
            let xHigh = try a.largestEigenvalueBracket(relativeWidth: Rational(1, 1 << 40))
            let (low, high) = try VerifiedFloatKernelTests.checkedBrackets(e, exact: (xLow, xHigh), relativeWidth: two20, name)
            #expect(low.definiteness != .notPositiveDefinite, "\(name) is positive definite")
            if wellConditioned {
                #expect(low.reachedRequestedWidth && high.reachedRequestedWidth, "\(name): \(low.width), \(high.width)")
                #expect(low.definiteness == .positiveDefinite)
            }
        }
    }

    @Test func clusteredEigenvaluesAreBracketed() throws {
        let e30 = Rational(1).timesPowerOfTwo(-30)
        let lambda: [Rational] = [1, 1 + e30, 1 + 2 * e30, 2, 3, 3 - e30]
        let a = VerifiedFloatKernelTests.withEigenvalues(lambda)
        let (low, high) = VerifiedFloatKernelTests.brackets(FloatMatrixEnclosure(a))
        #expect(low.lower <= 1 && 1 <= low.upper)
        #expect(high.lower <= 3 && 3 <= high.upper)
        #expect(
            low.reachedRequestedWidth && high.reachedRequestedWidth,
            "λ_min ∈ [\(Double(low.lower)), \(Double(low.upper))] by \(low.lowerProof), \(low.upperProof); λ_max ∈ [\(Double(high.lower)), \(Double(high.upper))]"
        )
        #expect(low.definiteness == .positiveDefinite)
    }

    @Test func nearlySingularOrIndefiniteIsNeverCalledPositiveDefinite() throws {
        let tiny = Rational(1).timesPowerOfTwo(-40)
        for (lambda, truth) in [
            ([-tiny, 1, 2, 3, 4], "negative"), ([0, 1, 2, 3, 4], "singular"),
            ([-1, 1, 2, 3, 5], "negative"), ([Rational(-1).timesPowerOfTwo(-60), 1, 1, 2, 2], "negative"),
            ([Rational(1).timesPowerOfTwo(-60), 1, 2, 3, 4], "positive"),
        ] {
            let a = VerifiedFloatKernelTests.withEigenvalues(lambda)
            let (low, _) = VerifiedFloatKernelTests.brackets(FloatMatrixEnclosure(a))
            #expect(low.lower <= lambda[0] && lambda[0] <= low.upper, "\(lambda[0]) ∉ [\(low.lower), \(low.upper)]")
            if truth == "positive" {
                #expect(low.definiteness != .notPositiveDefinite)
            } else {
                #expect(low.definiteness != .positiveDefinite, "\(truth) λ_min = \(lambda[0]) called PD")
            }
        }
        // An indefinite kernel: s = 3 subtracts twice the Gram matrix (n > d points).
        let points = KernelFixtures.gaussianPoints(n: 12, d: 2, seed: 5)
        let f = try VerifiedFloatKernel(points: points, block: .outer, s: 3)
        let (low, _) = VerifiedFloatKernelTests.brackets(f.enclosure)
        let exact = try InfiniteWidthKernel(points: points, bits: 80).smallestEigenvalueBracket(.outer, s: 3)
        #expect(VerifiedFloatKernelTests.overlaps(low, exact))
        if exact.upper.signum < 0 { #expect(low.definiteness != .positiveDefinite) }
    }
}
