import FastPath

/// A generated small problem for checking FastPath against its rounding bounds: a
/// network, data, a direction and a learning rate, all `Float`s (so exact dyadic
/// rationals), drawn from one seed so that a failure names a reproducible case.
///
/// Styles mix normal `Float`s of several scales (rounding errors show) with small dyadic
/// grids, where every `w_k·x_i` is computed exactly, so exact kinks `w_k·x_i = 0` occur
/// often and the kink convention is checked without slack. Shared by the oracle tests
/// (`Tests/FastPathTests`) and claim 9 of the `verify` suite.
public struct FloatCase: Sendable, CustomStringConvertible {
    /// `normal`: normal `Float`s of several scales; `dyadic`: small dyadic grids (exact `w·x`,
    /// exact kinks); `mixed`: normal weights on grid data; `wide`: signed zeros and magnitudes
    /// `2^−8 … 2^9` mixed in one vector (only from `init(seed:width:dimension:count:style:)`).
    public enum Style: String, Sendable, CaseIterable { case normal, dyadic, mixed, wide }

    public let seed: UInt64
    public let style: Style
    public let network: HomotopyNetwork
    public let data: FloatDataset
    public let direction: [Float]
    public let learningRate: Float

    public var m: Int { network.width }
    public var d: Int { network.dimension }
    public var n: Int { data.count }

    public var description: String {
        "FloatCase(seed: \(seed), style: \(style), m: \(m), d: \(d), n: \(n), s: \(network.s))"
    }

    /// Widths 1…20, dimensions 1…16, 1…10 samples, `s` among the special values, values
    /// outside `[0, 2]` and one random value; weights and data scaled by `1/4 … 2`.
    public init(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        func below(_ k: Int) -> Int { Int(random.next() % UInt64(k)) }
        let style = [Style.normal, .dyadic, .mixed][below(3)]
        let widths = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 20]
        let m = widths[below(widths.count)]
        let dims = [1, 2, 2, 3, 4, 5, 16]
        let d = dims[below(dims.count)]
        let n = 1 + below(10)
        self.init(seed: seed, random: random, style: style, width: m, dimension: d, count: n)
    }

    /// A case of a given shape, for the oracle tests at the kernels' tile and chunk
    /// boundaries: the values are drawn from `seed` as in `init(seed:)`, in the given style.
    ///
    /// Style `.wide`: every entry of `a`, `W`, the points, the targets and the direction is
    /// `±0` (each sign equally likely) with probability 1/8, else `±(1 + k/128)·2^e` with
    /// `k ∈ 0…127`, `e ∈ −8…8` (a dynamic range of `2^17` inside one vector); `s` is one of
    /// `0, ½, 1, 3/2, 2, −¾, 3`. These values keep every operation of FastPath clear of
    /// underflow and overflow for `m, n ≤ 300`, `d ≤ 32` (proofs-notes/fastpath-rounding-bounds.md,
    /// "Magnitudes"), so the bounds, which assume neither, are rigorous for them.
    /// `s`, when given, replaces the drawn value (for `.wide`, one of the values above).
    /// - Precondition: `m, d, n ≥ 1`.
    public init(seed: UInt64, width m: Int, dimension d: Int, count n: Int, style: Style, s: Float? = nil) {
        precondition(m >= 1 && d >= 1 && n >= 1, "a case needs m, d, n ≥ 1")
        precondition(
            style != .wide || s.map { [0, 0.5, 1, 1.5, 2, -0.75, 3].contains($0) } ?? true,
            "the wide style needs s in {0, 1/2, 1, 3/2, 2, -3/4, 3}")
        let random = SeededRandom(seed: seed)
        self.init(seed: seed, random: random, style: style, width: m, dimension: d, count: n, s: s)
    }

    private init(
        seed: UInt64, random state: SeededRandom, style: Style, width m: Int, dimension d: Int, count n: Int,
        s given: Float? = nil
    ) {
        var random = state
        self.seed = seed
        self.style = style
        func below(_ k: Int) -> Int { Int(random.next() % UInt64(k)) }
        func normal(_ scale: Float) -> Float { random.normal() * scale }
        func grid(_ scale: Float) -> Float { Float(below(25) - 12) / 8 * scale }
        func wide(_: Float) -> Float {
            let sign: Float = below(2) == 0 ? 1 : -1
            if below(8) == 0 { return sign * 0 }
            return sign * (1 + Float(below(128)) / 128) * Float(sign: .plus, exponent: below(17) - 8, significand: 1)
        }
        let sValues: [Float] =
            style == .wide
            ? [0, 0.5, 1, 1.5, 2, -0.75, 3]
            : [0, 0.5, 1, 1, 1.5, 2, -0.75, 3, 0.3, Float(below(1000)) / 250 - 1]
        let drawn = sValues[below(sValues.count)]
        let s = given ?? drawn
        let weightScale = Float(1 << below(4)) / 4  // 1/4 … 2
        let dataScale = Float(1 << below(4)) / 4
        let weight: (Float) -> Float =
            switch style {
            case .dyadic: grid
            case .wide: wide
            case .normal, .mixed: normal
            }
        let point: (Float) -> Float =
            switch style {
            case .normal: normal
            case .wide: wide
            case .dyadic, .mixed: grid
            }
        let a = (0..<m).map { _ in weight(weightScale) }
        let w = (0..<(m * d)).map { _ in weight(weightScale) }
        let x = (0..<(n * d)).map { _ in point(dataScale) }
        let y = (0..<n).map { _ in
            switch style {
            case .normal: normal(1)
            case .wide: wide(1)
            case .dyadic, .mixed: Float(below(33) - 16) / 16
            }
        }
        // Shapes and values are valid by construction (m, d, n ≥ 1, finite values).
        network = try! HomotopyNetwork(s: s, width: m, dimension: d, parameters: a + w)
        data = try! FloatDataset(rowMajor: x, dimension: d, targets: y)
        direction = (0..<(m * (1 + d))).map { _ in
            switch style {
            case .dyadic: grid(1)
            case .wide: wide(1)
            case .normal, .mixed: normal(1)
            }
        }
        learningRate = [Float(0.1), 0.5, 0.03125, 1][below(4)]
    }
}
