// Ring operations, scalar multiplication, powers, division with remainder,
// composition, evaluation and the derivative for `Polynomial`.
//
// Costs are counted in operations on `Rational` coefficients (each one is a
// GMP call whose own cost grows with the coefficients' bit sizes). Binary
// operators build one new coefficient array; compound assignments update the
// left operand's array and coefficients in place when they are uniquely owned.

// MARK: - Additive group

extension Polynomial: AdditiveArithmetic {
    /// The zero polynomial: no coefficients, `degree == nil`.
    public static var zero: Polynomial { Polynomial() }

    /// The sum, coefficient by coefficient: `(p + q)ₖ = pₖ + qₖ`.
    ///
    /// The degree of the sum is at most the larger degree; it drops when the
    /// leading terms cancel (`p + (-p)` is the zero polynomial).
    /// - Complexity: O(max(deg p, deg q)) coefficient additions.
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let a = lhs.coefficients, b = rhs.coefficients
        let common = min(a.count, b.count)
        var sum = [Rational]()
        sum.reserveCapacity(max(a.count, b.count))
        for k in 0..<common { sum.append(a[k] + b[k]) }
        sum.append(contentsOf: (a.count > common ? a : b)[common...])
        return Polynomial(coefficients: sum)
    }

    /// The difference, coefficient by coefficient: `(p − q)ₖ = pₖ − qₖ`.
    /// - Complexity: O(max(deg p, deg q)) coefficient operations.
    public static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let a = lhs.coefficients, b = rhs.coefficients
        let common = min(a.count, b.count)
        var difference = [Rational]()
        difference.reserveCapacity(max(a.count, b.count))
        for k in 0..<common { difference.append(a[k] - b[k]) }
        if a.count > common {
            difference.append(contentsOf: a[common...])
        } else {
            for k in common..<b.count { difference.append(-b[k]) }
        }
        return Polynomial(coefficients: difference)
    }

    /// `lhs = lhs + rhs`, adding into `lhs`'s coefficients in place.
    /// - Complexity: O(deg rhs) coefficient additions.
    public static func += (lhs: inout Polynomial, rhs: Polynomial) {
        let b = rhs.coefficients
        let common = min(lhs.coefficients.count, b.count)
        for k in 0..<common { lhs.coefficients[k] += b[k] }
        if b.count > common { lhs.coefficients.append(contentsOf: b[common...]) }
        lhs.trim()
    }

    /// `lhs = lhs - rhs`, subtracting from `lhs`'s coefficients in place.
    /// - Complexity: O(deg rhs) coefficient subtractions.
    public static func -= (lhs: inout Polynomial, rhs: Polynomial) {
        let b = rhs.coefficients
        let common = min(lhs.coefficients.count, b.count)
        for k in 0..<common { lhs.coefficients[k] -= b[k] }
        if b.count > common {
            lhs.coefficients.reserveCapacity(b.count)
            for k in common..<b.count { lhs.coefficients.append(-b[k]) }
        }
        lhs.trim()
    }

    /// The additive inverse `−p`, with every coefficient negated (same degree).
    /// - Complexity: O(deg p).
    public static prefix func - (operand: Polynomial) -> Polynomial {
        Polynomial(trimmedCoefficients: operand.coefficients.map { -$0 })
    }

    /// Replaces `self` with `−self` in place.
    public mutating func negate() {
        for k in coefficients.indices { coefficients[k].negate() }
    }
}

// MARK: - Multiplication

