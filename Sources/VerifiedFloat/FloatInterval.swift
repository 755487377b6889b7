/// A closed interval `[lo, hi]` of `Double`s used as an enclosure of a real number, with
/// outward-rounded arithmetic that needs no directed rounding mode.
///
/// IEEE 754 `+ − × ÷ √` are correctly rounded to nearest: the computed `r = fl(a ∘ b)`
/// satisfies `|r − a ∘ b| ≤ ½ ulp`. The neighbours `r.nextDown` and `r.nextUp` are at
/// least ½ ulp away from `r` on their side (at a power of two the lower neighbour is
/// `ulp/2` away, but there the exact value is also within `ulp/4` below), so
///
///     r.nextDown ≤ a ∘ b ≤ r.nextUp
///
/// for every finite, infinite (overflow: `r = ±∞` means `|a ∘ b| > greatestFiniteMagnitude`,
/// and `(+∞).nextDown = greatestFiniteMagnitude`) and subnormal result (the error is then
/// at most half the spacing `2^−1074`). The operations below widen their correctly rounded
/// endpoints outward by `fma(|r|, 2^−52, 2^−1074) ≥ ulp(r)` (`up`, `down`: at least one
/// step, at most two, and branch-free, unlike `nextUp`), so the result contains the exact
/// image of the operands (the *inclusion property*). A NaN endpoint poisons the interval; callers test
/// `isFinite` and fall back to exact arithmetic.
///
/// The price is one or two ulps per operation and endpoint (the optimum is ½ ulp); the
/// kernels below do about a hundred operations per entry, so their entries are about
/// `2^−45` relative wide at worst and far tighter in practice.
public struct FloatInterval: Sendable, Hashable, CustomStringConvertible {
    public var lo: Double
    public var hi: Double

    /// `[lo, hi]`. - Precondition: `lo ≤ hi` (or a NaN endpoint).
    @inlinable public init(_ lo: Double, _ hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// The point `[x, x]` of an exactly known double.
    @inlinable public init(_ x: Double) {
        lo = x
        hi = x
    }

    /// An upper bound of the real `v` whose correctly rounded value is `r`: `r + fma(|r|, 2^−52, 2^−1074)`,
    /// at least `r.nextUp` (for normal `r`, `|r|·2^−52 ≥ ulp(r)`; for subnormal `r` and 0 the
    /// `2^−1074` is the ulp; rounding to nearest is monotone, so neither sum falls below
    /// the double it exceeds). Branch-free, at most two ulps outward. `r = −∞` gives NaN,
    /// which callers treat as "not finite".
    @inlinable @inline(__always) public static func up(_ r: Double) -> Double {
        r + (0x1p-1074 as Double).addingProduct(Swift.abs(r), 0x1p-52)
    }

    /// A lower bound of `v` (`fl(v) = r`): `r − fma(|r|, 2^−52, 2^−1074) ≤ r.nextDown`.
    @inlinable @inline(__always) public static func down(_ r: Double) -> Double {
        r - (0x1p-1074 as Double).addingProduct(Swift.abs(r), 0x1p-52)
    }

    /// `[fl(x).nextDown, fl(x).nextUp]` around the correctly rounded value of a real `x`
    /// that was itself produced by one correctly rounded operation.
    @inlinable static func around(_ r: Double) -> FloatInterval { FloatInterval(down(r), up(r)) }

    @inlinable public var isFinite: Bool { lo.isFinite && hi.isFinite }
    @inlinable public var width: Double { hi - lo }
    /// A double near the centre (not necessarily the exact midpoint).
    @inlinable public var mid: Double { lo.isFinite && hi.isFinite ? lo * 0.5 + hi * 0.5 : .nan }
    @inlinable public func contains(_ x: Double) -> Bool { lo <= x && x <= hi }

    public var description: String { "[\(lo), \(hi)]" }

    // MARK: Arithmetic (inclusion)

    @inlinable @inline(__always) public static func + (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        FloatInterval(down(a.lo + b.lo), up(a.hi + b.hi))
    }

    @inlinable @inline(__always) public static func - (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        FloatInterval(down(a.lo - b.hi), up(a.hi - b.lo))
    }

    @inlinable public static prefix func - (a: FloatInterval) -> FloatInterval { FloatInterval(-a.hi, -a.lo) }

    /// The product: `[min, max]` of the four endpoint products, each rounded outward.
    @inlinable @inline(__always) public static func * (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        if a.lo == a.hi && b.lo == b.hi { return around(a.lo * b.lo) }
        if a.lo >= 0 && b.lo >= 0 { return FloatInterval(down(a.lo * b.lo), up(a.hi * b.hi)) }
        let p = a.lo * b.lo, q = a.lo * b.hi, r = a.hi * b.lo, s = a.hi * b.hi
        return FloatInterval(
            down(Swift.min(Swift.min(p, q), Swift.min(r, s))),
            up(Swift.max(Swift.max(p, q), Swift.max(r, s))))
    }

    /// The quotient. - Precondition: `0 ∉ b` (else the result is `[−∞, +∞]`).
    @inlinable @inline(__always) public static func / (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        guard b.lo > 0 || b.hi < 0 else { return FloatInterval(-.infinity, .infinity) }
        let p = a.lo / b.lo, q = a.lo / b.hi, r = a.hi / b.lo, s = a.hi / b.hi
        return FloatInterval(
            down(Swift.min(Swift.min(p, q), Swift.min(r, s))),
            up(Swift.max(Swift.max(p, q), Swift.max(r, s))))
    }

    /// `[x², y²]`-style square, `[0, …]` when the interval contains 0.
    @inlinable @inline(__always) public var square: FloatInterval {
        if lo >= 0 { return FloatInterval(FloatInterval.down(lo * lo), FloatInterval.up(hi * hi)) }
        if hi <= 0 { return FloatInterval(FloatInterval.down(hi * hi), FloatInterval.up(lo * lo)) }
        return FloatInterval(0, FloatInterval.up(Swift.max(lo * lo, hi * hi)))
    }

    /// `√` of the non-negative part (an interval known to enclose a non-negative number
    /// may poke below 0 by rounding; it is clipped at 0).
    @inlinable @inline(__always) public var squareRootOfNonNegativePart: FloatInterval {
        let l = lo <= 0 ? 0 : FloatInterval.down(lo.squareRoot())
        return FloatInterval(Swift.max(0, l), hi <= 0 ? 0 : FloatInterval.up(hi.squareRoot()))
    }

    /// The intersection with `[a, b]` (used to apply a known range such as `θ ∈ [0, π]`).
    @inlinable public func clamped(_ a: Double, _ b: Double) -> FloatInterval {
        FloatInterval(Swift.max(lo, a), Swift.min(hi, b))
    }

    /// The hull of two intervals.
    @inlinable public func hull(_ other: FloatInterval) -> FloatInterval {
        FloatInterval(Swift.min(lo, other.lo), Swift.max(hi, other.hi))
    }
}
