import Exact

/// One of the tangent kernel blocks.
public enum KernelBlock: String, Sendable, Hashable, CaseIterable {
    /// `K^a`, gradients with respect to the outer weights.
    case outer
    /// `K^w`, gradients with respect to the inner weights.
    case inner
    /// `K = K^a + K^w`.
    case full
}

/// Certified enclosures of the infinite-width tangent kernels of the homotopy network
/// (`w ~ N(0, I_d)`, `E a² = 1`, `a` independent of `w`), derived in
/// proofs-notes/claim-05-infinite-width.md:
///
///     K^w_∞(x, y) = (x·y)·[(1 − s) + s²·(π − θ)/(2π)]
///     K^a_∞(x, y) = (1 − s)·(x·y) + s²·|x||y|·(sin θ + (π − θ) cos θ)/(2π)
///
/// with `θ ∈ [0, π]` the angle between `x` and `y`. Both are `(1 − s)·G + s²·H` with the
/// exact Gram matrix `G_ij = x_i·x_j` and the ReLU (`s = 1`) kernels
/// `H^w = G·(π − θ)/(2π)` and `H^a = H^w + S/(2π)`, `S = |x||y| sin θ = √(|x|²|y|² − (x·y)²)`
/// (a square root of a rational). So `H^w`, `H^a` are enclosed once, and every `s` costs
/// only exact rational operations.
///
/// The angle is obtained from `tan²θ = |x|²|y|²/(x·y)² − 1`, a rational:
/// `θ = atan √u` for `x·y > 0` and `π − atan √u` for `x·y < 0` (and `π/2` for `x·y = 0`).
/// Unlike `arccos(x·y / √(|x|²|y|²))`, whose derivative `1/sin θ` blows up for
/// near-parallel points, `atan` is 1-Lipschitz, so the enclosure stays tight there.
///
/// Exact special cases (no transcendental numbers involved):
/// - a zero point (`|x|²|y|² = 0`): `H^w = H^a = 0`, so row and column are `(1 − s)·0 = 0`
///   — the angle is undefined but `|H(x, y)| ≤ |x||y|` for both kernels, so 0 is the
///   limit, and it is also the exact expectation (`σ_s(w·0) = 0`, `x·y = 0`);
/// - parallel (`(x·y)² = |x|²|y|²`, `x·y > 0`, θ = 0, duplicates included):
///   `H^w = H^a = (x·y)/2`;
/// - antiparallel (`(x·y)² = |x|²|y|²`, `x·y < 0`, θ = π): `H^w = H^a = 0`;
/// - orthogonal (`x·y = 0`): `H^w = 0` exactly, `H^a = |x||y|/(2π)`.
///
/// ```swift
/// let k = try InfiniteWidthKernel(points: [[1, 0], [1, 1], [0, 2]], bits: 64)
/// let inner = k.matrix(.inner, s: Rational(3, 2))   // certified, entries ≤ 3·2^−64 wide
/// inner[0, 2]                                       // [0, 0]: x₁ ⟂ x₃, exact
/// inner[1, 1]                                       // [5/4, 5/4]: (1 − s)·2 + s²·2/2, exact
/// try inner.smallestEigenvalueBracket()             // certified λ_min
/// ```
public struct InfiniteWidthKernel: Sendable, Hashable {
    /// The data points.
    public let points: [[Rational]]
    /// The requested precision: `matrix(_:s:)` rounds endpoints outward to `2^−bits ℤ`.
    public let bits: Int
    /// `G_ij = x_i·x_j`, exactly.
    public let linear: RationalMatrix
    /// `H^w = K^w_∞` at `s = 1`, every entry at most `2^−(bits+8)` wide.
    public let innerReLU: IntervalMatrix
    /// `H^a = K^a_∞` at `s = 1`, every entry at most `2^−(bits+8)` wide.
    public let outerReLU: IntervalMatrix

    /// Guard bits of the ReLU parts over the requested `bits`.
    public static let guardBits = 8

    /// - Throws: `ReferenceError.shape` for no points or ragged points;
    ///   `.invalidArgument` for `bits < 0` or above `RationalInterval.maximumBits − 64`.
    public init(points: [[Rational]], bits: Int) throws(ReferenceError) {
        guard let d = points.first?.count, d >= 1 else { throw .shape("no points, or points without coordinates") }
        if let bad = points.firstIndex(where: { $0.count != d }) {
            throw .shape("point \(bad + 1) has \(points[bad].count) coordinates, point 1 has \(d)")
        }
        guard bits >= 0 && bits <= RationalInterval.maximumBits - 64 else {
            throw .invalidArgument("bits must be in 0...\(RationalInterval.maximumBits - 64), got \(bits)")
        }
        let n = points.count
        self.points = points
        self.bits = bits
        let gram = RationalMatrix(rows: n, columns: n) { i, j in dot(points[i], points[j]) }
        linear = gram
        let q = bits + InfiniteWidthKernel.guardBits
        var hw = [RationalInterval](repeating: RationalInterval(Rational()), count: n * n)
        var ha = hw
        for i in 0..<n {
            for j in i..<n {
                let (w, a) = InfiniteWidthKernel.reluParts(
                    dot: gram[i, j], squaredNorms: gram[i, i], gram[j, j], bits: q)
                hw[i * n + j] = w
                hw[j * n + i] = w
                ha[i * n + j] = a
                ha[j * n + i] = a
            }
        }
        innerReLU = IntervalMatrix(rows: n, columns: n, entries: hw)
        outerReLU = IntervalMatrix(rows: n, columns: n, entries: ha)
    }