extension Polynomial {
    /// The product: `(p·q)ₖ = Σ_{i+j=k} pᵢ·qⱼ` (schoolbook convolution).
    ///
    /// ℚ is a field, so the leading coefficient of the product is the (non-zero)
    /// product of the leading coefficients and `deg(p·q) = deg p + deg q` for
    /// non-zero factors; the product with the zero polynomial is zero.
    /// - Complexity: O((deg p + 1)·(deg q + 1)) coefficient multiply-adds.
    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let a = lhs.coefficients, b = rhs.coefficients
        if a.isEmpty || b.isEmpty { return Polynomial() }
        if a.count == 1 { return a[0] * rhs }
        if b.count == 1 { return lhs * b[0] }
        var product = [Rational]()
        product.reserveCapacity(a.count + b.count - 1)
        for _ in 0..<(a.count + b.count - 1) { product.append(Rational()) }
        for i in a.indices where !a[i].isZero {
            for j in b.indices where !b[j].isZero {
                product[i + j].addProduct(a[i], b[j])
            }
        }
        return Polynomial(trimmedCoefficients: product)
    }

    /// `lhs = lhs * rhs`.
    /// - Complexity: as `*`.
    public static func *= (lhs: inout Polynomial, rhs: Polynomial) {
        lhs = lhs * rhs
    }

    /// The scalar multiple `c·p`: every coefficient times `c` (zero when `c == 0`).
    /// - Complexity: O(deg p).
    public static func * (lhs: Rational, rhs: Polynomial) -> Polynomial {
        if lhs.isZero { return Polynomial() }
        return Polynomial(trimmedCoefficients: rhs.coefficients.map { lhs * $0 })
    }

    /// The scalar multiple `p·c`: every coefficient times `c` (zero when `c == 0`).
    /// - Complexity: O(deg p).
    public static func * (lhs: Polynomial, rhs: Rational) -> Polynomial {
        if rhs.isZero { return Polynomial() }
        return Polynomial(trimmedCoefficients: lhs.coefficients.map { $0 * rhs })
    }

    /// `lhs = lhs * c`, scaling the coefficients in place.
    /// - Complexity: O(deg lhs).
    public static func *= (lhs: inout Polynomial, rhs: Rational) {
        if rhs.isZero {
            lhs.coefficients.removeAll()
            return
        }
        for k in lhs.coefficients.indices { lhs.coefficients[k] *= rhs }
    }

    /// `pⁿ` by repeated squaring; `p⁰ = 1` for every `p`, including 0 (as `Rational.power`).
    ///
    /// For non-zero `p`, `deg(pⁿ) = n·deg p`.
    /// - Precondition: `n >= 0`.
    /// - Complexity: O(log n) products, dominated by the last: O((n·deg p)²) coefficient operations.
    ///
    /// ```swift
    /// (1 - Polynomial.x).power(3)    // -x^3 + 3·x^2 - 3·x + 1
    /// ```
    public func power(_ n: Int) -> Polynomial {
        precondition(n >= 0, "Polynomial.power: negative exponent \(n)")
        var result: Polynomial = 1
        var base = self
        var e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            e >>= 1
            if e > 0 { base *= base }
        }
        return result
    }
}

// MARK: - Division with remainder

extension Polynomial {
    /// Euclidean division: the unique `q`, `r` with `self = q·divisor + r` and
    /// `deg r < deg divisor` (`r = 0` when the divisor is a non-zero constant).
    ///
    /// When `deg self < deg divisor` the quotient is 0 and the remainder is `self`.
    /// Over ℚ every non-zero divisor works; no monic normalisation is needed.
    ///
    /// A zero divisor is reported by a thrown error rather than a precondition,
    /// because divisors of polynomials are usually computed (differences of
    /// derived quantities), not written as literals; compare `Rational.dividing(by:)`.
    ///
    /// ```swift
    /// let x = Polynomial.x
    /// let (q, r) = try (x.power(3) + 1).quotientAndRemainder(dividingBy: x - 1)
    /// // q = x^2 + x + 1, r = 2
    /// ```
    /// - Throws: `ExactError.divisionByZero` when `divisor` is the zero polynomial.
    /// - Complexity: O((deg self − deg divisor + 1)·(deg divisor + 1)) coefficient operations.
    public func quotientAndRemainder(dividingBy divisor: Polynomial) throws(ExactError)
        -> (quotient: Polynomial, remainder: Polynomial)
    {
        guard let d = divisor.degree else { throw .divisionByZero }
        guard let n = degree, n >= d else { return (Polynomial(), self) }
        let inverseLead = divisor.leadingCoefficient.reciprocal
        let b = divisor.coefficients
        var remainder = coefficients
        var quotient = [Rational]()
        quotient.reserveCapacity(n - d + 1)
        for _ in 0...(n - d) { quotient.append(Rational()) }
        for k in stride(from: n - d, through: 0, by: -1) {
            // Cancel the term of degree k + d (it is dropped below, being exactly zero now).
            let factor = remainder[k + d] * inverseLead
            if factor.isZero { continue }
            for j in 0..<d { remainder[k + j] -= factor * b[j] }
            quotient[k] = factor
        }
        remainder.removeSubrange(d...)
        return (Polynomial(trimmedCoefficients: quotient), Polynomial(coefficients: remainder))
    }
}

