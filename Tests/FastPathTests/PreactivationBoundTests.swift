import Exact
import FastPathBounds
import Reference
import TestSupport
import Testing

@testable import FastPath

/// `RoundingBounds.zError[k][i]` is documented as the bound on `|ẑ_ki − z_ki|`, with ẑ FastPath's
/// `Float` pre-activation: `fl(w_0 x_0)`, then `fma(w_j, x_j, ·)` for `j = 1 … d − 1` — `d`
/// roundings, so `γ_d Σ_j |w_j x_j|` (Lemma 1 with `h = d`, proofs-notes/fastpath-rounding-bounds.md).
/// The other oracle tests see `zError` only through sums whose own `γ_{h_m}` slack hides it;
/// here it is checked directly, on the worst case of one rounding (`d = 1`, a tie) and on
/// seeded random dot products. The chain is tied to FastPath itself: with `m = 1`, `a = 1`,
/// `s = 1`, `c = 1` and `z > 0`, FastPath's output is `fma(−1, 0, U·x) = ẑ`.
@Suite("FastPath pre-activation error bounds")
struct PreactivationBoundTests {
    /// FastPath's order for `w·x` (`Reductions.linear`, the block and panel kernels).
    static func chain(_ w: [Float], _ x: [Float]) -> Float {
        var z = w[0] * x[0]
        for j in 1..<w.count { z = z.addingProduct(w[j], x[j]) }
        return z
    }

    /// `|ẑ − z| ≤ zError` for every pair, and FastPath's output is ẑ where `z > 0` (one neuron).
    static func check(w: [Float], points: [[Float]]) throws {
        let net = try HomotopyNetwork(s: 1, outer: [1], inner: [w], scale: 1)
        let data = try FloatDataset(points: points, targets: [Float](repeating: 0, count: points.count))
        let bounds = RoundingBounds(network: net, data: data)
        let outputs = try net.outputs(on: data, threads: 1)
        for (i, x) in points.enumerated() {
            let computed = chain(w, x)
            let error = (Rational(computed) - bounds.z[0][i]).magnitude
            #expect(
                error <= bounds.zError[0][i],
                "w \(w), x \(x): |ẑ − z| = \(error) > bound \(bounds.zError[0][i])")
            if bounds.z[0][i].signum > 0 && !bounds.ambiguous[0][i] {
                #expect(outputs[i] == computed, "FastPath's f = \(outputs[i]) is not the chain ẑ = \(computed)")
            }
        }
    }

    /// `d = 1`: `(1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴` is a tie, rounded to `1 + 2⁻¹¹` (even): the error
    /// is `2⁻²⁴`, one full unit roundoff, which a bound of fewer than `d` roundings misses.
    @Test func oneRoundingAtATie() throws {
        let v: Float = 1 + 0x1p-12
        #expect(Rational(v * v) == Rational(v) * Rational(v) - Rational(1).timesPowerOfTwo(-24))
        try PreactivationBoundTests.check(w: [v], points: [[v], [-v], [2 * v]])
    }

    /// Seeded random weights and points, `d ∈ {1, 2, 3, 5, 8}`, 24-bit mantissas in (−2, 2):
    /// products are inexact almost always (Lemma 2 does not apply).
    @Test(arguments: [1, 2, 3, 5, 8])
    func randomDotProducts(d: Int) throws {
        var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(d))
        func draw() -> Float { Float(Int64(rng.next() >> 39) - (1 << 24)) * 0x1p-23 }
        for _ in 0..<20 {
            let w = (0..<d).map { _ in draw() }
            let points = (0..<16).map { _ in (0..<d).map { _ in draw() } }
            try PreactivationBoundTests.check(w: w, points: points)
        }
    }

    /// A pre-activation whose computed sign differs from the exact one: `w = (1 + 2⁻¹², −1)`,
    /// `x = (1 + 2⁻¹² + 2⁻²³, 1 + 2⁻¹¹ + 2⁻²²)`. `w₀x₀ = 1 + 2⁻¹¹ + 2⁻²³ + 2⁻²⁴ + 2⁻³⁵` rounds up
    /// to `1 + 2⁻¹¹ + 2⁻²²`, so `ẑ = fma(−1, x₁, fl(w₀x₀)) = 0` while `z = −(2⁻²⁴ − 2⁻³⁵) < 0`.
    /// FastPath masks the sample out of `B` (`[ẑ < 0]` is false), the exact sum has it in:
    /// the bounds must cover both (Lemma 3: an ambiguous mask costs `|y|`), so the gradient
    /// FastPath computes lies in `RoundingBounds.gradient`.
    @Test func aSignFlippedByRoundingIsCovered() throws {
        let w: [Float] = [1 + 0x1p-12, -1]
        let x: [Float] = [1 + 0x1p-12 + 0x1p-23, 1 + 0x1p-11 + 0x1p-22]
        let net = try HomotopyNetwork(s: 1, outer: [1], inner: [w], scale: 1)
        let data = try FloatDataset(points: [x], targets: [1])
        let bounds = RoundingBounds(network: net, data: data)
        #expect(PreactivationBoundTests.chain(w, x) == 0)
        #expect(bounds.z[0][0] == -(Rational(1).timesPowerOfTwo(-24) - Rational(1).timesPowerOfTwo(-35)))
        #expect(bounds.negative[0][0] && bounds.ambiguous[0][0])
        let (_, gradient) = try net.lossAndGradient(on: data, threads: 1)
        #expect(gradient.count == bounds.gradient.count)
        for (p, g) in gradient.enumerated() {
            #expect(bounds.gradient[p].contains(g), "∂L/∂θ_\(p) = \(g) outside \(bounds.gradient[p].value) ± \(bounds.gradient[p].error)")
        }
        // The flip matters: the exact B (sample in) and FastPath's (sample out) differ by r·x ≈ 1.
        let outputs = try net.outputs(on: data, threads: 1)
        #expect(outputs == [0])
    }
}
