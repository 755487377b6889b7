// Reference benchmarks (issue 3): the exact oracle's three budgeted computations.
//
//   swift package benchmark --target ReferenceBenchmarks      (from Benchmarks/)
//
// Targets (release build, this 2-core machine):
//   1. exact loss Hessian (full, with its Gauss–Newton split), n = 20, d = 3, m = 16:   < 1 s
//   2. certified λ_min of the infinite-width full kernel K_∞ at s = 3/2, 64 points in
//      d = 3, 128 bits (the enclosure and the bracket):                               < 5 s
//   3. exact empirical Gram matrices K^a, K^w, K, n = 128, m = 1024, d = 3:            < 2 s
//
// Inputs are seeded and identical in every run: points, targets and weights are
// standard normal samples rounded to Float (`GaussianSampler`, exact dyadic
// rationals), and the networks come from `TwoLayerNetwork.randomInitialization`.
import Benchmark
import Exact
import Reference

/// `n` points in `d` dimensions and their targets, standard normal Floats from `seed`.
func gaussianData(n: Int, d: Int, seed: UInt64) -> Dataset {
    var sampler = GaussianSampler(seed: seed)
    let points = (0..<n).map { _ in (0..<d).map { _ in Rational(sampler.nextFloat()) } }
    let targets = (0..<n).map { _ in Rational(sampler.nextFloat()) }
    return try! Dataset(points: points, targets: targets)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )
    let s = Rational(3, 2)

    let hessianData = gaussianData(n: 20, d: 3, seed: 31)
    let hessianNetwork = try! TwoLayerNetwork.randomInitialization(width: 16, dimension: 3, s: s, seed: 32)
    Benchmark("Exact loss Hessian n=20 d=3 m=16 (target < 1 s)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try hessianNetwork.lossHessian(on: hessianData))
        }
    }

    let kernelPoints = gaussianData(n: 64, d: 3, seed: 5).points
    Benchmark("Certified λ_min of K_∞ full, 64 points d=3, 128 bits (target < 5 s)") { benchmark in
        for _ in benchmark.scaledIterations {
            let kernel = try InfiniteWidthKernel(points: kernelPoints, bits: 128)
            blackHole(try kernel.smallestEigenvalueBracket(.full, s: s))
        }
    }

    let gramData = gaussianData(n: 128, d: 3, seed: 2025)
    let gramNetwork = try! TwoLayerNetwork.randomInitialization(width: 1024, dimension: 3, s: s, seed: 2024)
    Benchmark("Exact empirical Gram K^a, K^w, K n=128 m=1024 d=3 (target < 2 s)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try gramNetwork.tangentKernel(on: gramData))
        }
    }
}
