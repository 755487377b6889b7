import CGMP

/// An exact rational number `p/q` (`q > 0`, `gcd(p, q) = 1`): a value type over GMP's `mpq_t`.
///
/// Copy-on-write like `BigInt`; in-place operators reuse the GMP value when it
/// is uniquely owned. Always canonical, so `==` and `hashValue` are structural.
///
/// ```swift
/// let third = Rational(1, 3)
/// let x = try Rational(parsing: "0.1")        // exactly 1/10
/// let y = Rational(exactly: 0.1)!              // 3602879701896397/36028797018963968
/// print(third + x, Double(y) == 0.1)           // 13/30 true
/// ```
///
/// Division by zero: the operators `/`, `/=` and `reciprocal` have the
/// precondition that the divisor is non-zero (like `Int`); `dividing(by:)`
/// throws `ExactError.divisionByZero` instead, for divisors computed from input.
public struct Rational: Sendable {
    @usableFromInline var box: MPQBox

    @inlinable init(box: MPQBox) { self.box = box }

    /// Zero.
    @inlinable public init() { box = MPQBox() }

    /// The integer `value`.
    public init(_ value: Int) {
        box = MPQBox()
        cgmp_q_set_si(box.ptr, value, 1)
    }

    /// The integer `value`.
    public init(_ value: BigInt) {
        box = MPQBox()
        cgmp_q_set_z(box.ptr, value.box.ptr)
    }

    /// `numerator / denominator`, reduced.
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(!denominator.isZero, "Rational with zero denominator")
        box = MPQBox()
        cgmp_z_set(box.num, numerator.box.ptr)
        cgmp_z_set(box.den, denominator.box.ptr)
        cgmp_q_canonicalize(box.ptr)
    }

    /// `numerator / denominator`, reduced.
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int) {
        self.init(BigInt(numerator), BigInt(denominator))
    }

    /// `numerator / denominator`, or `ExactError.divisionByZero` when the denominator is 0.
    public static func fraction(_ numerator: BigInt, _ denominator: BigInt) throws(ExactError) -> Rational {
        guard !denominator.isZero else { throw .divisionByZero }
        return Rational(numerator, denominator)
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = MPQBox(copying: box) }
    }
}

// MARK: - Parts and queries

extension Rational {
    /// The numerator `p` of the reduced form `p/q`; carries the sign.
    public var numerator: BigInt {
        let r = MPZBox()
        cgmp_z_set(r.ptr, box.num)
        return BigInt(box: r)
    }

    /// The denominator `q > 0` of the reduced form `p/q`.
    public var denominator: BigInt {
        let r = MPZBox()
        cgmp_z_set(r.ptr, box.den)
        return BigInt(box: r)
    }

    /// −1, 0 or 1.
    @inlinable public var signum: Int { Int(cgmp_q_sgn(box.ptr)) }

    @inlinable public var isZero: Bool { cgmp_q_sgn(box.ptr) == 0 }

    /// `true` when the denominator is 1.
    public var isInteger: Bool { cgmp_z_cmp_si(box.den, 1) == 0 }

    /// `true` when the denominator is a power of two (every finite float is such a dyadic rational).
    public var isDyadic: Bool {
        let bits = cgmp_z_bitlength(box.den)
        return cgmp_z_scan1(box.den, 0) == bits - 1
    }

    /// Bits of numerator plus bits of denominator: the size measure used by bit budgets.
    public var bitSize: Int { Int(cgmp_z_bitlength(box.num) + cgmp_z_bitlength(box.den)) }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Rational: Equatable, Comparable, Hashable {
    @inlinable public static func == (lhs: Rational, rhs: Rational) -> Bool {
        cgmp_q_equal(lhs.box.ptr, rhs.box.ptr) != 0
    }

    @inlinable public static func < (lhs: Rational, rhs: Rational) -> Bool {
        cgmp_q_cmp(lhs.box.ptr, rhs.box.ptr) < 0
    }

    public func hash(into hasher: inout Hasher) {
        BigInt.hashValue(of: box.num, into: &hasher)
        BigInt.hashValue(of: box.den, into: &hasher)
    }
}
