/// Eight `Float` lanes: one neuron block.
typealias Lanes = SIMD8<Float>

/// A compile-time input dimension, so that kernels specialised for it keep the
/// `d` inner weights and accumulators of a block in registers (`InlineArray`).
struct Dimension<let D: Int> {}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always)
func store8(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

@inline(__always)
func splat(_ x: Float) -> Lanes { Lanes(repeating: x) }

/// The sum of the eight lanes as the tree `((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7))`:
/// three roundings per lane, and neighbours (the `(a, w), (−a, w)` pairs of a
/// symmetric group) are added first.
@inline(__always)
func laneSum(_ v: Lanes) -> Float {
    let pairs = v.evenHalf + v.oddHalf
    let quads = pairs.evenHalf + pairs.oddHalf
    return quads[0] + quads[1]
}

/// `y` where `z < 0`, `0` elsewhere: `[z < 0]·y`, the kink convention.
///
/// Tested on the sign bit of `z` (an integer compare and a mask). Every `z` of FastPath is
/// computed by `zeroStartedDot`, which never returns `−0`, so the sign bit is
/// set exactly when `z < 0`.
@inline(__always)
func whereNegative(_ z: Lanes, _ y: Lanes) -> Lanes {
    Lanes().replacing(with: y, where: unsafeBitCast(z, to: SIMD8<Int32>.self) .< SIMD8<Int32>())
}

/// The first step of every `w·x` chain: `fma(w[0], x[0], +0)`. It rounds the
/// product exactly as `w[0]·x[0]` would, but a zero product becomes `+0`, so no
/// later `fma` can produce `−0` (an exact-zero sum is `+0` unless both addends
/// are `−0`).
@inline(__always)
func zeroStartedProduct(_ w: Lanes, _ x: Lanes) -> Lanes {
    Lanes().addingProduct(w, x)
}

/// How many accumulators a sample sum of the gradient pass keeps per coordinate:
/// sample `i` goes to accumulator `i mod sets`, each accumulated in sample order,
/// combined at the end as `S0 + S1` or `(S0 + S1) + (S2 + S3)`. More sets hide
/// the FMA latency when `d` is small (few independent chains); for larger `d`
/// the coordinates themselves are independent chains.
@inline(__always)
func gradientAccumulatorSets(_ d: Int) -> Int { d <= 2 ? 4 : d <= 4 ? 2 : 1 }

/// The same for the curvature pass, which keeps two sums per coordinate.
@inline(__always)
func curvatureAccumulatorSets(_ d: Int) -> Int { d <= 4 ? 2 : 1 }

/// `min(z, 0)` per lane (`z` where `z ≤ 0` or NaN, `0` where `z > 0`); written out
/// because the standard library's `pointwiseMin` is not inlined.
@inline(__always)
func minimumWithZero(_ z: Lanes) -> Lanes {
    z.replacing(with: 0, where: z .> 0)
}
