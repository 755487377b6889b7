import Exact
import PropertyBased
import Reference
import Testing
import TestSupport

/// The one kink convention of `Reference` (documented at `TwoLayerNetwork.kinks(on:)`):
/// `kinks(on:)` lists every zero pre-activation whatever `s` is; the derivative code at
/// the network's `s` reports exactly that list for `s ≠ 0` and none for `s = 0`.
@Suite("Kinks: one convention for the geometry and the derivatives")
struct KinkConventionTests {
    /// Cases with `w_1·x_1 = 0` planted, and `s` from `ReferenceGen.s` (0, 1, 2, 3/2, 1/2
    /// often, random rationals otherwise).
    static var plantedKink: Generator<NetworkCase, some SendableSequenceType> {
        zip(Gen.uint64(), ReferenceGen.s, Gen.int(in: 1...3), Gen.int(in: 1...3), Gen.int(in: 1...3)).map {
            (seed: UInt64, s: Rational, n: Int, d: Int, m: Int) -> NetworkCase in
            ReferenceGen.makeCase(seed: seed, s: s, samples: n, dimension: d, width: m, kink: .on)
        }
    }

    @Test func kinksAreTheZeroPreactivationsWhateverS() async {
        await seededPropertyCheck(count: 80, input: Self.plantedKink) { c in
            let net = c.network, data = c.data
            var zeros: [Kink] = []
            for (i, x) in data.points.enumerated() {
                for (k, w) in net.inner.enumerated() where dot(w, x).isZero { zeros.append(Kink(sample: i, neuron: k)) }
            }
            #expect(net.kinks(on: data) == zeros)
            #expect(zeros.contains(Kink(sample: 0, neuron: 0)))            // the planted one
            for s in [Rational(0), 1, 2, Rational(-1, 3)] { #expect(net.with(s: s).kinks(on: data) == zeros) }
            // K^w's kinks are a subset.
            let inner = try net.innerKernelKinks(on: data)
            #expect(inner.allSatisfy { zeros.contains($0) })
        }
    }

    @Test func derivativeCodeReportsThemExactlyWhenSIsNotZero() async {
        await seededPropertyCheck(count: 80, input: Self.plantedKink) { c in
            let net = c.network, data = c.data
            let evaluation = try net.evaluate(on: data)
            #expect(evaluation.kinks == (net.s.isZero ? [] : net.kinks(on: data)))
            if net.s.isZero {
                // σ_0 is the identity: every derivative exists, and the three Hessians agree.
                #expect(evaluation.gradient != nil)
                let hessian = try net.lossHessian(on: data).full
                #expect(try net.hessianByHyperDual(on: data) == hessian)
            } else {
                let expected = ReferenceError.kink(net.kinks(on: data))
                #expect(ReferenceGen.outcome { () throws(ReferenceError) in try net.lossHessian(on: data) } == .failure(expected))
                #expect(ReferenceGen.outcome { () throws(ReferenceError) in try net.hessianByHyperDual(on: data) } == .failure(expected))
            }
            // The versions in s hold for every s, so any zero pre-activation stops them.
            #expect(ReferenceGen.outcome { () throws(ReferenceError) in try net.hessianInS(on: data) }
                    == .failure(.kink(net.kinks(on: data))))
        }
    }
}
