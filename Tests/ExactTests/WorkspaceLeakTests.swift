import TestSupport
import Testing

@testable import Exact

// GMP heap accounting for the elimination and integer workspaces (`IntegerWorkspace`,
// Bareiss, multimodular minors, and the public eliminations built on them), as
// `LeakTests` does for the value types.
//
// `GMPMemory.measure` counts the blocks of the calling thread. Bareiss splits a step
// across threads when `remaining rows × columns ≥ 512`, so the matrices below stay at
// n ≤ 20 (≤ 19·20 = 380 per step): every GMP allocation of the elimination is then made
// and freed on the measuring thread and the count is exact. `solve` and `inverse` eliminate
// an n × 2n workspace, which forks from n = 17 on (at n = 20 with 300-bit entries this
// thread's count was −33: limbs grown on a worker, freed here), so they run at n ≤ 16.
// The multimodular paths
// (n ≥ 12) always fork, but their workers only read GMP values (residues are `UInt64`),
// so they allocate nothing there either — which the tests check too (a worker allocation
// freed on this thread would show as a negative count). The parallel Bareiss steps are
// covered by the sanitizer and valgrind runs of `scripts/hardening.sh`.

/// A symmetric `n × n` matrix of rationals with numerators and denominators of up to
/// ~`bits` bits, positive definite when `definite` (diagonally dominant).
private func symmetricMatrix(n: Int, bits: Int, seed: UInt64, definite: Bool = false) -> RationalMatrix {
    var rng = SplitMix64(seed: seed)
    func big() -> BigInt {
        var x = BigInt(Int(rng.next() >> 2))
        while x.bitWidth < bits { x = x.shiftedLeft(61) + BigInt(Int(rng.next() >> 3)) }
        return x.shiftedRight(max(0, x.bitWidth - bits))
    }
    var entries = [[Rational]](repeating: [Rational](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in i..<n {
            var q = Rational(big() - twoToThe(bits - 1), big() + 1)
            if i == j, definite { q = Rational(twoToThe(bits + 8) * BigInt(n)) + q.magnitude }
            entries[i][j] = q
            entries[j][i] = q
        }
    }
    return try! RationalMatrix(entries)
}

@Suite("GMP memory accounting of the workspaces")
struct WorkspaceLeakTests {
    @Test(arguments: [(5, 40), (11, 200), (16, 64), (20, 100)])
    func eliminationsLeaveNoLiveBlocks(n: Int, bits: Int) throws {
        let m = symmetricMatrix(n: n, bits: bits, seed: UInt64(n * 1000 + bits))
        let definite = symmetricMatrix(n: n, bits: bits, seed: UInt64(n * 1000 + bits) + 1, definite: true)
        let measured = GMPMemory.measure { () -> Int in
            var checksum = 0
            checksum &+= m.determinant.bitSize
            checksum &+= m.leadingPrincipalMinors.count
            checksum &+= m.rank
            checksum &+= ((try? m.inertia())?.negative ?? -1)
            checksum &+= ((try? m.ldlt())?.inertia.positive ?? -1)
            if n <= 16 {
                checksum &+= ((try? definite.inverse())?.rows ?? -1)
                checksum &+= ((try? definite.solve([Rational](repeating: 1, count: n)))?.count ?? -1)
            }
            checksum &+= definite.isPositiveDefinite ? 1 : 0
            return checksum
        }
        #expect(measured.liveBlocks == 0, "n = \(n), \(bits) bits: \(measured.liveBlocks) GMP blocks left alive")
        #expect(measured.allocations > n * n, "the counter did not see the elimination (\(measured.allocations))")
    }

    @Test(arguments: [(6, 30), (14, 100), (20, 40)])
    func certifiedEigenvalueBracketsLeaveNoLiveBlocks(n: Int, bits: Int) throws {
        let m = symmetricMatrix(n: n, bits: bits, seed: UInt64(77 + n), definite: true)
        let measured = GMPMemory.measure { () -> Bool in
            let low = try? m.smallestEigenvalueBracket(relativeWidth: Rational(1, 1 << 10))
            let high = try? m.largestEigenvalueBracket(relativeWidth: Rational(1, 1 << 10))
            return low != nil && high != nil
        }
        #expect(measured.result)
        #expect(measured.liveBlocks == 0, "n = \(n): \(measured.liveBlocks) GMP blocks left alive")
        #expect(measured.allocations > 0)
    }

    /// The workspace itself: `init` allocates no limbs (GMP's `mpz_init` is lazy), the
    /// entries' limbs are freed by `deinit`, and the elimination's temporaries and the
    /// CRT recovery free theirs. The figures printed are the ones in
    /// `proofs-notes/hardening.md`.
    @Test(arguments: [8, 12, 20])
    func integerWorkspaceBlockCounts(n: Int) {
        let m = symmetricMatrix(n: n, bits: 64, seed: UInt64(n))
        var counts: [String: (live: Int, allocations: Int)] = [:]
        func record(_ name: String, _ body: () -> Void) {
            let measured = GMPMemory.measure(body)
            counts[name] = (measured.liveBlocks, measured.allocations)
        }
        record("empty workspace") { _ = IntegerWorkspace(rows: n, columns: n) }
        record("congruence-scaled + Bareiss minors") {
            let (work, _) = IntegerWorkspace.congruenceScaled(m)
            _ = work.symmetricLeadingMinors()
        }
        record("congruence-scaled + modular minors") {
            let (work, _) = IntegerWorkspace.congruenceScaled(m)
            _ = work.symmetricLeadingMinorsModular()
        }
        record("row-scaled + echelon") {
            let (work, _) = IntegerWorkspace.rowScaled(m)
            _ = work.echelon(pivotColumns: n)
        }
        record("row-scaled + modular determinant") {
            let (work, _) = IntegerWorkspace.rowScaled(m)
            _ = work.determinantModular()
        }
        #expect(counts["empty workspace"]!.allocations == 0, "mpz_init should not allocate")
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
            print("GMP blocks, n = \(n), 64-bit entries, \(name): \(count.allocations) allocated, \(count.live) live after")
            #expect(count.live == 0, "\(name): \(count.live) GMP blocks left alive")
        }
        #expect(
            counts["congruence-scaled + Bareiss minors"]!.allocations >= n * n / 2,
            "the counter did not see the elimination")
    }

    /// A workspace kept alive outside the body is counted: its entries' limbs show as
    /// live, and freeing it gives them back (the counter sees the workspace at all).
    @Test func keptWorkspaceIsCounted() {
        let m = symmetricMatrix(n: 10, bits: 128, seed: 3)
        var kept: [IntegerWorkspace] = []
        let made = GMPMemory.measure { kept.append(IntegerWorkspace.rowScaled(m).0) }
        #expect(made.liveBlocks >= 100 - 10, "10 × 10 entries of ~128 bits: \(made.liveBlocks) live")
        let freed = GMPMemory.measure { kept.removeAll() }
        #expect(freed.liveBlocks == -made.liveBlocks)
    }
}
