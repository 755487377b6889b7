import CGMP

// Conversions between `Rational` and binary floating point.
//
// Every finite `Float` and `Double` is a dyadic rational m·2^e, so the
// conversion *to* `Rational` is exact. The conversion *back* rounds to nearest,
// ties to even — exactly what IEEE 754 specifies for converting a real number —
// with gradual underflow to subnormals and overflow to ±infinity.

extension Rational {
    /// The exact value of a finite `Double`; `nil` for NaN and ±infinity.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        box = MPQBox()
        cgmp_q_set_d(box.ptr, value)  // exact for every finite double
    }

    /// The exact value of a finite `Float`; `nil` for NaN and ±infinity.
    public init?(exactly value: Float) {
        self.init(exactly: Double(value))  // Float → Double is exact
    }

    /// The exact value of a finite `Double`.
    /// - Precondition: `value.isFinite`.
    public init(_ value: Double) {
        precondition(value.isFinite, "Rational(\(value)): not a finite number")
        self.init(exactly: value)!
    }

    /// The exact value of a finite `Float`.
    /// - Precondition: `value.isFinite`.
    public init(_ value: Float) {
        self.init(Double(value))
    }

    /// The floating-point value nearest to `self`, ties to even (IEEE 754 round-to-nearest).
    ///
    /// Magnitudes beyond the largest finite value round to ±infinity exactly as
    /// IEEE rounding prescribes; tiny ones round to subnormals or to ±0 (the sign of
    /// zero follows the sign of `self`).
    /// - Complexity: one division of integers of the operands' size.
    /// - Precondition: `T` has at most 64 significand bits (Float, Double, Float80).
    public func rounded<T: BinaryFloatingPoint>(to type: T.Type) -> T {
        precondition(T.significandBitCount < 64, "rounded(to:) supports up to 64 significand bits")
        if isZero { return 0 }
        let sign: FloatingPointSign = signum < 0 ? .minus : .plus
        let a = numerator.magnitude, b = denominator
        let p = T.significandBitCount + 1
        let emin = Int(T.leastNormalMagnitude.exponent)
        let emax = Int(T.greatestFiniteMagnitude.exponent)
        // a/b ∈ (2^(la−lb−1), 2^(la−lb+1)): decide the extremes before shifting.
        let roughExponent = a.bitWidth - b.bitWidth
        if roughExponent - 1 > emax { return sign == .minus ? -T.infinity : T.infinity }
        if roughExponent + 1 < emin - p - 1 { return sign == .minus ? -T(0) : T(0) }

        // q = ⌊a·2^shift / b⌋ has at least p + 2 bits; r ≠ 0 records what is beyond q.
        let shift = p + 2 - roughExponent
        let (q, r) =
            shift >= 0
            ? a.shiftedLeft(shift).floorDivision(by: b)
            : a.floorDivision(by: b.shiftedLeft(-shift))
        let exponent = q.bitWidth - 1 - shift  // self ∈ [2^exponent, 2^(exponent+1))
        let keep = exponent >= emin ? p : p - (emin - exponent)  // bits left for subnormals
        if keep < 0 { return sign == .minus ? -T(0) : T(0) }
        let drop = q.bitWidth - keep
        var kept = q.shiftedRight(drop)
        let rest = q - kept.shiftedLeft(drop)
        let half = BigInt(1).shiftedLeft(drop - 1)
        let comparison = rest.compare(half)
        if comparison > 0 || (comparison == 0 && (!r.isZero || kept.isOdd)) {
            kept += 1
        }
        // kept ≤ 2^p is exact in T, and kept·2^(drop−shift) is representable unless it overflows.
        // (kept = 2^p after a carry; p ≤ 64 for every standard type, so otherwise it fits 64 bits.)
        if kept.bitWidth > p {
            return T(sign: sign, exponent: T.Exponent(drop - shift + p), significand: 1)
        }
        return T(sign: sign, exponent: T.Exponent(drop - shift), significand: T(kept.low64Bits))
    }
}

extension Double {
    /// The `Double` nearest to `value`, ties to even; see `Rational.rounded(to:)`.
    public init(_ value: Rational) { self = value.rounded(to: Double.self) }
}

extension Float {
    /// The `Float` nearest to `value`, ties to even (a single rounding, never via `Double`).
    public init(_ value: Rational) { self = value.rounded(to: Float.self) }
}
