import CGMP

/// An arbitrary-precision signed integer: a value type over GMP's `mpz_t`.
///
/// Copies are cheap (they share storage); the first mutation of a shared copy
/// makes a private one (copy-on-write). In-place operators (`+=`, `*=`, …)
/// write into the existing GMP value when this `BigInt` is its only owner.
///
/// ```swift
/// let a: BigInt = 12345678901234567890
/// let b = a.power(10)           // exact, 330 bits
/// print(b % 7, b.bitWidth)
/// ```
///
/// Division and remainder by zero are programming errors: they stop the
/// program with a precondition failure, like Swift's `Int`. Use
/// `quotientAndRemainder(dividingBy:)` only with a non-zero divisor.
public struct BigInt: Sendable {
    @usableFromInline var box: MPZBox

    @inlinable init(box: MPZBox) { self.box = box }

    /// Zero.
    @inlinable public init() { box = MPZBox() }

    /// The integer `value`.
    @inlinable public init(_ value: Int) {
        box = MPZBox()
        cgmp_z_set_si(box.ptr, value)
    }

    /// The integer `value`, for any fixed-width or arbitrary integer type.
    public init<T: BinaryInteger>(_ value: T) {
        if let small = Int(exactly: value) {
            self.init(small)
            return
        }
        // Assemble from 32-bit words, most significant first.
        let negative = value < 0
        var magnitude = value.magnitude
        var words: [UInt32] = []
        while magnitude != 0 {
            words.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        }
        var result = BigInt()
        for word in words.reversed() {
            result = result.shiftedLeft(32) + BigInt(Int(word))
        }
        self = negative ? -result : result
    }

    /// Makes the storage uniquely owned before an in-place write.
    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = MPZBox(copying: box) }
    }

    /// Storage that may be overwritten without reading it (result of an in-place op).
    @inlinable mutating func uniqueForOverwrite() {
        if !isKnownUniquelyReferenced(&box) { box = MPZBox() }
    }
}

// MARK: - Basic queries

extension BigInt {
    /// −1, 0 or 1.
    @inlinable public var signum: Int { Int(cgmp_z_sgn(box.ptr)) }

    /// `true` when the value is 0.
    @inlinable public var isZero: Bool { cgmp_z_sgn(box.ptr) == 0 }

    /// `true` when the value is odd.
    @inlinable public var isOdd: Bool { cgmp_z_odd_p(box.ptr) != 0 }

    /// Number of bits of `|self|`; 0 for 0.
    @inlinable public var bitWidth: Int { Int(cgmp_z_bitlength(box.ptr)) }

    /// Number of trailing zero bits of `|self|` (the 2-adic valuation); `nil` for 0.
    public var trailingZeroBitCount: Int? {
        isZero ? nil : Int(cgmp_z_scan1(box.ptr, 0))
    }

    /// The lowest 64 bits of `|self|`.
    public var low64Bits: UInt64 { UInt64(cgmp_z_getlimbn(box.ptr, 0)) }

    /// The value as an `Int`, or `nil` when it does not fit.
    public var asInt: Int? {
        cgmp_z_fits_slong_p(box.ptr) != 0 ? cgmp_z_get_si(box.ptr) : nil
    }
}

extension BigInt: ExpressibleByIntegerLiteral {
    /// Integer literals up to the range of `StaticBigInt`.
    public init(integerLiteral value: StaticBigInt) {
        if value.bitWidth <= Int.bitWidth {
            self.init(Int(truncatingIfNeeded: value[0]))
            return
        }
        var result = BigInt()
        let words = (value.bitWidth + UInt.bitWidth - 1) / UInt.bitWidth
        for index in stride(from: words - 1, through: 0, by: -1) {
            let word = value[index]
            result =
                result.shiftedLeft(UInt.bitWidth)
                + BigInt(word >> 32).shiftedLeft(32) + BigInt(word & 0xFFFF_FFFF)
        }
        if value.signum() < 0 {
            // Two's complement: subtract 2^(64·words).
            result -= BigInt(1).shiftedLeft(UInt.bitWidth * words)
        }
        self = result
    }
}

extension BigInt: Equatable, Comparable, Hashable {
    @inlinable public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        cgmp_z_cmp(lhs.box.ptr, rhs.box.ptr) == 0
    }

    @inlinable public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        cgmp_z_cmp(lhs.box.ptr, rhs.box.ptr) < 0
    }

    /// Three-way comparison: negative, zero or positive.
    @inlinable public func compare(_ other: BigInt) -> Int {
        Int(cgmp_z_cmp(box.ptr, other.box.ptr).signum())
    }

    public func hash(into hasher: inout Hasher) {
        BigInt.hashValue(of: box.ptr, into: &hasher)
    }

    /// Hashes an `mpz_t` by sign and limbs, without allocating.
    static func hashValue(of value: UnsafePointer<__mpz_struct>, into hasher: inout Hasher) {
        hasher.combine(cgmp_z_sgn(value))
        let limbs = cgmp_z_size(value)
        hasher.combine(limbs)
        for index in 0..<limbs {
            hasher.combine(cgmp_z_getlimbn(value, mp_size_t(index)))
        }
    }
}
