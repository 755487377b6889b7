/// SplitMix64: a small, fast, seedable generator (Steele, Lea & Flood 2014),
/// so that benchmark inputs are identical in every run and language.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample by Box–Muller in Double, rounded to Float.
    public mutating func normalFloat() -> Float {
        let u1 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0   // (0, 1)
        let u2 = Double(next() >> 11) / 9_007_199_254_740_992.0
        let radius = (-2 * _log(u1)).squareRoot()
        return Float(radius * _cos(2 * Double.pi * u2))
    }
}

// libm without Foundation.
@_silgen_name("log") private func _log(_ x: Double) -> Double
@_silgen_name("cos") private func _cos(_ x: Double) -> Double
