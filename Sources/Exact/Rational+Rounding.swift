import CGMP

// Rounding rationals to integers and to dyadic grids.

extension Rational {
    /// `⌊self⌋`.
    public var floor: BigInt {
        let r = MPZBox()
        cgmp_z_fdiv_q(r.ptr, box.num, box.den)
        return BigInt(box: r)
    }

    /// `⌈self⌉`.
    public var ceiling: BigInt {
        let r = MPZBox()
        cgmp_z_cdiv_q(r.ptr, box.num, box.den)
        return BigInt(box: r)
    }

    /// The integer part, rounded toward zero.
    public var truncated: BigInt { signum < 0 ? ceiling : floor }

    /// `self` rounded to an integer by `rule` (default: to nearest, ties to even,
    /// as IEEE 754's default).
    public func rounded(_ rule: FloatingPointRoundingRule = .toNearestOrEven) -> BigInt {
        let down = floor
        if isInteger { return down }
        let up = down + 1
        switch rule {
        case .down: return down
        case .up: return up
        case .towardZero: return signum < 0 ? up : down
        case .awayFromZero: return signum < 0 ? down : up
        case .toNearestOrEven, .toNearestOrAwayFromZero:
            // Compare the fractional part with 1/2.
            let fractionTwice = (self - Rational(down)) * 2
            if fractionTwice < 1 { return down }
            if fractionTwice > 1 { return up }
            if rule == .toNearestOrAwayFromZero { return signum < 0 ? down : up }
            return down.isOdd ? up : down
        @unknown default:
            fatalError("unknown rounding rule")
        }
    }

    /// `self` rounded to the grid of multiples of `2^−bits` (that is, to `bits`
    /// fractional bits), by `rule`. Negative `bits` round to multiples of `2^|bits|`.
    ///
    /// ```swift
    /// Rational(1, 3).rounded(toFractionalBits: 4)   // 5/16
    /// ```
    public func rounded(toFractionalBits bits: Int, _ rule: FloatingPointRoundingRule = .toNearestOrEven) -> Rational {
        Rational(timesPowerOfTwo(bits).rounded(rule)).timesPowerOfTwo(-bits)
    }

    /// The nearest rational with a numerator of at most `bits` significant bits times a power of two
    /// (a binary float of precision `bits` with unbounded exponent), by `rule`.
    /// - Precondition: `bits >= 1`.
    public func rounded(toSignificantBits bits: Int, _ rule: FloatingPointRoundingRule = .toNearestOrEven) -> Rational {
        precondition(bits >= 1, "at least one significant bit")
        if isZero { return self }
        // exponent e with |self| ∈ [2^e, 2^(e+1)) up to one step, fixed below.
        var e = numerator.bitWidth - denominator.bitWidth
        if magnitude < Rational(1).timesPowerOfTwo(e) { e -= 1 }
        return rounded(toFractionalBits: bits - 1 - e, rule)
    }
}
