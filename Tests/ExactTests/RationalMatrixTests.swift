import Exact
import PropertyBased
import TestSupport
import Testing

/// Square matrices of size 1…`maxSize` with small rational entries; every
/// `(zeroEvery + 1)`-th entry is set to 0 so that singular matrices and zero
/// pivots appear often.
private func squareMatrices(maxSize: Int = 5) -> Generator<RationalMatrix, some SendableSequenceType> {
    zip(Gen.int(in: 1...maxSize), ExactGen.smallRational.array(of: maxSize * maxSize), Gen.int(in: 0...3))
        .map { (input: (Int, [Rational], Int)) -> RationalMatrix in
            let (n, values, zeroEvery) = input
            var entries = Array(values.prefix(n * n))
            if zeroEvery > 0 {
                for index in stride(from: 0, to: entries.count, by: zeroEvery + 1) { entries[index] = 0 }
            }
            return RationalMatrix(rows: n, columns: n, entries: entries)
        }
}

/// Determinant by cofactor expansion along the first row: independent of elimination.
private func cofactorDeterminant(_ m: RationalMatrix) -> Rational {
    let n = m.rows
    if n == 0 { return 1 }
    if n == 1 { return m[0, 0] }
    var sum = Rational()
    for j in 0..<n where !m[0, j].isZero {
        let minor = RationalMatrix(rows: n - 1, columns: n - 1) { r, c in m[r + 1, c < j ? c : c + 1] }
        let term = m[0, j] * cofactorDeterminant(minor)
        if j % 2 == 0 { sum += term } else { sum -= term }
    }
    return sum
}

@Suite("RationalMatrix: elimination against independent facts")
struct RationalMatrixTests {
    @Test func determinantMatchesCofactorExpansion() async {
        await seededPropertyCheck(count: 200, input: squareMatrices()) { m in
            #expect(m.determinant == cofactorDeterminant(m))
        }
    }

    @Test func determinantOfSymmetricMatchesCofactorExpansion() async {
        await seededPropertyCheck(count: 200, input: squareMatrices()) { m in
            let s = m + m.transposed
            #expect(s.determinant == cofactorDeterminant(s))
        }
    }

    @Test func determinantIsMultiplicative() async {
        await seededPropertyCheck(count: 100, input: squareMatrices(maxSize: 4), squareMatrices(maxSize: 4)) { a, b in
            let n = min(a.rows, b.rows)
            let a = a.leadingSubmatrix(n), b = b.leadingSubmatrix(n)
            #expect((a * b).determinant == a.determinant * b.determinant)
        }
    }

    @Test func leadingMinorsAreDeterminantsOfLeadingBlocks() async {
        await seededPropertyCheck(count: 150, input: squareMatrices()) { m in
            for s in [m, m + m.transposed] {
                let expected = (1...s.rows).map { cofactorDeterminant(s.leadingSubmatrix($0)) }
                #expect(s.leadingPrincipalMinors == expected)
            }
        }
    }

    @Test func gramMatrixIsSemidefiniteWithNullityFromRank() async {
        // AᵀA ⪰ 0 and its zero eigenvalues number n − rank(A).
        await seededPropertyCheck(count: 150, input: squareMatrices(), Gen.int(in: 1...5)) { a, keepRows in
            let rows = min(keepRows, a.rows)
            let tall = RationalMatrix(rows: rows, columns: a.columns) { i, j in a[i, j] }
            let gram = tall.transposed * tall
            let inertia = try gram.inertia()
            #expect(inertia.negative == 0)
            #expect(inertia.zero == a.columns - tall.rank)
            #expect(inertia.positive == tall.rank)
        }
    }

    @Test func inertiaIsInvariantUnderCongruence() async {
        await seededPropertyCheck(count: 150, input: squareMatrices(), squareMatrices()) { m, s in
            let n = min(m.rows, s.rows)
            let sym = m.leadingSubmatrix(n) + m.leadingSubmatrix(n).transposed
            let change = s.leadingSubmatrix(n)
            guard !change.determinant.isZero else { return }
            let transformed = try (change.transposed * sym * change).inertia()
            let original = try sym.inertia()
            #expect(transformed == original)
        }
    }

