import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

// Kernel-regime predictions r_{t+1} = (I − (η/n)K) r_t: the exact short trajectory must lie in
// the certified enclosure (for exact kernels and for interval kernels), the enclosure stays
// narrow over long horizons when the iteration contracts, and bit growth is reported.

private func twoPow(_ n: Int) -> Rational { Rational(1).timesPowerOfTwo(n) }

@Suite("Kernel regime")
struct KernelRegimeTests {
    @Test func exactTrajectoryLiesInTheEnclosure() async {
        await seededPropertyCheck(count: 15, input: Gen.uint64(), Gen.int(in: 1...5), Gen.int(in: 0...3)) { seed, n, si in
            let s = [Rational(1, 2), 1, Rational(3, 2), 2][si]
            let network = KernelFixtures.randomNetwork(s: s, m: 9, d: 2, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: 2, seed: seed &+ 1))
            let k = try network.tangentKernel(on: data).full
            let r0 = KernelFixtures.gaussianPoints(n: n, d: 1, seed: seed &+ 2).map { $0[0] }
            let eta = Rational(1, 4)
            let exact = try KernelRegime.exactTrajectory(kernel: k, initialResidual: r0, learningRate: eta, steps: 4)
            let enclosure = try KernelRegime.enclosure(kernel: k, initialResidual: r0, learningRate: eta, steps: 4, bits: 48)
            #expect(enclosure.steps == [0, 1, 2, 3, 4])
            for t in 0...4 {
                #expect(enclosure.contains(exact.residuals[t], atRecorded: t))
                #expect(enclosure.losses[t].contains(exact.losses[t]))
                #expect(enclosure.radii[t] <= twoPow(-40))
                let boxes = enclosure.residualEnclosure(atRecorded: t)
                for (box, value) in zip(boxes, exact.residuals[t]) { #expect(box.contains(value)) }
            }
            // The exact loss is non-increasing when η·λ_max/n ≤ 2 (K ⪰ 0); check it where it applies.
            if enclosure.contractionBound <= 1 {
                for t in 1...4 { #expect(exact.losses[t] <= exact.losses[t - 1]) }
            }
        }
    }

    @Test func intervalKernelEnclosesEveryKernelInside() throws {
        // The infinite-width kernel is only enclosed; any symmetric matrix in the enclosure
        // (here its midpoint and a corner) must have its exact trajectory inside.
        let points = KernelFixtures.gaussianPoints(n: 4, d: 3, seed: 17)
        let k = try InfiniteWidthKernel(points: points, bits: 40).full(s: Rational(3, 2))
        let r0: [Rational] = [1, -2, Rational(1, 2), 3]
        let enclosure = try KernelRegime.enclosure(kernel: k, initialResidual: r0, learningRate: 1, steps: 3, bits: 60)
        var corner = k.midpoint
        for i in 0..<4 { for j in 0..<4 { corner[i, j] = (i + j).isMultiple(of: 2) ? k[i, j].lo : k[i, j].hi } }
        // Symmetrise the corner (it stays inside: k is symmetric).
        for i in 0..<4 { for j in 0..<i { corner[i, j] = corner[j, i] } }
        for kernel in [k.midpoint, corner] {
            #expect(k.contains(kernel))
            let exact = try KernelRegime.exactTrajectory(kernel: kernel, initialResidual: r0, learningRate: 1, steps: 3)
            for t in 0...3 {
                #expect(enclosure.contains(exact.residuals[t], atRecorded: t))
                #expect(enclosure.losses[t].contains(exact.losses[t]))
            }
        }
        #expect(enclosure.kernelRadiusBound > 0)
    }

    @Test func longHorizonsStayNarrowWhenContracting() throws {
        let network = KernelFixtures.randomNetwork(s: Rational(3, 2), m: 16, d: 3, seed: 3)
        let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: 6, d: 3, seed: 4))
        let k = try network.tangentKernel(on: data).full
        let lambdaMax = try k.largestEigenvalueBracket().upper
        // η = n/λ_max: the contraction factor is max(|1 − λ_min/λ_max|, 0) < 1 for λ_min > 0.
        let eta = Rational(6) / lambdaMax
        let r0 = KernelFixtures.gaussianPoints(n: 6, d: 1, seed: 5).map { $0[0] }
        let enclosure = try KernelRegime.enclosure(
            kernel: k, initialResidual: r0, learningRate: eta, steps: 2000,
            bits: 64, recordingStride: 500)
        #expect(enclosure.contractionBound < 1)
        #expect(enclosure.steps == [0, 500, 1000, 1500, 2000])
        #expect(enclosure.losses.count == 2001)
        // Rounding errors ≤ √n·2^−65 per step, damped by q: the radius stays ≤ √n·2^−65/(1 − q).
        let q = enclosure.contractionBound
        let bound = Rational(3) * twoPow(-65) / (1 - q) + twoPow(-60)
        for r in enclosure.radii { #expect(r <= bound) }
        for l in enclosure.losses { #expect(l.width <= twoPow(-40) * (1 + l.hi)) }
        // The first few steps agree with the exact trajectory.
        let exact = try KernelRegime.exactTrajectory(kernel: k, initialResidual: r0, learningRate: eta, steps: 3)
        for t in 0...3 { #expect(enclosure.losses[t].contains(exact.losses[t])) }
    }

    @Test func bitGrowthIsReported() throws {
        let network = KernelFixtures.randomNetwork(s: 1, m: 4, d: 2, seed: 8)
        let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: 3, d: 2, seed: 9))
        let k = try network.tangentKernel(on: data).full
        #expect(throws: ReferenceError.self) {
            _ = try KernelRegime.exactTrajectory(
                kernel: k, initialResidual: [1, 2, 3], learningRate: Rational(1, 3),
                steps: 50, bitBudget: 2000)
        }
        #expect(throws: ReferenceError.self) {
            _ = try KernelRegime.exactTrajectory(kernel: k, initialResidual: [1, 2], learningRate: 1, steps: 1)
        }
    }
}
