import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

// The exact empirical tangent kernel at finite width: the fast integer-scaled code against
// the definition (Gram matrices of the output Jacobian), K = K^a + K^w, symmetry and positive
// semidefiniteness by exact inertia, kinks, zero points, the polynomial form in s, and the
// symmetric-initialisation identity K_s = (1 − s) K_0 + s² K_1 (proofs-notes/claim-04).

private let specialS: [Rational] = [0, 1, 2, Rational(3, 2), Rational(1, 2), Rational(-1, 3), Rational(7, 4)]

@Suite("Empirical tangent kernel")
struct KernelEmpiricalTests {
    @Test func documentedExample() throws {
        let net = try TwoLayerNetwork(s: 1, outer: [1, -1, 1, -1], inner: [[1, 0], [1, 0], [0, 1], [0, 1]])
        let data = try Dataset(points: [[1, 1], [2, -1]], targets: [0, 0])
        #expect(try net.outerKernel(on: data) == RationalMatrix([[1, 1], [1, 2]]))
        // K^w: c² = 1/4, Σ a_k² σ'σ' over neurons with both pre-activations positive.
        // x₁·x₁ = 2, x₁·x₂ = 1, x₂·x₂ = 5; σ'(z) for x₂ is [1, 1, 0, 0].
        #expect(try net.innerKernel(on: data) == RationalMatrix([[2, Rational(1, 2)], [Rational(1, 2), Rational(5, 2)]]))
    }

    @Test func fastKernelsEqualTheDefinitionOnGaussianData() async {
        // Float32 Gaussian data and weights: no kinks (probability 0), several limb sizes.
        await seededPropertyCheck(
            count: 25, input: Gen.uint64(), Gen.int(in: 1...7), Gen.int(in: 1...4),
            Gen.int(in: 1...5), Gen.int(in: 0...(specialS.count - 1))
        ) { seed, n, d, root, si in
            let s = specialS[si]
            let network = KernelFixtures.randomNetwork(s: s, m: root * root, d: d, seed: seed)
            var points = KernelFixtures.gaussianPoints(n: n, d: d, seed: seed &+ 1)
            // A near-parallel copy of the first point (angle ≈ 2^−40) and a duplicate.
            points.append([points[0][0] + Rational(1).timesPowerOfTwo(-40)] + points[0].dropFirst())
            points.append(points[0])
            let data = KernelFixtures.dataset(points)
            let reference = KernelFixtures.kernelsByDefinition(network, data)
            let k = try network.tangentKernel(on: data)
            #expect(k.outer == reference.outer)
            #expect(k.inner == reference.inner)
            #expect(k.full == k.outer + k.inner)
        }
    }

    @Test func fastKernelsEqualTheDefinitionOnSmallRationals() async {
        // Small rationals with non-dyadic denominators and an explicit scale: kinks, zero
        // points and parallel points are frequent. K^a always exists; K^w exists exactly when
        // the definition's Jacobian does (or s = 0).
        await seededPropertyCheck(
            count: 60, input: Gen.uint64(), Gen.int(in: 1...6), Gen.int(in: 1...3),
            Gen.int(in: 1...6), Gen.int(in: 0...(specialS.count - 1))
        ) { seed, n, d, m, si in
            let s = specialS[si]
            let points = KernelFixtures.smallRationalPoints(n: n, d: d, seed: seed)
            let weights = KernelFixtures.smallRationalPoints(n: m, d: d, seed: seed &+ 7)
            let outer = KernelFixtures.smallRationalPoints(n: m, d: 1, seed: seed &+ 13).map { $0[0] }
            let network = try TwoLayerNetwork(s: s, scale: Rational(2, 3), outer: outer, inner: weights)
            let data = KernelFixtures.dataset(points)
            let reference = KernelFixtures.kernelsByDefinition(network, data)
            #expect(try network.outerKernel(on: data) == reference.outer)
            let kinks = try network.innerKernelKinks(on: data)
            if let inner = reference.inner {
                #expect(try network.innerKernel(on: data) == inner)
                if !s.isZero { #expect(kinks.isEmpty) }
            } else {
                #expect(!kinks.isEmpty)
                #expect(throws: ReferenceError.kink(kinks)) { _ = try network.innerKernel(on: data) }
                #expect(throws: ReferenceError.kink(kinks)) { _ = try network.tangentKernel(on: data) }
            }
            // Every reported kink is a genuine one: w_k·x_i = 0, a_k ≠ 0, x_i ≠ 0.
            for kink in kinks {
                #expect(dot(weights[kink.neuron], points[kink.sample]).isZero)
                #expect(!outer[kink.neuron].isZero)
                let zeroPoint = points[kink.sample].allSatisfy { $0.isZero }
                #expect(!zeroPoint)
            }
        }
    }

    @Test func largeNumeratorsAndDenominatorsTakeTheBigIntPath() async {
        // Scaled pre-activations beyond 128 bits (points times 2^90, weights over 3^40 and with
        // 70-bit numerators): the BigInt limb path, many 26-bit limbs, must still be exact.
        let big = BigInt(3).power(40)
        await seededPropertyCheck(
            count: 10, input: Gen.uint64(), Gen.int(in: 1...4), Gen.int(in: 1...3),
            Gen.int(in: 0...(specialS.count - 1))
        ) { seed, n, d, si in
            let points = KernelFixtures.smallRationalPoints(n: n, d: d, seed: seed).map { x in
                x.map { $0.timesPowerOfTwo(90) + Rational(1, 7) }
            }
            let weights = KernelFixtures.gaussianPoints(n: 4, d: d, seed: seed &+ 5).map { w in
                w.map { $0 * Rational(BigInt(1).shiftedLeft(70) + BigInt(12345), big) }
            }
            let outer = KernelFixtures.gaussianPoints(n: 4, d: 1, seed: seed &+ 9).map { $0[0] * Rational(BigInt(1).shiftedLeft(40), big) }
            let network = try TwoLayerNetwork(s: specialS[si], outer: outer, inner: weights)
            let data = KernelFixtures.dataset(points)
            let reference = KernelFixtures.kernelsByDefinition(network, data)
            let outerKernel = try network.outerKernel(on: data)
            #expect(outerKernel == reference.outer)
            if let inner = reference.inner {
                let innerKernel = try network.innerKernel(on: data)
                #expect(innerKernel == inner)
            }
        }
    }

    @Test func blocksAreSymmetricPositiveSemidefiniteGramMatrices() async {
        await seededPropertyCheck(
            count: 25, input: Gen.uint64(), Gen.int(in: 1...9), Gen.int(in: 1...3),
            Gen.int(in: 0...(specialS.count - 1))
        ) { seed, n, d, si in
            let network = KernelFixtures.randomNetwork(s: specialS[si], m: 16, d: d, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: d, seed: seed &+ 1))
            let k = try network.tangentKernel(on: data)
            for block in [k.outer, k.inner, k.full] {
                #expect(block.isSymmetric)
                let inertia = try block.inertia()
                #expect(inertia.negative == 0)
                // Rank ≤ number of features: m for K^a, m·d for K^w.
            }
            #expect(try k.outer.inertia().positive <= 16)
            #expect(try k.inner.inertia().positive <= min(n, 16 * d))
        }
    }