    @Test func ldltReconstructsAndGivesTheSameInertia() async {
        await seededPropertyCheck(count: 200, input: squareMatrices()) { m in
            let sym = m + m.transposed
            let f = try sym.ldlt()
            let permuted = RationalMatrix(rows: sym.rows, columns: sym.columns) { i, j in
                sym[f.permutation[i], f.permutation[j]]
            }
            #expect(f.lower * f.diagonal * f.lower.transposed == permuted)
            for i in 0..<sym.rows {
                #expect(f.lower[i, i] == 1)
                for j in (i + 1)..<max(i + 1, sym.rows) { #expect(f.lower[i, j] == 0) }
            }
            let inertia = try sym.inertia()
            #expect(f.inertia == inertia)
            #expect(f.inertia.zero == sym.rows - sym.rank)
        }
    }

    @Test func knownInertias() throws {
        let swap = try RationalMatrix([[0, 1], [1, 0]])
        #expect(try swap.inertia() == Inertia(negative: 1, zero: 0, positive: 1))
        let zero = RationalMatrix(rows: 3, columns: 3)
        #expect(try zero.inertia() == Inertia(negative: 0, zero: 3, positive: 0))
        let mixed = RationalMatrix.diagonal([-2, 0, Rational(1, 3), 5])
        #expect(try mixed.inertia() == Inertia(negative: 1, zero: 1, positive: 2))
        // Zero diagonal everywhere: the factorisation must start with a 2×2 pivot.
        let hollow = try RationalMatrix([[0, 1, 1], [1, 0, 1], [1, 1, 0]])  // eigenvalues 2, −1, −1
        #expect(try hollow.inertia() == Inertia(negative: 2, zero: 0, positive: 1))
        #expect(throws: ExactError.self) { try RationalMatrix([[1, 2], [3, 4]]).inertia() }
    }

    @Test func hilbertDeterminantsMatchTheClosedForm() throws {
        // det H_n = c_n⁴ / c_{2n}, c_n = ∏_{i<n} i!.
        func superfactorial(_ n: Int) -> BigInt {
            var product = BigInt(1), factorial = BigInt(1)
            for i in 0..<n {
                if i > 0 { factorial *= BigInt(i) }
                product *= factorial
            }
            return product
        }
        for n in 1...12 {
            let hilbert = RationalMatrix(rows: n, columns: n) { i, j in Rational(1, i + j + 1) }
            let c = superfactorial(n)
            #expect(hilbert.determinant == Rational(c.power(4), superfactorial(2 * n)))
            #expect(try hilbert.inertia() == Inertia(negative: 0, zero: 0, positive: n))
        }
    }

    @Test func solveInvertsMultiplication() async {
        await seededPropertyCheck(count: 150, input: squareMatrices(), ExactGen.smallRational.array(of: 5)) { m, x in
            let x = Array(x.prefix(m.rows))
            let b = m * x
            if m.determinant.isZero {
                #expect(throws: ExactError.singularMatrix) { try m.solve(b) }
            } else {
                let solution = try m.solve(b)
                let inverse = try m.inverse()
                #expect(solution == x)
                #expect(inverse * m == RationalMatrix.identity(m.rows))
            }
        }
    }

    @Test func largeSymmetricEliminationAgreesWithGeneralPath() throws {
        // det(AᵀA) runs the parallel symmetric kernel; det(A)² the pivoted general one.
        var generator = SplitMix64(seed: 7)
        let n = 40
        var values: [Rational] = []
        for _ in 0..<(n * n) {
            values.append(Rational(Int(generator.next() % 2001) - 1000, Int(generator.next() % 16) + 1))
        }
        let a = RationalMatrix(rows: n, columns: n, entries: values)
        let det = a.determinant
        #expect(!det.isZero)
        let gram = a.transposed * a
        #expect(gram.determinant == det * det)
        #expect(try gram.inertia() == Inertia(negative: 0, zero: 0, positive: n))
    }

    @Test func shapesAreChecked() {
        #expect(throws: ExactError.self) { try RationalMatrix([[1, 2], [3]]) }
        #expect(throws: ExactError.self) { try RationalMatrix(rows: 2, columns: 3).solve([1, 2]) }
    }
}
