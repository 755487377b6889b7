import CGMP

// Field operations for `Rational`. Binary operators allocate one result;
// compound assignments write in place into a uniquely owned value.

extension Rational: AdditiveArithmetic, Numeric, SignedNumeric {
    public static var zero: Rational { Rational() }

    public init?<T: BinaryInteger>(exactly source: T) { self.init(BigInt(source)) }

    /// `|self|`.
    public var magnitude: Rational {
        let r = MPQBox()
        cgmp_q_abs(r.ptr, box.ptr)
        return Rational(box: r)
    }

    @inlinable public static func + (lhs: Rational, rhs: Rational) -> Rational {
        let r = MPQBox()
        cgmp_q_add(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return Rational(box: r)
    }

    @inlinable public static func - (lhs: Rational, rhs: Rational) -> Rational {
        let r = MPQBox()
        cgmp_q_sub(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return Rational(box: r)
    }

    @inlinable public static func * (lhs: Rational, rhs: Rational) -> Rational {
        let r = MPQBox()
        cgmp_q_mul(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return Rational(box: r)
    }

    /// - Precondition: `rhs != 0`. Use `dividing(by:)` for a thrown error instead.
    @inlinable public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "Rational division by zero")
        let r = MPQBox()
        cgmp_q_div(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return Rational(box: r)
    }

    @inlinable public static prefix func - (operand: Rational) -> Rational {
        let r = MPQBox()
        cgmp_q_neg(r.ptr, operand.box.ptr)
        return Rational(box: r)
    }

    @inlinable public mutating func negate() {
        makeUnique()
        cgmp_q_neg(box.ptr, box.ptr)
    }

    @inlinable public static func += (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        cgmp_q_add(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    @inlinable public static func -= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        cgmp_q_sub(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    @inlinable public static func *= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        cgmp_q_mul(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    /// - Precondition: `rhs != 0`.
    @inlinable public static func /= (lhs: inout Rational, rhs: Rational) {
        precondition(!rhs.isZero, "Rational division by zero")
        lhs.makeUnique()
        cgmp_q_div(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }
}

extension Rational {
    /// `self / divisor`, throwing `ExactError.divisionByZero` for a zero divisor.
    public func dividing(by divisor: Rational) throws(ExactError) -> Rational {
        guard !divisor.isZero else { throw .divisionByZero }
        return self / divisor
    }

    /// `1 / self`. - Precondition: `self != 0`.
    public var reciprocal: Rational {
        precondition(!isZero, "reciprocal of zero")
        let r = MPQBox()
        cgmp_q_inv(r.ptr, box.ptr)
        return Rational(box: r)
    }

    /// `self^exponent` for any integer exponent; `x^0 = 1` (also for 0).
    /// - Precondition: `self != 0` when `exponent < 0`; `exponent != Int.min`.
    public func power(_ exponent: Int) -> Rational {
        precondition(exponent != .min, "Rational.power: exponent out of range")
        if exponent < 0 { return reciprocal.power(-exponent) }
        let e = UInt(exponent)
        let r = MPQBox()
        cgmp_z_pow_ui(r.num, box.num, e)
        cgmp_z_pow_ui(r.den, box.den, e)  // coprime powers stay coprime: canonical
        return Rational(box: r)
    }

    /// `self · 2^n` for any integer `n`, exactly (no gcd beyond removing powers of two).
    /// - Precondition: `n != Int.min`.
    public func timesPowerOfTwo(_ n: Int) -> Rational {
        precondition(n != .min, "timesPowerOfTwo: exponent out of range")
        let r = MPQBox()
        if n >= 0 {
            cgmp_q_mul_2exp(r.ptr, box.ptr, mp_bitcnt_t(n))
        } else {
            cgmp_q_div_2exp(r.ptr, box.ptr, mp_bitcnt_t(-n))
        }
        return Rational(box: r)
    }

    /// `self += a * b`. Convenience only: GMP has no rational multiply-add, so
    /// this allocates the product like `self += a * b` does.
    public mutating func addProduct(_ a: Rational, _ b: Rational) {
        self += a * b
    }
}

/// `|x|`.
public func abs(_ x: Rational) -> Rational { x.magnitude }
