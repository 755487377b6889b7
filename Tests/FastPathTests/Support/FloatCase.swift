import Exact
@testable import FastPath
import PropertyBased
import Reference
import TestSupport

/// A generated small problem: a network, data, a direction and a learning rate,
/// all `Float`s (exact dyadic rationals), plus their exact `Reference` counterparts.
///
/// Styles mix the cases where rounding errors show (normal `Float`s of several
/// scales) with cases where every `w_k·x_i` is computed exactly (small dyadic
/// grids), so that exact kinks `w_k·x_i = 0` occur often and the kink convention
/// is checked without slack.
struct FloatCase: Sendable, CustomStringConvertible {
    enum Style: String, Sendable, CaseIterable { case normal, dyadic, mixed }

    let seed: UInt64
    let style: Style
    let network: HomotopyNetwork
    let data: FloatDataset
    let direction: [Float]
    let learningRate: Float

    var m: Int { network.width }
    var d: Int { network.dimension }
    var n: Int { data.count }

    var description: String {
        "FloatCase(seed: \(seed), style: \(style), m: \(m), d: \(d), n: \(n), s: \(network.s))"
    }

    /// All cases come from one seed (so a failure names a reproducible case).
    static var generator: Generator<FloatCase, some SendableSequenceType> {
        Gen.uint64().map { FloatCase(seed: $0) }
    }

    init(seed: UInt64) {
        self.seed = seed
        var random = SplitMix64(seed: seed)
        func below(_ k: Int) -> Int { Int(random.next() % UInt64(k)) }
        func normal(_ scale: Float) -> Float {
            // Box–Muller in Double from two 53-bit uniforms, rounded once.
            let u1 = (Double(random.next() >> 11) + 0.5) / 9_007_199_254_740_992.0
            let u2 = Double(random.next() >> 11) / 9_007_199_254_740_992.0
            let z = (-2 * FloatCase.log(u1)).squareRoot() * FloatCase.cos(2 * Double.pi * u2)
            return Float(z) * scale
        }
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
        let weight: (Float) -> Float = style == .normal || style == .mixed ? normal : grid
        let point: (Float) -> Float = style == .normal ? normal : grid
        let a = (0..<m).map { _ in weight(weightScale) }
        let w = (0..<(m * d)).map { _ in weight(weightScale) }
        let x = (0..<(n * d)).map { _ in point(dataScale) }
        let y = (0..<n).map { _ in style == .normal ? normal(1) : Float(below(33) - 16) / 16 }
        network = try! HomotopyNetwork(s: s, width: m, dimension: d, parameters: a + w)
        data = try! FloatDataset(rowMajor: x, dimension: d, targets: y)
        direction = (0..<(m * (1 + d))).map { _ in style == .dyadic ? grid(1) : normal(1) }
        learningRate = [Float(0.1), 0.5, 0.03125, 1][below(4)]
    }

    // MARK: - Exact counterparts

    var exactS: Rational { Rational(network.s) }
    var exactScale: Rational { Rational(network.scale) }
    var exactOuter: [Rational] { network.outer.map { Rational($0) } }
    var exactInner: [[Rational]] { network.inner.map { $0.map { Rational($0) } } }
    var exactPoints: [[Rational]] { (0..<n).map { data.point($0).map { Rational($0) } } }
    var exactTargets: [Rational] { data.targets.map { Rational($0) } }

    var referenceNetwork: TwoLayerNetwork {
        try! TwoLayerNetwork(s: exactS, scale: exactScale, outer: exactOuter, inner: exactInner)
    }

    var referenceData: Dataset { try! Dataset(points: exactPoints, targets: exactTargets) }

    @_silgen_name("log") static func log(_ x: Double) -> Double
    @_silgen_name("cos") static func cos(_ x: Double) -> Double
}
