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
    public enum Style: String, Sendable, CaseIterable { case normal, dyadic, mixed }

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
        self.seed = seed
        var random = SeededRandom(seed: seed)
        func below(_ k: Int) -> Int { Int(random.next() % UInt64(k)) }
        func normal(_ scale: Float) -> Float { random.normal() * scale }
        func grid(_ scale: Float) -> Float { Float(below(25) - 12) / 8 * scale }
        let style = Style.allCases[below(3)]
        self.style = style
        let widths = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 20]
        let m = widths[below(widths.count)]
        let dims = [1, 2, 2, 3, 4, 5, 16]
        let d = dims[below(dims.count)]
        let n = 1 + below(10)
        let sValues: [Float] = [0, 0.5, 1, 1, 1.5, 2, -0.75, 3, 0.3, Float(below(1000)) / 250 - 1]
        let s = sValues[below(sValues.count)]
        let weightScale = Float(1 << below(4)) / 4      // 1/4 … 2
        let dataScale = Float(1 << below(4)) / 4
        let weight: (Float) -> Float = style == .dyadic ? grid : normal
        let point: (Float) -> Float = style == .normal ? normal : grid
        let a = (0..<m).map { _ in weight(weightScale) }
        let w = (0..<(m * d)).map { _ in weight(weightScale) }
        let x = (0..<(n * d)).map { _ in point(dataScale) }
        let y = (0..<n).map { _ in style == .normal ? normal(1) : Float(below(33) - 16) / 16 }
        // Shapes and values are valid by construction (m, d, n ≥ 1, finite values).
        network = try! HomotopyNetwork(s: s, width: m, dimension: d, parameters: a + w)
        data = try! FloatDataset(rowMajor: x, dimension: d, targets: y)
        direction = (0..<(m * (1 + d))).map { _ in style == .dyadic ? grid(1) : normal(1) }
        learningRate = [Float(0.1), 0.5, 0.03125, 1][below(4)]
    }
}
