import Exact
import PropertyBased
import Reference

/// A network together with a dataset of the same input dimension.
public struct NetworkCase: Sendable, CustomStringConvertible {
    public let network: TwoLayerNetwork
    public let data: Dataset

    public init(network: TwoLayerNetwork, data: Dataset) {
        self.network = network
        self.data = data
    }

    public var description: String {
        "s = \(network.s), c = \(network.scale), a = \(network.outer), W = \(network.inner), "
            + "X = \(data.points), y = \(data.targets)"
    }
}

/// Where, if anywhere, the generated case puts sample 1 relative to neuron 1's kink.
public enum KinkPlacement: Sendable, Hashable {
    /// Random data (a kink only by accident).
    case none
    /// `w_1 · x_1 = ±2^−e` with `e ∈ 30…90`: next to the kink, not on it.
    case near
    /// `w_1 · x_1 = 0` exactly.
    case on
}

/// Generators of small exact networks, datasets and homotopy parameters `s`,
/// for the property tests of `Reference`. Cases are built deterministically from
/// a generated seed (so a failing seed reproduces), with:
/// - `s` from the special values `0, 1, 2, 3/2, 1/2` and random rationals in `[−1, 3]`;
/// - non-zero small rational weights and data (`±p/q`, `p ≤ 9`), targets that may be 0;
/// - magnitudes scaled by `2^e` for the data and the weights separately, `e` up to ±60
///   in about a third of the cases (tiny and huge values);
/// - scale `c = 1/√m` for square widths or an explicit rational scale.
public enum ReferenceGen {
    /// Homotopy parameters: `0, 1, 2, 3/2` often, otherwise random `p/q ∈ [−1, 3]`.
    public static var s: Generator<Rational, some SendableSequenceType> {
        zip(Gen.int(in: 0...9), Gen.int(in: -12...36), Gen.int(in: 1...12)).map { (pick: Int, p: Int, q: Int) -> Rational in
            switch pick {
            case 0: 0
            case 1: 1
            case 2: 2
            case 3: Rational(3, 2)
            case 4: Rational(1, 2)
            default: Rational(p, q)
            }
        }
    }

    /// Non-zero `s` (so that `w·x = 0` is a kink).
    public static var nonZeroS: Generator<Rational, some SendableSequenceType> {
        s.map { $0.isZero ? Rational(3, 2) : $0 }
    }

    /// Small cases: `n ≤ 4` samples, `d ≤ 3`, width `m ≤ 4`, random `s`, no planted kink.
    public static var smallCase: Generator<NetworkCase, some SendableSequenceType> {
        caseGenerator(kink: .none, maxSamples: 4, maxDimension: 3, maxWidth: 4)
    }

    /// Tiny cases (`P ≤ 9`, `n ≤ 3`), cheap enough for the polarised line-interpolation Hessian.
    public static var tinyCase: Generator<NetworkCase, some SendableSequenceType> {
        caseGenerator(kink: .none, maxSamples: 3, maxDimension: 2, maxWidth: 3)
    }

    /// Small cases with `w_1 · x_1 = ±2^−e`, `e ∈ 30…90`: near the kink, not on it.
    public static var nearKinkCase: Generator<NetworkCase, some SendableSequenceType> {
        caseGenerator(kink: .near, maxSamples: 3, maxDimension: 3, maxWidth: 3)
    }

    /// Small cases with `w_1 · x_1 = 0` exactly and `s ≠ 0`: on a kink.
    public static var onKinkCase: Generator<NetworkCase, some SendableSequenceType> {
        zip(Gen.uint64(), nonZeroS, Gen.int(in: 1...3), Gen.int(in: 1...3), Gen.int(in: 1...3)).map {
            (seed: UInt64, s: Rational, n: Int, d: Int, m: Int) -> NetworkCase in
            makeCase(seed: seed, s: s, samples: n, dimension: d, width: m, kink: .on)
        }
    }

