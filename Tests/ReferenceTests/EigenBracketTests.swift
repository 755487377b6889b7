import Exact
import PropertyBased
import TestSupport
import Testing

// Certified eigenvalue brackets (Exact/SymmetricEigen+Certified.swift) and the cyclic Jacobi
// estimator: matrices with exactly known spectra (diagonal, Cayley-rotated diagonal),
// Hilbert matrices against mpmath, estimates inside the brackets, definiteness verdicts with
// their inertia certificates, and interval matrices (Weyl).

private func twoPow(_ n: Int) -> Rational { Rational(1).timesPowerOfTwo(n) }

/// A symmetric matrix `Q·D·Qᵀ` with known eigenvalues `D`: `Q = (I − S)(I + S)⁻¹` is the
/// Cayley transform of a skew-symmetric `S`, an exactly orthogonal rational matrix.
private func rotatedDiagonal(_ eigenvalues: [Rational], seed: UInt64) -> RationalMatrix {
    let n = eigenvalues.count
    var rng = SplitMix64(seed: seed)
    var skew = RationalMatrix(rows: n, columns: n)
    for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) {
            let v = Rational(Int(rng.next() % 7) - 3, Int(rng.next() % 3) + 1)
            skew[i, j] = v
            skew[j, i] = -v
        }
    }
    let identity = RationalMatrix.identity(n)
    let q = (identity - skew) * (try! (identity + skew).inverse())
    return q * RationalMatrix.diagonal(eigenvalues) * q.transposed
}

/// Hilbert matrix extreme eigenvalues, mpmath 1.3 (`mp.dps = 60`, `eigsy(hilbert(n))`),
/// 45 significant digits; they agree with the closed form (4 ∓ √13)/6 for n = 2.
private let hilbertExtremes: [(Int, String, String)] = [
    (2, "0.0657414540893351178134631220882506756247839044", "1.26759187924399821551987021124508265770854943"),
    (3, "0.00268734035577352923104302127618201642454213386", "1.40831892712365395753748916943388289055035405"),
    (4, "0.0000967023040225868855538606462325153025388314374", "1.50021428005924282321518518877922975874890085"),
    (5, "0.00000328792877217186295711500476054473139973678902", "1.56705069109823079553301100552072463394931525"),
    (6, "0.000000108279948456554976853887723722517812340054901", "1.61889985892433909697058814712578007133553753"),
    (7, "0.00000000349389860599121813293533140797688287118735139", "1.66088533892693111566215572711641776128818528"),
]

@Suite("Certified eigenvalue brackets")
struct EigenBracketTests {
    @Test func diagonalMatricesGiveExactEigenvalues() throws {
        let d: [Rational] = [3, Rational(-1, 7), 5, Rational(2, 3)]
        let a = RationalMatrix.diagonal(d)
        let low = try a.smallestEigenvalueBracket()
        let high = try a.largestEigenvalueBracket()
        #expect(low.isExact && low.lower == Rational(-1, 7))
        #expect(high.isExact && high.upper == 5)
        #expect(low.definiteness == .notPositiveSemidefinite)
        #expect(low.inertiaAtZero == Inertia(negative: 1, zero: 0, positive: 3))
        #expect(try low.certificate.verify(on: a, .smallest))
        #expect(try high.certificate.verify(on: a, .largest))
    }

    @Test func documentedExample() throws {
        let a = try RationalMatrix([[2, 1], [1, 2]])
        let b = try a.smallestEigenvalueBracket()
        #expect(b.isExact && b.lower == 1 && b.definiteness == .positiveDefinite)
        #expect(try b.certificate.verify(on: a, .smallest))
        #expect(SymmetricEigen.eigenvalues([2, 1, 1, 2], n: 2).map { ($0 * 1e12).rounded() } == [1e12, 3e12])
    }

    @Test func singularPositiveSemidefiniteIsCertifiedExactly() throws {
        // A Gram matrix of 3 vectors in R²: rank 2, λ_min = 0 exactly.
        let x = try RationalMatrix([[1, 2], [3, -1], [4, 1]])
        let g = x * x.transposed
        let b = try g.smallestEigenvalueBracket()
        #expect(b.isExact && b.lower.isZero)
        #expect(b.definiteness == .positiveSemidefiniteSingular)
        #expect(b.inertiaAtZero == Inertia(negative: 0, zero: 1, positive: 2))
    }

    @Test func hilbertMatricesAgreeWithMpmath() throws {
        for (n, smallest, largest) in hilbertExtremes {
            let h = RationalMatrix(rows: n, columns: n) { i, j in Rational(1, i + j + 1) }
            let relative = twoPow(-60)
            let low = try h.smallestEigenvalueBracket(relativeWidth: relative)
            let high = try h.largestEigenvalueBracket(relativeWidth: relative)
            for (b, digits) in [(low, smallest), (high, largest)] {
                let d = try Rational(parsing: digits)
                let tolerance = d * Rational(1, 10).power(43)
                #expect(b.reachedRequestedWidth)
                #expect(b.width <= relative * b.upper)
                // The reference bracket [d − tol, d + tol] ∋ λ must meet the certified one.
                #expect(b.lower <= d + tolerance && d - tolerance <= b.upper, "n = \(n): \(b)")
                #expect(try b.certificate.verify(on: h, b.end))
            }
            #expect(low.definiteness == .positiveDefinite)
        }
    }

