#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named, seeded synthetic datasets. Values are computed in `Double` and rounded
/// once to `Float`; the `Float`s are the data (exact dyadic rationals).
///
/// | name | `d` | points | target |
/// |---|---|---|---|
/// | `circle` | 2 | `x = (cos θ, sin θ)`, `θ` uniform in `[0, 2π)` | `y = sin(kθ)` (`k` = frequency, default 2) |
/// | `gaussian` | any | `x ~ N(0, I_d)` | `y = sin(2 β·x)`, `β` a seeded unit vector |
/// | `bias1d` | 2 | `x = (t, 1)`, `t` uniform in `[−1, 1]` | `y = sin(π t)` |
///
/// ```swift
/// let data = try SyntheticDataset.named("gaussian", count: 1024, dimension: 16, seed: 1)
/// ```
public enum SyntheticDataset {
    /// The names `named(_:count:dimension:seed:)` accepts.
    public static let names = ["circle", "gaussian", "bias1d"]

    /// The dimension a named dataset has (`nil`: any `d ≥ 1`).
    public static func fixedDimension(of name: String) -> Int? {
        switch name {
        case "circle", "bias1d": 2
        default: nil
        }
    }

    /// A dataset by name.
    /// - Throws: `FastPathError.invalidArgument` for an unknown name, `count < 1`,
    ///   or a dimension the dataset does not have.
    public static func named(_ name: String, count: Int, dimension: Int? = nil, seed: UInt64) throws(FastPathError) -> FloatDataset {
        guard count >= 1 else { throw .invalidArgument("the dataset needs at least one point, got n = \(count)") }
        if let fixed = fixedDimension(of: name), let d = dimension, d != fixed {
            throw .invalidArgument("dataset \(name) has d = \(fixed), got --d \(d)")
        }
        switch name {
        case "circle": return circle(count: count, seed: seed)
        case "gaussian":
            let d = dimension ?? 2
            guard d >= 1 else { throw .invalidArgument("d must be at least 1, got \(d)") }
            return gaussian(count: count, dimension: d, seed: seed)
        case "bias1d": return bias1d(count: count, seed: seed)
        default:
            throw .invalidArgument("unknown dataset \(name); known: \(names.joined(separator: ", "))")
        }
    }

    /// Points on the unit circle at uniform random angles `θ`, `y = sin(kθ)`.
    ///
    /// The default `k = 2`: a network without bias is positively homogeneous, and
    /// on the circle `σ_s(w·x) = |w| σ_s(cos(θ − φ))`, whose Fourier series has no odd
    /// frequency `≥ 3` (`max(0, cos)` has none and the linear part is frequency 1);
    /// so `sin(3θ)` is orthogonal to every such network and cannot be learned.
    public static func circle(count n: Int, frequency k: Int = 2, seed: UInt64) -> FloatDataset {
        var random = SeededRandom(seed: seed)
        var rows: [Float] = []
        var ys: [Float] = []
        rows.reserveCapacity(2 * n)
        for _ in 0..<n {
            let theta = 2 * Double.pi * random.uniform()
            rows += [Float(cos(theta)), Float(sin(theta))]
            ys.append(Float(sin(Double(k) * theta)))
        }
        return try! FloatDataset(rowMajor: rows, dimension: 2, targets: ys)
    }

    /// Gaussian points `x ~ N(0, I_d)` and the smooth target `y = sin(2 β·x)`,
    /// `β` a unit vector drawn first from the same generator.
    public static func gaussian(count n: Int, dimension d: Int, seed: UInt64) -> FloatDataset {
        var random = SeededRandom(seed: seed)
        var beta = (0..<d).map { _ in random.normalDouble() }
        let norm = beta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        beta = beta.map { norm > 0 ? $0 / norm : 1 / Double(d).squareRoot() }
        var rows: [Float] = []
        var ys: [Float] = []
        rows.reserveCapacity(n * d)
        for _ in 0..<n {
            let x = (0..<d).map { _ in random.normal() }
            rows += x
            var projection = 0.0
            for j in 0..<d { projection += beta[j] * Double(x[j]) }
            ys.append(Float(sin(2 * projection)))
        }
        return try! FloatDataset(rowMajor: rows, dimension: d, targets: ys)
    }

    /// A 1-D problem with a bias coordinate: `x = (t, 1)`, `t` uniform in `[−1, 1]`, `y = sin(π t)`.
    public static func bias1d(count n: Int, seed: UInt64) -> FloatDataset {
        var random = SeededRandom(seed: seed)
        var rows: [Float] = []
        var ys: [Float] = []
        for _ in 0..<n {
            let t = Float(2 * random.uniform() - 1)
            rows += [t, 1]
            ys.append(Float(sin(Double.pi * Double(t))))
        }
        return try! FloatDataset(rowMajor: rows, dimension: 2, targets: ys)
    }
}
