/// Rigorous `Double` enclosures of the ReLU (`s = 1`) parts of the infinite-width kernels
/// of one pair of points, proofs-notes/verified-float-kernel.md §3:
///
///     H^w(x, y) = (x·y)·(π − θ)/(2π),   H^a(x, y) = H^w + S/(2π),   S = |x||y| sin θ,
///
/// with `θ ∈ [0, π]` the angle between `x` and `y` (the same closed forms as
/// `InfiniteWidthKernel`, proofs-notes/claim-05).
///
/// The angle is never taken from `arccos(g/√p)` (derivative `1/sin θ`, useless for nearly
/// parallel points). Instead, with `g = x·y` and `S ≥ 0`:
///
/// - `S` comes from Lagrange's identity `S² = |x|²|y|² − (x·y)² = Σ_{i<j} (x_i y_j − x_j y_i)²`
///   (for `d ≤ lagrangeDimensionLimit`), a sum of squares without cancellation, so `S` is
///   enclosed to a few ulps of `|x||y|` even for parallel points;
/// - `θ = π/2 − atan(g/S)` when `|g| ≤ S` (any sign of `g`), `θ = atan(S/g)` when
///   `g ≥ S > 0`, and `θ = π − atan(S/|g|)` when `−g ≥ S`: every `atan` argument is in
///   `[−1, 1]`, where `atan` is 1-Lipschitz.
///
/// Both identities are exact for real numbers; the case is chosen from midpoints, which
/// only affects the width: each formula holds whenever its denominator is non-zero.
public enum ReLUKernelEnclosure {
    /// Up to this dimension `S²` is a sum of `d(d − 1)/2` squared 2×2 minors; above it,
    /// `S² = |x|²|y|² − g²` (cancellation for nearly parallel points, caught by the
    /// caller's width test and repaired by the exact fallback).
    public static let lagrangeDimensionLimit = 16

    /// `(H^w, H^a)` for points `x`, `y` given as coordinate intervals, with `x·y`, `|x|²`,
    /// `|y|²` supplied. Returns `nil` when an enclosure cannot be formed in floating point
    /// (a zero denominator in every formula, a non-finite value): the caller then uses the
    /// exact enclosure.
    @inlinable
    public static func parts(
        _ x: UnsafeBufferPointer<FloatInterval>, _ y: UnsafeBufferPointer<FloatInterval>,
        dot g: FloatInterval, squaredNorms nx: FloatInterval, _ ny: FloatInterval
    ) -> (inner: FloatInterval, outer: FloatInterval)? {
        let d = x.count
        var s2 = FloatInterval(0)
        if d <= lagrangeDimensionLimit {
            for i in 0..<d {
                for j in (i + 1)..<max(i + 1, d) {
                    s2 = s2 + (x[i] * y[j] - x[j] * y[i]).square
                }
            }
        } else {
            s2 = nx * ny - g.square
        }
        let sine = s2.squareRootOfNonNegativePart  // S = |x||y| sin θ ≥ 0
        let theta: FloatInterval
        let gm = g.mid, sm = sine.mid
        if sm >= abs(gm) {
            guard sine.lo > 0 else { return nil }
            theta = ArctanEnclosure.halfPi - ArctanEnclosure.atan(g / sine)
        } else if gm > 0 {
            guard g.lo > 0 else { return nil }
            theta = ArctanEnclosure.atan(sine / g)
        } else {
            guard g.hi < 0 else { return nil }
            theta = ArctanEnclosure.pi - ArctanEnclosure.atan(sine / -g)
        }
        // (π − θ)/(2π) = 1/2 − θ/(2π) ∈ [0, 1/2].
        let fraction = (FloatInterval(0.5) - theta * ArctanEnclosure.inverseTwoPi).clamped(0, 0.5)
        let inner = g * fraction
        let outer = inner + sine * ArctanEnclosure.inverseTwoPi
        guard inner.isFinite && outer.isFinite else { return nil }
        return (inner, outer)
    }
}
