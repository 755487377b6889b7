// FastPath benchmarks (issue 4): one full-batch gradient-descent step of the
// two-layer homotopy network, both layers trained, s = 1.5, float32, n = 1024,
// m = 8192, d = 2 and 16; a Hessian-vector product and a Gauss–Newton-vector
// product on the same problem; and the memory a training step holds beyond the
// parameters and the data.
//
//   swift package benchmark --target FastPathBenchmarks      (from Benchmarks/)
//
// Targets (issue 4): d = 2 at most 3 ms per step, d = 16 at most 12 ms, a
// Hessian-vector product at most 3x a step, peak memory at most 2x (parameters
// + data). Peers (NumPy, PyTorch, JAX) are timed on the same problem by
// peers/compare-peers.sh, in the same run as `verify train --json`.
import Benchmark
import FastPath

let sampleCount = 1024
let width = 8192
let s: Float = 1.5

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 300
    )
    for d in [2, 16] {
        let data = SyntheticDataset.gaussian(count: sampleCount, dimension: d, seed: 1)
        let start = HomotopyNetwork.seeded(width: width, dimension: d, s: s, seed: 2)
        let direction = try! ParameterVector(width: width, dimension: d, ordered: start.parameters.map { $0 * 0.5 })

        Benchmark("GD step d=\(d) n=\(sampleCount) m=\(width) s=1.5") { benchmark in
            let evaluator = Evaluator(data: data)
            var net = start
            evaluator.gradientDescentStep(&net, learningRate: 1e-4)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(evaluator.gradientDescentStep(&net, learningRate: 1e-4))
            }
            benchmark.stopMeasurement()
        }

        Benchmark("Hessian-vector product d=\(d)") { benchmark in
            let evaluator = Evaluator(data: data)
            blackHole(evaluator.hessianVectorProduct(start, direction: direction))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(evaluator.hessianVectorProduct(start, direction: direction))
            }
            benchmark.stopMeasurement()
        }

        Benchmark("Gauss-Newton-vector product d=\(d)") { benchmark in
            let evaluator = Evaluator(data: data)
            blackHole(evaluator.gaussNewtonVectorProduct(start, direction: direction))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(evaluator.gaussNewtonVectorProduct(start, direction: direction))
            }
            benchmark.stopMeasurement()
        }

        // Memory of a training step: parameters + data + the evaluator's workspace
        // after a step, in percent of parameters + data (the target is at most 200).
        Benchmark("GD step memory d=\(d), % of parameters+data",
                  configuration: .init(metrics: [.custom("memory % of parameters+data", useScalingFactor: false),
                                                 .peakMemoryResident],
                                       maxIterations: 1)) { benchmark in
            var net = start
            let evaluator = Evaluator(data: data)
            evaluator.gradientDescentStep(&net, learningRate: 1e-4)
            let payload = 4 * (width * (1 + d) + sampleCount * (d + 1))
            benchmark.measurement(.custom("memory % of parameters+data", useScalingFactor: false),
                                  100 * (payload + evaluator.workspaceBytes) / payload)
            blackHole(net)
        }
    }
}