    @Test func polynomialFormAgreesWithEveryS() async {
        await seededPropertyCheck(count: 20, input: Gen.uint64(), Gen.int(in: 1...5), Gen.int(in: 1...3)) { seed, n, d in
            let base = KernelFixtures.randomNetwork(s: 1, m: 9, d: d, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: d, seed: seed &+ 1))
            let inS = try base.tangentKernelInS(on: data)
            #expect((inS.outer.degree ?? 0) <= 2 && (inS.inner.degree ?? 0) <= 2)
            #expect(inS.full == inS.outer + inS.inner)
            for s in specialS {
                let k = try base.with(s: s).tangentKernel(on: data)
                #expect(inS.evaluate(at: s) == k)
            }
            // Entry view and coefficient view agree.
            let entry = inS.inner[0, n - 1]
            for s in specialS { #expect(entry.evaluate(at: s) == inS.inner.evaluate(at: s)[0, n - 1]) }
        }
    }

    @Test func zeroPointGivesZeroRowsAndIsNotAKink() throws {
        let network = KernelFixtures.randomNetwork(s: Rational(3, 2), m: 16, d: 3, seed: 42)
        var points = KernelFixtures.gaussianPoints(n: 4, d: 3, seed: 43)
        points[2] = [0, 0, 0]
        let data = KernelFixtures.dataset(points)
        #expect(network.kinks(on: data).count == 16)  // every w_k·0 = 0 …
        #expect(try network.innerKernelKinks(on: data).isEmpty)  // … but none is a kink of f
        let k = try network.tangentKernel(on: data)
        for j in 0..<4 {
            #expect(k.outer[2, j].isZero && k.inner[2, j].isZero && k.full[j, 2].isZero)
        }
        #expect(try k.full.inertia() == Inertia(negative: 0, zero: 1, positive: 3))
    }

    @Test func kinkIsReportedNeverResolved() throws {
        // w₂·x₁ = 0 with a₂ ≠ 0: K^w is undefined for s ≠ 0 and is reported, K^a exists.
        let net = try TwoLayerNetwork(s: 1, outer: [1, 2, -1, 1], inner: [[1, 1], [1, -1], [2, 1], [-1, 3]])
        let data = try Dataset(points: [[1, 1], [1, 2]], targets: [0, 0])
        let expected = [Kink(sample: 0, neuron: 1)]
        #expect(try net.innerKernelKinks(on: data) == expected)
        #expect(throws: ReferenceError.kink(expected)) { _ = try net.innerKernel(on: data) }
        #expect(throws: ReferenceError.kink(expected)) { _ = try net.innerKernelInS(on: data) }
        #expect(throws: ReferenceError.kink(expected)) { _ = try net.tangentKernelInS(on: data) }
        _ = try net.outerKernel(on: data)
        _ = try net.outerKernelInS(on: data)
        // At s = 0 the activation is the identity: no kink, K^w = c² Σa_k² · XXᵀ.
        let k0 = try net.with(s: 0).innerKernel(on: data)
        let gram = RationalMatrix(rows: 2, columns: 2) { i, j in dot(data.points[i], data.points[j]) }
        #expect(k0 == Rational(7, 4) * gram)
        // A zero outer weight makes the kink harmless.
        let flat = try TwoLayerNetwork(s: 1, outer: [1, 0, -1, 1], inner: net.inner)
        #expect(try flat.innerKernelKinks(on: data).isEmpty)
        #expect(try flat.innerKernel(on: data) == KernelFixtures.kernelsByDefinition(flat, data).inner)
    }

