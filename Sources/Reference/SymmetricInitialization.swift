import Exact

/// A reproducible stream of standard normal samples: SplitMix64 for the bits,
/// Box–Muller for the normal, all in IEEE binary64 with only `+ − × ÷` and
/// `squareRoot` (each correctly rounded), so every platform and every port that
/// follows the recipe below gets the same bits. No Foundation, no libm.
///
/// The exact algorithm (ports must follow it operation by operation, in binary64,
/// round to nearest even, no fused multiply-add):
///
/// 1. **SplitMix64** (Steele, Lea & Flood 2014), all arithmetic modulo 2⁶⁴:
///    `state += 0x9E3779B97F4A7C15; z = state;`
///    `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;`
///    return `z ^ (z >> 31)`. The first output of seed 0 is `0xE220A8397B1DCDAF`.
/// 2. **Uniforms** from two consecutive outputs `a`, `b`:
///    `u1 = (double(a >> 11) + 0.5) · 2⁻⁵³ ∈ (0, 1]` (the addition rounds to nearest even
///    when `a >> 11 ≥ 2⁵²`), `u2 = double(b >> 11) · 2⁻⁵³ ∈ [0, 1)` (exact).
/// 3. **log u1**: write `u1 = m·2ᵉ` with `1 ≤ m < 2` (exact); if `m > 1.4142135623730951`
///    then `m = m/2, e = e + 1`. `t = (m − 1)/(m + 1)`, `p = t·t`;
///    `S = 1/29`, then for `k = 13, 12, …, 0`: `S = 1/(2k+1) + p·S` (with `1/(2k+1)`
///    the binary64 quotient); `log u1 = e·0.6931471805599453 + (2·t)·S`, evaluated as
///    `double(e) * 0.6931471805599453 + (2.0 * t) * S`.
/// 4. **cos 2πu2**: `v = 4·u2` (exact), `q = ⌊v⌋ ∈ {0,1,2,3}`, `φ = (v − q)·1.5707963267948966`,
///    `P = φ·φ`; `C = 1`, for `k = 12, …, 1`: `C = 1 − (P / ((2k−1)(2k)))·C`;
///    `S = 1`, for `k = 12, …, 1`: `S = 1 − (P / ((2k)(2k+1)))·S`, then `S = φ·S`
///    (the divisors are exact integers). `cos 2πu2` is `C, −S, −C, S` for `q = 0, 1, 2, 3`.
/// 5. **Normal**: `z = sqrt(−2·log u1) · cos 2πu2` (the sine branch is not used;
///    each normal consumes two SplitMix64 outputs).
/// 6. **Float**: `Float(z)`, round to nearest even. Every `Float` is an exact dyadic
///    rational, so the network weights are exact.
///
/// Steps 3–4 agree with the true `log` and `cos` to a few units in the last place
/// of binary64 — far below the `Float` rounding of step 6 — and are defined by
/// the recipe, not by a platform's libm. Steps 1, 2, 5, 6 and the draw order of the
/// initialisations are those of `FastPath.SeededRandom` / `HomotopyNetwork.seeded`
/// (which use the platform's `log` and `cos`), so both give the same `Float`
/// weights for a seed unless a libm error of a few binary64 ulps happens to cross a
/// `Float` rounding boundary (probability about 2⁻²⁷ per sample; checked equal on
/// 10⁵ samples by the tests).
///
/// ```swift
/// var sampler = GaussianSampler(seed: 42)
/// let w = sampler.nextFloat()             // a standard normal sample, rounded to Float
/// let a = sampler.nextSign()              // +1 or −1
/// ```
///
/// It is also a `RandomNumberGenerator` (`next()` is the raw SplitMix64 output of step 1),
/// the one SplitMix64 of the exact side: the claims of the suite and the test fixtures
/// draw from it. FastPath keeps its own, `SeededRandom`, on purpose (the two are
/// independent implementations of this recipe and are tested to agree).
public struct GaussianSampler: RandomNumberGenerator, Sendable, Hashable {
    /// The SplitMix64 state.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next SplitMix64 output.
    public mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `nextUInt64()`, for `RandomNumberGenerator`.
    public mutating func next() -> UInt64 { nextUInt64() }

    /// A standard normal sample in binary64 (steps 2–5).
    public mutating func nextNormal() -> Double {
        let u1 = (Double(nextUInt64() >> 11) + 0.5) * 0x1p-53
        let u2 = Double(nextUInt64() >> 11) * 0x1p-53
        return (-2 * GaussianSampler.log(u1)).squareRoot() * GaussianSampler.cosTwoPi(u2)
    }

    /// A standard normal sample rounded to the nearest `Float` (step 6).
    public mutating func nextFloat() -> Float { Float(nextNormal()) }

    /// `+1` when the top bit of the next SplitMix64 output is 0, else `−1`.
    public mutating func nextSign() -> Int { nextUInt64() >> 63 == 0 ? 1 : -1 }

    /// `log x` for `0 < x ≤ 1` by step 3 (also accurate for any normal `x > 0`);
    /// public so that ports can test their step 3 against it.
    public static func log(_ x: Double) -> Double {
        var e = Int(x.exponent)
        var m = x.significand
        if m > 1.4142135623730951 {
            m = m / 2
            e += 1
        }
        let t = (m - 1) / (m + 1)
        let p = t * t
        var sum = 1.0 / 29.0
        for k in stride(from: 13, through: 0, by: -1) { sum = 1.0 / Double(2 * k + 1) + p * sum }
        return Double(e) * 0.6931471805599453 + (2.0 * t) * sum
    }

