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
/// at most half the spacing `2^−1074`). So each operation below widens its correctly
/// rounded endpoints by one step outward: the result contains the exact image of the
/// operands (the *inclusion property*). A NaN endpoint poisons the interval; callers test
/// `isFinite` and fall back to exact arithmetic.
///
/// The price is one ulp per operation and endpoint (twice the optimal ½ ulp); the
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

    /// `[fl(x).nextDown, fl(x).nextUp]` around the correctly rounded value of a real `x`
    /// that was itself produced by one correctly rounded operation.
    @inlinable static func around(_ r: Double) -> FloatInterval { FloatInterval(r.nextDown, r.nextUp) }

    @inlinable public var isFinite: Bool { lo.isFinite && hi.isFinite }
    @inlinable public var width: Double { hi - lo }
    /// A double near the centre (not necessarily the exact midpoint).
    @inlinable public var mid: Double { lo.isFinite && hi.isFinite ? lo * 0.5 + hi * 0.5 : .nan }
    @inlinable public func contains(_ x: Double) -> Bool { lo <= x && x <= hi }

    public var description: String { "[\(lo), \(hi)]" }

    // MARK: Arithmetic (inclusion)

    @inlinable @inline(__always) public static func + (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        FloatInterval((a.lo + b.lo).nextDown, (a.hi + b.hi).nextUp)
    }

    @inlinable @inline(__always) public static func - (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        FloatInterval((a.lo - b.hi).nextDown, (a.hi - b.lo).nextUp)
    }

    @inlinable public static prefix func - (a: FloatInterval) -> FloatInterval { FloatInterval(-a.hi, -a.lo) }

    /// The product: `[min, max]` of the four endpoint products, each rounded outward.
    @inlinable @inline(__always) public static func * (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        if a.lo == a.hi && b.lo == b.hi { return around(a.lo * b.lo) }
        if a.lo >= 0 && b.lo >= 0 { return FloatInterval((a.lo * b.lo).nextDown, (a.hi * b.hi).nextUp) }
        let p = a.lo * b.lo, q = a.lo * b.hi, r = a.hi * b.lo, s = a.hi * b.hi
        return FloatInterval(Swift.min(Swift.min(p, q), Swift.min(r, s)).nextDown,
                             Swift.max(Swift.max(p, q), Swift.max(r, s)).nextUp)
    }

    /// The quotient. - Precondition: `0 ∉ b` (else the result is `[−∞, +∞]`).
    @inlinable @inline(__always) public static func / (a: FloatInterval, b: FloatInterval) -> FloatInterval {
        guard b.lo > 0 || b.hi < 0 else { return FloatInterval(-.infinity, .infinity) }
        let p = a.lo / b.lo, q = a.lo / b.hi, r = a.hi / b.lo, s = a.hi / b.hi
        return FloatInterval(Swift.min(Swift.min(p, q), Swift.min(r, s)).nextDown,
                             Swift.max(Swift.max(p, q), Swift.max(r, s)).nextUp)
    }

    /// `[x², y²]`-style square, `[0, …]` when the interval contains 0.
    @inlinable @inline(__always) public var square: FloatInterval {
        if lo >= 0 { return FloatInterval((lo * lo).nextDown, (hi * hi).nextUp) }
        if hi <= 0 { return FloatInterval((hi * hi).nextDown, (lo * lo).nextUp) }
        return FloatInterval(0, Swift.max(lo * lo, hi * hi).nextUp)
    }

    /// `√` of the non-negative part (an interval known to enclose a non-negative number
    /// may poke below 0 by rounding; it is clipped at 0).
    @inlinable @inline(__always) public var squareRootOfNonNegativePart: FloatInterval {
        let l = lo <= 0 ? 0 : lo.squareRoot().nextDown
        return FloatInterval(Swift.max(0, l), hi <= 0 ? 0 : hi.squareRoot().nextUp)
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
