// Exact-arithmetic benchmarks (issue 2): determinant and inertia of the exact
// inner-layer NTK Gram matrix, s = 3/2, d = 3, m = 1024, n = 64 and 128.
// The FLINT comparison lives in ../../compare-flint.sh (it needs python-flint,
// which is never a dependency of the build).
import Benchmark
import Exact
import NTKFixtures

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 20
    )
    for n in [64, 128] {
        let fixture = InnerGramFixture(n: n)
        Benchmark("Gram determinant n=\(n)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.matrix.determinant)
            }
        }
        Benchmark("Gram inertia n=\(n)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.matrix.inertia())
            }
        }
    }
    let rational = Rational(BigInt(3).power(400), BigInt(7).power(300))
    Benchmark("Rational multiply-add 1000 bits") { benchmark in
        var accumulator = Rational()
        for _ in benchmark.scaledIterations {
            accumulator += rational * rational
        }
        blackHole(accumulator)
    }
}