    /// `cos 2πu` for `0 ≤ u < 1` by step 4; public so that ports can test their step 4 against it.
    public static func cosTwoPi(_ u: Double) -> Double {
        let v = 4 * u
        let q = Int(v)
        let phi = (v - Double(q)) * 1.5707963267948966
        let p = phi * phi
        var c = 1.0, s = 1.0
        for k in stride(from: 12, through: 1, by: -1) {
            c = 1 - (p / Double((2 * k - 1) * (2 * k))) * c
            s = 1 - (p / Double((2 * k) * (2 * k + 1))) * s
        }
        s = phi * s
        switch q {
        case 0: return c
        case 1: return -s
        case 2: return -c
        default: return s
        }
    }
}

extension TwoLayerNetwork {
    /// A seeded random network: for `k = 1…m` in order, `a_k = nextSign()` (`±1`),
    /// then `w_k` from `d` samples of `GaussianSampler.nextFloat()` (standard normal
    /// rounded to `Float`). Reproducible from `seed` on every platform.
    ///
    /// ```swift
    /// let net = try TwoLayerNetwork.randomInitialization(width: 16, dimension: 3, s: 1, seed: 7)   // c = 1/4
    /// ```
    /// - Parameters:
    ///   - m: the width, `≥ 1`.
    ///   - d: the input dimension, `≥ 1`.
    ///   - s: the homotopy parameter of the activation.
    ///   - seed: the seed of the `GaussianSampler`.
    ///   - scale: the exact output scale `c`; `nil` means `1/√m`, which needs
    ///     a perfect-square width.
    /// - Throws: `.invalidArgument` for `m < 1` or `d < 1`; `.widthNotPerfectSquare`
    ///   when `scale` is `nil` and `m` is not a perfect square.
    public static func randomInitialization(
        width m: Int, dimension d: Int, s: Rational, seed: UInt64, scale: Rational? = nil
    ) throws(ReferenceError) -> TwoLayerNetwork {
        guard m >= 1, d >= 1 else { throw .invalidArgument("width and dimension must be at least 1, got m = \(m), d = \(d)") }
        let (a, w) = randomInitializationWeights(width: m, dimension: d, seed: seed)
        let outer = a.map { Rational($0) }
        let inner = (0..<m).map { k in (0..<d).map { Rational(w[k * d + $0]) } }
        return try makeNetwork(s: s, scale: scale, outer: outer, inner: inner)
    }

    /// The weights of `randomInitialization(width:dimension:s:seed:)` as `Float`s, without
    /// forming rationals: `a_k = nextSign()`, then `w_k` = `d` samples of `nextFloat()`, for
    /// each neuron in order; `inner[k·d + l] = (w_k)_l`. (The network is built from exactly
    /// these values, so the two agree by construction.)
    public static func randomInitializationWeights(width m: Int, dimension d: Int, seed: UInt64) -> (outer: [Float], inner: [Float]) {
        var sampler = GaussianSampler(seed: seed)
        var outer: [Float] = [], inner: [Float] = []
        outer.reserveCapacity(m)
        inner.reserveCapacity(m * d)
        for _ in 0..<m {
            outer.append(Float(sampler.nextSign()))
            for _ in 0..<d { inner.append(sampler.nextFloat()) }
        }
        return (outer, inner)
    }

    /// A seeded symmetric network: neurons in groups of four
    /// `(a, w), (−a, w), (a, −w), (−a, −w)`, so that `f(x; θ₀) = 0` for every `x`
    /// exactly (`a σ(w·x) − a σ(w·x) = 0` within each pair sharing `w`). For each
    /// group in order, `a = nextSign()`, then `w` is `d` samples of
    /// `GaussianSampler.nextFloat()`.
    ///
    /// ```swift
    /// let net = try TwoLayerNetwork.symmetricInitialization(width: 16, dimension: 3, s: Rational(3, 2), seed: 1)
    /// try net.outputs(on: data)      // all 0
    /// ```
    /// - Parameters:
    ///   - m: the width, a positive multiple of 4.
    ///   - d: the input dimension, `≥ 1`.
    ///   - s: the homotopy parameter of the activation.
    ///   - seed: the seed of the `GaussianSampler`.
    ///   - scale: the exact output scale `c`; `nil` means `1/√m`
    ///     (perfect-square widths that are multiples of 4: 4, 16, 36, 64, …).
    /// - Throws: `.invalidArgument` when `m` is not a positive multiple of 4 or `d < 1`;
    ///   `.widthNotPerfectSquare` when `scale` is `nil` and `m` is not a perfect square.
    public static func symmetricInitialization(
        width m: Int, dimension d: Int, s: Rational, seed: UInt64, scale: Rational? = nil
    ) throws(ReferenceError) -> TwoLayerNetwork {
        guard m >= 4, m % 4 == 0 else {
            throw .invalidArgument(
                "a symmetric initialisation needs a width that is a positive multiple of 4 (groups (a, w), (−a, w), (a, −w), (−a, −w)), got \(m)")
        }
        guard d >= 1 else { throw .invalidArgument("dimension must be at least 1, got \(d)") }
        var sampler = GaussianSampler(seed: seed)
        var outer: [Rational] = [], inner: [[Rational]] = []
        for _ in 0..<(m / 4) {
            let a = Rational(sampler.nextSign())
            let w = (0..<d).map { _ in Rational(sampler.nextFloat()) }
            let minusW = w.map { -$0 }
            outer += [a, -a, a, -a]
            inner += [w, w, minusW, minusW]
        }
        return try makeNetwork(s: s, scale: scale, outer: outer, inner: inner)
    }

    private static func makeNetwork(s: Rational, scale: Rational?, outer: [Rational], inner: [[Rational]]) throws(ReferenceError) -> TwoLayerNetwork {
        if let scale { return try TwoLayerNetwork(s: s, scale: scale, outer: outer, inner: inner) }
        return try TwoLayerNetwork(s: s, outer: outer, inner: inner)
    }
}
