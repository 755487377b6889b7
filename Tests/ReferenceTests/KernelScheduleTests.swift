import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

// The multi-stage kernel-regime prediction behind claims 7 and 8 (KernelSchedulePrediction),
// checked exactly over the rationals:
// - one stage is exactly the iteration r_{t+1} = (I − (η/n)K_s) r_t with
//   K_s = 2(1 − s)G + s²H, the kernel of InfiniteWidthKernel.full;
// - a schedule is exactly the composition of its stages (state passed on);
// - one step at s moves the residual at every s' by the cross kernel K_{s',s};
// - the network function is affine in s (the identity the two-channel state rests on);
// - the predicted loss is non-increasing in η up to η = n/λ_max, and not beyond.

private let sChoices: [Rational] = [0, Rational(1, 4), Rational(1, 2), 1, Rational(3, 2), 2]

/// `G = XXᵀ` exactly and `H` = the midpoint of the certified ReLU kernel `H^a + H^w`, row-major.
private func kernels(n: Int, seed: UInt64) throws -> (g: [Rational], h: [Rational], kernel: InfiniteWidthKernel) {
    let points = KernelFixtures.gaussianPoints(n: n, d: 2, seed: seed)
    let k = try InfiniteWidthKernel(points: points, bits: 24)
    return (k.linear.entries, (k.innerReLU + k.outerReLU).midpoint.entries, k)
}

private func targets(n: Int, seed: UInt64) -> [Rational] {
    KernelFixtures.smallRationalPoints(n: n, d: 1, seed: seed).map { $0[0] }
}

