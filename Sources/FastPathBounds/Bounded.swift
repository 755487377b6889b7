import Exact

/// The rounding model of FastPath's `Float` arithmetic (IEEE binary32, round to
/// nearest): `fl(a ∘ b) = (a ∘ b)(1 + δ)`, `|δ| ≤ u`.
/// See proofs-notes/fastpath-rounding-bounds.md, section 1.
public enum FloatRounding {
    /// `u = 2⁻²⁴`, the unit roundoff of `Float`.
    public static let unitRoundoff = Rational(1, 1 << 24)

    /// `γ_k = k u / (1 − k u)` (Higham): `Π (1 + δ_j)^{±1}` over `k` roundings lies
    /// in `[1 − γ_k, 1 + γ_k]`. - Precondition: `k u < 1`.
    public static func gamma(_ k: Int) -> Rational {
        precondition(k >= 0 && k < 1 << 24, "γ_k needs 0 ≤ k < 2^24, got \(k)")
        let ku = Rational(k) * unitRoundoff
        return ku / (1 - ku)
    }
}

/// An exact value and a rigorous bound on the error of the `Float` FastPath
/// computes for it: `|computed − value| ≤ error`.
///
/// ```swift
/// let x = Bounded(Rational(1, 3), error: Rational(1, 1 << 26))
/// let y = Bounded.sumOfProducts([(x, Bounded(2)), (Bounded(1), Bounded(1))], roundings: 2)
/// // y.value = 5/3, y.error = 2·2^−26 + γ_2·(1/3 + 2^−26 + 1)
/// ```
public struct Bounded: Sendable, Hashable {
    public var value: Rational
    public var error: Rational

    public init(_ value: Rational, error: Rational = 0) {
        self.value = value
        self.error = error
    }

    /// An exact input (every `Float` is an exact dyadic rational): error 0.
    public init(_ value: Float) { self.init(Rational(value)) }

    /// A bound on `|computed|`.
    public var magnitude: Rational { value.magnitude + error }

    /// Lemma 1 (proofs-notes/fastpath-rounding-bounds.md): a sum of products of
    /// computed operands, where each product's path to the result has at most `h`
    /// roundings (any summation order, `fma` or not):
    /// `|fl(Σ x̂ŷ) − Σ xy| ≤ Σ (|x| e_y + |y| e_x + e_x e_y) + γ_h Σ (|x| + e_x)(|y| + e_y)`.
    /// A single rounded operation is the case of one or two terms with `h = 1`.
    public static func sumOfProducts(_ terms: [(Bounded, Bounded)], roundings h: Int) -> Bounded {
        var value = Rational(), propagated = Rational(), magnitude = Rational()
        for (x, y) in terms {
            value.addProduct(x.value, y.value)
            propagated += x.value.magnitude * y.error + y.value.magnitude * x.error + x.error * y.error
            magnitude += x.magnitude * y.magnitude
        }
        return Bounded(value, error: propagated + FloatRounding.gamma(h) * magnitude)
    }

    /// Lemma 3: `[ẑ < 0]·ŷ` against `[z < 0]·y`. When the sign of `z` is certain
    /// (`ẑ = z`, or `|z| > e_z`) the masks agree; otherwise (`ambiguous`) either
    /// mask may be used and the error is at most `|y| + e_y`.
    public static func masked(_ y: Bounded, negative: Bool, ambiguous: Bool) -> Bounded {
        if ambiguous { return Bounded(negative ? y.value : 0, error: y.magnitude) }
        return negative ? y : Bounded(Rational())
    }

    /// `|computed − value| / error` (0 when both are 0, `+∞` when the bound is 0 and
    /// the computed value differs): at most 1 when `computed` respects the bound.
    public func ratio(_ computed: Float) -> Double {
        let difference = (Rational(computed) - value).magnitude
        if error.isZero { return difference.isZero ? 0 : .infinity }
        return Double(difference / error)
    }

    /// `|computed − value| ≤ error` (equality `computed == value` when the bound is 0), exactly.
    public func contains(_ computed: Float) -> Bool {
        (Rational(computed) - value).magnitude <= error
    }
}
