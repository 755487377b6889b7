#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014) with Box–Muller normals: the one source
/// of randomness of FastPath, so that a seed fixes every initialisation,
/// dataset and mini-batch order on every machine.
///
/// `normal()` draws `u1 = (⌊X/2¹¹⌋ + ½)/2⁵³`, `u2 = ⌊Y/2¹¹⌋/2⁵³` from two
/// successive outputs and returns `Float(√(−2 ln u1) · cos(2π u2))` (computed in
/// `Double`, rounded once): the recipe of Reference's `GaussianSampler`, implemented
/// independently on purpose and tested to give the same weights
/// (`FastPathTests/SamplerAgreementTests`). The benchmark fixtures draw from this one.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// let z = random.normal()          // a standard normal Float
/// let u = random.uniform()         // a Double in [0, 1)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A `Double` in `[0, 1)` with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) / 9_007_199_254_740_992.0
    }

    /// A standard normal sample, computed in `Double` and rounded to `Float`.
    public mutating func normalDouble() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
        let u2 = Double(next() >> 11) / 9_007_199_254_740_992.0
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A standard normal `Float` (`Float(normalDouble())`).
    public mutating func normal() -> Float { Float(normalDouble()) }

    /// `+1` or `−1` with equal probability (the top bit of one output).
    public mutating func sign() -> Float { next() >> 63 == 0 ? 1 : -1 }
}
