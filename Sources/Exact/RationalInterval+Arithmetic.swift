// Inclusion arithmetic for `RationalInterval`.
//
// Every operation `A ∘ B` returns an interval containing `{a ∘ b : a ∈ A, b ∈ B}`; the
// endpoints are exact rationals, so the result is in fact the exact image (the tightest
// interval) for `+`, `−`, `*`, `square()` and division. Note the dependency problem of
// interval arithmetic: `A − A` is `[lo − hi, hi − lo]`, not `[0, 0]`, because the two
// operands are treated as independent; `square()` is the tight form of `A * A`.

extension RationalInterval {
    /// `{a + b}`: `[lhs.lo + rhs.lo, lhs.hi + rhs.hi]`.
    public static func + (lhs: RationalInterval, rhs: RationalInterval) -> RationalInterval {
        RationalInterval(uncheckedLower: lhs.lo + rhs.lo, upper: lhs.hi + rhs.hi)
    }

    /// `{a − b}`: `[lhs.lo − rhs.hi, lhs.hi − rhs.lo]`.
    public static func - (lhs: RationalInterval, rhs: RationalInterval) -> RationalInterval {
        RationalInterval(uncheckedLower: lhs.lo - rhs.hi, upper: lhs.hi - rhs.lo)
    }

    /// `{−a}`: `[−hi, −lo]`.
    public static prefix func - (operand: RationalInterval) -> RationalInterval {
        RationalInterval(uncheckedLower: -operand.hi, upper: -operand.lo)
    }

    /// `{a · b}`: the smallest and largest of the four endpoint products.
    /// - Complexity: four `Rational` products (two when both operands have a fixed sign).
    public static func * (lhs: RationalInterval, rhs: RationalInterval) -> RationalInterval {
        // Sign-based fast paths: with both operands non-negative or non-positive the
        // extremes are known without comparing products.
        if lhs.lo.signum >= 0 && rhs.lo.signum >= 0 {
            return RationalInterval(uncheckedLower: lhs.lo * rhs.lo, upper: lhs.hi * rhs.hi)
        }
        if lhs.hi.signum <= 0 && rhs.hi.signum <= 0 {
            return RationalInterval(uncheckedLower: lhs.hi * rhs.hi, upper: lhs.lo * rhs.lo)
        }
        let p1 = lhs.lo * rhs.lo, p2 = lhs.lo * rhs.hi
        let p3 = lhs.hi * rhs.lo, p4 = lhs.hi * rhs.hi
        var low = p1, high = p1
        for p in [p2, p3, p4] {
            if p < low { low = p }
            if p > high { high = p }
        }
        return RationalInterval(uncheckedLower: low, upper: high)
    }

    /// `{x²}`, tighter than `self * self`: `[0, max(lo², hi²)]` when the interval contains 0.
    public func square() -> RationalInterval {
        let l2 = lo * lo, h2 = hi * hi
        if lo.signum >= 0 { return RationalInterval(uncheckedLower: l2, upper: h2) }
        if hi.signum <= 0 { return RationalInterval(uncheckedLower: h2, upper: l2) }
        return RationalInterval(uncheckedLower: Rational(), upper: l2 >= h2 ? l2 : h2)
    }

    /// `{1/x}`: `[1/hi, 1/lo]`.
    /// - Throws: `ExactError.intervalContainsZero` when `lo ≤ 0 ≤ hi`.
    public func reciprocal() throws(ExactError) -> RationalInterval {
        guard !containsZero else { throw .intervalContainsZero }
        return RationalInterval(uncheckedLower: hi.reciprocal, upper: lo.reciprocal)
    }

    /// `{a / b}` for `a ∈ self`, `b ∈ divisor`: `self * [1/divisor.hi, 1/divisor.lo]`.
    ///
    /// ```swift
    /// let q = try RationalInterval(1, 2).dividing(by: RationalInterval(4, 8))   // [1/8, 1/2]
    /// ```
    /// - Throws: `ExactError.intervalContainsZero` when the divisor contains 0 (including a
    ///   divisor with an endpoint equal to 0): the quotient set is then unbounded.
    public func dividing(by divisor: RationalInterval) throws(ExactError) -> RationalInterval {
        try self * divisor.reciprocal()
    }

    /// `{a / q}`.
    /// - Throws: `ExactError.divisionByZero` when `q == 0`.
    public func dividing(by q: Rational) throws(ExactError) -> RationalInterval {
        guard !q.isZero else { throw .divisionByZero }
        return self / q
    }

    public static func += (lhs: inout RationalInterval, rhs: RationalInterval) { lhs = lhs + rhs }
    public static func -= (lhs: inout RationalInterval, rhs: RationalInterval) { lhs = lhs - rhs }
    public static func *= (lhs: inout RationalInterval, rhs: RationalInterval) { lhs = lhs * rhs }
}

// MARK: - Mixed interval–rational operations

extension RationalInterval {
    /// `[lo + q, hi + q]`.
    public static func + (lhs: RationalInterval, rhs: Rational) -> RationalInterval {
        RationalInterval(uncheckedLower: lhs.lo + rhs, upper: lhs.hi + rhs)
    }

    /// `[q + lo, q + hi]`.
    public static func + (lhs: Rational, rhs: RationalInterval) -> RationalInterval { rhs + lhs }

    /// `[lo − q, hi − q]`.
    public static func - (lhs: RationalInterval, rhs: Rational) -> RationalInterval {
        RationalInterval(uncheckedLower: lhs.lo - rhs, upper: lhs.hi - rhs)
    }

    /// `[q − hi, q − lo]`.
    public static func - (lhs: Rational, rhs: RationalInterval) -> RationalInterval {
        RationalInterval(uncheckedLower: lhs - rhs.hi, upper: lhs - rhs.lo)
    }

    /// `{a · q}`; the endpoints swap when `q < 0`.
    public static func * (lhs: RationalInterval, rhs: Rational) -> RationalInterval {
        let a = lhs.lo * rhs, b = lhs.hi * rhs
        return rhs.signum >= 0
            ? RationalInterval(uncheckedLower: a, upper: b)
            : RationalInterval(uncheckedLower: b, upper: a)
    }

    /// `{q · b}`.
    public static func * (lhs: Rational, rhs: RationalInterval) -> RationalInterval { rhs * lhs }

    /// `{a / q}`.
    /// - Precondition: `q != 0`; use `dividing(by:)` for a thrown error instead.
    public static func / (lhs: RationalInterval, rhs: Rational) -> RationalInterval {
        precondition(!rhs.isZero, "RationalInterval division by zero")
        return lhs * rhs.reciprocal
    }

    /// `self · 2^n`, exactly (the endpoints are scaled; no rounding).
    public func timesPowerOfTwo(_ n: Int) -> RationalInterval {
        RationalInterval(uncheckedLower: lo.timesPowerOfTwo(n), upper: hi.timesPowerOfTwo(n))
    }

    public static func += (lhs: inout RationalInterval, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout RationalInterval, rhs: Rational) { lhs = lhs - rhs }
    public static func *= (lhs: inout RationalInterval, rhs: Rational) { lhs = lhs * rhs }
}
