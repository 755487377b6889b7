import CGMP

// Ring operations, division, powers, shifts and gcd for `BigInt`.
//
// Every binary operator allocates one result; every compound assignment
// (`+=`, `-=`, `*=`) writes into the left operand's GMP value in place when it
// is uniquely owned, so loops like `acc += x * y` allocate nothing but the
// product (use `addProduct(_:_:)` to avoid even that).

extension BigInt: AdditiveArithmetic, Numeric, SignedNumeric {
    public static var zero: BigInt { BigInt() }

    public init?<T: BinaryInteger>(exactly source: T) { self.init(source) }

    /// `|self|`.
    public var magnitude: BigInt {
        let r = MPZBox()
        cgmp_z_abs(r.ptr, box.ptr)
        return BigInt(box: r)
    }

    @inlinable public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_add(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return BigInt(box: r)
    }

    @inlinable public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_sub(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return BigInt(box: r)
    }

    @inlinable public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_mul(r.ptr, lhs.box.ptr, rhs.box.ptr)
        return BigInt(box: r)
    }

    @inlinable public static prefix func - (operand: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_neg(r.ptr, operand.box.ptr)
        return BigInt(box: r)
    }

    @inlinable public mutating func negate() {
        makeUnique()
        cgmp_z_neg(box.ptr, box.ptr)
    }

    @inlinable public static func += (lhs: inout BigInt, rhs: BigInt) {
        lhs.makeUnique()
        cgmp_z_add(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    @inlinable public static func -= (lhs: inout BigInt, rhs: BigInt) {
        lhs.makeUnique()
        cgmp_z_sub(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    @inlinable public static func *= (lhs: inout BigInt, rhs: BigInt) {
        lhs.makeUnique()
        cgmp_z_mul(lhs.box.ptr, lhs.box.ptr, rhs.box.ptr)
    }

    /// `self += a * b` without a temporary (GMP `mpz_addmul`).
    @inlinable public mutating func addProduct(_ a: BigInt, _ b: BigInt) {
        makeUnique()
        cgmp_z_addmul(box.ptr, a.box.ptr, b.box.ptr)
    }

    /// `self -= a * b` without a temporary (GMP `mpz_submul`).
    @inlinable public mutating func subtractProduct(_ a: BigInt, _ b: BigInt) {
        makeUnique()
        cgmp_z_submul(box.ptr, a.box.ptr, b.box.ptr)
    }
}

// MARK: - Division

extension BigInt {
    /// Truncating division, as Swift's `Int`: `q` rounds toward zero and
    /// `r = self − q·divisor` has the sign of `self`.
    /// - Precondition: `divisor != 0`.
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "BigInt division by zero")
        let q = MPZBox(), r = MPZBox()
        cgmp_z_tdiv_qr(q.ptr, r.ptr, box.ptr, divisor.box.ptr)
        return (BigInt(box: q), BigInt(box: r))
    }

    /// Floor division: `q = ⌊self / divisor⌋`, `r = self − q·divisor` has the sign of `divisor`.
    /// - Precondition: `divisor != 0`.
    public func floorDivision(by divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "BigInt division by zero")
        let q = MPZBox(), r = MPZBox()
        cgmp_z_fdiv_qr(q.ptr, r.ptr, box.ptr, divisor.box.ptr)
        return (BigInt(box: q), BigInt(box: r))
    }

    /// `⌈self / divisor⌉`.
    /// - Precondition: `divisor != 0`.
    public func ceilingQuotient(dividingBy divisor: BigInt) -> BigInt {
        precondition(!divisor.isZero, "BigInt division by zero")
        let q = MPZBox()
        cgmp_z_cdiv_q(q.ptr, box.ptr, divisor.box.ptr)
        return BigInt(box: q)
    }

    /// Truncating quotient (rounds toward zero), as `Int`'s `/`.
    /// - Precondition: `rhs != 0`.
    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// Truncating remainder (sign of `lhs`), as `Int`'s `%`.
    /// - Precondition: `rhs != 0`.
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// `self / divisor` when the division is known to be exact (GMP `mpz_divexact`,
    /// faster than general division; used by fraction-free elimination).
    /// - Precondition: `divisor != 0` and `divisor` divides `self` (checked in debug builds).
    @inlinable public func dividedExactly(by divisor: BigInt) -> BigInt {
        precondition(!divisor.isZero, "BigInt division by zero")
        assert(cgmp_z_divisible_p(box.ptr, divisor.box.ptr) != 0, "dividedExactly: inexact division")
        let q = MPZBox()
        cgmp_z_divexact(q.ptr, box.ptr, divisor.box.ptr)
        return BigInt(box: q)
    }

    /// `true` when `divisor` divides `self` (0 divides only 0).
    public func isMultiple(of divisor: BigInt) -> Bool {
        cgmp_z_divisible_p(box.ptr, divisor.box.ptr) != 0
    }
}

// MARK: - Powers, roots, gcd, shifts

extension BigInt {
    /// `self^exponent`.
    /// - Precondition: `exponent >= 0`.
    /// - Complexity: O(M(n·e)) where n is the bit width and M the multiplication cost.
    public func power(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "BigInt.power: negative exponent")
        let r = MPZBox()
        cgmp_z_pow_ui(r.ptr, box.ptr, UInt(exponent))
        return BigInt(box: r)
    }

    /// `⌊√self⌋`.
    /// - Precondition: `self >= 0`.
    public func squareRootFloor() -> BigInt {
        precondition(signum >= 0, "BigInt.squareRootFloor of a negative number")
        let r = MPZBox()
        cgmp_z_sqrt(r.ptr, box.ptr)
        return BigInt(box: r)
    }

    /// Greatest common divisor, non-negative; `gcd(0, 0) = 0`.
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_gcd(r.ptr, a.box.ptr, b.box.ptr)
        return BigInt(box: r)
    }

    /// Least common multiple, non-negative; 0 if either is 0.
    public static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt {
        let r = MPZBox()
        cgmp_z_lcm(r.ptr, a.box.ptr, b.box.ptr)
        return BigInt(box: r)
    }

    /// `self · 2^n`. - Precondition: `n >= 0`.
    public func shiftedLeft(_ n: Int) -> BigInt {
        precondition(n >= 0, "negative shift")
        let r = MPZBox()
        cgmp_z_mul_2exp(r.ptr, box.ptr, mp_bitcnt_t(n))
        return BigInt(box: r)
    }

    /// `⌊self / 2^n⌋` (floor, also for negative values). - Precondition: `n >= 0`.
    public func shiftedRight(_ n: Int) -> BigInt {
        precondition(n >= 0, "negative shift")
        let r = MPZBox()
        cgmp_z_fdiv_q_2exp(r.ptr, box.ptr, mp_bitcnt_t(n))
        return BigInt(box: r)
    }

    /// `self mod m` in `[0, m)` (floor convention: −7 mod 5 = 3), for modular algorithms.
    public func residue(modulo m: UInt) -> UInt {
        precondition(m > 0, "modulus must be positive")
        return UInt(cgmp_z_fdiv_ui(box.ptr, m))
    }
}

/// `|x|`.
public func abs(_ x: BigInt) -> BigInt { x.magnitude }