    @Test func shapeMismatchThrows() {
        let network = KernelFixtures.randomNetwork(s: 1, m: 4, d: 3, seed: 1)
        let data = KernelFixtures.dataset([[1, 2]])
        #expect(throws: ReferenceError.self) { _ = try network.tangentKernel(on: data) }
    }

    // MARK: - Symmetric initialisation (claim 04)

    @Test func symmetricInitialisationIdentityHoldsAsPolynomials() async {
        await seededPropertyCheck(
            count: 25, input: Gen.uint64(), Gen.int(in: 1...6), Gen.int(in: 1...4),
            Gen.int(in: 1...5)
        ) { seed, n, d, g in
            let network = KernelFixtures.randomSymmetricNetwork(s: 1, groups: g, d: d, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: d, seed: seed &+ 1))
            let k = try network.tangentKernelInS(on: data)
            #expect(k.outer.symmetricInitializationResidual.isZero)
            #expect(k.inner.symmetricInitializationResidual.isZero)
            #expect(k.full.symmetricInitializationResidual.isZero)
            // Equivalently: the s-coefficient is −K_0 and the s²-coefficient is K_0 + K_1 − K_0 … i.e.
            // C₁ = −C₀, so K_s − s²K_1 = (1 − s) K_0 for every s.
            #expect(k.full.coefficient(1) == -k.full.coefficient(0))
            // f(x; θ₀) = 0 on every point (the pairs (a, w), (−a, w) cancel).
            for x in data.points {
                var f = Rational()
                for (a, w) in zip(network.outer, network.inner) { f += a * network.activation.value(dot(w, x)) }
                #expect(f.isZero)
            }
        }
    }

    @Test func symmetricIdentityAlsoHoldsForOuterBlockAtKinks() throws {
        // K^a is defined at kinks, and the identity σ_s(u)σ_s(v) + σ_s(−u)σ_s(−v) =
        // 2(1 − s)uv + s²[ReLU(u)ReLU(v) + ReLU(−u)ReLU(−v)] holds for u or v = 0 too.
        let network = KernelFixtures.symmetricNetwork(s: 1, groups: [(1, [1, -1]), (2, [0, 1]), (Rational(1, 2), [3, 1]), (-1, [1, 2])])
        let data = KernelFixtures.dataset([[1, 1], [1, 0], [0, 0], [2, -6]])
        #expect(!network.kinks(on: data).isEmpty)
        #expect(try network.outerKernelInS(on: data).symmetricInitializationResidual.isZero)
        #expect(throws: ReferenceError.self) { _ = try network.innerKernelInS(on: data) }
    }

    @Test func identityIsNotVacuousForGenericNetworks() async {
        // Without the symmetry the residual is non-zero (here with probability 1), so the
        // check above does test something.
        await seededPropertyCheck(count: 15, input: Gen.uint64(), Gen.int(in: 2...5)) { seed, n in
            let network = KernelFixtures.randomNetwork(s: 1, m: 16, d: 2, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: 2, seed: seed &+ 1))
            let k = try network.tangentKernelInS(on: data)
            #expect(!k.full.symmetricInitializationResidual.isZero)
        }
    }

    // MARK: - Antiparallel pairs (claim 06)

    @Test func threeAntiparallelPairsInThePlaneMakeEveryKernelSingular() async {
        // x, −x for x ∈ {e₁, e₂, e₁ + e₂}: φ(x) − φ(−x) is linear in x for both feature maps
        // (σ_s(z) − σ_s(−z) = (2 − s)z and the same for σ_s'), so α = (1, −1, 1, −1, −1, 1)
        // annihilates K_s for every s and every finite network: K α = 0 exactly, as polynomials.
        let points: [[Rational]] = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1]]
        let alpha: [Rational] = [1, -1, 1, -1, -1, 1]
        await seededPropertyCheck(count: 10, input: Gen.uint64()) { seed in
            let network = KernelFixtures.randomNetwork(s: 1, m: 16, d: 2, seed: seed)
            let data = KernelFixtures.dataset(points)
            let k = try network.tangentKernelInS(on: data)
            for block in [k.outer, k.inner, k.full] {
                for c in block.coefficients {
                    let annihilated = (c * alpha).allSatisfy { $0.isZero }
                    #expect(annihilated)
                }
            }
        }
    }
}
