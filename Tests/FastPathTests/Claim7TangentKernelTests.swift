import Exact
import PropertyBased
import Reference
import TestSupport
import Testing

@testable import FastPath

// HomotopyNetwork.tangentKernel(on:) — the Double empirical kernel that claims 7 and 8 use to
// estimate the finite-width effect — against the exact empirical kernel of the same Float
// weights (Reference, over ℚ), within the rounding bound of its doc comment:
//   |K̃_ij − K_ij| ≤ γ_{m+2d+4} · c² Σ_k σ̄² [Z_ik Z_jk + a_k² Σ_l |x_il x_jl|],
// Z_ik = Σ_l |w_kl x_il| (≥ |z_ik|), σ̄ = max(1, |1 − s|), γ_k = k u/(1 − k u), u = 2⁻⁵³.

private func gamma(_ k: Int) -> Double {
    let u = 0x1p-53
    return Double(k) * u / (1 - Double(k) * u)
}

@Suite("Claim 7: Double tangent kernel of FastPath networks")
struct Claim7TangentKernelTests {
    @Test func agreesWithTheExactKernelWithinTheRoundingBound() async {
        await seededPropertyCheck(count: 20, input: Gen.uint64(), Gen.int(in: 1...5), Gen.int(in: 0...4), Gen.int(in: 1...3)) { seed, n, si, groups in
            let s: Float = [0, 0.5, 1, 1.5, 2][si]
            let data = SyntheticDataset.gaussian(count: n, dimension: 2, seed: seed)
            let net = HomotopyNetwork.seeded(width: 4 * groups, dimension: 2, s: s, seed: seed &+ 1, symmetric: seed % 2 == 0)
            try Self.checkWithinTheBound(net, data)
        }
    }

    /// Widths around and above 128 and other dimensions, including the run-time `d = 16`,
    /// `m = 300` and `m = 3` (lane padding), `n = 9` and `13` (rows beyond whole 4 × 4 tiles)
    /// (panels of 2048 columns are crossed in `gramCrossesPanelsAndTiles`).
    @Test(arguments: [
        (129, 5, 6, Float(1.5)), (257, 1, 7, 1), (136, 16, 5, 2), (300, 3, 4, 0.5), (3, 2, 5, 1.5), (20, 2, 9, 0.5),
    ])
    func agreesAtLargerShapes(m: Int, d: Int, n: Int, s: Float) throws {
        let data = SyntheticDataset.gaussian(count: n, dimension: d, seed: UInt64(m + d))
        let net = HomotopyNetwork.seeded(width: m, dimension: d, s: s, seed: UInt64(n), symmetric: false)
        try Self.checkWithinTheBound(net, data)
    }

    /// The tiled Gram product against the exact sums of its `Double` inputs, within
    /// `γ_m·Σ_k|A_ik A_jk|` (its order-of-operations contract), with panels small enough to be
    /// crossed: rows beyond whole tiles, a last partial panel, lane padding.
    @Test(arguments: [(9, 37, 8), (13, 64, 16), (5, 3, 4), (4, 4100, 2048)])
    func gramCrossesPanelsAndTiles(n: Int, m: Int, panel: Int) {
        var generator = SeededRandom(seed: UInt64(n * 1000 + m))
        let length = TangentKernelGram.paddedLength(m), rows = TangentKernelGram.paddedRows(n)
        var a = [Double](repeating: 0, count: rows * length)
        for i in 0..<n {
            for k in 0..<m { a[i * length + k] = Double(Int64(bitPattern: generator.next()) >> 11) * 0x1p-40 }
        }
        let gram = TangentKernelGram.upper(a, rows: rows, count: n, length: length, threads: 3, panel: panel)
        let g = gamma(m)
        for i in 0..<n {
            for j in i..<n {
                var exact = Rational(), majorant = Rational()
                for k in 0..<m {
                    let p = Rational(a[i * length + k]) * Rational(a[j * length + k])
                    exact += p
                    majorant += p.magnitude
                }
                #expect((Rational(gram[i * n + j]) - exact).magnitude <= Rational(g) * majorant, "(\(i), \(j)) of n \(n), m \(m), panel \(panel)")
            }
        }
    }

    /// Every entry is computed by one thread in a fixed order: the same bits for any thread count.
    @Test func isTheSameForEveryThreadCount() {
        let data = SyntheticDataset.gaussian(count: 11, dimension: 3, seed: 41)
        let net = HomotopyNetwork.seeded(width: 2060, dimension: 3, s: 1.5, seed: 42, symmetric: true)
        let one = net.tangentKernel(on: data, threads: 1)
        for threads in [2, 3, 5] {
            #expect(net.tangentKernel(on: data, threads: threads).map(\.bitPattern) == one.map(\.bitPattern), "threads \(threads)")
        }
    }

    static func checkWithinTheBound(_ net: HomotopyNetwork, _ data: FloatDataset) throws {
        let s = net.s, n = data.count, m = net.width, d = net.dimension
        let reference = try TwoLayerNetwork(
            s: Rational(s), scale: Rational(net.scale), outer: net.outer.map { Rational($0) },
            inner: net.inner.map { $0.map { Rational($0) } })
        let exactData = try Dataset(floatPoints: (0..<n).map { data.point($0) }, targets: data.targets)
        // Gaussian Float data and weights: w·x = 0 exactly (a kink) does not occur.
        let exact = try reference.tangentKernel(on: exactData)
        let kernel = net.tangentKernel(on: data)
        let sigma = max(1, abs(1 - Double(s)))
        let c2 = Double(net.scale) * Double(net.scale)
        for i in 0..<n {
            for j in 0..<n {
                var majorant = 0.0
                let xi = data.point(i).map(Double.init), xj = data.point(j).map(Double.init)
                let xx = zip(xi, xj).reduce(0) { $0 + abs($1.0 * $1.1) }
                for k in 0..<m {
                    let w = net.inner[k].map(Double.init)
                    let zi = zip(w, xi).reduce(0) { $0 + abs($1.0 * $1.1) }
                    let zj = zip(w, xj).reduce(0) { $0 + abs($1.0 * $1.1) }
                    let a = Double(net.outer[k])
                    majorant += sigma * sigma * (zi * zj + a * a * xx)
                }
                let bound = gamma(m + 2 * d + 4) * c2 * majorant
                let error = abs(Rational(kernel[i * n + j]) - exact.full[i, j])
                #expect(error <= Rational(bound), "m \(m), d \(d), n \(n), entry (\(i), \(j)): error \(Double(error)), bound \(bound)")
                #expect(kernel[i * n + j] == kernel[j * n + i])
            }
        }
    }
}
