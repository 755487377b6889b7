import Exact
import Reference
import Testing

/// The finite-width kernel identities of `proofs-notes/skip-connection.md`, each checked by
/// two independent computations: the Gram matrix of an exact output Jacobian (the plain
/// gradient formulas) against Reference's kernel code (integer-scaled pre-activation
/// tables), on a symmetric network with no pre-activation at 0.
struct SkipConnectionKernelTests {
    /// `m = 16` (`c = 1/4`, so `c²Σa_k² = 1` for `a_k = ±1`), `d = 2`, five rational points.
    static func instance() throws -> (TwoLayerNetwork, Dataset) {
        let net = try TwoLayerNetwork.symmetricInitialization(width: 16, dimension: 2, s: 1, seed: 7)
        let points: [[Rational]] = [
            [1, 0], [Rational(1, 3), 1], [-1, Rational(2, 5)], [Rational(3, 4), Rational(-5, 7)], [Rational(-2, 9), Rational(-1, 2)],
        ]
        return (net, try Dataset(points: points, targets: points.map { _ in 0 }))
    }

    static func gram(_ data: Dataset) -> RationalMatrix {
        RationalMatrix(rows: data.count, columns: data.count) { i, l in
            zip(data.points[i], data.points[l]).reduce(Rational(0)) { $0 + $1.0 * $1.1 }
        }
    }

    /// `g(x) = c Σ a_k ReLU(w_k·x) + α vᵀx`: the Gram matrix of its Jacobian `[J_ReLU | αX]`
    /// is `K_1(θ) + α²XXᵀ`, at three values of `α` (both sides are affine in `α²`, so two
    /// would determine the identity).
    @Test func skipKernelIsTheReLUKernelPlusTheScaledGram() throws {
        let (net, data) = try Self.instance()
        let j = try net.outputJacobian(on: data)
        let k1 = try net.tangentKernel(on: data).full
        let g = Self.gram(data)
        for alpha in [Rational(1, 2), Rational(1), Rational(2)] {
            let skip = RationalMatrix(rows: data.count, columns: j.columns + 2) { i, col in
                col < j.columns ? j[i, col] : alpha * data.points[i][col - j.columns]
            }
            #expect(skip * skip.transposed == k1 + (alpha * alpha) * g)
        }
    }

    /// σ_s against its skip twin `α(s)² = 2(1 − s)/s²`: `K_s(θ) − s²(K_1(θ) + α(s)²G)
    /// = (1 − s)(K^a_0(θ) − G)` when `c²Σa_k² = 1`, so the two kernels differ only by the
    /// fluctuation of the σ_s network's linear path. `K_s` is the Jacobian Gram of the σ_s
    /// network; `K_1`, `K^a_0` come from the kernel code.
    @Test func sigmaSDiffersFromItsSkipTwinByTheLinearPathsFluctuation() throws {
        let (net, data) = try Self.instance()
        #expect(net.scale * net.scale * net.outer.reduce(Rational(0)) { $0 + $1 * $1 } == 1)
        let g = Self.gram(data)
        let k1 = try net.tangentKernel(on: data).full
        let ka0 = try net.with(s: 0).outerKernel(on: data)
        #expect(ka0 != g, "the linear path's kernel at finite width is not XXᵀ")
        for s in [Rational(1, 4), Rational(1, 2), Rational(3, 4)] {
            let j = try net.with(s: s).outputJacobian(on: data)
            let ks = j * j.transposed
            let twin = (s * s) * k1 + (2 * (1 - s)) * g
            #expect(ks - twin == (1 - s) * (ka0 - g))
        }
    }
}
