import Exact

/// `u = 2⁻²⁴`, the unit roundoff of `Float` (round to nearest).
let unitRoundoff = Rational(1, 1 << 24)

/// `γ_k = k u / (1 − k u)`.
func gamma(_ k: Int) -> Rational {
    let ku = Rational(k) * unitRoundoff
    return ku / (1 - ku)
}

/// An exact value and a rigorous bound on the error of the `Float` FastPath
/// computes for it: `|computed − value| ≤ error`.
struct Bounded: Sendable {
    var value: Rational
    var error: Rational

    init(_ value: Rational, error: Rational = 0) {
        self.value = value
        self.error = error
    }

    init(_ value: Float) { self.init(Rational(value)) }

    /// A bound on `|computed|`.
    var magnitude: Rational { value.magnitude + error }

    /// Lemma 1 (proofs-notes/fastpath-rounding-bounds.md): a sum of products of
    /// computed operands, where each product's path to the result has at most `h`
    /// roundings (any summation order, `fma` or not):
    /// `|fl(Σ x̂ŷ) − Σ xy| ≤ Σ (|x| e_y + |y| e_x + e_x e_y) + γ_h Σ (|x| + e_x)(|y| + e_y)`.
    static func sumOfProducts(_ terms: [(Bounded, Bounded)], roundings h: Int) -> Bounded {
        var value = Rational(), propagated = Rational(), magnitude = Rational()
        for (x, y) in terms {
            value.addProduct(x.value, y.value)
            propagated += x.value.magnitude * y.error + y.value.magnitude * x.error + x.error * y.error
            magnitude += x.magnitude * y.magnitude
        }
        return Bounded(value, error: propagated + gamma(h) * magnitude)
    }

    /// Lemma 3: `[ẑ < 0]·ŷ` against `[z < 0]·y`. When the sign of `z` is certain
    /// (`ẑ = z`, or `|z| > e_z`) the masks agree; otherwise (`ambiguous`) either
    /// mask may be used and the error is at most `|y| + e_y`.
    static func masked(_ y: Bounded, negative: Bool, ambiguous: Bool) -> Bounded {
        if ambiguous { return Bounded(negative ? y.value : 0, error: y.magnitude) }
        return negative ? y : Bounded(0)
    }
}
