import Exact
import FastPath
import Reference
import Testing

/// FastPath and Reference draw their initial weights with two independent
/// implementations of one documented recipe (`GaussianSampler`'s doc comment:
/// SplitMix64, Box–Muller; FastPath with the platform's `log` and `cos`, Reference
/// with its own `+ − × ÷ √` polynomials), deliberately not shared code. For the same
/// seed they must give the same `Float` weights, neuron by neuron, so that a kernel of
/// `verify kernel --width M --seed N` and a network of FastPath are the same network.
@Suite("FastPath and Reference samplers: same seed, same weights")
struct SamplerAgreementTests {
    static let shapes: [(width: Int, dimension: Int, seed: UInt64)] = [
        (1, 1, 0), (4, 2, 1), (16, 3, 7), (64, 5, 42), (256, 2, 20_240_601), (100, 16, .max),
    ]

    /// Every shape plainly, and symmetrically where the width is a multiple of 4.
    static let cases: [(index: Int, symmetric: Bool)] = shapes.indices.flatMap { index in
        [(index, false)] + (shapes[index].width % 4 == 0 ? [(index, true)] : [])
    }

    @Test(arguments: cases.indices)
    func initialisationsAgree(_ caseIndex: Int) throws {
        let (index, symmetric) = Self.cases[caseIndex]
        let (m, d, seed) = Self.shapes[index]
        let fast = HomotopyNetwork.seeded(width: m, dimension: d, s: 1, seed: seed, symmetric: symmetric)
        let exact =
            symmetric
            ? try TwoLayerNetwork.symmetricInitialization(width: m, dimension: d, s: 1, seed: seed, scale: 1)
            : try TwoLayerNetwork.randomInitialization(width: m, dimension: d, s: 1, seed: seed, scale: 1)
        #expect(fast.outer.map { Rational($0) } == exact.outer, "m = \(m), d = \(d), seed \(seed), symmetric \(symmetric)")
        #expect(fast.inner.map { $0.map { Rational($0) } } == exact.inner, "m = \(m), d = \(d), seed \(seed), symmetric \(symmetric)")
    }

    @Test func rawStreamsAgreeOnTheFirstMillionOutputs() {
        var fast = SeededRandom(seed: 0x5EED)
        var exact = GaussianSampler(seed: 0x5EED)
        var differences = 0
        for _ in 0..<1_000_000 where fast.next() != exact.nextUInt64() { differences += 1 }
        #expect(differences == 0)
    }
}
