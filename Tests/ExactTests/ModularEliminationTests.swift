import PropertyBased
import TestSupport
import Testing

@testable import Exact

/// Multimodular elimination against Bareiss and against plain arithmetic.
@Suite("Multimodular elimination")
struct ModularEliminationTests {
    /// A random symmetric integer workspace of size n with entries of up to `bits` bits.
    private func symmetricWorkspace(n: Int, bits: Int, seed: UInt64, rank: Int? = nil) -> IntegerWorkspace {
        var rng = SplitMix64(seed: seed)
        func entry() -> BigInt {
            var x = BigInt(Int(rng.next() >> 1))
            while x.bitWidth < bits { x = x.shiftedLeft(62) + BigInt(Int(rng.next() >> 2)) }
            x = x.shiftedRight(max(0, x.bitWidth - bits))
            return rng.next() & 1 == 0 ? x : -x
        }
        let work = IntegerWorkspace(rows: n, columns: n)
        // Optionally low rank: A = BᵀB with B of `rank` rows (positive semidefinite).
        if let rank {
            let b = (0..<rank).map { _ in (0..<n).map { _ in entry() } }
            for i in 0..<n {
                for j in i..<n {
                    var sum = BigInt()
                    for r in 0..<rank { sum.addProduct(b[r][i], b[r][j]) }
                    setEntry(work, i, j, sum)
                    setEntry(work, j, i, sum)
                }
            }
        } else {
            for i in 0..<n {
                for j in i..<n {
                    let x = entry()
                    setEntry(work, i, j, x)
                    setEntry(work, j, i, x)
                }
            }
        }
        return work
    }

    private func setEntry(_ work: IntegerWorkspace, _ i: Int, _ j: Int, _ x: BigInt) {
        withExtendedLifetime(x) { cgmpSet(work.at(i, j), x) }
    }

    private func copy(_ work: IntegerWorkspace) -> IntegerWorkspace {
        let result = IntegerWorkspace(rows: work.rows, columns: work.columns)
        for i in 0..<work.rows {
            for j in 0..<work.columns { setEntry(result, i, j, work.value(i, j)) }
        }
        return result
    }

    @Test(arguments: [(12, 8), (20, 64), (33, 200), (48, 30)])
    func symmetricMinorsAgreeWithBareiss(size: Int, bits: Int) {
        for seed: UInt64 in 1...3 {
            let work = symmetricWorkspace(n: size, bits: bits, seed: seed &* 977 &+ UInt64(size))
            let modular = copy(work).symmetricLeadingMinorsModular()
            let bareiss = copy(work).symmetricLeadingMinors()
            #expect(modular == bareiss)
            #expect(bareiss.count == size)
        }
    }

    @Test func zeroMinorIsReportedNotGuessed() {
        // Rank 5 of size 16: M_6 … M_16 are all zero, every prime hits a zero pivot.
        let work = symmetricWorkspace(n: 16, bits: 20, seed: 5, rank: 5)
        #expect(copy(work).symmetricLeadingMinorsModular() == nil)
        let bareiss = work.symmetricLeadingMinors()
        #expect(bareiss.count == 6)
        #expect(bareiss.last == 0)
    }

    @Test(arguments: [12, 25, 40])
    func determinantAgreesWithPivotedBareiss(size: Int) {
        var rng = SplitMix64(seed: UInt64(size))
        let work = IntegerWorkspace(rows: size, columns: size)
        for i in 0..<size {
            for j in 0..<size { setEntry(work, i, j, BigInt(Int(rng.next() % 2_000_001) - 1_000_000)) }
        }
        // Also a singular copy: last row = sum of the first two.
        let singular = copy(work)
        for j in 0..<size { setEntry(singular, size - 1, j, work.value(0, j) + work.value(1, j)) }
        for matrix in [work, singular] {
            let modular = copy(matrix).determinantModular()
            let reference = copy(matrix)
            let (pivots, oddSwaps) = reference.echelon(pivotColumns: size)
            let expected =
                pivots.count == size
                ? (oddSwaps ? -reference.value(size - 1, size - 1) : reference.value(size - 1, size - 1))
                : BigInt()
            #expect(modular == expected)
        }
    }

    @Test func montgomeryMultiplicationMatchesWideArithmetic() async {
        let p = WordPrimes.first(3)[2]
        let arithmetic = Montgomery(prime: p)
        await seededPropertyCheck(count: 500, input: Gen.uint64(), Gen.uint64()) { a, b in
            let a = a % p, b = b % p
            let expected = p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
            let product = arithmetic.leave(arithmetic.multiply(arithmetic.enter(a), arithmetic.enter(b)))
            #expect(product == expected)
            if a != 0 {
                let inverse = arithmetic.leave(arithmetic.inverse(arithmetic.enter(a)))
                #expect(p.dividingFullWidth(a.multipliedFullWidth(by: inverse)).remainder == 1)
            }
        }
    }

    @Test func primalityAgreesWithTrialDivision() {
        for n in UInt64(0)...5000 {
            let trial = n >= 2 && (2...max(2, UInt64(Double(n).squareRoot()))).allSatisfy { $0 == n || n % $0 != 0 }
            #expect(WordPrimes.isPrime(n) == trial, "n = \(n)")
        }
        // The largest prime below 2^62 is 2^62 − 57 (checked with sympy.prevprime).
        #expect(WordPrimes.first(1) == [(1 << 62) - 57])
        #expect(!WordPrimes.isPrime((1 << 61) - 1 + 2))
        #expect(WordPrimes.isPrime((1 << 61) - 1))  // Mersenne prime M61
    }

    @Test func chineseRemainderRecoveryRoundTrips() async {
        await seededPropertyCheck(count: 100, input: ExactGen.bigInt) { x in
            let bits = x.bitWidth + 1
            let recovery = CRTRecovery(maximumBits: bits)
            let residues = recovery.primes.map { UInt64(x.residue(modulo: UInt($0))) }
            #expect(recovery.recover(residues[...], bits: bits) == x)
        }
    }
}
