import Exact

/// A hyper-dual number `a + b ε₁ + c ε₂ + d ε₁ε₂` over the rationals, with
/// `ε₁² = ε₂² = 0` and `ε₁ε₂ ≠ 0`: forward-mode exact second derivatives.
///
/// For a function `F` built from ring operations (and, piecewise, linear pieces
/// chosen by the sign of the real part),
/// `F(θ + u ε₁ + v ε₂) = F(θ) + (∇F·u) ε₁ + (∇F·v) ε₂ + (uᵀ ∇²F v) ε₁ε₂`
/// exactly: expand a polynomial in `ε₁, ε₂` and drop `ε₁², ε₂²`. No truncation
/// error, no step size, no cancellation — every part is an exact rational.
///
/// ```swift
/// let x = HyperDual(3, e1: 1, e2: 1)      // x = 3, seeded in both directions
/// let y = x * x * x                       // x³
/// (y.real, y.e1, y.e12)                   // (27, 27, 18): x³, 3x², 6x
/// ```
public struct HyperDual: Sendable, Hashable, CustomStringConvertible {
    /// The real part `F(θ)`.
    public var real: Rational
    /// The `ε₁` part: the derivative along the first direction.
    public var e1: Rational
    /// The `ε₂` part: the derivative along the second direction.
    public var e2: Rational
    /// The `ε₁ε₂` part: the mixed second derivative along both directions.
    public var e12: Rational

    public init(_ real: Rational, e1: Rational = 0, e2: Rational = 0, e12: Rational = 0) {
        self.real = real
        self.e1 = e1
        self.e2 = e2
        self.e12 = e12
    }

    public var description: String { "\(real) + \(e1)·ε₁ + \(e2)·ε₂ + \(e12)·ε₁ε₂" }
}

extension HyperDual: NetworkScalar {
    public init(constant value: Rational) { self.init(value) }
    public var realPart: Rational { real }
    public static var carriesDerivatives: Bool { true }
    public static var zero: HyperDual { HyperDual(0) }

    public static func + (lhs: HyperDual, rhs: HyperDual) -> HyperDual {
        HyperDual(lhs.real + rhs.real, e1: lhs.e1 + rhs.e1, e2: lhs.e2 + rhs.e2, e12: lhs.e12 + rhs.e12)
    }

    public static func - (lhs: HyperDual, rhs: HyperDual) -> HyperDual {
        HyperDual(lhs.real - rhs.real, e1: lhs.e1 - rhs.e1, e2: lhs.e2 - rhs.e2, e12: lhs.e12 - rhs.e12)
    }

    public static prefix func - (operand: HyperDual) -> HyperDual {
        HyperDual(-operand.real, e1: -operand.e1, e2: -operand.e2, e12: -operand.e12)
    }

    /// `(a + b ε₁ + c ε₂ + d ε₁ε₂)(a' + b' ε₁ + c' ε₂ + d' ε₁ε₂)
    ///  = aa' + (ab' + ba') ε₁ + (ac' + ca') ε₂ + (ad' + bc' + cb' + da') ε₁ε₂`.
    /// Products with a zero factor are skipped (exactly zero either way): with
    /// basis-vector seeds most infinitesimal parts are 0.
    public static func * (lhs: HyperDual, rhs: HyperDual) -> HyperDual {
        var e1 = Rational(), e2 = Rational(), e12 = Rational()
        addProduct(&e1, lhs.real, rhs.e1)
        addProduct(&e1, lhs.e1, rhs.real)
        addProduct(&e2, lhs.real, rhs.e2)
        addProduct(&e2, lhs.e2, rhs.real)
        addProduct(&e12, lhs.real, rhs.e12)
        addProduct(&e12, lhs.e1, rhs.e2)
        addProduct(&e12, lhs.e2, rhs.e1)
        addProduct(&e12, lhs.e12, rhs.real)
        return HyperDual(lhs.real * rhs.real, e1: e1, e2: e2, e12: e12)
    }

    /// Every part multiplied by the rational `lhs`.
    public static func * (lhs: Rational, rhs: HyperDual) -> HyperDual {
        HyperDual(
            lhs * rhs.real,
            e1: rhs.e1.isZero ? 0 : lhs * rhs.e1,
            e2: rhs.e2.isZero ? 0 : lhs * rhs.e2,
            e12: rhs.e12.isZero ? 0 : lhs * rhs.e12)
    }

    public static func += (lhs: inout HyperDual, rhs: HyperDual) {
        lhs.real += rhs.real
        if !rhs.e1.isZero { lhs.e1 += rhs.e1 }
        if !rhs.e2.isZero { lhs.e2 += rhs.e2 }
        if !rhs.e12.isZero { lhs.e12 += rhs.e12 }
    }

    /// `sum += x·y`, skipped when a factor is 0.
    private static func addProduct(_ sum: inout Rational, _ x: Rational, _ y: Rational) {
        if !x.isZero && !y.isZero { sum += x * y }
    }
}