    @Test func knownSpectraAreBracketed() async {
        await seededPropertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 1...6)) { seed, n in
            var rng = SplitMix64(seed: seed &+ 3)
            let values = (0..<n).map { _ in Rational(Int(rng.next() % 41) - 20, Int(rng.next() % 5) + 1) }
            let a = rotatedDiagonal(values, seed: seed)
            #expect(a.isSymmetric)
            let low = try a.smallestEigenvalueBracket(relativeWidth: twoPow(-30))
            let high = try a.largestEigenvalueBracket(relativeWidth: twoPow(-30))
            let minimum = values.min()!, maximum = values.max()!
            #expect(low.contains(minimum) && high.contains(maximum))
            // Strictness of the certificates: λ_min < upper unless exact.
            #expect(low.isExact || low.upper > minimum)
            #expect(high.isExact || high.lower < maximum)
            #expect(low.lower <= low.upper && high.lower <= high.upper && low.lower <= high.upper)
            #expect(try low.certificate.verify(on: a, .smallest))
            #expect(try high.certificate.verify(on: a, .largest))
            let expected: Definiteness =
                minimum.signum > 0
                ? .positiveDefinite
                : (minimum.isZero ? .positiveSemidefiniteSingular : .notPositiveSemidefinite)
            #expect(low.definiteness == expected)
        }
    }

    @Test func floatEstimatesLieInTheBracketsUpToTheirError() async {
        // Random symmetric matrices with small rational entries. The Jacobi estimate is within
        // about n·2^−53·‖A‖_F of the eigenvalue (backward stability); a generous 2^−40 factor
        // is used, so a failure means a wrong bracket or a broken estimator, not rounding.
        await seededPropertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...12)) { seed, n in
            var rng = SplitMix64(seed: seed)
            var a = RationalMatrix(rows: n, columns: n)
            for i in 0..<n {
                for j in i..<n {
                    let v = Rational(Int(rng.next() % 21) - 10, Int(rng.next() % 6) + 1)
                    a[i, j] = v
                    a[j, i] = v
                }
            }
            let estimates = SymmetricEigen.eigenvalues(of: a)
            let norm = SymmetricEigen.frobeniusNorm(a.entries.map { Double($0) })
            let slack = Rational(Double(n) * norm * 0x1p-40)
            let low = try a.smallestEigenvalueBracket()
            let high = try a.largestEigenvalueBracket()
            #expect(low.lower - slack <= Rational(estimates.first!) && Rational(estimates.first!) <= low.upper + slack)
            #expect(high.lower - slack <= Rational(estimates.last!) && Rational(estimates.last!) <= high.upper + slack)
            #expect(estimates == estimates.sorted())
            // The trace is the sum of the eigenvalues.
            var trace = 0.0
            for i in 0..<n { trace += Double(a[i, i]) }
            #expect(abs(estimates.reduce(0, +) - trace) <= Double(n) * norm * 0x1p-40)
        }
    }

    @Test func intervalMatricesAreBracketedByWeyl() async {
        await seededPropertyCheck(count: 20, input: Gen.uint64(), Gen.int(in: 1...6), Gen.int(in: 4...40)) { seed, n, e in
            var rng = SplitMix64(seed: seed &+ 11)
            let values = (0..<n).map { _ in Rational(Int(rng.next() % 41) - 20, Int(rng.next() % 5) + 1) }
            let a = rotatedDiagonal(values, seed: seed)
            let r = twoPow(-e)
            let x = IntervalMatrix(rows: n, columns: n) { i, j in RationalInterval(a[i, j] - r, a[i, j] + r) }
            for bits in [nil, e + 4] as [Int?] {
                let low = try x.smallestEigenvalueBracket(midpointFractionalBits: bits)
                let high = try x.largestEigenvalueBracket(midpointFractionalBits: bits)
                #expect(low.method == .midpointInertiaAndWeyl)
                #expect(low.contains(values.min()!) && high.contains(values.max()!))
                // ρ ≥ ‖R‖₂ = n·r for the all-r radius matrix (its spectral norm exactly).
                #expect(low.perturbationBound >= Rational(n) * r)
                #expect(low.perturbationBound <= Rational(n) * r * 2)
                // Every symmetric matrix in the enclosure is covered: try a perturbed one.
                var b = a
                b[0, n - 1] += r
                if n > 1 { b[n - 1, 0] += r }
                let lowB = try b.smallestEigenvalueBracket()
                #expect(low.lower <= lowB.upper && lowB.lower <= low.upper)
            }
        }
    }

    @Test func nonSymmetricInputThrows() throws {
        let a = try RationalMatrix([[1, 2], [3, 4]])
        #expect(throws: ExactError.self) { _ = try a.smallestEigenvalueBracket() }
        #expect(throws: ExactError.self) { _ = try IntervalMatrix(a).largestEigenvalueBracket() }
    }

    @Test func jacobiHandlesLargerMatrices() {
        // n = 24: the sorted estimates of Q·D·Qᵀ match D (a rotation by a Cayley transform).
        let n = 24
        let values = (0..<n).map { Rational($0 - 10, 3) }
        let a = rotatedDiagonal(values, seed: 5)
        let estimates = SymmetricEigen.eigenvalues(of: a)
        let norm = SymmetricEigen.frobeniusNorm(a.entries.map { Double($0) })
        for (e, v) in zip(estimates, values) { #expect(abs(e - Double(v)) <= Double(n) * norm * 0x1p-45) }
    }
}
