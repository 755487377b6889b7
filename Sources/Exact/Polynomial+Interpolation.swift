// Exact polynomial interpolation (Newton's divided differences).

extension Polynomial {
    /// The unique polynomial of degree less than `points.count` through the given
    /// points `(xᵢ, yᵢ)`, computed exactly.
    ///
    /// Uniqueness is what makes "an identity in `s` checked at deg + 1 points"
    /// a proof: a polynomial of degree ≤ k that vanishes at k + 1 distinct points
    /// is the zero polynomial, so two polynomials of degree ≤ k that agree at
    /// k + 1 distinct points are equal. Conversely, sampling any `p` of degree ≤ k
    /// at k + 1 or more distinct points and interpolating gives back `p` exactly.
    ///
    /// The result may have a lower degree than `points.count − 1` (for instance,
    /// collinear points give degree ≤ 1). No points give the zero polynomial.
    ///
    /// Method: Newton's divided differences `f[x₀,…,xₖ]`, then the Newton form
    /// `Σₖ f[x₀,…,xₖ]·(x − x₀)…(x − xₖ₋₁)` expanded by Horner's rule.
    ///
    /// ```swift
    /// let p = try Polynomial.interpolating(points: [(0, 1), (1, 0), (2, 3)])
    /// // 2·x^2 - 3·x + 1
    /// ```
    /// - Parameter points: pairs `(xᵢ, yᵢ)`; the abscissae `xᵢ` must be pairwise distinct.
    /// - Throws: `ExactError.outOfDomain` naming the first repeated abscissa and
    ///   both of its indices (even if the two ordinates agree).
    /// - Complexity: O(n²) coefficient operations for n points.
    public static func interpolating(points: [(Rational, Rational)]) throws(ExactError) -> Polynomial {
        var firstIndex = [Rational: Int](minimumCapacity: points.count)
        for (index, point) in points.enumerated() {
            if let earlier = firstIndex.updateValue(index, forKey: point.0) {
                throw .outOfDomain(
                    "interpolation needs distinct abscissae, but x = \(point.0) is points[\(earlier)] and points[\(index)]")
            }
        }
        let n = points.count
        guard n > 0 else { return Polynomial() }
        let xs = points.map(\.0)

        // Divided differences in place: after step `level`, c[i] = f[x_{i−level}, …, x_i] for i ≥ level.
        var c = points.map(\.1)
        for level in 1..<n {
            for i in stride(from: n - 1, through: level, by: -1) {
                var difference = c[i]
                difference -= c[i - 1]
                difference /= xs[i] - xs[i - level]  // non-zero: abscissae are distinct
                c[i] = difference
            }
        }

        // Horner on the Newton form: result ← result·(x − x_k) + c[k], for k = n−2 … 0.
        var result = [c[n - 1]]
        result.reserveCapacity(n)
        for k in stride(from: n - 2, through: 0, by: -1) {
            let a = xs[k]
            // Multiply by (x − a): new[j] = old[j−1] − a·old[j], new[top] = old[top − 1].
            result.append(result[result.count - 1])
            for j in stride(from: result.count - 2, through: 1, by: -1) {
                var term = result[j - 1]
                term -= a * result[j]
                result[j] = term
            }
            var constant = c[k]
            constant -= a * result[0]
            result[0] = constant
        }
        return Polynomial(coefficients: result)
    }
}
