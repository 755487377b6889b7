import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

// Claim 06 (proofs-notes/claim-06-positive-definiteness.md), item 2, beyond the fixed
// examples of KernelInfiniteWidthTests: antiparallel pairs x, −c·x (c > 0) make the kernels
// singular exactly when their representatives are linearly dependent (for s ≠ 2), because
// σ_s(z) − σ_s(−z) = (2 − s)·z turns every pair into a linear feature. Random dependencies,
// random partner scales c and random s; the verify check 6a uses one instance of this.

@Suite("Claim 6: antiparallel pairs and the null space of the limit kernels")
struct Claim6NullSpaceTests {
    /// Gaussian `y₁, y₂` in R^d (Float, exact), `y₃ = p·y₁ + q·y₂`, and partners `−c_k·y_k`
    /// with dyadic `c_k > 0`. Returns the points `y₁, −c₁y₁, y₂, −c₂y₂, y₃, −c₃y₃` and the
    /// null vector `α = (β_k, −β_k/c_k)_k`, `β = (p, q, −1)`.
    static func dependentPairs(seed: UInt64, d: Int) -> (points: [[Rational]], alpha: [Rational]) {
        var rng = SplitMix64(seed: seed)
        let base = KernelFixtures.gaussianPoints(n: 2, d: d, seed: seed)
        let p0 = Rational((rng.next() & 1 == 0 ? 1 : -1) * (Int(rng.next() % 4) + 1))  // ±1 … ±4
        let q = Rational(Int(rng.next() % 5) + 1, Int(rng.next() % 3) + 1)  // 1/3 … 5
        let y3 = zip(base[0], base[1]).map { p0 * $0 + q * $1 }
        let ys = [base[0], base[1], y3]
        let beta = [p0, q, Rational(-1)]
        var points: [[Rational]] = [], alpha: [Rational] = []
        for k in 0..<3 {
            let c = Rational(Int(rng.next() % 15) + 1, 4)  // 1/4 … 15/4
            points.append(ys[k])
            points.append(ys[k].map { -c * $0 })
            alpha.append(beta[k])
            alpha.append(-beta[k] / c)
        }
        return (points, alpha)
    }

    @Test func dependentAntiparallelRepresentativesGiveANullVectorForEveryS() async {
        await seededPropertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 2...3), ReferenceGen.s) { seed, d, s in
            let (points, alpha) = Self.dependentPairs(seed: seed, d: d)
            let kernel = try! InfiniteWidthKernel(points: points, bits: 64)
            for block in KernelBlock.allCases {
                let product = kernel.matrix(block, s: s) * alpha
                #expect(product.allSatisfy { $0.containsZero }, "seed \(seed), d = \(d), s = \(s), \(block): K α = \(product)")
            }
            // Finite width: K_m(s) α = 0 exactly as polynomials in s, for a random network.
            let network = KernelFixtures.randomNetwork(s: 1, m: 16, d: d, seed: seed ^ 0xA5A5)
            if let k = try? network.tangentKernelInS(on: KernelFixtures.dataset(points)) {
                for block in [k.outer, k.inner] {
                    for c in block.coefficients {
                        #expect((c * alpha).allSatisfy { $0.isZero }, "seed \(seed): finite-width K α ≠ 0")
                    }
                }
            }
        }
    }

    @Test func independentAntiparallelRepresentativesKeepTheKernelDefiniteExceptAtTwo() async throws {
        // d Gaussian representatives in R^d (independent almost surely; checked exactly), each
        // with a partner −c·y, plus two generic points: definite for s ∉ {0, 2}, singular at 2.
        await seededPropertyCheck(count: 6, input: Gen.uint64(), Gen.int(in: 2...3)) { seed, d in
            var rng = SplitMix64(seed: seed)
            let ys = KernelFixtures.gaussianPoints(n: d + 2, d: d, seed: seed)
            let gram = RationalMatrix(rows: d, columns: d) { i, j in dot(ys[i], ys[j]) }
            #expect(try! gram.inertia().zero == 0, "representatives dependent for seed \(seed)")
            var points = ys
            var partnerOfFirst = Rational()
            for k in 0..<d {
                let c = Rational(Int(rng.next() % 15) + 1, 4)
                if k == 0 { partnerOfFirst = c }
                points.append(ys[k].map { -c * $0 })
            }
            let kernel = try! InfiniteWidthKernel(points: points, bits: 64)
            for s in [Rational(1, 2), 1, Rational(3, 2), Rational(15, 8)] {
                let bracket = try! kernel.smallestEigenvalueBracket(.full, s: s)
                #expect(bracket.definiteness == .positiveDefinite, "seed \(seed), s = \(s): \(bracket)")
            }
            // s = 2: c·e₁ − e_partner is a null vector; λ_min ≤ its Rayleigh quotient ≈ 0.
            var alpha = [Rational](repeating: Rational(), count: points.count)
            alpha[0] = partnerOfFirst
            alpha[d + 2] = -1
            let product = kernel.matrix(.full, s: 2) * alpha
            #expect(product.allSatisfy { $0.containsZero }, "seed \(seed): K_2 α = \(product)")
            #expect(try! kernel.smallestEigenvalueBracket(.full, s: 2).definiteness != .positiveDefinite)
        }
    }
}