    /// The kernels of a dataset's points.
    public init(data: Dataset, bits: Int) throws(ReferenceError) {
        try self.init(points: data.points, bits: bits)
    }

    /// The block at `s`: `(1 − s)·G + s²·H` (`.full`: `2(1 − s)·G + s²·(H^a + H^w)`),
    /// endpoints rounded outward to `2^−bits ℤ`.
    ///
    /// Width of every entry `≤ (2 + s²·2^−8)·2^−bits` (`.full`: `(2 + s²·2^−7)·2^−bits`):
    /// the ReLU parts are `2^−(bits+8)` wide and the outward rounding adds at most
    /// `2^−bits` at each end. Exact entries (zero points, parallel and antiparallel pairs,
    /// orthogonal pairs in `K^w`) stay exact when `(1 − s)·x·y` is on the grid.
    public func matrix(_ block: KernelBlock, s: Rational) -> IntervalMatrix {
        let s2 = s * s, linearFactor = 1 - s
        let n = points.count
        return IntervalMatrix(rows: n, columns: n) { i, j in
            let g = linear[i, j]
            let h: RationalInterval
            let l: Rational
            switch block {
            case .inner:
                h = innerReLU[i, j]
                l = linearFactor * g
            case .outer:
                h = outerReLU[i, j]
                l = linearFactor * g
            case .full:
                h = innerReLU[i, j] + outerReLU[i, j]
                l = 2 * linearFactor * g
            }
            return (l + h * s2).rounded(outwardToFractionalBits: bits)
        }
    }

    /// `K^w_∞`, `K^a_∞`, `K_∞` at `s`; see `matrix(_:s:)`.
    public func inner(s: Rational) -> IntervalMatrix { matrix(.inner, s: s) }
    public func outer(s: Rational) -> IntervalMatrix { matrix(.outer, s: s) }
    public func full(s: Rational) -> IntervalMatrix { matrix(.full, s: s) }

    /// A certified bracket on `λ_min` of a block at `s`, for the exact (irrational)
    /// kernel: the midpoint of `matrix(block, s:)` is bracketed by exact inertia and the
    /// result widened by a bound on the radii's spectral norm (Weyl); see
    /// `IntervalMatrix.smallestEigenvalueBracket`.
    public func smallestEigenvalueBracket(
        _ block: KernelBlock, s: Rational, relativeWidth: Rational = Rational(1, 1 << 20)
    ) throws(ExactError) -> EigenvalueBracket {
        try matrix(block, s: s).smallestEigenvalueBracket(relativeWidth: relativeWidth)
    }

    /// A certified bracket on `λ_max` of a block at `s`; see `smallestEigenvalueBracket`.
    public func largestEigenvalueBracket(
        _ block: KernelBlock, s: Rational, relativeWidth: Rational = Rational(1, 1 << 20)
    ) throws(ExactError) -> EigenvalueBracket {
        try matrix(block, s: s).largestEigenvalueBracket(relativeWidth: relativeWidth)
    }

    /// Enclosures of the ReLU kernels `(H^w, H^a)` of one pair from `g = x·y`,
    /// `|x|²`, `|y|²`, each at most `2^−bits` wide with endpoints on `2^−(bits+2) ℤ`.
    ///
    /// ```swift
    /// let (hw, ha) = InfiniteWidthKernel.reluParts(dot: 0, squaredNorms: 1, 1, bits: 64)
    /// // hw = [0, 0]; ha ∋ 1/(2π)
    /// ```
    public static func reluParts(
        dot g: Rational, squaredNorms nx: Rational, _ ny: Rational, bits q: Int
    ) -> (inner: RationalInterval, outer: RationalInterval) {
        let zero = RationalInterval(Rational())
        let p = nx * ny
        if p.isZero { return (zero, zero) }  // a zero point
        let g2 = g * g
        if g2 == p {  // θ = 0 or θ = π
            if g.signum > 0 {
                let half = RationalInterval(g.timesPowerOfTwo(-1))
                return (half, half)
            }
            return (zero, zero)
        }
        // Magnitudes: |g| ≤ √p and S ≤ √p; size the working precision to them.
        let rootBits = max(0, (p.numerator.bitWidth - p.denominator.bitWidth) / 2 + 1)
        var precision = q + 6 + rootBits
        while true {
            let pi = RationalInterval.pi(bits: precision + 2)
            let invTwoPi = (try! pi.reciprocal()).timesPowerOfTwo(-1)
            let sine = try! RationalInterval.sqrt(p - g2, bits: precision)  // S = |x||y| sin θ
            let inner: RationalInterval
            if g.isZero {
                inner = zero  // θ = π/2, x·y = 0
            } else {
                let u = p / g2 - 1  // tan²θ > 0
                let t = try! RationalInterval.sqrt(u, bits: precision + 2)
                let phi = RationalInterval.atan(t, bits: precision + 2)  // atan √u ∈ (0, π/2)
                let fraction =
                    g.signum > 0
                    ? Rational(1, 2) - phi * invTwoPi  // (π − θ)/(2π), θ = φ
                    : phi * invTwoPi  // θ = π − φ
                inner = fraction * g
            }
            let outer = inner + sine * invTwoPi
            if inner.hasWidth(atMostTwoToTheMinus: q + 1) && outer.hasWidth(atMostTwoToTheMinus: q + 1) {
                return (inner.rounded(outwardToFractionalBits: q + 2), outer.rounded(outwardToFractionalBits: q + 2))
            }
            precision += 32
        }
    }
}
