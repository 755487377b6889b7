import Exact
import PropertyBased
import TestSupport
import Testing

// IntervalMatrix: inclusion arithmetic, midpoint/radius view, the spectral-norm bound of the
// radii, outward rounding.

private func twoPow(_ n: Int) -> Rational { Rational(1).timesPowerOfTwo(n) }

/// A random `rows × columns` interval matrix from small rationals, with a point inside each
/// entry picked by a fraction in [0, 1].
private func randomIntervalMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> (IntervalMatrix, RationalMatrix) {
    var state = seed
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33)
    }
    var inside = RationalMatrix(rows: rows, columns: columns)
    let x = IntervalMatrix(rows: rows, columns: columns) { i, j in
        let a = Rational(next() % 41 - 20, next() % 7 + 1), w = Rational(abs(next() % 9), next() % 5 + 1)
        let t = Rational(abs(next() % 17), 16)
        inside[i, j] = a + t * w
        return RationalInterval(a, a + w)
    }
    return (x, inside)
}

@Suite("Interval matrices")
struct IntervalMatrixTests {
    @Test func documentedExample() throws {
        let x = IntervalMatrix(rows: 2, columns: 2) { i, j in
            i == j ? RationalInterval(Rational(2), Rational(3)) : RationalInterval(Rational(1, 8))
        }
        #expect(x.contains(try RationalMatrix([[2, Rational(1, 8)], [Rational(1, 8), 3]])))
        #expect(x.midpoint == (try RationalMatrix([[Rational(5, 2), Rational(1, 8)], [Rational(1, 8), Rational(5, 2)]])))
        #expect(x.radiusNormBound == Rational(1, 2))
        #expect(x.isSymmetric && !x.isPoint)
    }

    @Test func arithmeticIsInclusion() async {
        await seededPropertyCheck(count: 60, input: Gen.uint64(), Gen.int(in: 1...4), Gen.int(in: 1...4)) { seed, r, c in
            let (x, a) = randomIntervalMatrix(r, c, seed: seed)
            let (y, b) = randomIntervalMatrix(r, c, seed: seed &+ 1)
            #expect(x.contains(a) && y.contains(b))
            #expect((x + y).contains(a + b))
            #expect((x - y).contains(a - b))
            #expect((a + y).contains(a + b))
            #expect((Rational(-3, 2) * x).contains(Rational(-3, 2) * a))
            #expect(x.transposed.contains(a.transposed))
            let v = (0..<c).map { Rational($0 * 3 - 2, $0 + 1) }
            let product = x * v, exact = a * v
            for (e, value) in zip(product, exact) { #expect(e.contains(value)) }
            let vi = v.map { RationalInterval($0 - Rational(1, 4), $0 + Rational(1, 4)) }
            for (e, value) in zip(x * vi, exact) { #expect(e.contains(value)) }
            // Midpoint ± radii is the same enclosure.
            let m = x.midpoint, rad = x.radii
            for index in x.entries.indices {
                #expect(x.entries[index] == RationalInterval(m.entries[index] - rad.entries[index], m.entries[index] + rad.entries[index]))
            }
            // Rounding outward keeps the enclosure.
            let rounded = x.rounded(outwardToFractionalBits: 3)
            #expect(rounded.contains(x) && rounded.contains(a))
            #expect(rounded.maximumWidth <= x.maximumWidth + twoPow(-2))
        }
    }

    @Test func radiusNormBoundIsAnUpperBoundOfTheSpectralNorm() async {
        // ‖R‖₂² = λ_max(RᵀR) ≤ ρ² is decided exactly: ρ²I − RᵀR has no negative eigenvalue.
        await seededPropertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...5), Gen.int(in: 1...5)) { seed, r, c in
            let (x, _) = randomIntervalMatrix(r, c, seed: seed)
            let rho = x.radiusNormBound
            let radii = x.radii
            let gram = radii.transposed * radii
            let certificate = try (-gram).shiftedDiagonal(by: -(rho * rho)).inertia()
            #expect(certificate.negative == 0)
            // And it is not absurdly loose: ρ ≤ Frobenius norm (≤ √rank·‖R‖₂).
            var frobenius = Rational()
            for e in radii.entries { frobenius.addProduct(e, e) }
            #expect(rho * rho <= frobenius * (1 + twoPow(-50)))
        }
    }

    @Test func pointMatricesHaveZeroRadius() throws {
        let a = try RationalMatrix([[1, Rational(1, 3)], [Rational(1, 3), -2]])
        let x = IntervalMatrix(a)
        #expect(x.isPoint && x.radiusNormBound.isZero && x.midpoint == a && x.maximumWidth.isZero)
        #expect(x.description == "[[[1, 1], [1/3, 1/3]], [[1/3, 1/3], [-2, -2]]]")
    }
}
