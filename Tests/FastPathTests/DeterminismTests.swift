import FastPathBounds
import PropertyBased
import TestSupport
import Testing

@testable import FastPath

/// Same inputs, same bits: run after run, for every thread count, and whether the
/// kernels compiled for the dimension or the run-time-`d` kernels are used.
@Suite("FastPath determinism")
struct DeterminismTests {
    /// Everything one evaluation produces, as bit patterns.
    static func fingerprint(_ c: FloatCase, threads: Int, specialised: Bool = true) -> [UInt32] {
        let evaluator = Evaluator(data: c.data, threads: threads)
        evaluator.specialised = specialised
        var bits = evaluator.outputs(c.network).map(\.bitPattern)
        let (loss, gradient) = evaluator.lossAndGradient(c.network)
        bits.append(loss.bitPattern)
        bits += gradient.ordered.map(\.bitPattern)
        let direction = try! ParameterVector(width: c.m, dimension: c.d, ordered: c.direction)
        bits += evaluator.hessianVectorProduct(c.network, direction: direction).ordered.map(\.bitPattern)
        bits += evaluator.gaussNewtonVectorProduct(c.network, direction: direction).ordered.map(\.bitPattern)
        var net = c.network
        for _ in 0..<3 { evaluator.gradientDescentStep(&net, learningRate: c.learningRate) }
        bits += net.parameters.map(\.bitPattern)
        return bits
    }

    @Test func twoRunsAreBitIdentical() async {
        await seededPropertyCheck(count: 40, input: FloatCase.generator) { c in
            #expect(Self.fingerprint(c, threads: 2) == Self.fingerprint(c, threads: 2), "\(c)")
        }
    }

    @Test func resultsDoNotDependOnTheThreadCount() async {
        await seededPropertyCheck(count: 40, input: FloatCase.generator) { c in
            let one = Self.fingerprint(c, threads: 1)
            #expect(one == Self.fingerprint(c, threads: 2), "\(c)")
            #expect(one == Self.fingerprint(c, threads: 3), "\(c)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 16])
    func specialisedKernelsEqualRunTimeKernels(dimension d: Int) {
        // Widths and sample counts that exercise every tail (blocks, 4-sample groups, parity);
        // (136, 139) also crosses the cache tiles and sample chunks of the d ≥ 5 kernels
        // (17 blocks > `tiledTile`, 139 samples > `tiledChunk`, `stagedChunk`, with tails).
        for (m, n) in [(1, 1), (7, 3), (8, 4), (13, 5), (24, 11), (33, 17), (136, 139)] {
            let data = SyntheticDataset.gaussian(count: n, dimension: d, seed: UInt64(100 * m + n))
            let net = HomotopyNetwork.seeded(width: m, dimension: d, s: 1.5, seed: UInt64(m))
            let c = FloatCaseLike(network: net, data: data)
            let evaluator = Evaluator(data: data, threads: 2)
            let runtime = Evaluator(data: data, threads: 2)
            runtime.specialised = false
            #expect(evaluator.outputs(net) == runtime.outputs(net), "outputs, d = \(d), m = \(m), n = \(n)")
            #expect(evaluator.lossAndGradient(net).gradient == runtime.lossAndGradient(net).gradient, "gradient, d = \(d), m = \(m)")
            let v = c.direction
            #expect(
                evaluator.hessianVectorProduct(net, direction: v) == runtime.hessianVectorProduct(net, direction: v),
                "Hv, d = \(d), m = \(m), n = \(n)")
            #expect(
                evaluator.gaussNewtonVectorProduct(net, direction: v) == runtime.gaussNewtonVectorProduct(net, direction: v),
                "Gv, d = \(d), m = \(m), n = \(n)")
            // The fused step (tiled and staged kernels for larger d) against the run-time kernels.
            var stepped = net, steppedRuntime = net
            evaluator.gradientDescentStep(&stepped, learningRate: 0.01)
            runtime.gradientDescentStep(&steppedRuntime, learningRate: 0.01)
            #expect(
                stepped.parameters.map(\.bitPattern) == steppedRuntime.parameters.map(\.bitPattern),
                "GD step, d = \(d), m = \(m), n = \(n)")
        }
    }

    /// The fused step (each block updated as soon as its gradient is known) equals
    /// the whole gradient followed by `θ ← fma(−η, g, θ)`, bit for bit.
    @Test func fusedStepEqualsGradientThenUpdate() async {
        await seededPropertyCheck(count: 40, input: FloatCase.generator) { c in
            var fused = c.network
            Evaluator(data: c.data, threads: 2).gradientDescentStep(&fused, learningRate: c.learningRate)
            let gradient = try! c.network.lossAndGradient(on: c.data, threads: 1).gradient
            let manual = zip(c.network.parameters, gradient).map { $0.addingProduct(-c.learningRate, $1) }
            #expect(fused.parameters.map(\.bitPattern) == manual.map(\.bitPattern), "\(c)")
        }
    }

    @Test func trainingRunsAreBitIdentical() throws {
        let data = SyntheticDataset.circle(count: 40, seed: 3)
        let net = HomotopyNetwork.seeded(width: 24, dimension: 2, s: 0.5, seed: 4, symmetric: true)
        let schedule = try Schedule(parsing: "0.5:20,1:20:0.2,1.5:10", learningRate: 0.5)
        for optimizer in Optimizer.allCases {
            let results = [1, 2].map { threads in
                Trainer(data: data, options: TrainingOptions(optimizer: optimizer, threads: threads, batchSize: 8, seed: 5))
                    .train(net, schedule: schedule)
            }
            #expect(
                results[0].network.parameters.map(\.bitPattern) == results[1].network.parameters.map(\.bitPattern),
                "\(optimizer)")
            #expect(results[0].lossCurve == results[1].lossCurve, "\(optimizer)")
        }
    }
}

/// A network and data with a fixed direction for the kernel comparisons.
struct FloatCaseLike {
    let network: HomotopyNetwork
    let data: FloatDataset
    var direction: ParameterVector {
        var random = SeededRandom(seed: 99)
        let values = (0..<network.parameterCount).map { _ in random.normal() }
        return try! ParameterVector(width: network.width, dimension: network.dimension, ordered: values)
    }
}