// MARK: - Evaluation, composition, derivative

extension Polynomial {
    /// The value `p(t) = c₀ + c₁·t + … + cₙ·tⁿ`, by Horner's rule
    /// `(…(cₙ·t + cₙ₋₁)·t + …)·t + c₀`. The zero polynomial evaluates to 0.
    ///
    /// Evaluation is a ring homomorphism ℚ[x] → ℚ: `(p + q)(t) = p(t) + q(t)`,
    /// `(p·q)(t) = p(t)·q(t)` and `p.composed(with: q)(t) = p(q(t))`.
    /// - Complexity: n multiplications and n additions for degree n, in place.
    public func evaluate(at t: Rational) -> Rational {
        guard var value = coefficients.last else { return Rational() }
        for k in stride(from: coefficients.count - 2, through: 0, by: -1) {
            value *= t
            value += coefficients[k]
        }
        return value
    }

    /// `p(t)`, the same as `evaluate(at: t)`.
    public func callAsFunction(_ t: Rational) -> Rational {
        evaluate(at: t)
    }

    /// The composition `p ∘ q`, that is `p(q(x))`, by Horner's rule over polynomials.
    ///
    /// For non-constant `q` and non-zero `p`, `deg(p ∘ q) = deg p · deg q`; composing
    /// with a constant `c` gives the constant `p(c)`. Substitutions are compositions:
    /// `p.composed(with: 1 - .x)` is `p` with `s` replaced by `1 − s`.
    ///
    /// ```swift
    /// let s = Polynomial.x
    /// (s.power(2) + s).composed(with: 1 - s)   // s^2 - 3·s + 2
    /// ```
    /// - Complexity: O(deg p) polynomial products, O((deg p · deg q)²) coefficient operations in all.
    public func composed(with inner: Polynomial) -> Polynomial {
        guard let n = degree else { return Polynomial() }
        if inner.isConstant { return Polynomial(evaluate(at: inner.coefficient(0))) }
        var result = Polynomial(coefficients[n])
        for k in stride(from: n - 1, through: 0, by: -1) {
            result *= inner
            // result has degree ≥ 1 here, so adding a constant cannot make it zero.
            result.coefficients[0] += coefficients[k]
        }
        return result
    }

    /// The formal derivative `p′ = c₁ + 2c₂·x + … + n·cₙ·xⁿ⁻¹`.
    ///
    /// Constants (and zero) have derivative 0; otherwise `deg p′ = deg p − 1`
    /// (ℚ has characteristic 0). It is linear and obeys the product rule
    /// `(p·q)′ = p′·q + p·q′` and the chain rule `(p ∘ q)′ = (p′ ∘ q)·q′`.
    /// - Complexity: O(deg p).
    public var derivative: Polynomial {
        guard coefficients.count > 1 else { return Polynomial() }
        var result = [Rational]()
        result.reserveCapacity(coefficients.count - 1)
        for k in 1..<coefficients.count {
            result.append(coefficients[k] * Rational(k))
        }
        return Polynomial(trimmedCoefficients: result)
    }
}
