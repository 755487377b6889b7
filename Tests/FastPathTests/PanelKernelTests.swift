import Testing

@testable import FastPath

/// The panel path (GEMM-class kernels, `PanelKernels.swift`) against the run-time-`d` block
/// kernels, bit for bit, at shapes that cross each of its boundaries. Both compute every
/// number by the same operations (the contract at the head of `PanelKernels.swift`), so any
/// difference is a defect; the exact oracle then covers the panel path through the block
/// kernels' bounds (and directly, in `BoundaryOracleTests`, for `d ≥ 9`).
///
/// Boundaries (AVX-512 tiles / AVX2 tiles): row groups of `panelRows` = 8 / 6 samples, chunks
/// of `panelChunkGroups` groups (96 samples), tiles of `panelTile` = 8 panels (128 neurons),
/// depth blocks of `panelDepth` = 256 coordinates, two / one panels per micro-tile, an odd
/// block count (a half-empty last panel), gradient chunks of `panelSampleChunk` = 256
/// samples, column groups of `panelColumns` = 8 / 6 coordinates, and the threads' shares of
/// row groups and panels.
@Suite("FastPath panel kernels equal the block kernels")
struct PanelKernelTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let m: Int, d: Int, n: Int, threads: Int
        /// Coordinates and weights in {−1, 0, 1}·2^k, so that many `z` are exactly zero.
        var quantised = false
        var testDescription: String { "m \(m), d \(d), n \(n), \(threads) thr\(quantised ? ", quantised" : "")" }
    }

    static let shapes: [Shape] = [
        Shape(m: 8, d: 9, n: 1, threads: 1),  // one block (half panel), one sample
        Shape(m: 24, d: 9, n: 7, threads: 2),  // 3 blocks, a partial row group
        Shape(m: 120, d: 12, n: 95, threads: 1),  // 15 blocks (7.5 panels < tile), chunk − 1
        Shape(m: 128, d: 13, n: 96, threads: 2),  // one full tile, one full chunk
        Shape(m: 136, d: 16, n: 97, threads: 1),  // tile + 1 block, chunk + 1
        Shape(m: 264, d: 17, n: 193, threads: 3),  // 33 blocks (3 tiles, odd), 2 chunks + 1
        Shape(m: 40, d: 31, n: 255, threads: 2),  // gradient chunk − 1, column tail
        Shape(m: 48, d: 32, n: 256, threads: 1),  // gradient chunk exactly
        Shape(m: 56, d: 33, n: 257, threads: 2),  // gradient chunk + 1
        Shape(m: 72, d: 127, n: 47, threads: 1),  // depth block (128) − 1, 48-sample chunk − 1
        Shape(m: 72, d: 128, n: 48, threads: 2),  // depth block exactly
        Shape(m: 72, d: 129, n: 49, threads: 1),  // depth block + 1
        Shape(m: 72, d: 255, n: 13, threads: 1),  // two depth blocks − 1
        Shape(m: 72, d: 256, n: 14, threads: 2),  // depth block exactly
        Shape(m: 136, d: 257, n: 15, threads: 2),  // depth block + 1, tile + 1 block
        Shape(m: 24, d: 600, n: 9, threads: 1),  // three depth blocks
        Shape(m: 136, d: 20, n: 101, threads: 2, quantised: true),
        Shape(m: 40, d: 257, n: 17, threads: 1, quantised: true),
    ]

    static func problem(_ shape: Shape) -> (FloatDataset, HomotopyNetwork) {
        let seed = UInt64(shape.m * 1_000_003 + shape.d * 1009 + shape.n)
        var data = SyntheticDataset.gaussian(count: shape.n, dimension: shape.d, seed: seed)
        var net = HomotopyNetwork.seeded(width: shape.m, dimension: shape.d, s: 1.5, seed: seed + 1)
        if shape.quantised {
            let q = { (x: Float) -> Float in x > 0.5 ? 0.5 : x < -0.5 ? -0.5 : 0 }
            data = try! FloatDataset(rowMajor: data.points.map(q), dimension: shape.d, targets: data.targets)
            let theta = net.parameters
            net = try! HomotopyNetwork(
                s: 1.5, width: shape.m, dimension: shape.d,
                parameters: theta.enumerated().map { $0.offset < shape.m ? $0.element : q($0.element) })
        }
        return (data, net)
    }

    /// Outputs, loss, gradient, three GD steps, and the curvature products (cached and not), as bit patterns.
    static func fingerprint(_ shape: Shape, panels: Bool) -> [UInt32] {
        let (data, net) = problem(shape)
        let evaluator = Evaluator(data: data, threads: shape.threads)
        evaluator.panelKernels = panels
        var bits = evaluator.outputs(net).map(\.bitPattern)
        let (loss, gradient) = evaluator.lossAndGradient(net)
        bits.append(loss.bitPattern)
        bits += gradient.ordered.map(\.bitPattern)
        var trained = net
        for _ in 0..<3 { bits.append(evaluator.gradientDescentStep(&trained, learningRate: 0.01).bitPattern) }
        bits += trained.parameters.map(\.bitPattern)
        // Newton–CG's first pass: forward, gradient with the kept D, cached products.
        evaluator.forwardPass(net)
        var kept = ParameterVector(zeros: net.layout)
        evaluator.gradientPass(net, into: &kept, keepD: true)
        bits += kept.ordered.map(\.bitPattern)
        let v = try! ParameterVector(
            width: shape.m, dimension: shape.d,
            ordered: net.parameters.enumerated().map { Float(($0.offset * 7) % 5) * 0.25 - 0.5 + $0.element })
        bits += evaluator.cachedCurvatureProduct(net, v, curvature: .hessian).ordered.map(\.bitPattern)
        bits += evaluator.cachedCurvatureProduct(net, v, curvature: .gaussNewton).ordered.map(\.bitPattern)
        bits += evaluator.directionalBuffer!.array.map(\.bitPattern)
        // Hessian- and Gauss–Newton-vector products (the forward pass fused, the R sums recomputed).
        bits += evaluator.hessianVectorProduct(net, direction: v).ordered.map(\.bitPattern)
        bits += evaluator.gaussNewtonVectorProduct(net, direction: v).ordered.map(\.bitPattern)
        bits += evaluator.jacobianVectorProduct(net, direction: v).map(\.bitPattern)
        return bits
    }

    @Test(arguments: shapes)
    func panelPathIsBitIdentical(_ shape: Shape) {
        let panel = Self.fingerprint(shape, panels: true)
        let block = Self.fingerprint(shape, panels: false)
        #expect(panel.count == block.count)
        let first = zip(panel, block).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(first == nil, "\(shape.testDescription): first difference at value \(first?.offset ?? -1)")
    }

    /// The panel path is what runs by default from `panelMinimumDimension` on, and not below.
    @Test func panelPathIsTheDefaultFromItsThreshold() {
        for d in [1, 2, 8, Evaluator.panelMinimumDimension - 1, Evaluator.panelMinimumDimension, 64, 784] {
            let data = SyntheticDataset.gaussian(count: 3, dimension: d, seed: 1)
            let evaluator = Evaluator(data: data, threads: 1)
            #expect(evaluator.usesPanels == (d >= Evaluator.panelMinimumDimension), "d = \(d)")
            _ = evaluator.loss(HomotopyNetwork.seeded(width: 16, dimension: d, s: 1, seed: 2))
            #expect((evaluator.panelState != nil) == evaluator.usesPanels, "d = \(d)")
        }
    }

    /// A mask is never read after the weights or the samples changed: a gradient after a
    /// mini-batch swap, and after a pass that set the residuals without a mask, equals a
    /// fresh evaluator's.
    @Test func staleMasksAreNeverRead() {
        let d = 20, m = 40
        let data = SyntheticDataset.gaussian(count: 60, dimension: d, seed: 5)
        let net = HomotopyNetwork.seeded(width: m, dimension: d, s: 1.5, seed: 6)
        let evaluator = Evaluator(data: data.subset(0..<30), threads: 2)
        _ = evaluator.lossAndGradient(net)
        evaluator.loadSamples(Array(30..<60)[...], from: data)
        let fresh = Evaluator(data: data.subset(30..<60), threads: 2)
        #expect(evaluator.lossAndGradient(net).gradient == fresh.lossAndGradient(net).gradient)
        // The directional pass with the forward pass fused sets residuals but no mask: the
        // mask left by a forward pass at other weights must not be read after it.
        var other = net
        _ = evaluator.gradientDescentStep(&other, learningRate: 0.5)
        evaluator.forwardPass(other)
        let v = try! ParameterVector(width: m, dimension: d, ordered: net.parameters)
        _ = evaluator.hessianVectorProduct(net, direction: v)
        var fromPass = ParameterVector(zeros: net.layout)
        evaluator.gradientPass(net, into: &fromPass)
        fresh.forwardPass(net)
        var expected = ParameterVector(zeros: net.layout)
        fresh.gradientPass(net, into: &expected)
        #expect(fromPass == expected)
    }

    /// The mask helpers: bit `r` of lane `l` is the sign of sample `r`'s lane `l`, and back.
    @Test func maskBitsRoundTrip() {
        var rows: [Panel] = []
        for r in 0..<panelRows {
            var z = Panel()
            for l in 0..<16 { z[l] = (l + r) % 3 == 0 ? -Float(l + 1) : (l + r) % 3 == 1 ? 0 : Float(l + 1) }
            rows.append(z)
        }
        var bits = SIMD16<UInt32>()
        for r in 0..<panelRows { bits = addingSignBits(bits, rows[r], row: r) }
        let bytes = SIMD16<UInt8>(truncatingIfNeeded: bits)
        let widened = withUnsafeBytes(of: bytes) { loadMaskBytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        for r in 0..<panelRows {
            let m = masked(widened, row: r, 2.5)
            for l in 0..<16 {
                #expect(m[l] == (rows[r][l] < 0 ? 2.5 : 0), "row \(r), lane \(l)")
                #expect(m[l].sign == .plus, "row \(r), lane \(l): masked lanes are +0")
            }
        }
    }
}
