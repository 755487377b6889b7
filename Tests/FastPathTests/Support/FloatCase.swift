import Exact
import FastPathBounds
import PropertyBased
import Reference
import TestSupport

@testable import FastPath

/// The shared `FloatCase` (FastPathBounds) as a property-test generator, with its exact
/// `Reference` counterparts.
extension FloatCase {
    /// All cases come from one seed (so a failure names a reproducible case).
    static var generator: Generator<FloatCase, some SendableSequenceType> {
        Gen.uint64().map { FloatCase(seed: $0) }
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
}