    /// Cases with the given placement and bounds.
    public static func caseGenerator(kink: KinkPlacement, maxSamples: Int, maxDimension: Int, maxWidth: Int)
        -> Generator<NetworkCase, some SendableSequenceType>
    {
        zip(Gen.uint64(), s, Gen.int(in: 1...maxSamples), Gen.int(in: 1...maxDimension), Gen.int(in: 1...maxWidth)).map {
            (seed: UInt64, s: Rational, n: Int, d: Int, m: Int) -> NetworkCase in
            makeCase(seed: seed, s: s, samples: n, dimension: d, width: m, kink: kink)
        }
    }

    /// A random non-zero small rational `±p/q`, `1 ≤ p ≤ 9`, `q ∈ {1, 2, 3, 4, 5, 7, 8}`.
    public static func smallNonZero(_ rng: inout SplitMix64) -> Rational {
        let denominators = [1, 2, 3, 4, 5, 7, 8]
        let p = Int(rng.next() % 9) + 1
        let q = denominators[Int(rng.next() % UInt64(denominators.count))]
        return Rational(rng.next() & 1 == 0 ? p : -p, q)
    }

    /// The case built from `seed` (deterministic). See the type's documentation.
    public static func makeCase(
        seed: UInt64, s: Rational, samples n: Int, dimension d: Int, width m: Int,
        kink: KinkPlacement
    ) -> NetworkCase {
        var rng = SplitMix64(seed: seed)
        // Magnitudes: a third of the cases move data and weights to 2^±60.
        let wide = rng.next() % 3 == 0
        let dataExponent = wide ? Int(rng.next() % 121) - 60 : 0
        let weightExponent = wide ? Int(rng.next() % 121) - 60 : 0
        var points = (0..<n).map { _ in (0..<d).map { _ in smallNonZero(&rng).timesPowerOfTwo(dataExponent) } }
        let targets = (0..<n).map { _ in rng.next() % 4 == 0 ? Rational(0) : smallNonZero(&rng) }
        let inner = (0..<m).map { _ in (0..<d).map { _ in smallNonZero(&rng).timesPowerOfTwo(weightExponent) } }
        let outer = (0..<m).map { _ in smallNonZero(&rng) }
        if kink != .none {
            // Solve w_1 · x_1 = target for the last coordinate of x_1 (w_1[d] ≠ 0).
            let target: Rational =
                kink == .on
                ? 0
                : Rational(rng.next() & 1 == 0 ? 1 : -1).timesPowerOfTwo(-30 - Int(rng.next() % 61))
            var partial = Rational()
            for j in 0..<(d - 1) { partial += inner[0][j] * points[0][j] }
            points[0][d - 1] = (target - partial) / inner[0][d - 1]
        }
        let scales = [Rational(1), Rational(1, 2), Rational(1, 3), Rational(2, 5)]
        let scale = scales[Int(rng.next() % UInt64(scales.count))]
        let useSquareRoot = (m == 1 || m == 4) && rng.next() & 1 == 0
        let network =
            useSquareRoot
            ? try! TwoLayerNetwork(s: s, outer: outer, inner: inner)
            : try! TwoLayerNetwork(s: s, scale: scale, outer: outer, inner: inner)
        return NetworkCase(network: network, data: try! Dataset(points: points, targets: targets))
    }

    /// Rationals `p/q · 2^e`, `|p| ≤ 40`, `q ≤ 30`, `|e| ≤ 120`: wide magnitudes, zero included.
    public static var rationalWide: Generator<Rational, some SendableSequenceType> {
        zip(Gen.int(in: -40...40), Gen.int(in: 1...30), Gen.int(in: -120...120)).map { (p: Int, q: Int, e: Int) -> Rational in
            Rational(p, q).timesPowerOfTwo(e)
        }
    }

    /// A direction of `count` small non-zero rationals, from a seed.
    public static func direction(count: Int, seed: UInt64) -> [Rational] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in smallNonZero(&rng) }
    }

    /// The value of `body`, or the `ReferenceError` it threw: lets two computations be
    /// compared as "the same value, or the same error" (e.g. the same list of kinks).
    public static func outcome<T>(_ body: () throws(ReferenceError) -> T) -> Result<T, ReferenceError> {
        do { return .success(try body()) } catch { return .failure(error) }
    }
}