@Suite("Kernel schedule prediction")
struct KernelScheduleTests {
    @Test func oneStageIsTheKernelIterationWithKs() async {
        await seededPropertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1...4), Gen.int(in: 0...5)) { seed, n, si in
            let s = sChoices[si]
            let (g, h, k) = try kernels(n: n, seed: seed)
            let y = targets(n: n, seed: seed &+ 1)
            let stepSize = Rational(1, 16)
            let stage = KernelStage(s: s, steps: 4, stepSize: stepSize)
            let staged = KernelSchedulePrediction.run(linear: g, relu: h, targets: y, stages: [stage])
            let ks = KernelSchedulePrediction.crossKernel(linear: g, relu: h, s: s, sPrime: s)
            let matrix = RationalMatrix(rows: n, columns: n, entries: ks)
            // K_{s,s} = 2(1 − s)G + s²H is the infinite-width kernel: inside its certified enclosure.
            #expect(k.full(s: s).contains(matrix))
            let plain = try KernelRegime.exactTrajectory(
                kernel: matrix, initialResidual: y.map { -$0 },
                learningRate: stepSize * Rational(n), steps: 4)
            #expect(staged.squaredResidualNorms.count == 5)
            for t in 0...4 {
                #expect(staged.squaredResidualNorms[t] / Rational(2 * n) == plain.losses[t])
            }
            #expect(staged.final.residual(s: s, targets: y) == plain.residuals[4])
        }
    }

    @Test func aScheduleIsTheCompositionOfItsStages() async {
        await seededPropertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1...3), Gen.int(in: 0...5), Gen.int(in: 0...5)) { seed, n, i, j in
            let (g, h, _) = try kernels(n: n, seed: seed)
            let y = targets(n: n, seed: seed &+ 2)
            let first = KernelStage(s: sChoices[i], steps: 2, stepSize: Rational(1, 8))
            let second = KernelStage(s: sChoices[j], steps: 3, stepSize: Rational(1, 32))
            let whole = KernelSchedulePrediction.run(linear: g, relu: h, targets: y, stages: [first, second])
            let a = KernelSchedulePrediction.run(linear: g, relu: h, targets: y, stages: [first])
            let b = KernelSchedulePrediction.run(linear: g, relu: h, targets: y, stages: [second], from: a.final)
            #expect(whole.final.linearOutputs == b.final.linearOutputs)
            #expect(whole.final.reluOutputs == b.final.reluOutputs)
            #expect(whole.squaredResidualNorms == Array(a.squaredResidualNorms.dropLast()) + b.squaredResidualNorms)
            #expect(whole.endOfStageSquaredNorms == a.endOfStageSquaredNorms + b.endOfStageSquaredNorms)
            // At the boundary the residual jumps by (s₁ − s₂)(p − q): same weights, another s.
            let before = a.final.residual(s: first.s, targets: y), after = a.final.residual(s: second.s, targets: y)
            for index in 0..<n {
                let jump = (first.s - second.s) * (a.final.linearOutputs[index] - a.final.reluOutputs[index])
                #expect(after[index] - before[index] == jump)
            }
        }
    }

    @Test func oneStepMovesEveryResidualByTheCrossKernel() async {
        // From the symmetric initialisation (r = −y at every s), one step at s with h gives
        // r^(s') = −y + h·K_{s',s}·y for every s'.
        await seededPropertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1...4), Gen.int(in: 0...5), Gen.int(in: 0...5)) { seed, n, i, j in
            let (g, h, _) = try kernels(n: n, seed: seed)
            let y = targets(n: n, seed: seed &+ 3)
            let s = sChoices[i], sPrime = sChoices[j], stepSize = Rational(3, 64)
            let run = KernelSchedulePrediction.run(
                linear: g, relu: h, targets: y,
                stages: [KernelStage(s: s, steps: 1, stepSize: stepSize)])
            let cross = KernelSchedulePrediction.crossKernel(linear: g, relu: h, s: sPrime, sPrime: s)
            let residual = run.final.residual(s: sPrime, targets: y)
            for row in 0..<n {
                var ky = Rational()
                for col in 0..<n { ky += cross[row * n + col] * y[col] }
                #expect(residual[row] == -y[row] + stepSize * ky)
            }
        }
    }

    @Test func networkOutputsAreAffineInS() async {
        // f_s = (1 − s)·f_0 + s·f_1 for the same weights: σ_s is affine in s.
        await seededPropertyCheck(count: 15, input: Gen.uint64(), Gen.int(in: 1...5)) { seed, n in
            let s = Rational(Int(seed % 41) - 10, 8)
            let network = KernelFixtures.randomNetwork(s: s, m: 4, d: 2, seed: seed)
            let data = KernelFixtures.dataset(KernelFixtures.gaussianPoints(n: n, d: 2, seed: seed &+ 5))
            let fs = try network.outputs(on: data)
            let f0 = try network.with(s: 0).outputs(on: data)
            let f1 = try network.with(s: 1).outputs(on: data)
            for index in 0..<n { #expect(fs[index] == (1 - s) * f0[index] + s * f1[index]) }
        }
    }

    @Test func predictedLossIsNonIncreasingInTheRateUpToNOverLambdaMax() async {
        // L_t(η) = Σ_i (1 − ηλ_i/n)^{2t} c_i²/(2n) has derivative −(2t/n)Σ λ_i(1 − ηλ_i/n)^{2t−1} c_i² ≤ 0
        // while ηλ_max/n ≤ 1. Checked exactly for η₁ < η₂ ≤ n/λ_max^up (certified upper end).
        await seededPropertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1...4), Gen.int(in: 1...7)) { seed, n, u in
            let (_, _, k) = try kernels(n: n, seed: seed)
            let s = sChoices[Int(seed % 6)]
            let kernel = k.full(s: s).midpoint
            let top = try kernel.largestEigenvalueBracket(relativeWidth: Rational(1, 1 << 8))
            guard top.upper > 0 else { return }
            let eta2 = Rational(n) / top.upper
            let eta1 = eta2 * Rational(u, 8)
            let y = targets(n: n, seed: seed &+ 4).map { -$0 }
            let slow = try KernelRegime.exactTrajectory(kernel: kernel, initialResidual: y, learningRate: eta1, steps: 3)
            let fast = try KernelRegime.exactTrajectory(kernel: kernel, initialResidual: y, learningRate: eta2, steps: 3)
            for t in 0...3 { #expect(fast.losses[t] <= slow.losses[t]) }
        }
    }

    @Test func beyondNOverLambdaMaxALargerRateCanPredictAHigherLoss() throws {
        // The monotonicity above ends at η = n/λ_max, not at the stability limit 2n/λ_max:
        // K = [1], n = 1, r_0 = 1: η = 1 gives r_1 = 0, η = 3/2 gives r_1 = −1/2.
        let kernel = try RationalMatrix([[1]])
        let atOne = try KernelRegime.exactTrajectory(kernel: kernel, initialResidual: [1], learningRate: 1, steps: 1)
        let beyond = try KernelRegime.exactTrajectory(kernel: kernel, initialResidual: [1], learningRate: Rational(3, 2), steps: 1)
        #expect(atOne.losses[1] == 0)
        #expect(beyond.losses[1] == Rational(1, 8))
        #expect(beyond.losses[1] > atOne.losses[1])
    }
}
