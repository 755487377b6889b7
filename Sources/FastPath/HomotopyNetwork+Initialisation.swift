extension HomotopyNetwork {
    /// A seeded random network: `w_k ~ N(0, I_d)` (each entry a `SeededRandom.normal()`),
    /// `a_k = ±1`, scale `c = Float(1/√m)`.
    ///
    /// Draw order from `SeededRandom(seed:)`:
    /// - plain: for `k = 1…m`: the sign of `a_k`, then the `d` entries of `w_k`;
    /// - `symmetric`: for each group `g = 1…m/4`: one sign `a`, then `d` entries of
    ///   `w`; the group is `(a, w), (−a, w), (a, −w), (−a, −w)` (neurons `4g−3 … 4g`).
    ///   Then `f(x; θ₀) = 0` for every `x`, and FastPath computes exactly `0.0`
    ///   (the SIMD lane sums pair neurons `4g−3, 4g−2` and `4g−1, 4g` first).
    ///
    /// - Precondition: `width ≥ 1`, `dimension ≥ 1`; for `symmetric`, `width` is a multiple of 4.
    ///
    /// ```swift
    /// let net = HomotopyNetwork.seeded(width: 64, dimension: 2, s: 1, seed: 3, symmetric: true)
    /// ```
    public static func seeded(width: Int, dimension: Int, s: Float, seed: UInt64, symmetric: Bool = false) -> HomotopyNetwork {
        precondition(width >= 1 && dimension >= 1, "width and dimension must be at least 1")
        precondition(!symmetric || width % 4 == 0, "symmetric initialisation needs a width that is a multiple of 4")
        var random = SeededRandom(seed: seed)
        let d = dimension
        var outer = [Float](repeating: 0, count: width)
        var inner = [Float](repeating: 0, count: width * d)
        if symmetric {
            for group in 0..<(width / 4) {
                let a = random.sign()
                let w = (0..<d).map { _ in random.normal() }
                let base = 4 * group
                for (offset, (sa, sw)) in [(Float(1), Float(1)), (-1, 1), (1, -1), (-1, -1)].enumerated() {
                    outer[base + offset] = sa * a
                    for j in 0..<d { inner[(base + offset) * d + j] = sw * w[j] }
                }
            }
        } else {
            for k in 0..<width {
                outer[k] = random.sign()
                for j in 0..<d { inner[k * d + j] = random.normal() }
            }
        }
        return try! HomotopyNetwork(s: s, width: width, dimension: d, parameters: outer + inner)
    }
}
