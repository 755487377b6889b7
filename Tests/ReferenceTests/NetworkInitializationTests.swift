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

@Suite("Seeded and symmetric initialisation")
struct NetworkInitializationTests {
    @Test func samplerMatchesTheDocumentedRecipe() {
        // SplitMix64, seed 0: the published first output.
        var bits = GaussianSampler(seed: 0)
        #expect(bits.nextUInt64() == 0xE220_A839_7B1D_CDAF)
        // Test vectors from an independent Python port of the recipe (binary64, same operations).
        var sampler = GaussianSampler(seed: 42)
        let expected: [Double] = [
            0.41471975043153053, -0.8918862136277564, 1.7295930879374026,
            0.5456204361828649, -1.080412954982541, -1.7788480910585858,
        ]
        for value in expected { #expect(sampler.nextNormal() == value) }
        var floats = GaussianSampler(seed: 42)
        for value in expected { #expect(floats.nextFloat() == Float(value)) }
    }

    @Test func samplerLogAndCosineAreAccurate() async {
        // Steps 3 and 4 against the platform's libm: a few ulps in binary64.
        await seededPropertyCheck(count: 500, input: Gen.uint64()) { bits in
            let u1 = (Double(bits >> 11) + 0.5) * 0x1p-53
            let u2 = Double(bits >> 11) * 0x1p-53
            #expect(abs(GaussianSampler.log(u1) - log(u1)) <= 1e-15 * Swift.max(1, abs(log(u1))))
            #expect(abs(GaussianSampler.cosTwoPi(u2) - cos(2 * Double.pi * u2)) <= 2e-15)
        }
        #expect(GaussianSampler.log(1) == 0)
        #expect(GaussianSampler.cosTwoPi(0) == 1)
    }

    @Test func samplerFloatsMatchTheLibmRecipe() {
        // The same recipe with the platform's log and cos (as FastPath.SeededRandom and the
        // benchmark fixtures compute it) gives the same Float on 10⁵ samples.
        var ours = GaussianSampler(seed: 123)
        var bits = GaussianSampler(seed: 123)
        var differences = 0
        for _ in 0..<100_000 {
            let u1 = (Double(bits.nextUInt64() >> 11) + 0.5) / 9_007_199_254_740_992.0
            let u2 = Double(bits.nextUInt64() >> 11) / 9_007_199_254_740_992.0
            let libm = Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
            if ours.nextFloat() != libm { differences += 1 }
        }
        #expect(differences == 0)
    }

    @Test func samplerLooksStandardNormal() {
        var sampler = GaussianSampler(seed: 2024)
        let count = 20_000
        var sum = 0.0, sumOfSquares = 0.0, inside = 0
        for _ in 0..<count {
            let z = sampler.nextNormal()
            sum += z
            sumOfSquares += z * z
            if abs(z) <= 1 { inside += 1 }
        }
        let mean = sum / Double(count), variance = sumOfSquares / Double(count) - mean * mean
        // Standard errors: 1/√n ≈ 0.007 for the mean, ≈ 0.01 for the variance; P(|z| ≤ 1) ≈ 0.6827.
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
        #expect(abs(Double(inside) / Double(count) - 0.6827) < 0.02)
    }

    @Test func symmetricInitialisationGivesZeroOutput() async {
        await seededPropertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...4), ReferenceGen.s, Gen.int(in: 1...3)) {
            seed, dimension, s, groups in
            let width = 4 * groups
            let net = try TwoLayerNetwork.symmetricInitialization(
                width: width, dimension: dimension, s: s, seed: seed,
                scale: Rational(1, 3))
            #expect(net.width == width && net.dimension == dimension && net.scale == Rational(1, 3))
            for g in 0..<groups {
                let a = net.outer[4 * g], w = net.inner[4 * g]
                #expect(net.outer[(4 * g)..<(4 * g + 4)].elementsEqual([a, -a, a, -a]))
                #expect(net.inner[(4 * g)..<(4 * g + 4)].elementsEqual([w, w, w.map { -$0 }, w.map { -$0 }]))
                #expect(a == 1 || a == -1)
            }
            // Every weight is a Float, so an exact dyadic rational.
            for w in net.inner.joined() { #expect(Rational(Float(w)) == w && w.isDyadic) }
            // f(x; θ0) = 0 on any data, and in s as a polynomial identity.
            var rng = SplitMix64(seed: seed)
            let points = (0..<5).map { _ in (0..<dimension).map { _ in ReferenceGen.smallNonZero(&rng) } }
            let data = try Dataset(points: points, targets: (0..<5).map { Rational($0) })
            #expect(try net.outputs(on: data).allSatisfy { $0.isZero })
            #expect(try net.outputsInS(on: data).allSatisfy { $0.isZero })
            #expect(try net.residuals(on: data) == data.targets.map { -$0 })
        }
    }

    @Test func initialisationIsReproducibleAndSeedDependent() throws {
        let a = try TwoLayerNetwork.symmetricInitialization(width: 16, dimension: 3, s: 1, seed: 7)
        let b = try TwoLayerNetwork.symmetricInitialization(width: 16, dimension: 3, s: 1, seed: 7)
        let c = try TwoLayerNetwork.symmetricInitialization(width: 16, dimension: 3, s: 1, seed: 8)
        #expect(a == b && a != c)
        #expect(a.scale == Rational(1, 4))  // 1/√16
        let r1 = try TwoLayerNetwork.randomInitialization(width: 9, dimension: 2, s: Rational(1, 2), seed: 3)
        let r2 = try TwoLayerNetwork.randomInitialization(width: 9, dimension: 2, s: Rational(1, 2), seed: 3)
        #expect(r1 == r2 && r1.scale == Rational(1, 3))
        #expect(r1.outer.allSatisfy { $0 == 1 || $0 == -1 })
        // The documented draw order: a_1, w_1 (d normals), a_2, w_2, …
        var sampler = GaussianSampler(seed: 3)
        for k in 0..<9 {
            #expect(r1.outer[k] == Rational(sampler.nextSign()))
            for j in 0..<2 { #expect(r1.inner[k][j] == Rational(sampler.nextFloat())) }
        }
        // Symmetric: per group a, then w.
        var groups = GaussianSampler(seed: 7)
        for g in 0..<4 {
            #expect(a.outer[4 * g] == Rational(groups.nextSign()))
            for j in 0..<3 { #expect(a.inner[4 * g][j] == Rational(groups.nextFloat())) }
        }
    }

    @Test func initialisationErrors() {
        #expect(throws: ReferenceError.self) {
            try TwoLayerNetwork.symmetricInitialization(width: 6, dimension: 2, s: 1, seed: 0, scale: 1)
        }
        #expect(throws: ReferenceError.widthNotPerfectSquare(8)) {
            try TwoLayerNetwork.symmetricInitialization(width: 8, dimension: 2, s: 1, seed: 0)
        }
        #expect(throws: ReferenceError.widthNotPerfectSquare(3)) {
            try TwoLayerNetwork.randomInitialization(width: 3, dimension: 2, s: 1, seed: 0)
        }
        #expect(throws: ReferenceError.self) {
            try TwoLayerNetwork.symmetricInitialization(width: 4, dimension: 0, s: 1, seed: 0)
        }
        #expect(throws: ReferenceError.self) {
            try TwoLayerNetwork.randomInitialization(width: 0, dimension: 1, s: 1, seed: 0, scale: 1)
        }
        // Explicit scales allow any width that fits the groups.
        #expect(throws: Never.self) {
            _ = try TwoLayerNetwork.symmetricInitialization(width: 8, dimension: 2, s: 1, seed: 0, scale: Rational(1, 8))
        }
    }
}
