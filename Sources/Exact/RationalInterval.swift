/// A closed interval `[lo, hi]` of rationals, `lo ≤ hi`: a certified enclosure of a real number.
///
/// Interval arithmetic on `RationalInterval` is *exact* inclusion arithmetic: every
/// operation returns an interval that contains `a ∘ b` for every `a` in the left operand
/// and every `b` in the right one, and the endpoints are computed with exact `Rational`
/// arithmetic, so no rounding can ever move an endpoint inward. The elementary
/// functions in `RationalInterval+Elementary.swift` (`sqrt`, `pi`, `atan`, `arccos`)
/// return intervals that contain the true irrational value and are at most `2^−bits` wide.
///
/// ```swift
/// let a = RationalInterval(Rational(1, 3), Rational(1, 2))
/// let b = RationalInterval(Rational(2))              // the point [2, 2]
/// print(a * b, (a - a).containsZero)                 // [2/3, 1] true
/// let root2 = try RationalInterval.sqrt(2, bits: 64)   // √2 ∈ root2, width ≤ 2^−64
/// print(root2.hasWidth(atMostTwoToTheMinus: 64))       // true
/// ```
///
/// Endpoint sizes grow under repeated multiplication; call
/// `rounded(outwardToFractionalBits:)` now and then to keep them bounded (it only widens).
///
/// `==` and `hashValue` compare the endpoints (set equality of the intervals), not the
/// enclosed values: `[0, 1] != [0, 2]` even though both might enclose `1/2`.
public struct RationalInterval: Sendable, Hashable {
    /// The lower endpoint.
    public let lo: Rational
    /// The upper endpoint; `hi >= lo`.
    public let hi: Rational

    /// The interval `[lo, hi]`.
    /// - Precondition: `lo <= hi`. Use `init(validatingLower:upper:)` for endpoints that come
    ///   from input.
    public init(_ lo: Rational, _ hi: Rational) {
        precondition(lo <= hi, "RationalInterval: lower endpoint \(lo) exceeds upper endpoint \(hi)")
        self.lo = lo
        self.hi = hi
    }

    /// The interval `[lo, hi]`, or `ExactError.outOfDomain` when `lo > hi`.
    ///
    /// ```swift
    /// let i = try RationalInterval(validatingLower: Rational(parsing: "0.1"), upper: 1)
    /// ```
    public init(validatingLower lo: Rational, upper hi: Rational) throws(ExactError) {
        guard lo <= hi else {
            throw .outOfDomain("interval [\(lo), \(hi)] has its lower endpoint above its upper endpoint")
        }
        self.lo = lo
        self.hi = hi
    }

    /// The degenerate (point) interval `[point, point]`.
    public init(_ point: Rational) {
        lo = point
        hi = point
    }

    /// Endpoints known to be ordered (internal fast path, checked in debug builds).
    init(uncheckedLower lo: Rational, upper hi: Rational) {
        assert(lo <= hi, "RationalInterval: unordered endpoints")
        self.lo = lo
        self.hi = hi
    }

    /// The smallest interval containing both `a` and `b`, in either order.
    public init(hullOf a: Rational, _ b: Rational) {
        if a <= b { self.init(uncheckedLower: a, upper: b) } else { self.init(uncheckedLower: b, upper: a) }
    }
}

// MARK: - Queries

extension RationalInterval {
    /// `hi − lo`, never negative.
    public var width: Rational { hi - lo }

    /// `(lo + hi) / 2`.
    public var midpoint: Rational { (lo + hi).timesPowerOfTwo(-1) }

    /// `(hi − lo) / 2`: every point lies within `radius` of `midpoint`.
    public var radius: Rational { width.timesPowerOfTwo(-1) }

    /// `max |x|` over the interval, that is `max(|lo|, |hi|)`.
    public var magnitude: Rational {
        let a = lo.magnitude, b = hi.magnitude
        return a >= b ? a : b
    }

    /// `min |x|` over the interval: 0 when it contains 0, else the endpoint nearer to 0.
    public var mignitude: Rational {
        if containsZero { return Rational() }
        return lo.signum > 0 ? lo : hi.magnitude
    }

    /// `true` when `lo == hi`.
    public var isPoint: Bool { lo == hi }

    /// `true` when `lo ≤ q ≤ hi`.
    public func contains(_ q: Rational) -> Bool { lo <= q && q <= hi }

    /// `true` when `other ⊆ self`.
    public func contains(_ other: RationalInterval) -> Bool { lo <= other.lo && other.hi <= hi }

    /// `true` when every point is `> 0`.
    public var isPositive: Bool { lo.signum > 0 }

    /// `true` when every point is `< 0`.
    public var isNegative: Bool { hi.signum < 0 }

    /// `true` when `lo ≤ 0 ≤ hi`.
    public var containsZero: Bool { lo.signum <= 0 && hi.signum >= 0 }

    /// `true` when the two intervals have a point in common.
    public func intersects(_ other: RationalInterval) -> Bool { lo <= other.hi && other.lo <= hi }

    /// The smallest interval containing both.
    public func hull(_ other: RationalInterval) -> RationalInterval {
        RationalInterval(uncheckedLower: lo <= other.lo ? lo : other.lo, upper: hi >= other.hi ? hi : other.hi)
    }

    /// The smallest interval containing `self` and `q`.
    public func hull(_ q: Rational) -> RationalInterval {
        RationalInterval(uncheckedLower: q < lo ? q : lo, upper: q > hi ? q : hi)
    }

    /// The common part, or `nil` when the intervals are disjoint. Touching intervals
    /// (`[0, 1]` and `[1, 2]`) meet in the point `[1, 1]`.
    public func intersection(_ other: RationalInterval) -> RationalInterval? {
        let l = lo >= other.lo ? lo : other.lo
        let h = hi <= other.hi ? hi : other.hi
        return l <= h ? RationalInterval(uncheckedLower: l, upper: h) : nil
    }

    /// `true` when `width ≤ 2^−bits`.
    public func hasWidth(atMostTwoToTheMinus bits: Int) -> Bool {
        width <= Rational(1).timesPowerOfTwo(-bits)
    }

    /// The interval widened outward to the grid `2^−bits ℤ`: `lo` rounded down (floor) and
    /// `hi` rounded up (ceiling) to a multiple of `2^−bits`.
    ///
    /// The result contains `self` (so it is still an enclosure of whatever `self` encloses),
    /// is at most `2·2^−bits` wider, and has dyadic endpoints with at most `bits` fractional
    /// bits: use it to keep endpoint sizes bounded in long computations. Endpoints already on
    /// the grid do not move, so rounding twice changes nothing.
    ///
    /// ```swift
    /// RationalInterval(Rational(1, 3)).rounded(outwardToFractionalBits: 4)   // [5/16, 3/8]
    /// ```
    /// - Complexity: two divisions of the endpoints' numerators by their denominators.
    public func rounded(outwardToFractionalBits bits: Int) -> RationalInterval {
        RationalInterval(
            uncheckedLower: lo.rounded(toFractionalBits: bits, .down),
            upper: hi.rounded(toFractionalBits: bits, .up))
    }
}

extension RationalInterval: CustomStringConvertible {
    /// The exact endpoints: `"[1/3, 1/2]"`, `"[-2, 5]"`.
    public var description: String { "[\(lo), \(hi)]" }
}
