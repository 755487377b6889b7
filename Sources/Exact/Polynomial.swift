/// A polynomial in one variable with rational coefficients: an element of ℚ[x].
///
/// The value is stored as its coefficients from the constant term up,
/// `p = c₀ + c₁·x + … + cₙ·xⁿ`, and is always *trimmed*: the last stored
/// coefficient `cₙ` is non-zero, and the zero polynomial stores no
/// coefficients at all. Because of that canonical form, `==` and hashing are
/// structural and coincide with equality in ℚ[x]: two polynomials are `==`
/// exactly when they agree as functions on every rational (ℚ is infinite).
///
/// The name of the variable is not part of the value; it only matters when
/// printing or parsing (`description(variable:)`, `init(parsing:variable:)`).
/// A quantity that depends on a parameter `s` is simply a `Polynomial` read
/// as a polynomial in `s`:
///
/// ```swift
/// let s = Polynomial.x
/// let k0: Polynomial = 2, k1 = Polynomial(Rational(1, 3))
/// let ks = (1 - s) * k0 + s.power(2) * k1        // 1/3·s^2 - 2·s + 2
/// ks.evaluate(at: Rational(1, 2))                // 13/12
/// ks.description(variable: "s")                  // "1/3·s^2 - 2·s + 2"
/// ks.composed(with: 1 - s)                       // the substitution s → 1 − s
/// ```
///
/// Degree convention: `degree` is `nil` for the zero polynomial (whose degree
/// is −∞ mathematically), so that `deg(p·q) = deg p + deg q` holds whenever both
/// sides are defined and no sentinel value can leak into arithmetic.
///
/// Arithmetic lives in `Polynomial+Arithmetic.swift`, interpolation in
/// `Polynomial+Interpolation.swift`, printing and parsing in `Polynomial+Text.swift`.
public struct Polynomial: Sendable, Hashable {
    /// The coefficients `[c₀, c₁, …, cₙ]` from the constant term up, trimmed:
    /// empty for the zero polynomial, otherwise `cₙ ≠ 0`.
    public internal(set) var coefficients: [Rational]

    /// The zero polynomial (no coefficients). Same as `Polynomial.zero`.
    public init() {
        coefficients = []
    }

    /// The polynomial `c₀ + c₁·x + … + cₙ·xⁿ` for `coefficients = [c₀, …, cₙ]`.
    ///
    /// Trailing zero coefficients are removed, so `Polynomial(coefficients: [1, 0, 0])`
    /// is the constant 1 and `Polynomial(coefficients: [])` is zero.
    /// - Complexity: O(n) for n coefficients.
    public init(coefficients: [Rational]) {
        self.coefficients = coefficients
        trim()
    }

    /// The constant polynomial `c` (the zero polynomial when `c == 0`).
    public init(_ constant: Rational) {
        coefficients = constant.isZero ? [] : [constant]
    }

    /// Coefficients already known to be trimmed (checked in debug builds).
    init(trimmedCoefficients coefficients: [Rational]) {
        assert(coefficients.last.map { !$0.isZero } ?? true, "Polynomial: untrimmed coefficients")
        self.coefficients = coefficients
    }

    /// Removes trailing zero coefficients, restoring the invariant.
    mutating func trim() {
        while let last = coefficients.last, last.isZero {
            coefficients.removeLast()
        }
    }
}

// MARK: - Special polynomials

extension Polynomial {
    /// The variable `x` itself, the polynomial `0 + 1·x`.
    ///
    /// Build other polynomials from it with ordinary arithmetic:
    /// `let s = Polynomial.x; let p = 3 * s.power(2) - s + 1`.
    public static let x = Polynomial(trimmedCoefficients: [Rational(), Rational(1)])

    /// The monomial `c·xⁿ` (zero when `c == 0`).
    /// - Precondition: `degree >= 0`.
    /// - Complexity: O(n).
    public static func monomial(degree n: Int, coefficient c: Rational = 1) -> Polynomial {
        precondition(n >= 0, "Polynomial.monomial: negative degree \(n)")
        if c.isZero { return Polynomial() }
        var coefficients = [Rational]()
        coefficients.reserveCapacity(n + 1)
        for _ in 0..<n { coefficients.append(Rational()) }
        coefficients.append(c)
        return Polynomial(trimmedCoefficients: coefficients)
    }
}

// MARK: - Queries

extension Polynomial {
    /// The degree `n` of `c₀ + … + cₙ·xⁿ` with `cₙ ≠ 0`; `nil` for the zero polynomial.
    ///
    /// Constants other than 0 have degree 0. For non-zero `p` and `q`,
    /// `(p * q).degree == p.degree! + q.degree!` (ℚ has no zero divisors) and
    /// `(p + q).degree <= max(p.degree!, q.degree!)` (or `nil` when `q == -p`).
    @inlinable public var degree: Int? {
        coefficients.isEmpty ? nil : coefficients.count - 1
    }

    /// The coefficient of `xᵏ`: `cₖ`, or 0 when `k` exceeds the degree.
    /// - Precondition: `k >= 0`.
    public func coefficient(_ k: Int) -> Rational {
        precondition(k >= 0, "Polynomial.coefficient: negative index \(k)")
        return k < coefficients.count ? coefficients[k] : Rational()
    }

    /// The coefficient `cₙ` of the highest power; 0 for the zero polynomial.
    public var leadingCoefficient: Rational {
        coefficients.last ?? Rational()
    }

    /// `true` for the zero polynomial.
    @inlinable public var isZero: Bool { coefficients.isEmpty }

    /// `true` when the polynomial is a constant, that is its degree is 0 or it is zero.
    @inlinable public var isConstant: Bool { coefficients.count <= 1 }
}

extension Polynomial: ExpressibleByIntegerLiteral {
    /// The constant polynomial `value`, so that `1 - s` and `p + 2` read naturally.
    public init(integerLiteral value: Int) {
        self.init(Rational(value))
    }
}
