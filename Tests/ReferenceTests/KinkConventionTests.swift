import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

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
            #expect(zeros.contains(Kink(sample: 0, neuron: 0)))  // the planted one
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
            #expect(
                ReferenceGen.outcome { () throws(ReferenceError) in try net.hessianInS(on: data) }
                    == .failure(.kink(net.kinks(on: data))))
        }
    }

    /// Away from kinks (here: next to one, `w_1·x_1 = ±2^−e`) every convention is the derivative itself.
    @Test func conventionsAreTheDerivativesAwayFromKinks() async {
        let noKink = zip(Gen.uint64(), ReferenceGen.s, Gen.int(in: 1...3), Gen.int(in: 1...3), Gen.int(in: 1...3)).map {
            (seed: UInt64, s: Rational, n: Int, d: Int, m: Int) -> NetworkCase in
            // `.near` plants w_1·x_1 = ±2^−e but does not exclude an accidental zero elsewhere
            // (short dyadic data make one possible, e.g. w_1·x_2 = 0 at PROPERTY_CASE=24 once
            // the call moved lines); such a case is on a kink, outside this property, so the
            // next seed is drawn, deterministically.
            for k in UInt64(0)..<64 {
                let c = ReferenceGen.makeCase(seed: seed &+ k, s: s, samples: n, dimension: d, width: m, kink: .near)
                if c.network.kinks(on: c.data).isEmpty { return c }
            }
            preconditionFailure("64 seeds in a row gave a case on a kink")
        }
        await seededPropertyCheck(count: 40, input: noKink) { c in
            guard let exact = try? c.network.evaluate(on: c.data), let gradient = exact.gradient,
                let hessian = try? c.network.lossHessian(on: c.data)
            else {
                Issue.record("a case next to the kink has no derivatives: \(c)")
                return
            }
            for convention in KinkConvention.allCases {
                let conventional = try? c.network.conventionalDerivatives(on: c.data, convention: convention)
                #expect(conventional?.gradient == gradient)
                #expect(conventional?.hessian == hessian)
            }
        }
    }

    /// At a planted kink: κ is as documented; the gradient is affine in κ (midpoint = the mean
    /// of left and right); the Gauss–Newton part is not (proofs-notes/kink-conventions.md):
    /// G(mid) − ½(G(left) + G(right)) = −(s²/4)·(1/n) Σ_{(i,k) at a kink} (c a_k)² x_i x_iᵀ in the
    /// w_k–w_k block, and 0 elsewhere.
    @Test func theMidpointIsAffineInTheGradientButNotInTheGaussNewtonPart() async {
        await seededPropertyCheck(count: 40, input: Self.plantedKink) { c in
            let net = c.network, data = c.data, s = net.s
            #expect(
                KinkConvention.left.slope(s: s) == 1 - s && KinkConvention.right.slope(s: s) == 1
                    && KinkConvention.midpoint.slope(s: s) == 1 - s / 2)
            guard let left = try? net.conventionalDerivatives(on: data, convention: .left),
                let right = try? net.conventionalDerivatives(on: data, convention: .right),
                let mid = try? net.conventionalDerivatives(on: data, convention: .midpoint)
            else {
                Issue.record("conventional derivatives failed")
                return
            }
            let half = Rational(1, 2)
            #expect(zip(mid.gradient.vector, zip(left.gradient.vector, right.gradient.vector)).allSatisfy { $0 == half * ($1.0 + $1.1) })
            let m = net.width, d = net.dimension, n = data.count, count = net.parameterCount
            var expected = RationalMatrix(rows: count, columns: count)
            for kink in net.kinks(on: data) {
                let k = kink.neuron, x = data.points[kink.sample]
                let weight = -(s * s / 4) * (net.scale * net.outer[k]) * (net.scale * net.outer[k]) / Rational(n)
                for j in 0..<d {
                    for j2 in 0..<d {
                        expected[m + k * d + j, m + k * d + j2] += weight * x[j] * x[j2]
                    }
                }
            }
            let gMid = mid.hessian.gaussNewton, gLeft = left.hessian.gaussNewton, gRight = right.hessian.gaussNewton
            for p in 0..<count {
                for q in 0..<count {
                    #expect(gMid[p, q] - half * (gLeft[p, q] + gRight[p, q]) == expected[p, q], "(\(p), \(q))")
                }
            }
        }
    }
}
